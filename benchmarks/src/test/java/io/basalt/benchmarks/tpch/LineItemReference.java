package io.basalt.benchmarks.tpch;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;

/** TPC-H Q1 and Q6 computed row by row over the generator's LineItems with exact long arithmetic: the oracle of the tests. */
final class LineItemReference {
    private LineItemReference() {}

    /** Q1 with averages as doubles (as DuckDB returns them). */
    static List<Object[]> q1(double scaleFactor) {
        List<Object[]> rows = new ArrayList<>();
        q1Groups(scaleFactor).forEach((key, g) -> {
            String[] k = key.split("\\|");
            double count = g[5];
            rows.add(new Object[] {k[0], k[1], BigDecimal.valueOf(g[0] * 100, 2), BigDecimal.valueOf(g[1], 2), BigDecimal.valueOf(g[2], 4),
                    BigDecimal.valueOf(g[3], 6), g[0] / count, g[1] / 100.0 / count, g[4] / 100.0 / count, g[5]});
        });
        return rows;
    }

    /**
     * Q1's averages (avg_qty, avg_price, avg_disc) per group as Basalt types them: the exact quotient
     * rounded half away from zero to the input's scale, 2.
     */
    static List<BigDecimal[]> q1DecimalAverages(double scaleFactor) {
        List<BigDecimal[]> rows = new ArrayList<>();
        q1Groups(scaleFactor).forEach((key, g) -> {
            BigDecimal count = BigDecimal.valueOf(g[5]);
            rows.add(new BigDecimal[] {BigDecimal.valueOf(g[0] * 100, 2).divide(count, 2, RoundingMode.HALF_UP),
                    BigDecimal.valueOf(g[1], 2).divide(count, 2, RoundingMode.HALF_UP), BigDecimal.valueOf(g[4], 2).divide(count, 2, RoundingMode.HALF_UP)});
        });
        return rows;
    }

    /** flag|status -> {sum quantity, sum price (scale 2), sum disc price (scale 4), sum charge (scale 6), sum discount (scale 2), count}, sorted. */
    private static Map<String, long[]> q1Groups(double scaleFactor) {
        int cutoff = (int) LocalDate.of(1998, 12, 1).minusDays(90).toEpochDay();
        Map<String, long[]> groups = new TreeMap<>();
        for (LineItem l : new LineItemGenerator(scaleFactor, 1, 1)) {
            if (l.shipDate() > cutoff) {
                continue;
            }
            long[] g = groups.computeIfAbsent(l.returnFlag() + "|" + l.status(), k -> new long[6]);
            long discPrice = l.extendedPriceInCents() * (100 - l.discountPercent());
            g[0] += l.quantity();
            g[1] += l.extendedPriceInCents();
            g[2] += discPrice;
            g[3] += Math.multiplyExact(discPrice, 100 + l.taxPercent());
            g[4] += l.discountPercent();
            g[5]++;
        }
        return groups;
    }

    static List<Object[]> q6(double scaleFactor) {
        int from = (int) LocalDate.of(1994, 1, 1).toEpochDay();
        int to = (int) LocalDate.of(1995, 1, 1).toEpochDay();
        long revenue = 0;
        for (LineItem l : new LineItemGenerator(scaleFactor, 1, 1)) {
            if (l.shipDate() >= from && l.shipDate() < to && l.discountPercent() >= 5 && l.discountPercent() <= 7 && l.quantity() < 24) {
                revenue += l.extendedPriceInCents() * l.discountPercent();
            }
        }
        return List.<Object[]>of(new Object[] {BigDecimal.valueOf(revenue, 4)});
    }
}
