package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import io.basalt.vectorops.AggregateFunction;
import io.basalt.vectorops.AggregationKernels;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.GroupByHashTable;
import io.basalt.vectorops.GroupedAccumulator;

/**
 * Reference backend of {@link AggregationKernels}: hash the whole batch ({@link #hashKeys}), then
 * probe row by row ({@link #assignIds}); aggregate updates are sequential per-row loops with exact
 * overflow checks. The static loops are also the SIMD backend's tails and fallbacks. Stateless and
 * thread-safe.
 */
public final class ScalarAggregationKernels implements AggregationKernels {
    public static final ScalarAggregationKernels INSTANCE = new ScalarAggregationKernels();

    /** {@link #assignIds} mode: insert unseen keys; NULL is a key (GROUP BY). */
    public static final int MODE_GROUP = 0;
    /** {@link #assignIds} mode: insert unseen keys; a row with a NULL in any key column gets -1 (join build). */
    public static final int MODE_BUILD = 1;
    /** {@link #assignIds} mode: never insert; absent keys and rows with a NULL key get -1 (join probe). */
    public static final int MODE_LOOKUP = 2;

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private ScalarAggregationKernels() {}

    // ---- group ids ----

    @Override
    public int groupIds(GroupByHashTable table, ColumnRef[] keys, int[] groupIds) {
        int rows = table.checkKeys(keys);
        checkOutput(groupIds, rows, "groupIds");
        long[] hashes = table.longScratch(0, rows);
        hashKeys(keys, hashes, 0, rows);
        assignIds(table, keys, hashes, groupIds, 0, rows, MODE_GROUP);
        return table.groupCount();
    }

    /** The hashing step: {@code hashes[r]} = key hash of row r, for rows {@code [from, to)}. */
    public static void hashKeys(ColumnRef[] keys, long[] hashes, int from, int to) {
        for (int c = 0; c < keys.length; c++) {
            KeyHash.hashColumn(keys[c], hashes, from, to, c > 0);
        }
    }

    /** Throws IllegalArgumentException unless {@code out} holds at least {@code rows} entries. */
    public static void checkOutput(int[] out, int rows, String name) {
        if (out == null || out.length < rows) {
            throw new IllegalArgumentException(name + " holds " + (out == null ? "nothing" : out.length + " entries")
                    + " but the batch has " + rows + " rows");
        }
    }

    /**
     * The probe step: {@code ids[r]} = id of the key at row r (hash {@code hashes[r]}) for rows
     * {@code [from, to)}, in row order, per {@code mode} ({@link #MODE_GROUP}, {@link #MODE_BUILD},
     * {@link #MODE_LOOKUP}).
     */
    public static void assignIds(GroupByHashTable table, ColumnRef[] keys, long[] hashes, int[] ids, int from, int to, int mode) {
        if (keys.length == 1 && table.keyWidth(0) == 8) {
            probeLongs(table, keys, hashes, ids, from, to, mode);
        } else if (keys.length == 1 && table.keyWidth(0) == 4) {
            probeInts(table, keys, hashes, ids, from, to, mode);
        } else {
            probeGeneric(table, keys, hashes, ids, from, to, mode);
        }
    }

