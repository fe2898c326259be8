package io.basalt.vectorops;

/**
 * Hash join kernels over a {@link JoinHashTable}: add build batches, then probe batches of the other
 * side, producing (probe row, build row) pairs into caller-provided arrays, a bounded number per
 * call. Keys are equal when every column is equal; a NULL in any key column never matches. Every
 * backend emits the same pairs in the same order: probe rows ascending, and a probe row's matches in
 * ascending build row order. Implementations are stateless and thread-safe; tables and cursors are not.
 */
public interface JoinKernels {
    /**
     * Adds the rows of {@code keys} as build rows {@code table.rowCount()}, ... and returns the id of the
     * first one.
     *
     * @throws IllegalArgumentException when the keys do not match the table's key types
     * @throws IllegalStateException when the table is sealed
     * @throws io.basalt.memory.MemoryLimitExceededException with the batch not added
     */
    int build(JoinHashTable table, ColumnRef... keys);

    /**
     * Emits the next pairs of the probe batch {@code keys} for join {@code type}, starting where
     * {@code cursor} stands (use a fresh or {@link JoinProbeCursor#reset() reset} cursor for a new
     * batch, and the same keys until {@link JoinProbeCursor#isDone()}): {@code probeRows[i]} is a row of
     * {@code keys} and {@code buildRows[i]} a build row id, or -1 for LEFT rows without a match and for
     * every SEMI and ANTI row. Writes at most {@code min(probeRows.length, buildRows.length)} pairs
     * and returns how many; 0 only once the cursor is done. A probe row with more matches than fit
     * continues on the next call.
     *
     * @param buildRows may be null for SEMI and ANTI
     * @throws IllegalArgumentException for keys that do not match the table or the cursor's batch, or
     *         empty output arrays
     * @throws IllegalStateException when the table is not sealed
     */
    int probe(JoinHashTable table, JoinType type, ColumnRef[] keys, JoinProbeCursor cursor, int[] probeRows, int[] buildRows);
}
