package io.basalt.vectorops;

import java.util.Arrays;

import io.basalt.data.DataType;

/**
 * The part of every {@link FilterKernels} backend that is not a hot loop: argument checks and the
 * once-per-call normalisation of constants, so backends only implement a few primitive selections
 * over validated, canonical arguments. Each comparison with a constant becomes a closed interval
 * {@code [low, high]} (negated for {@code <>}), narrowed exactly to the column's value type, so a
 * backend needs one loop per value type instead of one per operator. Stateless and thread-safe.
 */
public abstract class FilterKernelsBase implements FilterKernels {

    /** How a numeric column's values are stored, which selects the loop a backend runs. */
    public enum Layout {
        /** 4-byte int: int32, date. */
        INT,
        /** 8-byte long: int64, decimal (unscaled), timestamp. */
        LONG,
        /** float32. */
        FLOAT,
        /** float64. */
        DOUBLE
    }

    /**
     * Non-null rows where {@code (low <= value && value <= high) != negate}. {@code low <= high};
     * for {@link Layout#INT} both fit an int. {@code count > 0}.
     */
    protected abstract int selectRange(ColumnRef column, Layout layout, long low, long high, boolean negate, int[] out);

    /**
     * Non-null rows where {@code (low <= value && value <= high) != negate}, with Java's
     * floating-point comparisons (a NaN value fails both bounds). {@code low <= high}, neither is
     * NaN; for {@link Layout#FLOAT} both are exactly float values. {@code count > 0}.
     */
    protected abstract int selectRange(ColumnRef column, Layout layout, double low, double high, boolean negate, int[] out);

    /** Rows where both sides are non-null and {@code left op right}; same layout and count, {@code count > 0}. */
    protected abstract int selectCompare(ColumnRef left, CompareOp op, ColumnRef right, Layout layout, int[] out);

    /**
     * Non-null rows whose value is in {@code values}: at least one value, strictly ascending, each
     * fitting the layout ({@link Layout#INT}: an int). {@code count > 0}.
     */
    protected abstract int selectIn(ColumnRef column, Layout layout, long[] values, int[] out);

    /**
     * Non-null rows whose value {@code ==} one of {@code values}: at least one value, strictly
     * ascending, no NaN and no -0.0 (0.0 stands for both); for {@link Layout#FLOAT} exactly float
     * values. {@code count > 0}.
     */
    protected abstract int selectIn(ColumnRef column, Layout layout, double[] values, int[] out);

    /** Null rows when {@code nulls}, else non-null rows, of a column whose validity is not null; {@code count > 0}. */
    protected abstract int selectValidity(ColumnRef column, boolean nulls, int[] out);

    /**
     * Non-null rows of a utf8 column that equal ({@code EXACT}), start with ({@code PREFIX}), end with
     * ({@code SUFFIX}) or contain ({@code CONTAINS}) {@code literal}; {@code count > 0}.
     */
    protected abstract int selectUtf8(ColumnRef column, LikePattern.Kind kind, byte[] literal, int[] out);

    /** Non-null rows of a utf8 column matching a {@link LikePattern.Kind#GENERAL} pattern; {@code count > 0}. */
    protected abstract int selectLike(ColumnRef column, LikePattern pattern, int[] out);

    /** Intersection of two validated, non-empty ascending lists of rows in {@code [0, count)}. */
    protected abstract int intersect(int[] a, int aSize, int[] b, int bSize, int count, int[] out);

    /** Union of two validated ascending lists of rows in {@code [0, count)}. */
    protected abstract int union(int[] a, int aSize, int[] b, int bSize, int count, int[] out);

    /** {@code [0, count) \ a} for a validated ascending list; {@code count > 0}. */
    protected abstract int complement(int[] a, int aSize, int count, int[] out);

    @Override
    public final int compare(ColumnRef column, CompareOp op, long constant, int[] out) {
        Layout layout = integerLayout(column, "compare");
        checkOut(out, column.count());
        return switch (op) {
            case EQ, NE -> range(column, layout, constant, constant, op == CompareOp.NE, out);
            case LT -> constant == Long.MIN_VALUE ? 0 : range(column, layout, Long.MIN_VALUE, constant - 1, false, out);
            case LE -> range(column, layout, Long.MIN_VALUE, constant, false, out);
            case GT -> constant == Long.MAX_VALUE ? 0 : range(column, layout, constant + 1, Long.MAX_VALUE, false, out);
            case GE -> range(column, layout, constant, Long.MAX_VALUE, false, out);
        };
    }