    private static void probeLongs(GroupByHashTable table, ColumnRef[] keys, long[] hashes, int[] ids, int from, int to, int mode) {
        ColumnRef key = keys[0];
        MemorySegment data = key.data();
        MemorySegment validity = key.validity();
        int offset = key.offset();
        MemorySegment slots = table.slotSegment();
        int mask = table.slotMask();
        int nullGroup = table.nullGroup();
        for (int r = from; r < to; r++) {
            long h = hashes[r];
            if (validity != null && !Bitmaps.get(validity, offset + r)) {
                if (mode != MODE_GROUP) {
                    ids[r] = -1;
                    continue;
                }
                if (nullGroup < 0) {
                    nullGroup = table.insert(h, keys, r);
                    slots = table.slotSegment();
                    mask = table.slotMask();
                }
                ids[r] = nullGroup;
                continue;
            }
            long v = data.get(LONG, (offset + (long) r) * 8);
            int tag = (int) (h >>> 32);
            int idx = tag & mask;
            int g;
            while (true) {
                long slot = slots.get(LONG, (long) idx * 16);
                if (slot == 0) {
                    if (mode == MODE_LOOKUP) {
                        g = -1;
                    } else {
                        g = table.insert(h, keys, r);
                        slots = table.slotSegment();
                        mask = table.slotMask();
                    }
                    break;
                }
                if ((int) (slot >>> 32) == tag) {
                    int candidate = (int) slot - 1;
                    if (candidate != nullGroup && slots.get(LONG, (long) idx * 16 + 8) == v) {
                        g = candidate;
                        break;
                    }
                }
                idx = (idx + 1) & mask;
            }
            ids[r] = g;
        }
    }

    private static void probeInts(GroupByHashTable table, ColumnRef[] keys, long[] hashes, int[] ids, int from, int to, int mode) {
        ColumnRef key = keys[0];
        MemorySegment data = key.data();
        MemorySegment validity = key.validity();
        int offset = key.offset();
        MemorySegment slots = table.slotSegment();
        int mask = table.slotMask();
        int nullGroup = table.nullGroup();
        for (int r = from; r < to; r++) {
            long h = hashes[r];
            if (validity != null && !Bitmaps.get(validity, offset + r)) {
                if (mode != MODE_GROUP) {
                    ids[r] = -1;
                    continue;
                }
                if (nullGroup < 0) {
                    nullGroup = table.insert(h, keys, r);
                    slots = table.slotSegment();
                    mask = table.slotMask();
                }
                ids[r] = nullGroup;
                continue;
            }
            long v = data.get(INT, (offset + (long) r) * 4);
            int tag = (int) (h >>> 32);
            int idx = tag & mask;
            int g;
            while (true) {
                long slot = slots.get(LONG, (long) idx * 16);
                if (slot == 0) {
                    if (mode == MODE_LOOKUP) {
                        g = -1;
                    } else {
                        g = table.insert(h, keys, r);
                        slots = table.slotSegment();
                        mask = table.slotMask();
                    }
                    break;
                }
                if ((int) (slot >>> 32) == tag) {
                    int candidate = (int) slot - 1;
                    if (candidate != nullGroup && slots.get(LONG, (long) idx * 16 + 8) == v) {
                        g = candidate;
                        break;
                    }
                }
                idx = (idx + 1) & mask;
            }
            ids[r] = g;
        }
    }

    /**
     * The probe of one row of a one-column fixed-width table (what {@link #assignIds} does per row),
     * for callers that resolve scattered rows.
     */
    public static int probeFixedRow(GroupByHashTable table, ColumnRef[] keys, long hash, int row, int mode) {
        ColumnRef key = keys[0];
        if (!key.isValid(row)) {
            if (mode != MODE_GROUP) {
                return -1;
            }
            return table.nullGroup() >= 0 ? table.nullGroup() : table.insert(hash, keys, row);
        }
        boolean wide = table.keyWidth(0) == 8;
        long bufferRow = key.offset() + (long) row;
        long v = wide ? key.data().get(LONG, bufferRow * 8) : key.data().get(INT, bufferRow * 4);
        MemorySegment slots = table.slotSegment();
        int mask = table.slotMask();
        int nullGroup = table.nullGroup();
        int tag = (int) (hash >>> 32);
        int idx = tag & mask;
        while (true) {
            long slot = slots.get(LONG, (long) idx * 16);
            if (slot == 0) {
                return mode == MODE_LOOKUP ? -1 : table.insert(hash, keys, row);
            }
            if ((int) (slot >>> 32) == tag) {
                int candidate = (int) slot - 1;
                if (candidate != nullGroup && slots.get(LONG, (long) idx * 16 + 8) == v) {
                    return candidate;
                }
            }
            idx = (idx + 1) & mask;
        }
    }

