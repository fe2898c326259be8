package io.basalt.vectorops;

/**
 * Grouped and ungrouped aggregation kernels: assigning dense group ids to a batch of keys through a
 * {@link GroupByHashTable}, and folding a batch of values into the per-group state of a
 * {@link GroupedAccumulator}. Every backend gives identical group ids (first-seen order) and
 * identical results, except float64 SUM/AVG: the SIMD backend adds lane-parallel partial sums, a
 * different order than the scalar backend's sequential loop, so the sums may differ by rounding.
 * Each is within about {@code n * 2^-53 * sum(|x|)} of the exact sum of {@code n} values, so on
 * well-conditioned data (sum(|x|) close to |sum(x)|) and batches below a million rows the backends
 * agree within 1e-9, relatively. NaN and infinities propagate alike, except that whether an
 * intermediate sum overflows to infinity can depend on the order. Implementations are stateless
 * and thread-safe; the tables and accumulators they update are not.
 */
public interface AggregationKernels {
    /**
     * Writes the group id of row {@code r} of {@code keys} to {@code groupIds[r]}, inserting unseen
     * keys as new groups numbered in first-seen order; NULL is a key like any other and equals NULL
     * (SQL GROUP BY). Returns the table's group count afterwards.
     *
     * @throws IllegalArgumentException when the keys do not match the table or {@code groupIds} is too short
     * @throws io.basalt.memory.MemoryLimitExceededException when the table cannot grow; the table stays
     *         consistent (holding every key inserted before the failing row) and {@code groupIds} is
     *         unspecified from that row on
     */
    int groupIds(GroupByHashTable table, ColumnRef[] keys, int[] groupIds);

    /**
     * Folds row {@code r} of {@code values} into group {@code groupIds[r]} of {@code acc}, for every row
     * of {@code values}, skipping NULLs (COUNT(*) accumulators count every row). Group ids must lie in
     * {@code [0, groupCount)}; the accumulator grows to {@code groupCount} groups first.
     *
     * @throws ArithmeticException when an integer SUM/AVG leaves the int64 range, naming the group and row;
     *         the accumulator is then undefined
     */
    void accumulate(GroupedAccumulator acc, ColumnRef values, int[] groupIds, int groupCount);

    /** Ungrouped aggregation: folds every row of {@code values} into group 0 of {@code acc}. */
    void accumulateAll(GroupedAccumulator acc, ColumnRef values);

    /**
     * COUNT(*): adds one to group {@code groupIds[r]} for each row {@code r < rows}, or {@code rows} to
     * group 0 when {@code groupIds} is null.
     *
     * @throws IllegalArgumentException if {@code acc} is not a COUNT(*) accumulator
     */
    void countRows(GroupedAccumulator acc, int[] groupIds, int rows, int groupCount);
}
