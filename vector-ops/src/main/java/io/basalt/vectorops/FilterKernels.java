package io.basalt.vectorops;

import java.util.function.ToIntFunction;

import io.basalt.data.Selection;

/**
 * Compare/filter kernels: evaluate a predicate over the rows {@code [0, count)} of a column and
 * produce the selection of rows for which it is true. Implementations are stateless and
 * thread-safe; the column's memory must stay valid for the duration of a call.
 *
 * <p><b>Output.</b> Every method writes the selected row indices, strictly ascending and relative
 * to the column's rows, into {@code out[0, n)} and returns {@code n}. {@code out.length} must be at
 * least the row count ({@code IllegalArgumentException} otherwise). Entries of {@code out} at
 * positions {@code >= n} are unspecified afterwards: vector backends store whole vectors past the
 * last selected index. Wrap the result with {@link Selection#wrap} or use {@link #select}.
 *
 * <p><b>Nulls.</b> A null row never satisfies a comparison, BETWEEN, IN, string equality, prefix or
 * LIKE (SQL unknown is not true). {@link #not} is a plain set complement within {@code [0, count)};
 * for SQL's three-valued {@code NOT p}, intersect it with {@link #isNotNull} of p's inputs.
 *
 * <p><b>Types.</b> The {@code long} overloads take 4-byte (int32, date as days) and 8-byte integer
 * columns (int64, decimal as unscaled value at the column's scale, timestamp as microseconds); the
 * constant is compared exactly, so e.g. {@code int32 < 3_000_000_000L} is true for every non-null
 * row. The {@code double} overloads take float32 and float64 columns and compare the exact value
 * of the column ({@code (double) floatValue}) against the constant. Floating-point comparisons
 * follow Java primitive (IEEE 754) semantics: NaN compares false with everything except
 * {@code <>}, which is true, and {@code -0.0 == 0.0}; BETWEEN and IN use the same rules. Other
 * column types are rejected with an {@code IllegalArgumentException} naming the type.
 */
public interface FilterKernels {

    /** Rows where {@code column op constant}; integer columns. */
    int compare(ColumnRef column, CompareOp op, long constant, int[] out);

    /** Rows where {@code column op constant}; float32/float64 columns. */
    int compare(ColumnRef column, CompareOp op, double constant, int[] out);

    /**
     * Rows where {@code left op right}, row by row. Both columns have the same kind (decimals the
     * same scale) and the same row count; a row is null if either side is.
     */
    int compare(ColumnRef left, CompareOp op, ColumnRef right, int[] out);

    /** Rows where {@code low <= column <= high}; integer columns. Empty when {@code low > high}. */
    int between(ColumnRef column, long low, long high, int[] out);

    /** Rows where {@code low <= column <= high}; float32/float64 columns. */
    int between(ColumnRef column, double low, double high, int[] out);

    /** Rows whose value equals one of {@code values} (any order, duplicates allowed); integer columns. */
    int in(ColumnRef column, long[] values, int[] out);

    /** Rows whose value {@code ==} one of {@code values} (NaN never matches); float32/float64 columns. */
    int in(ColumnRef column, double[] values, int[] out);

    /** Null rows; any column type. */
    int isNull(ColumnRef column, int[] out);

    /** Non-null rows; any column type. */
    int isNotNull(ColumnRef column, int[] out);

    /** Rows of a utf8 column whose bytes equal {@code utf8}. */
    int equalTo(ColumnRef column, byte[] utf8, int[] out);

    /** Rows of a utf8 column starting with the bytes {@code utf8Prefix}. */
    int startsWith(ColumnRef column, byte[] utf8Prefix, int[] out);

    /** Rows of a utf8 column matching a compiled SQL LIKE pattern. */
    int like(ColumnRef column, LikePattern pattern, int[] out);

    /**
     * Intersection of two selections of a batch of {@code count} rows: {@code a[0, aSize)} and
     * {@code b[0, bSize)} must be strictly ascending row indices in {@code [0, count)} (only their
     * first and last entries are checked). {@code out} may not alias {@code a} or {@code b}.
     */
    int and(int[] a, int aSize, int[] b, int bSize, int count, int[] out);

    /** Union of two selections; same requirements as {@link #and}. */
    int or(int[] a, int aSize, int[] b, int bSize, int count, int[] out);

    /**
     * The rows of {@code [0, count)} not in {@code a[0, aSize)}: a set complement, so it also
     * selects null rows (see the class comment for SQL NOT).
     */
    int not(int[] a, int aSize, int count, int[] out);

    /**
     * Runs one kernel call into a fresh index array for {@code count} rows and wraps the result,
     * for example {@code FilterKernels.select(col.count(), out -> kernels.compare(col, LT, 10L, out))}.
     */
    static Selection select(int count, ToIntFunction<int[]> kernelCall) {
        int[] out = new int[count];
        return Selection.wrap(out, kernelCall.applyAsInt(out));
    }

    /** {@link #and} over selections of a batch of {@code count} rows (ranges included). */
    default Selection and(Selection a, Selection b, int count) {
        int[] ia = indices(a);
        int[] ib = indices(b);
        return select(count, out -> and(ia, a.size(), ib, b.size(), count, out));
    }

    /** {@link #or} over selections of a batch of {@code count} rows (ranges included). */
    default Selection or(Selection a, Selection b, int count) {
        int[] ia = indices(a);
        int[] ib = indices(b);
        return select(count, out -> or(ia, a.size(), ib, b.size(), count, out));
    }

    /** {@link #not} over a selection of a batch of {@code count} rows (ranges included). */
    default Selection not(Selection a, int count) {
        int[] ia = indices(a);
        return select(count, out -> not(ia, a.size(), count, out));
    }

    private static int[] indices(Selection s) {
        return s.isRange() ? s.toArray() : s.indexArray();
    }
}