    private static void probeGeneric(GroupByHashTable table, ColumnRef[] keys, long[] hashes, int[] ids, int from, int to, int mode) {
        for (int r = from; r < to; r++) {
            if (mode != MODE_GROUP && anyNull(keys, r)) {
                ids[r] = -1;
            } else if (mode == MODE_LOOKUP) {
                ids[r] = table.find(hashes[r], keys, r);
            } else {
                ids[r] = table.findOrInsert(hashes[r], keys, r);
            }
        }
    }

    /** Whether any key column is NULL at {@code row}. */
    public static boolean anyNull(ColumnRef[] keys, int row) {
        for (ColumnRef key : keys) {
            if (!key.isValid(row)) {
                return true;
            }
        }
        return false;
    }

    // ---- grouped updates ----

    @Override
    public void accumulate(GroupedAccumulator acc, ColumnRef values, int[] groupIds, int groupCount) {
        int rows = checkAccumulate(acc, values, groupIds, groupCount);
        acc.ensureGroups(groupCount);
        checkGroupIds(groupIds, 0, rows, groupCount);
        update(acc, values, groupIds, 0, rows);
    }

    @Override
    public void countRows(GroupedAccumulator acc, int[] groupIds, int rows, int groupCount) {
        checkCountRows(acc, groupIds, rows, groupCount);
        acc.ensureGroups(groupIds == null ? 1 : groupCount);
        MemorySegment counts = acc.countSegment();
        if (groupIds == null) {
            counts.set(LONG, 0, counts.get(LONG, 0) + rows);
        } else {
            checkGroupIds(groupIds, 0, rows, groupCount);
            countAll(groupIds, 0, rows, counts);
        }
    }

    /** Throws IllegalArgumentException naming the first row whose group id is outside {@code [0, groupCount)}. */
    public static void checkGroupIds(int[] groupIds, int from, int to, int groupCount) {
        for (int r = from; r < to; r++) {
            int g = groupIds[r];
            if (g < 0 || g >= groupCount) {
                throw new IllegalArgumentException("Group id " + g + " at row " + r + " is outside [0, " + groupCount + ")");
            }
        }
    }

    /** Validates an {@link #accumulate} call and returns the row count. */
    public static int checkAccumulate(GroupedAccumulator acc, ColumnRef values, int[] groupIds, int groupCount) {
        checkValues(acc, values);
        checkOutput(groupIds, values.count(), "groupIds");
        if (groupCount < 0 || groupCount > GroupByHashTable.MAX_GROUPS) {
            throw new IllegalArgumentException("groupCount " + groupCount + " outside [0, " + GroupByHashTable.MAX_GROUPS + "]");
        }
        return values.count();
    }

    /** Validates a {@link #countRows} call. */
    public static void checkCountRows(GroupedAccumulator acc, int[] groupIds, int rows, int groupCount) {
        if (acc.function() != AggregateFunction.COUNT_STAR) {
            throw new IllegalArgumentException("countRows feeds COUNT(*) accumulators, not " + acc.function());
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, was " + rows);
        }
        if (groupIds != null) {
            checkOutput(groupIds, rows, "groupIds");
            if (groupCount < 0 || groupCount > GroupByHashTable.MAX_GROUPS) {
                throw new IllegalArgumentException("groupCount " + groupCount + " outside [0, " + GroupByHashTable.MAX_GROUPS + "]");
            }
        }
    }

    /** Throws IllegalArgumentException unless {@code acc} can take a column of {@code values}' type. */
    public static void checkValues(GroupedAccumulator acc, ColumnRef values) {
        if (acc.valueClass() != GroupedAccumulator.ValueClass.ANY
                && GroupedAccumulator.valueClassOf(values.type()) != acc.valueClass()) {
            throw new IllegalArgumentException("Accumulator for " + acc.function() + " over " + acc.inputType()
                    + " cannot take a column of type " + values.type());
        }
    }

