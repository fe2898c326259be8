package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.GroupByHashTable;
import io.basalt.vectorops.JoinHashTable;
import io.basalt.vectorops.JoinKernels;
import io.basalt.vectorops.JoinProbeCursor;
import io.basalt.vectorops.JoinType;

/**
 * Reference backend of {@link JoinKernels}: hash the whole batch, map every row to its distinct-key
 * entry with the scalar probe, then emit pairs from the bucket-sorted build rows ({@link #emit},
 * shared with the SIMD backend). Stateless and thread-safe.
 */
public final class ScalarJoinKernels implements JoinKernels {
    public static final ScalarJoinKernels INSTANCE = new ScalarJoinKernels();

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private ScalarJoinKernels() {}

    @Override
    public int build(JoinHashTable table, ColumnRef... keys) {
        GroupByHashTable index = table.keyTable();
        int rows = index.checkKeys(keys);
        long[] hashes = index.longScratch(0, rows);
        int[] entries = index.intScratch(0, rows);
        ScalarAggregationKernels.hashKeys(keys, hashes, 0, rows);
        ScalarAggregationKernels.assignIds(index, keys, hashes, entries, 0, rows, ScalarAggregationKernels.MODE_BUILD);
        return table.appendRows(entries, rows);
    }

    @Override
    public int probe(JoinHashTable table, JoinType type, ColumnRef[] keys, JoinProbeCursor cursor, int[] probeRows, int[] buildRows) {
        if (!startProbe(table, type, keys, cursor, probeRows, buildRows)) {
            int rows = keys[0].count();
            long[] hashes = cursor.hashScratch(rows);
            int[] entries = cursor.entries(rows);
            ScalarAggregationKernels.hashKeys(keys, hashes, 0, rows);
            ScalarAggregationKernels.assignIds(table.keyTable(), keys, hashes, entries, 0, rows, ScalarAggregationKernels.MODE_LOOKUP);
            cursor.start(rows);
        }
        return emit(table, type, cursor, probeRows, buildRows);
    }

    /**
     * Validates a probe call; returns whether the cursor has already looked up this batch (false: the
     * caller must look it up and {@link JoinProbeCursor#start} the cursor).
     */
    public static boolean startProbe(JoinHashTable table, JoinType type, ColumnRef[] keys, JoinProbeCursor cursor,
            int[] probeRows, int[] buildRows) {
        table.checkSealed();
        int rows = table.keyTable().checkKeys(keys);
        if (probeRows == null || probeRows.length == 0) {
            throw new IllegalArgumentException("probeRows must hold at least one pair");
        }
        boolean needsBuild = type == JoinType.INNER || type == JoinType.LEFT;
        if (needsBuild ? buildRows == null || buildRows.length == 0 : buildRows != null && buildRows.length == 0) {
            throw new IllegalArgumentException("buildRows must hold at least one pair" + (needsBuild ? " for " + type + " joins" : ""));
        }
        if (cursor.isStarted() && cursor.rows() != rows) {
            throw new IllegalArgumentException("The cursor is in the middle of a " + cursor.rows() + "-row probe batch but got "
                    + rows + " rows; reset() it for a new batch");
        }
        return cursor.isStarted();
    }

    /**
     * Emits pairs for the looked-up batch in {@code cursor} (entries: key entry per row, -1 for no
     * match) from where it stands, up to the output capacity; returns the pair count.
     */
    public static int emit(JoinHashTable table, JoinType type, JoinProbeCursor cursor, int[] probeRows, int[] buildRows) {
        int rows = cursor.rows();
        int[] entries = cursor.entries(rows);
        int capacity = buildRows == null ? probeRows.length : Math.min(probeRows.length, buildRows.length);
        MemorySegment offsets = table.offsetSegment();
        int r = cursor.nextRow();
        int out = 0;
        switch (type) {
            case INNER, LEFT -> {
                boolean left = type == JoinType.LEFT;
                boolean unique = table.hasUniqueKeys();
                boolean identity = table.rowsAreEntries();
                MemorySegment rowIds = table.rowIdSegment();
                MemorySegment matched = table.matchedSegment();
                int pending = cursor.pending();
                while (r < rows && out < capacity) {
                    int e = entries[r];
                    int start;
                    int end;
                    if (e < 0) {
                        start = 0;
                        end = 0;
                    } else if (unique) {
                        start = e;
                        end = e + 1;
                    } else {
                        start = offsets.get(INT, e * 4L);
                        end = offsets.get(INT, e * 4L + 4);
                    }
                    if (start == end) {
                        if (left) {
                            probeRows[out] = r;
                            buildRows[out] = -1;
                            out++;
                        }
                        r++;
                        continue;
                    }
                    int from = start + pending;
                    int n = Math.min(end - from, capacity - out);
                    if (n == 1) {
                        probeRows[out] = r;
                        buildRows[out] = identity ? from : rowIds.get(INT, from * 4L);
                    } else {
                        MemorySegment.copy(rowIds, INT, from * 4L, buildRows, out, n);
                        Arrays.fill(probeRows, out, out + n, r);
                    }
                    if (matched != null) {
                        for (int i = out; i < out + n; i++) {
                            Bitmaps.set(matched, buildRows[i], true);
                        }
                    }
                    out += n;
                    if (from + n == end) {
                        r++;
                        pending = 0;
                    } else {
                        pending += n;
                    }
                }
                cursor.advance(r, pending);
                return out;
            }
            case SEMI, ANTI -> {
                boolean wantMatch = type == JoinType.SEMI;
                boolean unique = table.hasUniqueKeys();
                for (; r < rows && out < capacity; r++) {
                    int e = entries[r];
                    boolean hasMatch = e >= 0 && (unique || offsets.get(INT, e * 4L) != offsets.get(INT, e * 4L + 4));
                    if (hasMatch == wantMatch) {
                        probeRows[out] = r;
                        if (buildRows != null) {
                            buildRows[out] = -1;
                        }
                        out++;
                    }
                }
                cursor.advance(r, 0);
                return out;
            }
            default -> throw new IllegalArgumentException("Unsupported join type " + type);
        }
    }
}
