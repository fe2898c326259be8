package io.basalt.vectorops.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import io.basalt.vectorops.AggregateFunction;
import io.basalt.vectorops.AggregationKernels;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.GroupByHashTable;
import io.basalt.vectorops.GroupedAccumulator;
import io.basalt.vectorops.SimdSpecies;
import io.basalt.vectorops.scalar.KeyHash;
import io.basalt.vectorops.scalar.ScalarAggregationKernels;

/**
 * Vector API backend of {@link AggregationKernels}, giving the scalar backend's group ids and results
 * (float64 sums within the documented rounding tolerance). Group ids: while a one-column table has at
 * most {@link #SMALL_GROUPS} groups, keys are compared against all of them in vector registers
 * without hashing; otherwise keys are hashed in vectors, home slots and their keys are gathered per
 * tile (independent loads, so cache misses overlap) and compared in vectors, and only the remaining
 * rows take the scalar probe. Updates of at most {@link #SMALL_GROUPS} groups run as one vector pass
 * per group over an L1-sized tile; larger group counts use the scalar scatter loop, because the
 * Vector API has no conflict detection for scattered read-modify-writes. Ungrouped aggregates are
 * vector reductions. Integer sums stay exact: a tile's vector sum is used only when its values' range
 * proves that no running sum can overflow in any order, else the tile is redone by the scalar loop,
 * which throws at the same row. Stateless and thread-safe; load only when
 * {@link io.basalt.vectorops.VectorSupport#isAvailable()}.
 */
public final class SimdAggregationKernels implements AggregationKernels {
    public static final SimdAggregationKernels INSTANCE = new SimdAggregationKernels();

    /** Group counts up to which keys and updates are matched against every group in registers. */
    public static final int SMALL_GROUPS = 8;
    /** Rows per tile: a tile's values, ids and gathered slots stay in L1 across the passes over it. */
    private static final int TILE = 1024;
    /** Rows per overflow check of an ungrouped integer sum (a multiple of every lane count). */
    private static final int CHUNK = 1 << 16;

    private static final VectorSpecies<Long> LONGS = SimdSpecies.LONG;
    private static final VectorSpecies<Double> DOUBLES = SimdSpecies.DOUBLE;
    private static final VectorSpecies<Integer> HALF_INTS = SimdKeyHash.HALF_INTS;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private SimdAggregationKernels() {}

    // ---- group ids ----

    @Override
    public int groupIds(GroupByHashTable table, ColumnRef[] keys, int[] groupIds) {
        int rows = table.checkKeys(keys);
        ScalarAggregationKernels.checkOutput(groupIds, rows, "groupIds");
        int from = 0;
        if (keys.length == 1 && table.keyWidth(0) != 0 && table.groupCount() <= SMALL_GROUPS) {
            from = smallGroupIds(table, keys, groupIds, rows);
        }
        if (from < rows) {
            long[] hashes = table.longScratch(0, rows);
            hashKeys(keys, hashes, from, rows);
            assignIds(table, keys, hashes, groupIds, from, rows, ScalarAggregationKernels.MODE_GROUP);
        }
        return table.groupCount();
    }

    /** The hashing step, bit-identical to {@link ScalarAggregationKernels#hashKeys}. */
    public static void hashKeys(ColumnRef[] keys, long[] hashes, int from, int to) {
        for (int c = 0; c < keys.length; c++) {
            SimdKeyHash.hashColumn(keys[c], hashes, from, to, c > 0);
        }
    }