    /** Scalar update of rows {@code [from, to)} of {@code values} into the groups {@code groupIds}. */
    public static void update(GroupedAccumulator acc, ColumnRef values, int[] groupIds, int from, int to) {
        MemorySegment sums = acc.valueSegment();
        MemorySegment counts = acc.countSegment();
        MemorySegment data = values.data();
        MemorySegment validity = values.validity();
        int offset = values.offset();
        switch (acc.function()) {
            case COUNT_STAR -> countAll(groupIds, from, to, counts);
            case COUNT -> countNonNull(validity, offset, groupIds, from, to, counts);
            case SUM, AVG -> {
                switch (acc.valueClass()) {
                    case LONG -> sumLongs(data, offset, validity, groupIds, from, to, sums, counts);
                    case INT -> sumInts(data, offset, validity, groupIds, from, to, sums, counts);
                    case DOUBLE -> sumDoubles(data, offset, validity, groupIds, from, to, sums, counts);
                    default -> throw new IllegalStateException("unreachable");
                }
            }
            case MIN, MAX -> {
                boolean max = acc.function() == AggregateFunction.MAX;
                switch (acc.valueClass()) {
                    case LONG -> minMaxLongs(data, offset, validity, groupIds, from, to, sums, counts, max);
                    case INT -> minMaxInts(data, offset, validity, groupIds, from, to, sums, counts, max);
                    case DOUBLE -> minMaxDoubles(data, offset, validity, groupIds, from, to, sums, counts, max);
                    default -> throw new IllegalStateException("unreachable");
                }
            }
        }
    }

    public static void countAll(int[] groupIds, int from, int to, MemorySegment counts) {
        for (int r = from; r < to; r++) {
            long at = groupIds[r] * 8L;
            counts.set(LONG, at, counts.get(LONG, at) + 1);
        }
    }

    public static void countNonNull(MemorySegment validity, int rowOffset, int[] groupIds, int from, int to, MemorySegment counts) {
        for (int r = from; r < to; r++) {
            if (validity == null || Bitmaps.get(validity, rowOffset + r)) {
                long at = groupIds[r] * 8L;
                counts.set(LONG, at, counts.get(LONG, at) + 1);
            }
        }
    }

    public static void sumLongs(MemorySegment data, int rowOffset, MemorySegment validity, int[] groupIds, int from, int to,
            MemorySegment sums, MemorySegment counts) {
        for (int r = from; r < to; r++) {
            if (validity != null && !Bitmaps.get(validity, rowOffset + r)) {
                continue;
            }
            long at = groupIds[r] * 8L;
            long v = data.get(LONG, (rowOffset + (long) r) * 8);
            long s = sums.get(LONG, at);
            long t = s + v;
            if (((s ^ t) & (v ^ t)) < 0) {
                throw overflow(groupIds[r], r, s, v);
            }
            sums.set(LONG, at, t);
            counts.set(LONG, at, counts.get(LONG, at) + 1);
        }
    }

    public static void sumInts(MemorySegment data, int rowOffset, MemorySegment validity, int[] groupIds, int from, int to,
            MemorySegment sums, MemorySegment counts) {
        for (int r = from; r < to; r++) {
            if (validity != null && !Bitmaps.get(validity, rowOffset + r)) {
                continue;
            }
            long at = groupIds[r] * 8L;
            long v = data.get(INT, (rowOffset + (long) r) * 4);
            long s = sums.get(LONG, at);
            long t = s + v;
            if (((s ^ t) & (v ^ t)) < 0) {
                throw overflow(groupIds[r], r, s, v);
            }
            sums.set(LONG, at, t);
            counts.set(LONG, at, counts.get(LONG, at) + 1);
        }
    }

