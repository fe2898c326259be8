package io.basalt.vectorops.simd;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LT;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.SimdSpecies;
import io.basalt.vectorops.scalar.ScalarCompareLoops;
import io.basalt.vectorops.scalar.ScalarSelectionLoops;

/**
 * Vector loops behind numeric comparisons, BETWEEN and IN. Each step covers as many rows as the
 * int index vector has lanes: one 4-byte vector, whose compare mask is used as is, or two 8-byte
 * vectors, whose masks are joined through their bits. The mask is restricted to valid rows with
 * validity bits realigned from the row's bit, then turned into indices by
 * {@link SimdSelections#emit}; the last {@code count % lanes} rows run through the scalar loops.
 * A flat loop measured faster than 64-row blocks on large columns. Every comparison operator is
 * fixed at its call site, as the Vector API intrinsics need. Stateless.
 */
final class SimdCompareLoops {
    private static final VectorSpecies<Integer> INT = SimdSpecies.INT;
    private static final VectorSpecies<Long> LONG = SimdSpecies.LONG;
    private static final VectorSpecies<Float> FLOAT = SimdSpecies.FLOAT;
    private static final VectorSpecies<Double> DOUBLE = SimdSpecies.DOUBLE;
    private static final int INT_LANES = INT.length();
    private static final int LONG_LANES = LONG.length();
    private static final ByteOrder LE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /** Up to this many IN values are compared lane-wise; longer lists use the scalar binary search. */
    static final int VECTOR_IN_MAX = 16;

    private SimdCompareLoops() {}

    /**
     * A step's match mask, negated if asked and restricted to valid rows (validity bits from bit
     * {@code bit}); the flags are loop-invariant, so these branches are cheaper than always applying
     * all-true masks.
     */
    private static VectorMask<Integer> adjust(VectorMask<Integer> m, boolean negate, MemorySegment validity, long bit) {
        if (negate) {
            m = m.not();
        }
        if (validity != null) {
            m = m.and(VectorMask.fromLong(INT, Bitmaps.word(validity, bit)));
        }
        return m;
    }

    /** The mask over int lanes whose low half is {@code low} and high half {@code high} (8-byte lane masks as bits). */
    private static VectorMask<Integer> join(long low, long high) {
        return VectorMask.fromLong(INT, low | high << LONG_LANES);
    }

    /** {@code m} restricted to rows valid in both columns (a null bitmap has no nulls). */
    private static VectorMask<Integer> bothValid(VectorMask<Integer> m, MemorySegment a, long aBit, MemorySegment b, long bBit) {
        if (a != null) {
            m = m.and(VectorMask.fromLong(INT, Bitmaps.word(a, aBit)));
        }
        if (b != null) {
            m = m.and(VectorMask.fromLong(INT, Bitmaps.word(b, bBit)));
        }
        return m;
    }

    // ---- value in [low, high], XOR negate ----

