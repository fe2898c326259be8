package io.basalt.vectorops.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

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
 * without hashing; otherwise keys are hashed in vectors, home slots (with their inlined keys) are
 * gathered per tile (independent loads, so cache misses overlap) and compared in vectors, next slots
 * likewise for rows that collided, and only the remaining rows take the scalar probe. Updates of at most {@link #SMALL_GROUPS} groups run as one vector pass
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
     * fixed-width key column (whose slots inline the key), per tile: gather each row's home slot,
     * id word and key; a row whose key equals the slot's key belongs to that slot's id, which is
     * checked for whole vectors at once. Rows whose slot held another key go on to the next slot
     * (linear probing) in up to {@link #VECTOR_ROUNDS} further rounds over a compacted row list.
     * Rows left over (new keys, NULLs, long probe runs) take the scalar probe in row order, so new
     * ids keep first-seen order. Multi-column and utf8 keys use the scalar probe (keys compared
     * column by column, with variable-length bytes).
     */
    public static void assignIds(GroupByHashTable table, ColumnRef[] keys, long[] hashes, int[] ids, int from, int to, int mode) {
        if (keys.length != 1 || table.keyWidth(0) == 0) {
            ScalarAggregationKernels.assignIds(table, keys, hashes, ids, from, to, mode);
            return;
        }
        long[] homeSlots = table.longScratch(1, TILE);
        for (int base = from; base < to; base += TILE) {
            int end = Math.min(to, base + TILE);
            boolean probed = table.groupCount() > 0;
            if (probed) {
                probeTile(table, keys[0], hashes, ids, base, end, mode, homeSlots);
            } else {
                Arrays.fill(ids, base, end, -1);
            }
            for (int r = base; r < end; r++) {
                int id = ids[r];
                if (id == ABSENT) {
                    ids[r] = -1;
                } else if (id < 0) {
                    ids[r] = resolve(table, keys, hashes[r], r, mode, probed ? homeSlots[r - base] : -1L);
                }
            }
        }
    }

    /** Extra linear-probing steps taken in vectors before falling back to the scalar probe. */
    private static final int VECTOR_ROUNDS = 3;
    /** Marks a LOOKUP row proven absent (an empty slot ends its probe run) before the final pass. */
    private static final int ABSENT = -2;

    /** Vector rounds over rows {@code [base, end)} of a non-empty table; unresolved rows get -1 (or {@link #ABSENT}). */
    private static void probeTile(GroupByHashTable table, ColumnRef key, long[] hashes, int[] ids, int base, int end, int mode,
            long[] homeSlots) {
        boolean wide = table.keyWidth(0) == 8;
        MemorySegment data = key.data();
        MemorySegment validity = key.validity();
        int offset = key.offset();
        MemorySegment slots = table.slotSegment();
        int mask = table.slotMask();
        int nullGroup = table.nullGroup();
        int n = end - base;
        long[] candidates = table.longScratch(2, TILE);
        // Independent loads of each row's home slot (id word and inlined key): cache misses overlap.
        for (int t = 0; t < n; t++) {
            long at = (long) ((int) (hashes[base + t] >>> 32) & mask) * 16;
            homeSlots[t] = slots.get(LONG, at);
            candidates[t] = slots.get(LONG, at + 8);
        }
        int lanes = LONGS.length();
        int vectorEnd = LONGS.loopBound(n);
        LongVector minusOne = LongVector.broadcast(LONGS, -1L);
        IntVector lane = IntVector.zero(HALF_INTS).addIndex(1);
        // Rows whose (valid) key was not in the slot just read, though that slot was not empty, go on
        // to the next slot; their tile positions are compressed into pending.
        int[] pending = table.intScratch(1, TILE + lanes);
        int pendingCount = 0;
        for (int t = 0; t < vectorEnd; t += lanes) {
            long row = offset + (long) base + t;
            LongVector k = wide ? LongVector.fromMemorySegment(LONGS, data, row * 8, LE) : SimdKeyHash.loadIntsAsLongs(data, row);
            LongVector slot = LongVector.fromArray(LONGS, homeSlots, t);
            LongVector gid = slot.and(0xFFFFFFFFL).sub(1L);
            VectorMask<Long> hit = LongVector.fromArray(LONGS, candidates, t).compare(VectorOperators.EQ, k);
            VectorMask<Long> candidate = slot.compare(VectorOperators.NE, 0L);
            if (validity != null) {
                candidate = candidate.and(SimdKeyHash.validLanes(validity, row));
            }
            hit = hit.and(candidate);
            if (nullGroup >= 0) {
                hit = hit.and(gid.compare(VectorOperators.NE, nullGroup));
            }
            ((IntVector) minusOne.blend(gid, hit).convertShape(VectorOperators.L2I, HALF_INTS, 0)).intoArray(ids, base + t);
            VectorMask<Integer> open = candidate.andNot(hit).cast(HALF_INTS);
            lane.add(t).compress(open).intoArray(pending, pendingCount);
            pendingCount += open.trueCount();
        }
        Arrays.fill(ids, base + vectorEnd, end, -1);

        long[] roundSlots = table.longScratch(3, TILE);
        long[] roundKeys = table.longScratch(4, TILE);
        boolean lookup = mode == ScalarAggregationKernels.MODE_LOOKUP;
        for (int round = 1; round <= VECTOR_ROUNDS && pendingCount >= lanes; round++) {
            int count = LONGS.loopBound(pendingCount);
            for (int i = 0; i < count; i++) {
                int t = pending[i];
                long row = offset + (long) base + t;
                long at = (long) ((((int) (hashes[base + t] >>> 32)) + round) & mask) * 16;
                roundSlots[i] = slots.get(LONG, at);
                candidates[i] = slots.get(LONG, at + 8);
                roundKeys[i] = wide ? data.get(LONG, row * 8) : data.get(INT, row * 4);
            }
            int stillOpen = 0;
            for (int i = 0; i < count; i += lanes) {
                LongVector slot = LongVector.fromArray(LONGS, roundSlots, i);
                LongVector gid = slot.and(0xFFFFFFFFL).sub(1L);
                VectorMask<Long> full = slot.compare(VectorOperators.NE, 0L);
                VectorMask<Long> hit = LongVector.fromArray(LONGS, candidates, i)
                        .compare(VectorOperators.EQ, LongVector.fromArray(LONGS, roundKeys, i)).and(full);
                if (nullGroup >= 0) {
                    hit = hit.and(gid.compare(VectorOperators.NE, nullGroup));
                }
                IntVector positions = IntVector.fromArray(HALF_INTS, pending, i);
                IntVector found = (IntVector) gid.convertShape(VectorOperators.L2I, HALF_INTS, 0);
                found.intoArray(ids, base, pending, i, hit.cast(HALF_INTS));
                if (lookup) {
                    IntVector.broadcast(HALF_INTS, ABSENT).intoArray(ids, base, pending, i, full.not().cast(HALF_INTS));
                }
                VectorMask<Integer> open = full.andNot(hit).cast(HALF_INTS);
                positions.compress(open).intoArray(pending, stillOpen);
                stillOpen += open.trueCount();
            }
            // Rows past the last whole vector stay open for the scalar pass.
            pendingCount = stillOpen;
        }
    }

    /** Scalar probe of one row that the vector check left open. */
    private static int resolve(GroupByHashTable table, ColumnRef[] keys, long hash, int row, int mode, long homeSlot) {
        if (mode == ScalarAggregationKernels.MODE_LOOKUP && homeSlot == 0) {
            // No inserts during a lookup, so an empty home slot (gathered above) means the key is absent.
            return -1;
        }
        return ScalarAggregationKernels.probeFixedRow(table, keys, hash, row, mode);
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