    /**
     * Group ids for a one-column fixed-width key while the table has at most {@link #SMALL_GROUPS}
     * groups: each vector of keys is compared with every known key. Returns the row from which the
     * general path must continue (the table outgrew the limit, or the tail of the batch).
     */
    private static int smallGroupIds(GroupByHashTable table, ColumnRef[] keys, int[] ids, int rows) {
        ColumnRef key = keys[0];
        boolean wide = table.keyWidth(0) == 8;
        MemorySegment data = key.data();
        MemorySegment validity = key.validity();
        int offset = key.offset();
        long[] known = table.longScratch(1, 2 * SMALL_GROUPS);
        int knownCount = loadKnownKeys(table, known);
        int nullGroup = table.nullGroup();
        int lanes = LONGS.length();
        int bound = LONGS.loopBound(rows);
        LongVector minusOne = LongVector.broadcast(LONGS, -1L);
        for (int i = 0; i < bound; i += lanes) {
            long row = offset + (long) i;
            LongVector k = wide ? LongVector.fromMemorySegment(LONGS, data, row * 8, LE) : SimdKeyHash.loadIntsAsLongs(data, row);
            LongVector gid = minusOne;
            for (int j = 0; j < knownCount; j++) {
                gid = gid.blend(known[SMALL_GROUPS + j], k.compare(VectorOperators.EQ, known[j]));
            }
            if (validity != null) {
                gid = LongVector.broadcast(LONGS, nullGroup).blend(gid, SimdKeyHash.validLanes(validity, row));
            }
            ((IntVector) gid.convertShape(VectorOperators.L2I, HALF_INTS, 0)).intoArray(ids, i);
            if (gid.compare(VectorOperators.LT, 0L).anyTrue()) {
                // Unseen keys (or the first NULL): insert in row order, then carry on with the new set.
                for (int r = i; r < i + lanes; r++) {
                    if (ids[r] < 0) {
                        ids[r] = table.findOrInsert(KeyHash.hashRow(keys, r), keys, r);
                        if (table.groupCount() > SMALL_GROUPS) {
                            return r + 1;
                        }
                        knownCount = loadKnownKeys(table, known);
                        nullGroup = table.nullGroup();
                    }
                }
            }
        }
        return bound;
    }

    /** Copies the non-NULL keys of a small one-column table to known[0..n) and their ids to known[SMALL_GROUPS..]. */
    private static int loadKnownKeys(GroupByHashTable table, long[] known) {
        int n = 0;
        boolean wide = table.keyWidth(0) == 8;
        MemorySegment keys = table.keyValues(0);
        for (int g = 0; g < table.groupCount(); g++) {
            if (g != table.nullGroup()) {
                known[n] = wide ? keys.get(LONG, g * 8L) : keys.get(INT, g * 4L);
                known[SMALL_GROUPS + n] = g;
                n++;
            }
        }
        return n;
    }

    /**
     * The probe step with the same results as {@link ScalarAggregationKernels#assignIds}. For one
     * fixed-width key column, per tile: gather each row's home slot, then the key of the id stored
     * there; a row whose key equals that key belongs to that id (keys are unique in the table), which
     * is checked for whole vectors at once. Rows left over take the scalar probe, in row order, so
     * new ids keep first-seen order. Multi-column and utf8 keys use the scalar probe (keys compared
     * column by column, with variable-length bytes).
     */
    public static void assignIds(GroupByHashTable table, ColumnRef[] keys, long[] hashes, int[] ids, int from, int to, int mode) {
        if (keys.length != 1 || table.keyWidth(0) == 0) {
            ScalarAggregationKernels.assignIds(table, keys, hashes, ids, from, to, mode);
            return;
        }
        ColumnRef key = keys[0];
        boolean wide = table.keyWidth(0) == 8;
        MemorySegment data = key.data();
        MemorySegment validity = key.validity();
        int offset = key.offset();
        long[] homeSlots = table.longScratch(1, TILE);
        long[] candidates = table.longScratch(2, TILE);
        int lanes = LONGS.length();
        LongVector minusOne = LongVector.broadcast(LONGS, -1L);
        for (int base = from; base < to; base += TILE) {
            int end = Math.min(to, base + TILE);
            int vectorEnd = base;
            if (table.groupCount() > 0) {
                MemorySegment slots = table.slotSegment();
                MemorySegment groupKeys = table.keyValues(0);
                int mask = table.slotMask();
                int nullGroup = table.nullGroup();
                for (int r = base; r < end; r++) {
                    homeSlots[r - base] = slots.get(LONG, (long) ((int) (hashes[r] >>> 32) & mask) * 8);
                }
                // An empty home slot reads id 0's key: if that equals the row's key, id 0 is the answer anyway.
                if (wide) {
                    for (int r = base; r < end; r++) {
                        candidates[r - base] = groupKeys.get(LONG, Math.max((int) homeSlots[r - base] - 1, 0) * 8L);
                    }
                } else {
                    for (int r = base; r < end; r++) {
                        candidates[r - base] = groupKeys.get(INT, Math.max((int) homeSlots[r - base] - 1, 0) * 4L);
                    }
                }
                vectorEnd = base + LONGS.loopBound(end - base);
                for (int r = base; r < vectorEnd; r += lanes) {
                    int t = r - base;
                    long row = offset + (long) r;
                    LongVector k = wide ? LongVector.fromMemorySegment(LONGS, data, row * 8, LE) : SimdKeyHash.loadIntsAsLongs(data, row);
                    LongVector gid = LongVector.fromArray(LONGS, homeSlots, t).and(0xFFFFFFFFL).sub(1L).max(0L);
                    VectorMask<Long> hit = LongVector.fromArray(LONGS, candidates, t).compare(VectorOperators.EQ, k);
                    if (validity != null) {
                        hit = hit.and(SimdKeyHash.validLanes(validity, row));
                    }
                    if (nullGroup >= 0) {
                        hit = hit.and(gid.compare(VectorOperators.NE, nullGroup));
                    }
                    ((IntVector) minusOne.blend(gid, hit).convertShape(VectorOperators.L2I, HALF_INTS, 0)).intoArray(ids, r);
                }
            }
            for (int r = vectorEnd; r < end; r++) {
                ids[r] = -1;
            }
            for (int r = base; r < end; r++) {
                if (ids[r] < 0) {
                    ids[r] = resolve(table, keys, hashes[r], r, mode, vectorEnd > base ? homeSlots[r - base] : -1L);
                }
            }
        }
    }

