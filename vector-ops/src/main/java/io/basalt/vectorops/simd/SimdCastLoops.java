package io.basalt.vectorops.simd;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import io.basalt.vectorops.SimdSpecies;
import io.basalt.vectorops.scalar.ScalarCastLoops;

/**
 * Vector API versions of {@link ScalarCastLoops}, same signatures and results. Casts between 4-
 * and 8-byte lanes go through {@link LaneMatchedSpecies} so each is one lane-for-lane conversion.
 * Checked casts test a whole chunk with vector compares and recompute a failing chunk with the
 * scalar loop for the exact row. Only load when
 * {@code VectorSupport.isAvailable()}. Stateless and thread-safe.
 */
public final class SimdCastLoops {
    private static final VectorSpecies<Long> LONG = SimdSpecies.LONG;
    private static final VectorSpecies<Double> DOUBLE = SimdSpecies.DOUBLE;
    private static final VectorSpecies<Integer> INT_HALF = LaneMatchedSpecies.INT;
    private static final VectorSpecies<Float> FLOAT_HALF = LaneMatchedSpecies.FLOAT;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private SimdCastLoops() {}

    public static void intToLong(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        int bound = INT_HALF.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT_HALF.length()) {
            IntVector v = IntVector.fromMemorySegment(INT_HALF, in, inOff + ((long) i << 2), LE);
            v.convertShape(VectorOperators.I2L, LONG, 0).intoMemorySegment(out, outOff + ((long) i << 3), LE);
        }
        ScalarCastLoops.intToLong(in, inOff + ((long) i << 2), out, outOff + ((long) i << 3), count - i);
    }

    public static void intToDouble(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        int bound = INT_HALF.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT_HALF.length()) {
            IntVector v = IntVector.fromMemorySegment(INT_HALF, in, inOff + ((long) i << 2), LE);
            v.convertShape(VectorOperators.I2D, DOUBLE, 0).intoMemorySegment(out, outOff + ((long) i << 3), LE);
        }
        ScalarCastLoops.intToDouble(in, inOff + ((long) i << 2), out, outOff + ((long) i << 3), count - i);
    }

    public static void longToDouble(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long o = (long) i << 3;
            LongVector.fromMemorySegment(LONG, in, inOff + o, LE).convert(VectorOperators.L2D, 0).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarCastLoops.longToDouble(in, inOff + o, out, outOff + o, count - i);
    }

    public static void floatToDouble(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        int bound = FLOAT_HALF.loopBound(count);
        int i = 0;
        for (; i < bound; i += FLOAT_HALF.length()) {
            FloatVector v = FloatVector.fromMemorySegment(FLOAT_HALF, in, inOff + ((long) i << 2), LE);
            v.convertShape(VectorOperators.F2D, DOUBLE, 0).intoMemorySegment(out, outOff + ((long) i << 3), LE);
        }
        ScalarCastLoops.floatToDouble(in, inOff + ((long) i << 2), out, outOff + ((long) i << 3), count - i);
    }

    public static int longToInt(MemorySegment in, long inOff, MemorySegment out, long outOff, int count, MemorySegment valid, long validBit) {
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long io = inOff + ((long) i << 3);
            long o = outOff + ((long) i << 2);
            LongVector x = LongVector.fromMemorySegment(LONG, in, io, LE);
            // x fits an int iff x + 2^31 lies in [0, 2^32) as an unsigned number
            if (x.add(1L << 31).compare(VectorOperators.UGE, 1L << 32).anyTrue()) {
                int row = ScalarCastLoops.longToInt(in, io, out, o, LONG.length(), valid, validBit + i);
                if (row >= 0) {
                    return i + row;
                }
                continue;
            }
            x.convertShape(VectorOperators.L2I, INT_HALF, 0).intoMemorySegment(out, o, LE);
        }
        int row = ScalarCastLoops.longToInt(in, inOff + ((long) i << 3), out, outOff + ((long) i << 2), count - i, valid, validBit + i);
        return row < 0 ? -1 : i + row;
    }

    /**
     * The scalar rounding in lanes: truncate ({@code D2L}), take the exact fraction and step one
     * away from zero when it is at least one half.
     */
    public static int doubleToLong(MemorySegment in, long inOff, MemorySegment out, long outOff, int count, MemorySegment valid, long validBit) {
        int bound = DOUBLE.loopBound(count);
        int i = 0;
        for (; i < bound; i += DOUBLE.length()) {
            long o = (long) i << 3;
            DoubleVector x = DoubleVector.fromMemorySegment(DOUBLE, in, inOff + o, LE);
            // NaN fails both compares
            if (!x.compare(VectorOperators.GE, -0x1p63).and(x.compare(VectorOperators.LT, 0x1p63)).allTrue()) {
                int row = ScalarCastLoops.doubleToLong(in, inOff + o, out, outOff + o, DOUBLE.length(), valid, validBit + i);
                if (row >= 0) {
                    return i + row;
                }
                continue;
            }
            LongVector t = (LongVector) x.convert(VectorOperators.D2L, 0);
            DoubleVector fraction = x.sub((DoubleVector) t.convert(VectorOperators.L2D, 0));
            VectorMask<Long> up = fraction.compare(VectorOperators.GE, 0.5).cast(LONG);
            VectorMask<Long> down = fraction.compare(VectorOperators.LE, -0.5).cast(LONG);
            t.add(1, up).sub(1, down).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        int row = ScalarCastLoops.doubleToLong(in, inOff + o, out, outOff + o, count - i, valid, validBit + i);
        return row < 0 ? -1 : i + row;
    }
}