    @Override
    public final int compare(ColumnRef column, CompareOp op, double constant, int[] out) {
        Layout layout = floatingLayout(column, "compare");
        checkOut(out, column.count());
        double inf = Double.POSITIVE_INFINITY;
        // x < c is x <= nextDown(c) for every non-NaN x; the infinities have no neighbour outside.
        return switch (op) {
            case EQ, NE -> range(column, layout, constant, constant, op == CompareOp.NE, out);
            case LT -> range(column, layout, -inf, constant == -inf ? Double.NaN : Math.nextDown(constant), false, out);
            case LE -> range(column, layout, -inf, constant, false, out);
            case GT -> range(column, layout, constant == inf ? Double.NaN : Math.nextUp(constant), inf, false, out);
            case GE -> range(column, layout, constant, inf, false, out);
        };
    }

    @Override
    public final int compare(ColumnRef left, CompareOp op, ColumnRef right, int[] out) {
        DataType lt = left.type();
        DataType rt = right.type();
        if (lt.kind() != rt.kind() || lt.scale() != rt.scale()) {
            throw new IllegalArgumentException("compare(column, op, column) needs two columns of the same type, got "
                    + lt + " and " + rt);
        }
        if (left.count() != right.count()) {
            throw new IllegalArgumentException("compare(column, op, column) needs equally long columns, got "
                    + left.count() + " and " + right.count() + " rows");
        }
        Layout layout = switch (lt.kind()) {
            case FLOAT32, FLOAT64 -> floatingLayout(left, "compare");
            default -> integerLayout(left, "compare");
        };
        checkOut(out, left.count());
        return left.count() == 0 ? 0 : selectCompare(left, op, right, layout, out);
    }

    @Override
    public final int between(ColumnRef column, long low, long high, int[] out) {
        Layout layout = integerLayout(column, "between");
        checkOut(out, column.count());
        return range(column, layout, low, high, false, out);
    }

    @Override
    public final int between(ColumnRef column, double low, double high, int[] out) {
        Layout layout = floatingLayout(column, "between");
        checkOut(out, column.count());
        return range(column, layout, low, high, false, out);
    }

    @Override
    public final int in(ColumnRef column, long[] values, int[] out) {
        Layout layout = integerLayout(column, "in");
        checkOut(out, column.count());
        long[] canonical = new long[values.length];
        int n = 0;
        for (long v : values) {
            if (layout == Layout.LONG || v == (int) v) {
                canonical[n++] = v;
            }
        }
        Arrays.sort(canonical, 0, n);
        n = distinct(canonical, n);
        return n == 0 || column.count() == 0 ? 0 : selectIn(column, layout, Arrays.copyOf(canonical, n), out);
    }

    @Override
    public final int in(ColumnRef column, double[] values, int[] out) {
        Layout layout = floatingLayout(column, "in");
        checkOut(out, column.count());
        double[] canonical = new double[values.length];
        int n = 0;
        for (double v : values) {
            // NaN equals nothing; a float column only ever equals values that are exactly floats.
            if (v == v && (layout == Layout.DOUBLE || (double) (float) v == v)) {
                canonical[n++] = v == 0 ? 0.0 : v;
            }
        }
        Arrays.sort(canonical, 0, n);
        int distinct = n == 0 ? 0 : 1;
        for (int i = 1; i < n; i++) {
            if (canonical[i] != canonical[distinct - 1]) {
                canonical[distinct++] = canonical[i];
            }
        }
        return distinct == 0 || column.count() == 0 ? 0 : selectIn(column, layout, Arrays.copyOf(canonical, distinct), out);
    }

    @Override
    public final int isNull(ColumnRef column, int[] out) {
        checkOut(out, column.count());
        return column.validity() == null || column.count() == 0 ? 0 : selectValidity(column, true, out);
    }

    @Override
    public final int isNotNull(ColumnRef column, int[] out) {
        checkOut(out, column.count());
        return nonNullRows(column, out);
    }

    @Override
    public final int equalTo(ColumnRef column, byte[] utf8, int[] out) {
        checkUtf8(column, "equalTo");
        checkOut(out, column.count());
        return column.count() == 0 ? 0 : selectUtf8(column, LikePattern.Kind.EXACT, utf8, out);
    }

    @Override
    public final int startsWith(ColumnRef column, byte[] utf8Prefix, int[] out) {
        checkUtf8(column, "startsWith");
        checkOut(out, column.count());
        return column.count() == 0 ? 0 : selectUtf8(column, LikePattern.Kind.PREFIX, utf8Prefix, out);
    }

    @Override
    public final int like(ColumnRef column, LikePattern pattern, int[] out) {
        checkUtf8(column, "like");
        checkOut(out, column.count());
        if (column.count() == 0) {
            return 0;
        }
        return switch (pattern.kind()) {
            case ANY -> nonNullRows(column, out);
            case GENERAL -> selectLike(column, pattern, out);
            case EXACT, PREFIX, SUFFIX, CONTAINS -> selectUtf8(column, pattern.kind(), pattern.literal(), out);
        };
    }

