package io.basalt.vectorops.simd;

import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.GroupByHashTable;
import io.basalt.vectorops.JoinHashTable;
import io.basalt.vectorops.JoinKernels;
import io.basalt.vectorops.JoinProbeCursor;
import io.basalt.vectorops.JoinType;
import io.basalt.vectorops.scalar.ScalarAggregationKernels;
import io.basalt.vectorops.scalar.ScalarJoinKernels;

/**
 * Vector API backend of {@link JoinKernels}, emitting exactly the scalar backend's pairs. Build and
 * probe hash keys in vectors; the probe's lookup gathers home slots and their keys per tile and
 * compares them in vectors ({@link SimdAggregationKernels#assignIds}), which resolves most rows
 * without a branch and lets cache misses overlap; the build runs the same lookup first, so that
 * inserting the new keys (scalar, in row order) finds their slots in cache. Pair emission is the
 * shared scalar loop (variable-length output per row). Stateless and thread-safe; load only when
 * {@link io.basalt.vectorops.VectorSupport#isAvailable()}.
 */
public final class SimdJoinKernels implements JoinKernels {
    public static final SimdJoinKernels INSTANCE = new SimdJoinKernels();

    private SimdJoinKernels() {}

    @Override
    public int build(JoinHashTable table, ColumnRef... keys) {
        GroupByHashTable index = table.keyTable();
        int rows = index.checkKeys(keys);
        long[] hashes = index.longScratch(0, rows);
        int[] entries = index.intScratch(0, rows);
        SimdAggregationKernels.hashKeys(keys, hashes, 0, rows);
        SimdAggregationKernels.assignIds(index, keys, hashes, entries, 0, rows, ScalarAggregationKernels.MODE_BUILD);
        return table.appendRows(entries, rows);
    }

    @Override
    public int probe(JoinHashTable table, JoinType type, ColumnRef[] keys, JoinProbeCursor cursor, int[] probeRows, int[] buildRows) {
        if (!ScalarJoinKernels.startProbe(table, type, keys, cursor, probeRows, buildRows)) {
            int rows = keys[0].count();
            long[] hashes = cursor.hashScratch(rows);
            int[] entries = cursor.entries(rows);
            SimdAggregationKernels.hashKeys(keys, hashes, 0, rows);
            SimdAggregationKernels.assignIds(table.keyTable(), keys, hashes, entries, 0, rows, ScalarAggregationKernels.MODE_LOOKUP);
            cursor.start(rows);
        }
        return ScalarJoinKernels.emit(table, type, cursor, probeRows, buildRows);
    }
}