    static int rangeInt(MemorySegment data, long offset, MemorySegment validity, int count, int low, int high, boolean negate, int[] out) {
        int end = INT.loopBound(count);
        int n = 0;
        for (int r = 0; r < end; r += INT_LANES) {
            IntVector v = IntVector.fromMemorySegment(INT, data, (offset + r) << 2, LE_ORDER);
            n = SimdSelections.emit(adjust(v.compare(GE, low).and(v.compare(LE, high)), negate, validity, offset + r), r, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.rangeInt(data, offset, end, count, low, high, negate, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }

    static int rangeFloat(MemorySegment data, long offset, MemorySegment validity, int count, float low, float high, boolean negate, int[] out) {
        int end = INT.loopBound(count);
        int n = 0;
        for (int r = 0; r < end; r += INT_LANES) {
            FloatVector v = FloatVector.fromMemorySegment(FLOAT, data, (offset + r) << 2, LE_ORDER);
            n = SimdSelections.emit(adjust(v.compare(GE, low).and(v.compare(LE, high)).cast(INT), negate, validity, offset + r), r, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.rangeFloat(data, offset, end, count, low, high, negate, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }

    static int rangeLong(MemorySegment data, long offset, MemorySegment validity, int count, long low, long high, boolean negate, int[] out) {
        int end = INT.loopBound(count);
        int n = 0;
        for (int r = 0; r < end; r += INT_LANES) {
            LongVector x = LongVector.fromMemorySegment(LONG, data, (offset + r) << 3, LE_ORDER);
            LongVector y = LongVector.fromMemorySegment(LONG, data, (offset + r + LONG_LANES) << 3, LE_ORDER);
            VectorMask<Integer> m = join(x.compare(GE, low).and(x.compare(LE, high)).toLong(), y.compare(GE, low).and(y.compare(LE, high)).toLong());
            n = SimdSelections.emit(adjust(m, negate, validity, offset + r), r, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.rangeLong(data, offset, end, count, low, high, negate, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }

    static int rangeDouble(MemorySegment data, long offset, MemorySegment validity, int count, double low, double high, boolean negate, int[] out) {
        int end = INT.loopBound(count);
        int n = 0;
        for (int r = 0; r < end; r += INT_LANES) {
            DoubleVector x = DoubleVector.fromMemorySegment(DOUBLE, data, (offset + r) << 3, LE_ORDER);
            DoubleVector y = DoubleVector.fromMemorySegment(DOUBLE, data, (offset + r + LONG_LANES) << 3, LE_ORDER);
            VectorMask<Integer> m = join(x.compare(GE, low).and(x.compare(LE, high)).toLong(), y.compare(GE, low).and(y.compare(LE, high)).toLong());
            n = SimdSelections.emit(adjust(m, negate, validity, offset + r), r, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.rangeDouble(data, offset, end, count, low, high, negate, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }

    // ---- column op column: the operator selects among the less/equal/greater/unordered masks ----

    static int compareInt(MemorySegment a, long aOffset, MemorySegment aValidity, MemorySegment b, long bOffset, MemorySegment bValidity,
            int count, boolean less, boolean equal, boolean greater, int[] out) {
        int end = INT.loopBound(count);
        VectorMask<Integer> fLess = INT.maskAll(less);
        VectorMask<Integer> fEqual = INT.maskAll(equal);
        VectorMask<Integer> fGreater = INT.maskAll(greater);
        int n = 0;
        for (int r = 0; r < end; r += INT_LANES) {
            IntVector x = IntVector.fromMemorySegment(INT, a, (aOffset + r) << 2, LE_ORDER);
            IntVector y = IntVector.fromMemorySegment(INT, b, (bOffset + r) << 2, LE_ORDER);
            VectorMask<Integer> lt = x.compare(LT, y);
            VectorMask<Integer> eq = x.compare(EQ, y);
            VectorMask<Integer> m = lt.and(fLess).or(eq.and(fEqual)).or(lt.or(eq).not().and(fGreater));
            n = SimdSelections.emit(bothValid(m, aValidity, aOffset + r, bValidity, bOffset + r), r, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.compareInt(a, aOffset, b, bOffset, end, count, less, equal, greater, out, n);
        n = ScalarSelectionLoops.dropNulls(aValidity, aOffset, out, tail, n);
        return ScalarSelectionLoops.dropNulls(bValidity, bOffset, out, tail, n);
    }

    static int compareFloat(MemorySegment a, long aOffset, MemorySegment aValidity, MemorySegment b, long bOffset, MemorySegment bValidity,
            int count, boolean less, boolean equal, boolean greater, boolean unordered, int[] out) {
        int end = INT.loopBound(count);
        VectorMask<Float> fLess = FLOAT.maskAll(less);
        VectorMask<Float> fEqual = FLOAT.maskAll(equal);
        VectorMask<Float> fGreater = FLOAT.maskAll(greater);
        VectorMask<Float> fUnordered = FLOAT.maskAll(unordered);
        int n = 0;
        for (int r = 0; r < end; r += INT_LANES) {
            FloatVector x = FloatVector.fromMemorySegment(FLOAT, a, (aOffset + r) << 2, LE_ORDER);
            FloatVector y = FloatVector.fromMemorySegment(FLOAT, b, (bOffset + r) << 2, LE_ORDER);
            VectorMask<Float> lt = x.compare(LT, y);
            VectorMask<Float> eq = x.compare(EQ, y);
            VectorMask<Float> gt = x.compare(GT, y);
            VectorMask<Float> m = lt.and(fLess).or(eq.and(fEqual)).or(gt.and(fGreater)).or(lt.or(eq).or(gt).not().and(fUnordered));
            n = SimdSelections.emit(bothValid(m.cast(INT), aValidity, aOffset + r, bValidity, bOffset + r), r, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.compareFloat(a, aOffset, b, bOffset, end, count, less, equal, greater, unordered, out, n);
        n = ScalarSelectionLoops.dropNulls(aValidity, aOffset, out, tail, n);
        return ScalarSelectionLoops.dropNulls(bValidity, bOffset, out, tail, n);
    }

    static int compareLong(MemorySegment a, long aOffset, MemorySegment aValidity, MemorySegment b, long bOffset, MemorySegment bValidity,
            int count, boolean less, boolean equal, boolean greater, int[] out) {
        int end = INT.loopBound(count);
        long fLess = less ? -1L : 0L;
        long fEqual = equal ? -1L : 0L;
        long fGreater = greater ? -1L : 0L;
        int n = 0;
        for (int r = 0; r < end; r += INT_LANES) {
            LongVector x1 = LongVector.fromMemorySegment(LONG, a, (aOffset + r) << 3, LE_ORDER);
            LongVector y1 = LongVector.fromMemorySegment(LONG, b, (bOffset + r) << 3, LE_ORDER);
            LongVector x2 = LongVector.fromMemorySegment(LONG, a, (aOffset + r + LONG_LANES) << 3, LE_ORDER);
            LongVector y2 = LongVector.fromMemorySegment(LONG, b, (bOffset + r + LONG_LANES) << 3, LE_ORDER);
            long lt = x1.compare(LT, y1).toLong() | x2.compare(LT, y2).toLong() << LONG_LANES;
            long eq = x1.compare(EQ, y1).toLong() | x2.compare(EQ, y2).toLong() << LONG_LANES;
            long bits = (lt & fLess) | (eq & fEqual) | (~(lt | eq) & fGreater);
            n = SimdSelections.emit(bothValid(VectorMask.fromLong(INT, bits), aValidity, aOffset + r, bValidity, bOffset + r), r, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.compareLong(a, aOffset, b, bOffset, end, count, less, equal, greater, out, n);
        n = ScalarSelectionLoops.dropNulls(aValidity, aOffset, out, tail, n);
        return ScalarSelectionLoops.dropNulls(bValidity, bOffset, out, tail, n);
    }

    static int compareDouble(MemorySegment a, long aOffset, MemorySegment aValidity, MemorySegment b, long bOffset, MemorySegment bValidity,
            int count, boolean less, boolean equal, boolean greater, boolean unordered, int[] out) {
        int end = INT.loopBound(count);
        long fLess = less ? -1L : 0L;
        long fEqual = equal ? -1L : 0L;
        long fGreater = greater ? -1L : 0L;
        long fUnordered = unordered ? -1L : 0L;
        int n = 0;
        for (int r = 0; r < end; r += INT_LANES) {
            DoubleVector x1 = DoubleVector.fromMemorySegment(DOUBLE, a, (aOffset + r) << 3, LE_ORDER);
            DoubleVector y1 = DoubleVector.fromMemorySegment(DOUBLE, b, (bOffset + r) << 3, LE_ORDER);
            DoubleVector x2 = DoubleVector.fromMemorySegment(DOUBLE, a, (aOffset + r + LONG_LANES) << 3, LE_ORDER);
            DoubleVector y2 = DoubleVector.fromMemorySegment(DOUBLE, b, (bOffset + r + LONG_LANES) << 3, LE_ORDER);
            long lt = x1.compare(LT, y1).toLong() | x2.compare(LT, y2).toLong() << LONG_LANES;
            long eq = x1.compare(EQ, y1).toLong() | x2.compare(EQ, y2).toLong() << LONG_LANES;
            long gt = x1.compare(GT, y1).toLong() | x2.compare(GT, y2).toLong() << LONG_LANES;
            long bits = (lt & fLess) | (eq & fEqual) | (gt & fGreater) | (~(lt | eq | gt) & fUnordered);
            n = SimdSelections.emit(bothValid(VectorMask.fromLong(INT, bits), aValidity, aOffset + r, bValidity, bOffset + r), r, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.compareDouble(a, aOffset, b, bOffset, end, count, less, equal, greater, unordered, out, n);
        n = ScalarSelectionLoops.dropNulls(aValidity, aOffset, out, tail, n);
        return ScalarSelectionLoops.dropNulls(bValidity, bOffset, out, tail, n);
    }

    // ---- IN over at most VECTOR_IN_MAX values: one lane-wise equality per value, ORed ----

    static int inInt(MemorySegment data, long offset, MemorySegment validity, int count, int[] values, int[] out) {
        int end = INT.loopBound(count);
        int n = 0;
        for (int r = 0; r < end; r += INT_LANES) {
            IntVector v = IntVector.fromMemorySegment(INT, data, (offset + r) << 2, LE_ORDER);
            VectorMask<Integer> hit = v.compare(EQ, values[0]);
            for (int k = 1; k < values.length; k++) {
                hit = hit.or(v.compare(EQ, values[k]));
            }
            n = SimdSelections.emit(adjust(hit, false, validity, offset + r), r, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.inInt(data, offset, end, count, values, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }

    static int inFloat(MemorySegment data, long offset, MemorySegment validity, int count, float[] values, int[] out) {
        int end = INT.loopBound(count);
        int n = 0;
        for (int r = 0; r < end; r += INT_LANES) {
            FloatVector v = FloatVector.fromMemorySegment(FLOAT, data, (offset + r) << 2, LE_ORDER);
            VectorMask<Float> hit = v.compare(EQ, values[0]);
            for (int k = 1; k < values.length; k++) {
                hit = hit.or(v.compare(EQ, values[k]));
            }
            n = SimdSelections.emit(adjust(hit.cast(INT), false, validity, offset + r), r, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.inFloat(data, offset, end, count, values, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }

    static int inLong(MemorySegment data, long offset, MemorySegment validity, int count, long[] values, int[] out) {
        int end = INT.loopBound(count);
        int n = 0;
        for (int r = 0; r < end; r += INT_LANES) {
            LongVector x = LongVector.fromMemorySegment(LONG, data, (offset + r) << 3, LE_ORDER);
            LongVector y = LongVector.fromMemorySegment(LONG, data, (offset + r + LONG_LANES) << 3, LE_ORDER);
            VectorMask<Long> hitX = x.compare(EQ, values[0]);
            VectorMask<Long> hitY = y.compare(EQ, values[0]);
            for (int k = 1; k < values.length; k++) {
                hitX = hitX.or(x.compare(EQ, values[k]));
                hitY = hitY.or(y.compare(EQ, values[k]));
            }
            n = SimdSelections.emit(adjust(join(hitX.toLong(), hitY.toLong()), false, validity, offset + r), r, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.inLong(data, offset, end, count, values, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }

    static int inDouble(MemorySegment data, long offset, MemorySegment validity, int count, double[] values, int[] out) {
        int end = INT.loopBound(count);
        int n = 0;
        for (int r = 0; r < end; r += INT_LANES) {
            DoubleVector x = DoubleVector.fromMemorySegment(DOUBLE, data, (offset + r) << 3, LE_ORDER);
            DoubleVector y = DoubleVector.fromMemorySegment(DOUBLE, data, (offset + r + LONG_LANES) << 3, LE_ORDER);
            VectorMask<Double> hitX = x.compare(EQ, values[0]);
            VectorMask<Double> hitY = y.compare(EQ, values[0]);
            for (int k = 1; k < values.length; k++) {
                hitX = hitX.or(x.compare(EQ, values[k]));
                hitY = hitY.or(y.compare(EQ, values[k]));
            }
            n = SimdSelections.emit(adjust(join(hitX.toLong(), hitY.toLong()), false, validity, offset + r), r, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.inDouble(data, offset, end, count, values, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }
}