    @Override
    public final int and(int[] a, int aSize, int[] b, int bSize, int count, int[] out) {
        checkOut(out, count);
        checkList("a", a, aSize, count);
        checkList("b", b, bSize, count);
        return aSize == 0 || bSize == 0 ? 0 : intersect(a, aSize, b, bSize, count, out);
    }

    @Override
    public final int or(int[] a, int aSize, int[] b, int bSize, int count, int[] out) {
        checkOut(out, count);
        checkList("a", a, aSize, count);
        checkList("b", b, bSize, count);
        return union(a, aSize, b, bSize, count, out);
    }

    @Override
    public final int not(int[] a, int aSize, int count, int[] out) {
        checkOut(out, count);
        checkList("a", a, aSize, count);
        return count == 0 ? 0 : complement(a, aSize, count, out);
    }

    private int range(ColumnRef column, Layout layout, long low, long high, boolean negate, int[] out) {
        if (layout == Layout.INT) {
            low = Math.max(low, Integer.MIN_VALUE);
            high = Math.min(high, Integer.MAX_VALUE);
        }
        if (column.count() == 0) {
            return 0;
        }
        if (low > high) {
            return negate ? nonNullRows(column, out) : 0;
        }
        return selectRange(column, layout, low, high, negate, out);
    }

    private int range(ColumnRef column, Layout layout, double low, double high, boolean negate, int[] out) {
        if (layout == Layout.FLOAT) {
            // The float interval holding exactly the floats whose double value lies in [low, high].
            float lowF = (float) low;
            float highF = (float) high;
            low = lowF < low ? Math.nextUp(lowF) : lowF;
            high = highF > high ? Math.nextDown(highF) : highF;
        }
        if (column.count() == 0) {
            return 0;
        }
        if (!(low <= high)) {
            return negate ? nonNullRows(column, out) : 0;
        }
        return selectRange(column, layout, low, high, negate, out);
    }

    private int nonNullRows(ColumnRef column, int[] out) {
        int count = column.count();
        if (count == 0) {
            return 0;
        }
        if (column.validity() != null) {
            return selectValidity(column, false, out);
        }
        for (int i = 0; i < count; i++) {
            out[i] = i;
        }
        return count;
    }

    private static int distinct(long[] sorted, int n) {
        int distinct = n == 0 ? 0 : 1;
        for (int i = 1; i < n; i++) {
            if (sorted[i] != sorted[distinct - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return distinct;
    }

    private static Layout integerLayout(ColumnRef column, String method) {
        return switch (column.type().kind()) {
            case INT32, DATE -> Layout.INT;
            case INT64, DECIMAL, TIMESTAMP -> Layout.LONG;
            case FLOAT32, FLOAT64 -> throw new IllegalArgumentException(method + " with an integer constant needs an int32, date, "
                    + "int64, decimal or timestamp column, not " + column.type() + "; use the double overload");
            default -> throw new IllegalArgumentException(method + " needs a numeric column, not " + column.type());
        };
    }

    private static Layout floatingLayout(ColumnRef column, String method) {
        return switch (column.type().kind()) {
            case FLOAT32 -> Layout.FLOAT;
            case FLOAT64 -> Layout.DOUBLE;
            case INT32, DATE, INT64, DECIMAL, TIMESTAMP -> throw new IllegalArgumentException(method
                    + " with a floating-point constant needs a float32 or float64 column, not " + column.type() + "; use the long overload");
            default -> throw new IllegalArgumentException(method + " needs a numeric column, not " + column.type());
        };
    }

    private static void checkUtf8(ColumnRef column, String method) {
        if (column.type().kind() != DataType.Kind.UTF8) {
            throw new IllegalArgumentException(method + " needs a utf8 column, not " + column.type());
        }
    }

    private static void checkOut(int[] out, int count) {
        if (out.length < count) {
            throw new IllegalArgumentException("Output array has length " + out.length + " but must hold up to " + count
                    + " row indices (one per row)");
        }
    }

    private static void checkList(String name, int[] list, int size, int count) {
        if (size < 0 || size > list.length) {
            throw new IllegalArgumentException("Selection " + name + " has size " + size + " outside its array of length " + list.length);
        }
        if (size > count) {
            throw new IllegalArgumentException("Selection " + name + " has " + size + " indices but the batch only " + count + " rows");
        }
        if (size > 0 && (list[0] < 0 || list[size - 1] >= count)) {
            throw new IllegalArgumentException("Selection " + name + " must be ascending row indices in [0, " + count
                    + "), but starts at " + list[0] + " and ends at " + list[size - 1]);
        }
    }
}