    /** Scalar probe of one row that the vector check left open. */
    private static int resolve(GroupByHashTable table, ColumnRef[] keys, long hash, int row, int mode, long homeSlot) {
        if (mode != ScalarAggregationKernels.MODE_GROUP && !keys[0].isValid(row)) {
            return -1;
        }
        if (mode == ScalarAggregationKernels.MODE_LOOKUP) {
            // No inserts during a lookup, so an empty home slot (gathered above) means the key is absent.
            return homeSlot == 0 ? -1 : table.find(hash, keys, row);
        }
        return table.findOrInsert(hash, keys, row);
    }

    // ---- grouped updates ----

    @Override
    public void accumulate(GroupedAccumulator acc, ColumnRef values, int[] groupIds, int groupCount) {
        int rows = ScalarAggregationKernels.checkAccumulate(acc, values, groupIds, groupCount);
        acc.ensureGroups(groupCount);
        if (groupCount > SMALL_GROUPS) {
            // Scattered read-modify-writes: no vector form without conflict detection.
            ScalarAggregationKernels.checkGroupIds(groupIds, 0, rows, groupCount);
            ScalarAggregationKernels.update(acc, values, groupIds, 0, rows);
            return;
        }
        for (int base = 0; base < rows; base += TILE) {
            int end = Math.min(rows, base + TILE);
            int vectorEnd = base + LONGS.loopBound(end - base);
            checkGroupIdsVector(groupIds, base, vectorEnd, groupCount);
            updateSmallTile(acc, values, groupIds, base, vectorEnd, groupCount);
            if (vectorEnd < end) {
                ScalarAggregationKernels.checkGroupIds(groupIds, vectorEnd, end, groupCount);
                ScalarAggregationKernels.update(acc, values, groupIds, vectorEnd, end);
            }
        }
    }

    @Override
    public void countRows(GroupedAccumulator acc, int[] groupIds, int rows, int groupCount) {
        // Counting is a scatter of +1 (or one addition when ungrouped): the scalar loop.
        ScalarAggregationKernels.INSTANCE.countRows(acc, groupIds, rows, groupCount);
    }

