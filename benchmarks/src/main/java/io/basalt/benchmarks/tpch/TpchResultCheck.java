package io.basalt.benchmarks.tpch;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares the results of TPC-H Q1 and Q6 from two engines, whatever Java types each engine returns
 * for a column: strings and counts exactly, sums as decimals rounded to 2 places (half up, as the
 * TPC-H answer rules round money), averages within a relative tolerance of 1e-6. An average that an
 * engine returns as a decimal of scale {@code s} is a rounded quotient by type (Basalt:
 * {@code AVG(decimal(p,s))} is {@code decimal(p,s)}, rounded half away from zero; DuckDB returns a
 * double), so it may also differ from the other side by up to half a unit in its last place
 * ({@code 0.5 * 10^-s}). Stateless.
 */
public final class TpchResultCheck {
    /** Relative tolerance for averages, which engines may compute as doubles. */
    public static final double AVG_RELATIVE_TOLERANCE = 1e-6;

    private enum Kind { TEXT, MONEY, AVG, COUNT }

    private static final Kind[] Q1 = {Kind.TEXT, Kind.TEXT, Kind.MONEY, Kind.MONEY, Kind.MONEY, Kind.MONEY, Kind.AVG, Kind.AVG, Kind.AVG, Kind.COUNT};
    private static final String[] Q1_NAMES = {"l_returnflag", "l_linestatus", "sum_qty", "sum_base_price", "sum_disc_price", "sum_charge",
            "avg_qty", "avg_price", "avg_disc", "count_order"};
    private static final Kind[] Q6 = {Kind.MONEY};
    private static final String[] Q6_NAMES = {"revenue"};

    private TpchResultCheck() {}

    /** The differences between two Q1 results (4 groups of 10 columns), empty when they agree. */
    public static List<String> compareQ1(List<Object[]> expected, List<Object[]> actual) {
        return compare("Q1", Q1, Q1_NAMES, expected, actual);
    }

    /** The differences between two Q6 results (one revenue value), empty when they agree. */
    public static List<String> compareQ6(List<Object[]> expected, List<Object[]> actual) {
        return compare("Q6", Q6, Q6_NAMES, expected, actual);
    }

    private static List<String> compare(String query, Kind[] kinds, String[] names, List<Object[]> expected, List<Object[]> actual) {
        List<String> problems = new ArrayList<>();
        if (expected.size() != actual.size()) {
            problems.add(query + ": expected " + expected.size() + " rows, got " + actual.size());
            return problems;
        }
        for (int r = 0; r < expected.size(); r++) {
            Object[] e = expected.get(r);
            Object[] a = actual.get(r);
            if (e.length != kinds.length || a.length != kinds.length) {
                problems.add(query + " row " + r + ": expected " + kinds.length + " columns, got " + e.length + " and " + a.length);
                continue;
            }
            for (int c = 0; c < kinds.length; c++) {
                if (!agree(kinds[c], e[c], a[c])) {
                    problems.add(query + " row " + r + " " + names[c] + ": expected " + e[c] + ", got " + a[c]);
                }
            }
        }
        return problems;
    }

    private static boolean agree(Kind kind, Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        return switch (kind) {
            case TEXT -> expected.toString().equals(actual.toString());
            case COUNT -> ((Number) expected).longValue() == ((Number) actual).longValue();
            case MONEY -> roundMoney(expected).compareTo(roundMoney(actual)) == 0;
            case AVG -> averagesAgree(expected, actual);
        };
    }

    private static boolean averagesAgree(Object expected, Object actual) {
        double e = ((Number) expected).doubleValue();
        double a = ((Number) actual).doubleValue();
        if (relativelyClose(e, a)) {
            return true;
        }
        int scale = Math.min(scaleOf(expected), scaleOf(actual));
        if (scale == Integer.MAX_VALUE) {
            return false;
        }
        double halfUlp = 0.5 * Math.pow(10, -scale);
        return Math.abs(e - a) <= halfUlp + AVG_RELATIVE_TOLERANCE * Math.max(Math.abs(e), Math.abs(a));
    }

    /** The scale of a decimal value; MAX_VALUE for values that are not rounded by type (doubles). */
    private static int scaleOf(Object value) {
        return value instanceof BigDecimal d ? d.scale() : Integer.MAX_VALUE;
    }

    /** A decimal value rounded half up to cents. */
    public static BigDecimal roundMoney(Object value) {
        BigDecimal d = switch (Objects.requireNonNull(value)) {
            case BigDecimal b -> b;
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            case Double x -> new BigDecimal(x);
            case Float x -> new BigDecimal(x);
            default -> throw new IllegalArgumentException("Not a decimal value: " + value + " (" + value.getClass().getName() + ")");
        };
        return d.setScale(2, RoundingMode.HALF_UP);
    }

    static boolean relativelyClose(double a, double b) {
        if (a == b) {
            return true;
        }
        return Math.abs(a - b) <= AVG_RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }
}
