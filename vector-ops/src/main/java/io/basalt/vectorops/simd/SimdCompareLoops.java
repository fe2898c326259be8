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
 * Vector loops behind numeric comparisons, BETWEEN and IN. Rows go in blocks of 64, one realigned
 * validity word per block. A 4-byte compare yields a mask over as many lanes as the index vector,
 * so it is restricted to its valid lanes and emitted directly; the 8-byte compares of a block are
 * first packed into one 64-bit match word (two long masks per group of int lanes). Indices come
 * from {@link SimdSelections#emit}; the last {@code count % 64} rows run through the scalar loops.
 * Every comparison operator is fixed at its call site, as the Vector API intrinsics need. Stateless.
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

    /** The 64 validity bits of a block (all set without a bitmap). */
    private static long valid(MemorySegment validity, long bit) {
        return validity == null ? -1L : Bitmaps.word(validity, bit);
    }

    /**
     * A 4-byte compare's mask, negated if asked and restricted to the valid lanes (those of the
     * block's validity word from lane {@code j}); the flags are loop-invariant, so the branches cost
     * less than always applying all-true masks.
     */
    private static VectorMask<Integer> adjust(VectorMask<Integer> m, boolean negate, boolean hasNulls, long valid, int j) {
        if (negate) {
            m = m.not();
        }
        if (hasNulls) {
            m = m.and(VectorMask.fromLong(INT, valid >>> j));
        }
        return m;
    }

    // ---- value in [low, high], XOR negate ----

    static int rangeInt(MemorySegment data, long offset, MemorySegment validity, int count, int low, int high, boolean negate, int[] out) {
        int blocks = count & ~63;
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            long valid = valid(validity, offset + base);
            for (int j = 0; j < 64; j += INT_LANES) {
                IntVector v = IntVector.fromMemorySegment(INT, data, (offset + base + j) << 2, LE_ORDER);
                VectorMask<Integer> m = v.compare(GE, low).and(v.compare(LE, high));
                n = SimdSelections.emit(adjust(m, negate, validity != null, valid, j), base + j, out, n);
            }
        }
        int tail = n;
        n = ScalarCompareLoops.rangeInt(data, offset, blocks, count, low, high, negate, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }

    static int rangeLong(MemorySegment data, long offset, MemorySegment validity, int count, long low, long high, boolean negate, int[] out) {
        int blocks = count & ~63;
        long flip = negate ? -1L : 0L;
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            long bits = 0;
            for (int j = 0; j < 64; j += LONG_LANES) {
                LongVector v = LongVector.fromMemorySegment(LONG, data, (offset + base + j) << 3, LE_ORDER);
                bits |= v.compare(GE, low).and(v.compare(LE, high)).toLong() << j;
            }
            n = SimdSelections.emit((bits ^ flip) & valid(validity, offset + base), base, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.rangeLong(data, offset, blocks, count, low, high, negate, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }

    static int rangeFloat(MemorySegment data, long offset, MemorySegment validity, int count, float low, float high, boolean negate, int[] out) {
        int blocks = count & ~63;
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            long valid = valid(validity, offset + base);
            for (int j = 0; j < 64; j += INT_LANES) {
                FloatVector v = FloatVector.fromMemorySegment(FLOAT, data, (offset + base + j) << 2, LE_ORDER);
                VectorMask<Integer> m = v.compare(GE, low).and(v.compare(LE, high)).cast(INT);
                n = SimdSelections.emit(adjust(m, negate, validity != null, valid, j), base + j, out, n);
            }
        }
        int tail = n;
        n = ScalarCompareLoops.rangeFloat(data, offset, blocks, count, low, high, negate, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }

    static int rangeDouble(MemorySegment data, long offset, MemorySegment validity, int count, double low, double high, boolean negate, int[] out) {
        int blocks = count & ~63;
        long flip = negate ? -1L : 0L;
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            long bits = 0;
            for (int j = 0; j < 64; j += LONG_LANES) {
                DoubleVector v = DoubleVector.fromMemorySegment(DOUBLE, data, (offset + base + j) << 3, LE_ORDER);
                bits |= v.compare(GE, low).and(v.compare(LE, high)).toLong() << j;
            }
            n = SimdSelections.emit((bits ^ flip) & valid(validity, offset + base), base, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.rangeDouble(data, offset, blocks, count, low, high, negate, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }

    // ---- column op column: less/equal/greater/unordered words combined with the operator's flags ----

    static int compareInt(MemorySegment a, long aOffset, MemorySegment aValidity, MemorySegment b, long bOffset, MemorySegment bValidity,
            int count, boolean less, boolean equal, boolean greater, int[] out) {
        int blocks = count & ~63;
        VectorMask<Integer> fLess = INT.maskAll(less);
        VectorMask<Integer> fEqual = INT.maskAll(equal);
        VectorMask<Integer> fGreater = INT.maskAll(greater);
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            long valid = valid(aValidity, aOffset + base) & valid(bValidity, bOffset + base);
            for (int j = 0; j < 64; j += INT_LANES) {
                IntVector x = IntVector.fromMemorySegment(INT, a, (aOffset + base + j) << 2, LE_ORDER);
                IntVector y = IntVector.fromMemorySegment(INT, b, (bOffset + base + j) << 2, LE_ORDER);
                VectorMask<Integer> lt = x.compare(LT, y);
                VectorMask<Integer> eq = x.compare(EQ, y);
                VectorMask<Integer> m = lt.and(fLess).or(eq.and(fEqual)).or(lt.or(eq).not().and(fGreater));
                n = SimdSelections.emit(adjust(m, false, aValidity != null || bValidity != null, valid, j), base + j, out, n);
            }
        }
        int tail = n;
        n = ScalarCompareLoops.compareInt(a, aOffset, b, bOffset, blocks, count, less, equal, greater, out, n);
        n = ScalarSelectionLoops.dropNulls(aValidity, aOffset, out, tail, n);
        return ScalarSelectionLoops.dropNulls(bValidity, bOffset, out, tail, n);
    }

    static int compareLong(MemorySegment a, long aOffset, MemorySegment aValidity, MemorySegment b, long bOffset, MemorySegment bValidity,
            int count, boolean less, boolean equal, boolean greater, int[] out) {
        int blocks = count & ~63;
        long fLess = less ? -1L : 0L;
        long fEqual = equal ? -1L : 0L;
        long fGreater = greater ? -1L : 0L;
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            long lt = 0;
            long eq = 0;
            for (int j = 0; j < 64; j += LONG_LANES) {
                LongVector x = LongVector.fromMemorySegment(LONG, a, (aOffset + base + j) << 3, LE_ORDER);
                LongVector y = LongVector.fromMemorySegment(LONG, b, (bOffset + base + j) << 3, LE_ORDER);
                lt |= x.compare(LT, y).toLong() << j;
                eq |= x.compare(EQ, y).toLong() << j;
            }
            long bits = (lt & fLess) | (eq & fEqual) | (~(lt | eq) & fGreater);
            n = SimdSelections.emit(bits & valid(aValidity, aOffset + base) & valid(bValidity, bOffset + base), base, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.compareLong(a, aOffset, b, bOffset, blocks, count, less, equal, greater, out, n);
        n = ScalarSelectionLoops.dropNulls(aValidity, aOffset, out, tail, n);
        return ScalarSelectionLoops.dropNulls(bValidity, bOffset, out, tail, n);
    }

    static int compareFloat(MemorySegment a, long aOffset, MemorySegment aValidity, MemorySegment b, long bOffset, MemorySegment bValidity,
            int count, boolean less, boolean equal, boolean greater, boolean unordered, int[] out) {
        int blocks = count & ~63;
        VectorMask<Float> fLess = FLOAT.maskAll(less);
        VectorMask<Float> fEqual = FLOAT.maskAll(equal);
        VectorMask<Float> fGreater = FLOAT.maskAll(greater);
        VectorMask<Float> fUnordered = FLOAT.maskAll(unordered);
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            long valid = valid(aValidity, aOffset + base) & valid(bValidity, bOffset + base);
            for (int j = 0; j < 64; j += INT_LANES) {
                FloatVector x = FloatVector.fromMemorySegment(FLOAT, a, (aOffset + base + j) << 2, LE_ORDER);
                FloatVector y = FloatVector.fromMemorySegment(FLOAT, b, (bOffset + base + j) << 2, LE_ORDER);
                VectorMask<Float> lt = x.compare(LT, y);
                VectorMask<Float> eq = x.compare(EQ, y);
                VectorMask<Float> gt = x.compare(GT, y);
                VectorMask<Float> m = lt.and(fLess).or(eq.and(fEqual)).or(gt.and(fGreater)).or(lt.or(eq).or(gt).not().and(fUnordered));
                n = SimdSelections.emit(adjust(m.cast(INT), false, aValidity != null || bValidity != null, valid, j), base + j, out, n);
            }
        }
        int tail = n;
        n = ScalarCompareLoops.compareFloat(a, aOffset, b, bOffset, blocks, count, less, equal, greater, unordered, out, n);
        n = ScalarSelectionLoops.dropNulls(aValidity, aOffset, out, tail, n);
        return ScalarSelectionLoops.dropNulls(bValidity, bOffset, out, tail, n);
    }

    static int compareDouble(MemorySegment a, long aOffset, MemorySegment aValidity, MemorySegment b, long bOffset, MemorySegment bValidity,
            int count, boolean less, boolean equal, boolean greater, boolean unordered, int[] out) {
        int blocks = count & ~63;
        long fLess = less ? -1L : 0L;
        long fEqual = equal ? -1L : 0L;
        long fGreater = greater ? -1L : 0L;
        long fUnordered = unordered ? -1L : 0L;
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            long lt = 0;
            long eq = 0;
            long gt = 0;
            for (int j = 0; j < 64; j += LONG_LANES) {
                DoubleVector x = DoubleVector.fromMemorySegment(DOUBLE, a, (aOffset + base + j) << 3, LE_ORDER);
                DoubleVector y = DoubleVector.fromMemorySegment(DOUBLE, b, (bOffset + base + j) << 3, LE_ORDER);
                lt |= x.compare(LT, y).toLong() << j;
                eq |= x.compare(EQ, y).toLong() << j;
                gt |= x.compare(GT, y).toLong() << j;
            }
            long bits = (lt & fLess) | (eq & fEqual) | (gt & fGreater) | (~(lt | eq | gt) & fUnordered);
            n = SimdSelections.emit(bits & valid(aValidity, aOffset + base) & valid(bValidity, bOffset + base), base, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.compareDouble(a, aOffset, b, bOffset, blocks, count, less, equal, greater, unordered, out, n);
        n = ScalarSelectionLoops.dropNulls(aValidity, aOffset, out, tail, n);
        return ScalarSelectionLoops.dropNulls(bValidity, bOffset, out, tail, n);
    }

    // ---- IN over at most VECTOR_IN_MAX values: one lane-wise equality per value, ORed ----

    static int inInt(MemorySegment data, long offset, MemorySegment validity, int count, int[] values, int[] out) {
        int blocks = count & ~63;
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            long valid = valid(validity, offset + base);
            for (int j = 0; j < 64; j += INT_LANES) {
                IntVector v = IntVector.fromMemorySegment(INT, data, (offset + base + j) << 2, LE_ORDER);
                VectorMask<Integer> hit = v.compare(EQ, values[0]);
                for (int k = 1; k < values.length; k++) {
                    hit = hit.or(v.compare(EQ, values[k]));
                }
                n = SimdSelections.emit(adjust(hit, false, validity != null, valid, j), base + j, out, n);
            }
        }
        int tail = n;
        n = ScalarCompareLoops.inInt(data, offset, blocks, count, values, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }

    static int inLong(MemorySegment data, long offset, MemorySegment validity, int count, long[] values, int[] out) {
        int blocks = count & ~63;
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            long bits = 0;
            for (int j = 0; j < 64; j += LONG_LANES) {
                LongVector v = LongVector.fromMemorySegment(LONG, data, (offset + base + j) << 3, LE_ORDER);
                VectorMask<Long> hit = v.compare(EQ, values[0]);
                for (int k = 1; k < values.length; k++) {
                    hit = hit.or(v.compare(EQ, values[k]));
                }
                bits |= hit.toLong() << j;
            }
            n = SimdSelections.emit(bits & valid(validity, offset + base), base, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.inLong(data, offset, blocks, count, values, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }

    static int inFloat(MemorySegment data, long offset, MemorySegment validity, int count, float[] values, int[] out) {
        int blocks = count & ~63;
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            long valid = valid(validity, offset + base);
            for (int j = 0; j < 64; j += INT_LANES) {
                FloatVector v = FloatVector.fromMemorySegment(FLOAT, data, (offset + base + j) << 2, LE_ORDER);
                VectorMask<Float> hit = v.compare(EQ, values[0]);
                for (int k = 1; k < values.length; k++) {
                    hit = hit.or(v.compare(EQ, values[k]));
                }
                n = SimdSelections.emit(adjust(hit.cast(INT), false, validity != null, valid, j), base + j, out, n);
            }
        }
        int tail = n;
        n = ScalarCompareLoops.inFloat(data, offset, blocks, count, values, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }

    static int inDouble(MemorySegment data, long offset, MemorySegment validity, int count, double[] values, int[] out) {
        int blocks = count & ~63;
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            long bits = 0;
            for (int j = 0; j < 64; j += LONG_LANES) {
                DoubleVector v = DoubleVector.fromMemorySegment(DOUBLE, data, (offset + base + j) << 3, LE_ORDER);
                VectorMask<Double> hit = v.compare(EQ, values[0]);
                for (int k = 1; k < values.length; k++) {
                    hit = hit.or(v.compare(EQ, values[k]));
                }
                bits |= hit.toLong() << j;
            }
            n = SimdSelections.emit(bits & valid(validity, offset + base), base, out, n);
        }
        int tail = n;
        n = ScalarCompareLoops.inDouble(data, offset, blocks, count, values, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }
}