    private static void checkGroupIdsVector(int[] groupIds, int from, int to, int groupCount) {
        IntVector lo = IntVector.broadcast(HALF_INTS, Integer.MAX_VALUE);
        IntVector hi = IntVector.broadcast(HALF_INTS, Integer.MIN_VALUE);
        for (int r = from; r < to; r += HALF_INTS.length()) {
            IntVector g = IntVector.fromArray(HALF_INTS, groupIds, r);
            lo = lo.min(g);
            hi = hi.max(g);
        }
        if (from < to && (lo.reduceLanes(VectorOperators.MIN) < 0 || hi.reduceLanes(VectorOperators.MAX) >= groupCount)) {
            ScalarAggregationKernels.checkGroupIds(groupIds, from, to, groupCount);
        }
    }

    /** Rows {@code [from, to)} (whole vectors), at most {@link #SMALL_GROUPS} groups: one vector pass per group. */
    private static void updateSmallTile(GroupedAccumulator acc, ColumnRef values, int[] groupIds, int from, int to, int groups) {
        if (from >= to) {
            return;
        }
        MemorySegment state = acc.valueSegment();
        MemorySegment counts = acc.countSegment();
        MemorySegment data = values.data();
        MemorySegment validity = acc.function() == AggregateFunction.COUNT_STAR ? null : values.validity();
        int offset = values.offset();
        AggregateFunction f = acc.function();
        if (f == AggregateFunction.COUNT || f == AggregateFunction.COUNT_STAR) {
            for (int g = 0; g < groups; g++) {
                addCount(counts, g, countGroup(validity, offset, groupIds, from, to, g));
            }
            return;
        }
        boolean sum = f == AggregateFunction.SUM || f == AggregateFunction.AVG;
        boolean max = f == AggregateFunction.MAX;
        switch (acc.valueClass()) {
            case LONG, INT -> {
                boolean wide = acc.valueClass() == GroupedAccumulator.ValueClass.LONG;
                if (sum && !sumTileIsSafe(data, offset, validity, wide, from, to, state, groups)) {
                    if (wide) {
                        ScalarAggregationKernels.sumLongs(data, offset, validity, groupIds, from, to, state, counts);
                    } else {
                        ScalarAggregationKernels.sumInts(data, offset, validity, groupIds, from, to, state, counts);
                    }
                    return;
                }
                for (int g = 0; g < groups; g++) {
                    if (sum) {
                        sumLongGroup(data, offset, validity, wide, groupIds, from, to, g, state, counts);
                    } else {
                        minMaxLongGroup(data, offset, validity, wide, groupIds, from, to, g, state, counts, max);
                    }
                }
            }
            case DOUBLE -> {
                for (int g = 0; g < groups; g++) {
                    if (sum) {
                        sumDoubleGroup(data, offset, validity, groupIds, from, to, g, state, counts);
                    } else {
                        minMaxDoubleGroup(data, offset, validity, groupIds, from, to, g, state, counts, max);
                    }
                }
            }
            default -> throw new IllegalStateException("unreachable");
        }
    }

    private static void addCount(MemorySegment counts, int g, long n) {
        counts.set(LONG, g * 8L, counts.get(LONG, g * 8L) + n);
    }

    /** Lanes of rows {@code [r, r + lanes)} that belong to group {@code g} and are non-null. */
    private static VectorMask<Long> groupLanes(int[] groupIds, int r, int g, MemorySegment validity, int offset) {
        VectorMask<Long> m = IntVector.fromArray(HALF_INTS, groupIds, r).compare(VectorOperators.EQ, g).cast(LONGS);
        return validity == null ? m : m.and(SimdKeyHash.validLanes(validity, offset + (long) r));
    }

    private static LongVector loadLongs(MemorySegment data, boolean wide, long row) {
        return wide ? LongVector.fromMemorySegment(LONGS, data, row * 8, LE) : SimdKeyHash.loadIntsAsLongs(data, row);
    }

    private static long countGroup(MemorySegment validity, int offset, int[] groupIds, int from, int to, int g) {
        LongVector n = LongVector.zero(LONGS);
        for (int r = from; r < to; r += LONGS.length()) {
            n = n.add(1L, groupLanes(groupIds, r, g, validity, offset));
        }
        return n.reduceLanes(VectorOperators.ADD);
    }