    public static void sumDoubles(MemorySegment data, int rowOffset, MemorySegment validity, int[] groupIds, int from, int to,
            MemorySegment sums, MemorySegment counts) {
        for (int r = from; r < to; r++) {
            if (validity != null && !Bitmaps.get(validity, rowOffset + r)) {
                continue;
            }
            long at = groupIds[r] * 8L;
            sums.set(DOUBLE, at, sums.get(DOUBLE, at) + data.get(DOUBLE, (rowOffset + (long) r) * 8));
            counts.set(LONG, at, counts.get(LONG, at) + 1);
        }
    }

    public static void minMaxLongs(MemorySegment data, int rowOffset, MemorySegment validity, int[] groupIds, int from, int to,
            MemorySegment state, MemorySegment counts, boolean max) {
        for (int r = from; r < to; r++) {
            if (validity != null && !Bitmaps.get(validity, rowOffset + r)) {
                continue;
            }
            long at = groupIds[r] * 8L;
            long v = data.get(LONG, (rowOffset + (long) r) * 8);
            long s = state.get(LONG, at);
            state.set(LONG, at, max ? Math.max(s, v) : Math.min(s, v));
            counts.set(LONG, at, counts.get(LONG, at) + 1);
        }
    }

    public static void minMaxInts(MemorySegment data, int rowOffset, MemorySegment validity, int[] groupIds, int from, int to,
            MemorySegment state, MemorySegment counts, boolean max) {
        for (int r = from; r < to; r++) {
            if (validity != null && !Bitmaps.get(validity, rowOffset + r)) {
                continue;
            }
            long at = groupIds[r] * 8L;
            long v = data.get(INT, (rowOffset + (long) r) * 4);
            long s = state.get(LONG, at);
            state.set(LONG, at, max ? Math.max(s, v) : Math.min(s, v));
            counts.set(LONG, at, counts.get(LONG, at) + 1);
        }
    }

    public static void minMaxDoubles(MemorySegment data, int rowOffset, MemorySegment validity, int[] groupIds, int from, int to,
            MemorySegment state, MemorySegment counts, boolean max) {
        for (int r = from; r < to; r++) {
            if (validity != null && !Bitmaps.get(validity, rowOffset + r)) {
                continue;
            }
            long at = groupIds[r] * 8L;
            double v = data.get(DOUBLE, (rowOffset + (long) r) * 8);
            double s = state.get(DOUBLE, at);
            state.set(DOUBLE, at, max ? Math.max(s, v) : Math.min(s, v));
            counts.set(LONG, at, counts.get(LONG, at) + 1);
        }
    }

    /** The ArithmeticException of an integer SUM leaving the int64 range (group -1: ungrouped). */
    public static ArithmeticException overflow(int group, int row, long sum, long value) {
        return new ArithmeticException("Integer overflow in SUM" + (group >= 0 ? " of group " + group : "") + " at row " + row
                + ": " + sum + " + " + value + " is outside the int64 range");
    }

    // ---- ungrouped updates ----

    @Override
    public void accumulateAll(GroupedAccumulator acc, ColumnRef values) {
        checkValues(acc, values);
        acc.ensureGroups(1);
        updateAll(acc, values, 0, values.count());
    }

