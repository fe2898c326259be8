package io.basalt.vectorops;

/**
 * Sort kernels: stable permutations of a batch's rows by one column (LSD radix sort on
 * order-preserving integer keys) or by several columns (radix sort of normalized byte-comparable
 * keys, see {@link NormalizedKeys}). Sorted runs are merged by {@link RunMerger}. Implemented by a
 * scalar and a SIMD backend with identical results; one instance may be used by many threads, the
 * {@link SortScratch} and {@link NormalizedKeys} passed in belong to one thread.
 *
 * <p>Rows are numbered {@code 0 .. count-1} relative to the {@link ColumnRef}s. "Stable" means rows
 * with equal keys keep their input order, so a permutation is fully determined by the data.
 */
public interface SortKernels {
    /**
     * Fills {@code perm[0, count)} with the rows of {@code column} in sorted order (stable). Accepts
     * the fixed-width numeric kinds: int32, date, int64, decimal, timestamp, float32, float64 (use
     * {@link #sort} for booleans, strings and several columns).
     *
     * @throws IllegalArgumentException for another type or when {@code perm} is shorter than the column
     */
    void sortColumn(ColumnRef column, SortOrder order, int[] perm, SortScratch scratch);

    /**
     * Encodes rows {@code [0, count)} of {@code columns} (matching {@code keys.layout()}) into
     * {@code keys}, replacing its previous contents.
     *
     * @throws IllegalArgumentException if the columns do not match the layout or exceed the capacity
     */
    void encodeKeys(ColumnRef[] columns, NormalizedKeys keys);

    /**
     * Fills {@code perm[0, keys.count())} with the stable order of the encoded rows. Ties between
     * keys that truncated a string are broken by comparing {@code columns} (the columns the keys
     * were encoded from); {@code columns} may be null when the layout has no utf8 column.
     */
    void sortKeys(NormalizedKeys keys, ColumnRef[] columns, int[] perm, SortScratch scratch);

    /** Multi-column sort: {@link #encodeKeys} then {@link #sortKeys}. */
    default void sort(ColumnRef[] columns, NormalizedKeys keys, int[] perm, SortScratch scratch) {
        encodeKeys(columns, keys);
        sortKeys(keys, columns, perm, scratch);
    }
}