    /**
     * Whether adding the tile's non-null values to any group's sum, in any order, stays in the int64
     * range: |sum| + rows * max|value| fits for every group. Then vector partial sums equal the
     * sequential result.
     */
    private static boolean sumTileIsSafe(MemorySegment data, int offset, MemorySegment validity, boolean wide, int from, int to,
            MemorySegment sums, int groups) {
        LongVector lo = LongVector.broadcast(LONGS, Long.MAX_VALUE);
        LongVector hi = LongVector.broadcast(LONGS, Long.MIN_VALUE);
        LongVector zero = LongVector.zero(LONGS);
        for (int r = from; r < to; r += LONGS.length()) {
            long row = offset + (long) r;
            LongVector v = loadLongs(data, wide, row);
            if (validity != null) {
                v = zero.blend(v, SimdKeyHash.validLanes(validity, row));
            }
            lo = lo.min(v);
            hi = hi.max(v);
        }
        long maxAbs = maxAbs(lo.reduceLanes(VectorOperators.MIN), hi.reduceLanes(VectorOperators.MAX));
        for (int g = 0; g < groups; g++) {
            if (!sumIsSafe(sums.get(LONG, g * 8L), maxAbs, to - from)) {
                return false;
            }
        }
        return true;
    }

    /** max(|min|, |max|), or -1 when |min| is not representable. */
    private static long maxAbs(long min, long max) {
        return min == Long.MIN_VALUE ? -1 : Math.max(Math.abs(min), Math.abs(max));
    }

    /** Whether {@code sum} plus any {@code n} values of magnitude at most {@code maxAbs} stays in range. */
    private static boolean sumIsSafe(long sum, long maxAbs, int n) {
        return maxAbs >= 0 && sum != Long.MIN_VALUE && (n == 0 || maxAbs <= (Long.MAX_VALUE - Math.abs(sum)) / n);
    }

    private static void sumLongGroup(MemorySegment data, int offset, MemorySegment validity, boolean wide, int[] groupIds,
            int from, int to, int g, MemorySegment sums, MemorySegment counts) {
        LongVector s = LongVector.zero(LONGS);
        LongVector n = LongVector.zero(LONGS);
        for (int r = from; r < to; r += LONGS.length()) {
            VectorMask<Long> m = groupLanes(groupIds, r, g, validity, offset);
            s = s.add(loadLongs(data, wide, offset + (long) r), m);
            n = n.add(1L, m);
        }
        sums.set(LONG, g * 8L, sums.get(LONG, g * 8L) + s.reduceLanes(VectorOperators.ADD));
        addCount(counts, g, n.reduceLanes(VectorOperators.ADD));
    }