    /** Scalar ungrouped update of rows {@code [from, to)} of {@code values} into group 0. */
    public static void updateAll(GroupedAccumulator acc, ColumnRef values, int from, int to) {
        MemorySegment state = acc.valueSegment();
        MemorySegment counts = acc.countSegment();
        MemorySegment data = values.data();
        MemorySegment validity = values.validity();
        int offset = values.offset();
        long nonNull = acc.function() == AggregateFunction.COUNT_STAR || validity == null
                ? to - from : Bitmaps.countSet(validity, offset + from, to - from);
        boolean max = acc.function() == AggregateFunction.MAX;
        switch (acc.function()) {
            case COUNT_STAR, COUNT -> { }
            case SUM, AVG -> {
                switch (acc.valueClass()) {
                    case LONG -> state.set(LONG, 0, sumLongsAll(data, offset, validity, from, to, state.get(LONG, 0)));
                    case INT -> state.set(LONG, 0, sumIntsAll(data, offset, validity, from, to, state.get(LONG, 0)));
                    case DOUBLE -> state.set(DOUBLE, 0, sumDoublesAll(data, offset, validity, from, to, state.get(DOUBLE, 0)));
                    default -> throw new IllegalStateException("unreachable");
                }
            }
            case MIN, MAX -> {
                switch (acc.valueClass()) {
                    case LONG -> state.set(LONG, 0, minMaxLongsAll(data, offset, validity, from, to, state.get(LONG, 0), max));
                    case INT -> state.set(LONG, 0, minMaxIntsAll(data, offset, validity, from, to, state.get(LONG, 0), max));
                    case DOUBLE -> state.set(DOUBLE, 0, minMaxDoublesAll(data, offset, validity, from, to, state.get(DOUBLE, 0), max));
                    default -> throw new IllegalStateException("unreachable");
                }
            }
        }
        counts.set(LONG, 0, counts.get(LONG, 0) + nonNull);
    }

    /** {@code sum} plus the non-null values of rows {@code [from, to)}, overflow-checked row by row. */
    public static long sumLongsAll(MemorySegment data, int rowOffset, MemorySegment validity, int from, int to, long sum) {
        for (int r = from; r < to; r++) {
            if (validity == null || Bitmaps.get(validity, rowOffset + r)) {
                long v = data.get(LONG, (rowOffset + (long) r) * 8);
                long t = sum + v;
                if (((sum ^ t) & (v ^ t)) < 0) {
                    throw overflow(-1, r, sum, v);
                }
                sum = t;
            }
        }
        return sum;
    }

    public static long sumIntsAll(MemorySegment data, int rowOffset, MemorySegment validity, int from, int to, long sum) {
        for (int r = from; r < to; r++) {
            if (validity == null || Bitmaps.get(validity, rowOffset + r)) {
                long v = data.get(INT, (rowOffset + (long) r) * 4);
                long t = sum + v;
                if (((sum ^ t) & (v ^ t)) < 0) {
                    throw overflow(-1, r, sum, v);
                }
                sum = t;
            }
        }
        return sum;
    }

    public static double sumDoublesAll(MemorySegment data, int rowOffset, MemorySegment validity, int from, int to, double sum) {
        for (int r = from; r < to; r++) {
            if (validity == null || Bitmaps.get(validity, rowOffset + r)) {
                sum += data.get(DOUBLE, (rowOffset + (long) r) * 8);
            }
        }
        return sum;
    }

    public static long minMaxLongsAll(MemorySegment data, int rowOffset, MemorySegment validity, int from, int to, long acc, boolean max) {
        for (int r = from; r < to; r++) {
            if (validity == null || Bitmaps.get(validity, rowOffset + r)) {
                long v = data.get(LONG, (rowOffset + (long) r) * 8);
                acc = max ? Math.max(acc, v) : Math.min(acc, v);
            }
        }
        return acc;
    }

    public static long minMaxIntsAll(MemorySegment data, int rowOffset, MemorySegment validity, int from, int to, long acc, boolean max) {
        for (int r = from; r < to; r++) {
            if (validity == null || Bitmaps.get(validity, rowOffset + r)) {
                long v = data.get(INT, (rowOffset + (long) r) * 4);
                acc = max ? Math.max(acc, v) : Math.min(acc, v);
            }
        }
        return acc;
    }

    public static double minMaxDoublesAll(MemorySegment data, int rowOffset, MemorySegment validity, int from, int to, double acc, boolean max) {
        for (int r = from; r < to; r++) {
            if (validity == null || Bitmaps.get(validity, rowOffset + r)) {
                double v = data.get(DOUBLE, (rowOffset + (long) r) * 8);
                acc = max ? Math.max(acc, v) : Math.min(acc, v);
            }
        }
        return acc;
    }
}
