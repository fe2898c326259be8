package io.basalt.examples.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.basalt.api.dataset.ExecutionEnvironment;
import io.basalt.runtime.types.Row;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;

/** Q1 and Q6 written with the DataSet API equal a straightforward Java evaluation of the TPC-H definitions. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TpchQueriesTest {
    private static final double SF = 0.01;

    @Test
    void q6MatchesTheDefinition() throws Exception {
        long revenue = 0; // scale 4
        int from = (int) LocalDate.of(1994, 1, 1).toEpochDay();
        int to = (int) LocalDate.of(1995, 1, 1).toEpochDay();
        for (LineItem l : new LineItemGenerator(SF, 1, 1)) {
            if (l.shipDate() >= from && l.shipDate() < to && l.discountPercent() >= 5 && l.discountPercent() <= 7 && l.quantity() < 24) {
                revenue += l.extendedPriceInCents() * l.discountPercent();
            }
        }
        ExecutionEnvironment env = ExecutionEnvironment.createLocalEnvironment(2).setMemory("256m");
        List<Row> rows = TpchQueries.q6(TpchQueries.lineitem(env, SF)).collect();
        assertThat(rows).hasSize(1);
        assertThat((BigDecimal) rows.getFirst().get(0)).isEqualByComparingTo(BigDecimal.valueOf(revenue, 4));
    }

    @Test
    void q1MatchesTheDefinition() throws Exception {
        int cutoff = (int) LocalDate.of(1998, 12, 1).minusDays(90).toEpochDay();
        Map<String, long[]> groups = new TreeMap<>();
        for (LineItem l : new LineItemGenerator(SF, 1, 1)) {
            if (l.shipDate() > cutoff) {
                continue;
            }
            long[] g = groups.computeIfAbsent(l.returnFlag() + "|" + l.status(), k -> new long[6]);
            long discPrice = l.extendedPriceInCents() * (100 - l.discountPercent()); // scale 4
            g[0] += l.quantity() * 100;
            g[1] += l.extendedPriceInCents();
            g[2] += discPrice;
            g[3] += discPrice * (100 + l.taxPercent()); // scale 6
            g[4] += l.discountPercent();
            g[5]++;
        }
        ExecutionEnvironment env = ExecutionEnvironment.createLocalEnvironment(2).setMemory("256m");
        List<Row> rows = TpchQueries.q1(TpchQueries.lineitem(env, SF)).collect();
        assertThat(rows).hasSize(groups.size());
        int i = 0;
        for (Map.Entry<String, long[]> e : groups.entrySet()) {
            Row r = rows.get(i++);
            long[] g = e.getValue();
            assertThat(r.get(0) + "|" + r.get(1)).isEqualTo(e.getKey());
            assertThat((BigDecimal) r.get(2)).isEqualByComparingTo(BigDecimal.valueOf(g[0], 2));
            assertThat((BigDecimal) r.get(3)).isEqualByComparingTo(BigDecimal.valueOf(g[1], 2));
            assertThat((BigDecimal) r.get(4)).isEqualByComparingTo(BigDecimal.valueOf(g[2], 4));
            assertThat((BigDecimal) r.get(5)).isEqualByComparingTo(BigDecimal.valueOf(g[3], 6));
            assertThat(round((Number) r.get(6))).isEqualByComparingTo(BigDecimal.valueOf(g[0], 2).divide(BigDecimal.valueOf(g[5]), 2, RoundingMode.HALF_UP));
            assertThat(round((Number) r.get(7))).isEqualByComparingTo(BigDecimal.valueOf(g[1], 2).divide(BigDecimal.valueOf(g[5]), 2, RoundingMode.HALF_UP));
            assertThat(round((Number) r.get(8))).isEqualByComparingTo(BigDecimal.valueOf(g[4], 2).divide(BigDecimal.valueOf(g[5]), 2, RoundingMode.HALF_UP));
            assertThat(r.get(9)).isEqualTo(g[5]);
        }
    }

    @Test
    void q3MatchesTheDefinition() throws Exception {
        int date = (int) LocalDate.of(1995, 3, 15).toEpochDay();
        java.util.Set<Long> building = new java.util.HashSet<>();
        for (io.trino.tpch.Customer c : new io.trino.tpch.CustomerGenerator(SF, 1, 1)) {
            if (c.marketSegment().equals("BUILDING")) {
                building.add(c.customerKey());
            }
        }
        Map<Long, io.trino.tpch.Order> orders = new java.util.HashMap<>();
        for (io.trino.tpch.Order o : new io.trino.tpch.OrderGenerator(SF, 1, 1)) {
            if (o.orderDate() < date && building.contains(o.customerKey())) {
                orders.put(o.orderKey(), o);
            }
        }
        Map<Long, Long> revenue = new java.util.HashMap<>(); // scale 4
        for (LineItem l : new LineItemGenerator(SF, 1, 1)) {
            if (l.shipDate() > date && orders.containsKey(l.orderKey())) {
                revenue.merge(l.orderKey(), l.extendedPriceInCents() * (100 - l.discountPercent()), Long::sum);
            }
        }
        List<Map.Entry<Long, Long>> expected = revenue.entrySet().stream()
                .sorted(java.util.Comparator.<Map.Entry<Long, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparingInt(e -> orders.get(e.getKey()).orderDate()))
                .limit(10).toList();
        ExecutionEnvironment env = ExecutionEnvironment.createLocalEnvironment(2).setMemory("256m");
        List<Row> rows = TpchQueries.q3(TpchQueries.table(env, TpchSource.Table.CUSTOMER, SF), TpchQueries.table(env, TpchSource.Table.ORDERS, SF),
                TpchQueries.lineitem(env, SF)).collect();
        assertThat(rows).hasSize(10);
        for (int i = 0; i < 10; i++) {
            Row r = rows.get(i);
            Map.Entry<Long, Long> e = expected.get(i);
            assertThat(r.get(0)).isEqualTo(e.getKey());
            assertThat((BigDecimal) r.get(1)).isEqualByComparingTo(BigDecimal.valueOf(e.getValue(), 4));
            assertThat(r.get(2)).isEqualTo(LocalDate.ofEpochDay(orders.get(e.getKey()).orderDate()));
            assertThat(r.get(3)).isEqualTo(orders.get(e.getKey()).shipPriority());
        }
    }

    /** TPC-H answers compare averages rounded to 2 decimals. */
    private static BigDecimal round(Number n) {
        return new BigDecimal(n.toString()).setScale(2, RoundingMode.HALF_UP);
    }
}