    private static void minMaxLongGroup(MemorySegment data, int offset, MemorySegment validity, boolean wide, int[] groupIds,
            int from, int to, int g, MemorySegment state, MemorySegment counts, boolean max) {
        VectorOperators.Binary op = max ? VectorOperators.MAX : VectorOperators.MIN;
        LongVector a = LongVector.broadcast(LONGS, state.get(LONG, g * 8L));
        LongVector n = LongVector.zero(LONGS);
        for (int r = from; r < to; r += LONGS.length()) {
            VectorMask<Long> m = groupLanes(groupIds, r, g, validity, offset);
            a = a.lanewise(op, loadLongs(data, wide, offset + (long) r), m);
            n = n.add(1L, m);
        }
        state.set(LONG, g * 8L, a.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN));
        addCount(counts, g, n.reduceLanes(VectorOperators.ADD));
    }

    private static void sumDoubleGroup(MemorySegment data, int offset, MemorySegment validity, int[] groupIds,
            int from, int to, int g, MemorySegment sums, MemorySegment counts) {
        DoubleVector s = DoubleVector.zero(DOUBLES);
        LongVector n = LongVector.zero(LONGS);
        for (int r = from; r < to; r += LONGS.length()) {
            VectorMask<Long> m = groupLanes(groupIds, r, g, validity, offset);
            s = s.add(DoubleVector.fromMemorySegment(DOUBLES, data, (offset + (long) r) * 8, LE), m.cast(DOUBLES));
            n = n.add(1L, m);
        }
        sums.set(DOUBLE, g * 8L, sums.get(DOUBLE, g * 8L) + s.reduceLanes(VectorOperators.ADD));
        addCount(counts, g, n.reduceLanes(VectorOperators.ADD));
    }

    private static void minMaxDoubleGroup(MemorySegment data, int offset, MemorySegment validity, int[] groupIds,
            int from, int to, int g, MemorySegment state, MemorySegment counts, boolean max) {
        VectorOperators.Binary op = max ? VectorOperators.MAX : VectorOperators.MIN;
        DoubleVector a = DoubleVector.broadcast(DOUBLES, state.get(DOUBLE, g * 8L));
        LongVector n = LongVector.zero(LONGS);
        for (int r = from; r < to; r += LONGS.length()) {
            VectorMask<Long> m = groupLanes(groupIds, r, g, validity, offset);
            a = a.lanewise(op, DoubleVector.fromMemorySegment(DOUBLES, data, (offset + (long) r) * 8, LE), m.cast(DOUBLES));
            n = n.add(1L, m);
        }
        state.set(DOUBLE, g * 8L, a.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN));
        addCount(counts, g, n.reduceLanes(VectorOperators.ADD));
    }

    // ---- ungrouped updates ----

    @Override
    public void accumulateAll(GroupedAccumulator acc, ColumnRef values) {
        ScalarAggregationKernels.checkValues(acc, values);
        acc.ensureGroups(1);
        AggregateFunction f = acc.function();
        int rows = values.count();
        if (f == AggregateFunction.COUNT || f == AggregateFunction.COUNT_STAR) {
            // A popcount of the validity bitmap: already word-at-a-time in the scalar loop.
            ScalarAggregationKernels.updateAll(acc, values, 0, rows);
            return;
        }
        MemorySegment state = acc.valueSegment();
        MemorySegment data = values.data();
        MemorySegment validity = values.validity();
        int offset = values.offset();
        boolean max = f == AggregateFunction.MAX;
        boolean sum = f == AggregateFunction.SUM || f == AggregateFunction.AVG;
        switch (acc.valueClass()) {
            case LONG, INT -> {
                boolean wide = acc.valueClass() == GroupedAccumulator.ValueClass.LONG;
                long s = state.get(LONG, 0);
                state.set(LONG, 0, sum ? sumIntegers(data, offset, validity, wide, rows, s) : minMaxLongs(data, offset, validity, wide, rows, s, max));
            }
            case DOUBLE -> {
                double s = state.get(DOUBLE, 0);
                state.set(DOUBLE, 0, sum ? sumDoubles(data, offset, validity, rows, s) : minMaxDoubles(data, offset, validity, rows, s, max));
            }
            default -> throw new IllegalStateException("unreachable");
        }
        long nonNull = validity == null ? rows : Bitmaps.countSet(validity, offset, rows);
        addCount(acc.countSegment(), 0, nonNull);
    }

    /** {@code sum} plus the non-null int64 (or int32) values of rows {@code [0, rows)}, exactly as the scalar loop. */
    private static long sumIntegers(MemorySegment data, int offset, MemorySegment validity, boolean wide, int rows, long sum) {
        int lanes = LONGS.length();
        LongVector zero = LongVector.zero(LONGS);
        for (int from = 0; from < rows; from += CHUNK) {
            int end = Math.min(rows, from + CHUNK);
            int vectorEnd = from + LONGS.loopBound(end - from);
            LongVector s = zero;
            LongVector lo = LongVector.broadcast(LONGS, Long.MAX_VALUE);
            LongVector hi = LongVector.broadcast(LONGS, Long.MIN_VALUE);
            if (validity == null) {
                for (int r = from; r < vectorEnd; r += lanes) {
                    LongVector v = loadLongs(data, wide, offset + (long) r);
                    s = s.add(v);
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            } else {
                for (int r = from; r < vectorEnd; r += lanes) {
                    long row = offset + (long) r;
                    LongVector v = zero.blend(loadLongs(data, wide, row), SimdKeyHash.validLanes(validity, row));
                    s = s.add(v);
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
            long maxAbs = maxAbs(lo.reduceLanes(VectorOperators.MIN), hi.reduceLanes(VectorOperators.MAX));
            if (sumIsSafe(sum, maxAbs, vectorEnd - from)) {
                sum += s.reduceLanes(VectorOperators.ADD);
            } else {
                sum = wide ? ScalarAggregationKernels.sumLongsAll(data, offset, validity, from, vectorEnd, sum)
                        : ScalarAggregationKernels.sumIntsAll(data, offset, validity, from, vectorEnd, sum);
            }
            sum = wide ? ScalarAggregationKernels.sumLongsAll(data, offset, validity, vectorEnd, end, sum)
                    : ScalarAggregationKernels.sumIntsAll(data, offset, validity, vectorEnd, end, sum);
        }
        return sum;
    }

    private static long minMaxLongs(MemorySegment data, int offset, MemorySegment validity, boolean wide, int rows, long acc, boolean max) {
        VectorOperators.Binary op = max ? VectorOperators.MAX : VectorOperators.MIN;
        int lanes = LONGS.length();
        int vectorEnd = LONGS.loopBound(rows);
        LongVector a = LongVector.broadcast(LONGS, acc);
        for (int r = 0; r < vectorEnd; r += lanes) {
            long row = offset + (long) r;
            LongVector v = loadLongs(data, wide, row);
            a = validity == null ? a.lanewise(op, v) : a.lanewise(op, v, SimdKeyHash.validLanes(validity, row));
        }
        acc = a.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN);
        return wide ? ScalarAggregationKernels.minMaxLongsAll(data, offset, validity, vectorEnd, rows, acc, max)
                : ScalarAggregationKernels.minMaxIntsAll(data, offset, validity, vectorEnd, rows, acc, max);
    }

    /** Four independent vector accumulators, so the adds' latency does not bound the loop. */
    private static double sumDoubles(MemorySegment data, int offset, MemorySegment validity, int rows, double sum) {
        int lanes = DOUBLES.length();
        DoubleVector s0 = DoubleVector.zero(DOUBLES);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int r = 0;
        if (validity == null) {
            int unrolledEnd = rows - 4 * lanes;
            for (; r <= unrolledEnd; r += 4 * lanes) {
                long at = (offset + (long) r) * 8;
                s0 = s0.add(DoubleVector.fromMemorySegment(DOUBLES, data, at, LE));
                s1 = s1.add(DoubleVector.fromMemorySegment(DOUBLES, data, at + 8L * lanes, LE));
                s2 = s2.add(DoubleVector.fromMemorySegment(DOUBLES, data, at + 16L * lanes, LE));
                s3 = s3.add(DoubleVector.fromMemorySegment(DOUBLES, data, at + 24L * lanes, LE));
            }
        }
        int vectorEnd = DOUBLES.loopBound(rows);
        for (; r < vectorEnd; r += lanes) {
            long row = offset + (long) r;
            DoubleVector v = DoubleVector.fromMemorySegment(DOUBLES, data, row * 8, LE);
            s0 = validity == null ? s0.add(v) : s0.add(v, SimdKeyHash.validLanes(validity, row).cast(DOUBLES));
        }
        sum += s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        return ScalarAggregationKernels.sumDoublesAll(data, offset, validity, vectorEnd, rows, sum);
    }

    private static double minMaxDoubles(MemorySegment data, int offset, MemorySegment validity, int rows, double acc, boolean max) {
        VectorOperators.Binary op = max ? VectorOperators.MAX : VectorOperators.MIN;
        int lanes = DOUBLES.length();
        int vectorEnd = DOUBLES.loopBound(rows);
        DoubleVector a = DoubleVector.broadcast(DOUBLES, acc);
        for (int r = 0; r < vectorEnd; r += lanes) {
            long row = offset + (long) r;
            DoubleVector v = DoubleVector.fromMemorySegment(DOUBLES, data, row * 8, LE);
            a = validity == null ? a.lanewise(op, v) : a.lanewise(op, v, SimdKeyHash.validLanes(validity, row).cast(DOUBLES));
        }
        acc = a.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN);
        return ScalarAggregationKernels.minMaxDoublesAll(data, offset, validity, vectorEnd, rows, acc, max);
    }
}
