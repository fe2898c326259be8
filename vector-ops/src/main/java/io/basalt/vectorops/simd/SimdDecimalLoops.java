package io.basalt.vectorops.simd;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import io.basalt.vectorops.SimdSpecies;
import io.basalt.vectorops.scalar.ScalarDecimalLoops;

/**
 * Vector API versions of {@link ScalarDecimalLoops}, same signatures and results. Each chunk is
 * computed with wrapping lane arithmetic and then checked with vector compares that flag every
 * lane that might overflow (a superset); a flagged chunk is recomputed by the scalar loop, which
 * is exact, skips null rows and reports the row. Only load when {@code VectorSupport.isAvailable()}.
 * Stateless and thread-safe.
 */
public final class SimdDecimalLoops {
    private static final VectorSpecies<Long> LONG = SimdSpecies.LONG;
    private static final VectorSpecies<Integer> INT_HALF = LaneMatchedSpecies.INT;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /**
     * A product whose double estimate stays below 2^62 is below 2^63 exactly (the estimate's
     * relative error is about 2^-51), so the wrapped lane product is exact; one at or above it is
     * above 10^18 and overflows any precision.
     */
    private static final double PRODUCT_BOUND = 0x1p62;

    private SimdDecimalLoops() {}

    // Range checks |r| < limit are one unsigned compare each: r + (limit - 1) must stay within
    // [0, 2 * (limit - 1)]. They are written out in the loops, as C2 does not reliably inline
    // vector-valued helpers (one that is not inlined boxes its vectors).

    public static int add(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            long limit, MemorySegment valid, long validBit) {
        long bias = limit - 1;
        long span = 2 * bias;
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long o = (long) i << 3;
            LongVector x = LongVector.fromMemorySegment(LONG, a, aOff + o, LE);
            LongVector y = LongVector.fromMemorySegment(LONG, b, bOff + o, LE);
            LongVector r = x.add(y);
            VectorMask<Long> bad = x.lanewise(VectorOperators.XOR, r).and(y.lanewise(VectorOperators.XOR, r))
                    .compare(VectorOperators.LT, 0).or(r.add(bias).compare(VectorOperators.UGT, span));
            if (bad.anyTrue()) {
                int row = ScalarDecimalLoops.add(a, aOff + o, b, bOff + o, out, outOff + o, LONG.length(), limit, valid, validBit + i);
                if (row >= 0) {
                    return i + row;
                }
                continue;
            }
            r.intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        int row = ScalarDecimalLoops.add(a, aOff + o, b, bOff + o, out, outOff + o, count - i, limit, valid, validBit + i);
        return row < 0 ? -1 : i + row;
    }

    public static int subtract(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            long limit, MemorySegment valid, long validBit) {
        long bias = limit - 1;
        long span = 2 * bias;
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long o = (long) i << 3;
            LongVector x = LongVector.fromMemorySegment(LONG, a, aOff + o, LE);
            LongVector y = LongVector.fromMemorySegment(LONG, b, bOff + o, LE);
            LongVector r = x.sub(y);
            VectorMask<Long> bad = x.lanewise(VectorOperators.XOR, y).and(x.lanewise(VectorOperators.XOR, r))
                    .compare(VectorOperators.LT, 0).or(r.add(bias).compare(VectorOperators.UGT, span));
            if (bad.anyTrue()) {
                int row = ScalarDecimalLoops.subtract(a, aOff + o, b, bOff + o, out, outOff + o, LONG.length(), limit, valid, validBit + i);
                if (row >= 0) {
                    return i + row;
                }
                continue;
            }
            r.intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        int row = ScalarDecimalLoops.subtract(a, aOff + o, b, bOff + o, out, outOff + o, count - i, limit, valid, validBit + i);
        return row < 0 ? -1 : i + row;
    }

    public static int addRescaled(MemorySegment a, long aOff, long aFactor, MemorySegment b, long bOff, long bFactor,
            MemorySegment out, long outOff, int count, long limit, MemorySegment valid, long validBit) {
        long aMax = Long.MAX_VALUE / aFactor; // |x| <= aMax keeps x * aFactor in range
        long bMax = Long.MAX_VALUE / bFactor;
        long bias = limit - 1;
        long span = 2 * bias;
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long o = (long) i << 3;
            LongVector x = LongVector.fromMemorySegment(LONG, a, aOff + o, LE);
            LongVector y = LongVector.fromMemorySegment(LONG, b, bOff + o, LE);
            LongVector xs = x.mul(aFactor);
            LongVector ys = y.mul(bFactor);
            LongVector r = xs.add(ys);
            VectorMask<Long> bad = x.add(aMax).compare(VectorOperators.UGT, 2 * aMax)
                    .or(y.add(bMax).compare(VectorOperators.UGT, 2 * bMax))
                    .or(xs.lanewise(VectorOperators.XOR, r).and(ys.lanewise(VectorOperators.XOR, r)).compare(VectorOperators.LT, 0))
                    .or(r.add(bias).compare(VectorOperators.UGT, span));
            if (bad.anyTrue()) {
                int row = ScalarDecimalLoops.addRescaled(a, aOff + o, aFactor, b, bOff + o, bFactor, out, outOff + o, LONG.length(),
                        limit, valid, validBit + i);
                if (row >= 0) {
                    return i + row;
                }
                continue;
            }
            r.intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        int row = ScalarDecimalLoops.addRescaled(a, aOff + o, aFactor, b, bOff + o, bFactor, out, outOff + o, count - i, limit,
                valid, validBit + i);
        return row < 0 ? -1 : i + row;
    }

    public static int subtractRescaled(MemorySegment a, long aOff, long aFactor, MemorySegment b, long bOff, long bFactor,
            MemorySegment out, long outOff, int count, long limit, MemorySegment valid, long validBit) {
        long aMax = Long.MAX_VALUE / aFactor;
        long bMax = Long.MAX_VALUE / bFactor;
        long bias = limit - 1;
        long span = 2 * bias;
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long o = (long) i << 3;
            LongVector x = LongVector.fromMemorySegment(LONG, a, aOff + o, LE);
            LongVector y = LongVector.fromMemorySegment(LONG, b, bOff + o, LE);
            LongVector xs = x.mul(aFactor);
            LongVector ys = y.mul(bFactor);
            LongVector r = xs.sub(ys);
            VectorMask<Long> bad = x.add(aMax).compare(VectorOperators.UGT, 2 * aMax)
                    .or(y.add(bMax).compare(VectorOperators.UGT, 2 * bMax))
                    .or(xs.lanewise(VectorOperators.XOR, ys).and(xs.lanewise(VectorOperators.XOR, r)).compare(VectorOperators.LT, 0))
                    .or(r.add(bias).compare(VectorOperators.UGT, span));
            if (bad.anyTrue()) {
                int row = ScalarDecimalLoops.subtractRescaled(a, aOff + o, aFactor, b, bOff + o, bFactor, out, outOff + o,
                        LONG.length(), limit, valid, validBit + i);
                if (row >= 0) {
                    return i + row;
                }
                continue;
            }
            r.intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        int row = ScalarDecimalLoops.subtractRescaled(a, aOff + o, aFactor, b, bOff + o, bFactor, out, outOff + o, count - i,
                limit, valid, validBit + i);
        return row < 0 ? -1 : i + row;
    }

    /** Exact without a 128-bit lane product: see {@link #PRODUCT_BOUND}. */
    public static int multiply(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            long limit, MemorySegment valid, long validBit) {
        long bias = limit - 1;
        long span = 2 * bias;
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long o = (long) i << 3;
            LongVector x = LongVector.fromMemorySegment(LONG, a, aOff + o, LE);
            LongVector y = LongVector.fromMemorySegment(LONG, b, bOff + o, LE);
            LongVector r = x.mul(y);
            DoubleVector estimate = ((DoubleVector) x.convert(VectorOperators.L2D, 0)).mul((DoubleVector) y.convert(VectorOperators.L2D, 0));
            VectorMask<Long> bad = estimate.abs().compare(VectorOperators.GE, PRODUCT_BOUND).cast(LONG).or(r.add(bias).compare(VectorOperators.UGT, span));
            if (bad.anyTrue()) {
                int row = ScalarDecimalLoops.multiply(a, aOff + o, b, bOff + o, out, outOff + o, LONG.length(), limit, valid, validBit + i);
                if (row >= 0) {
                    return i + row;
                }
                continue;
            }
            r.intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        int row = ScalarDecimalLoops.multiply(a, aOff + o, b, bOff + o, out, outOff + o, count - i, limit, valid, validBit + i);
        return row < 0 ? -1 : i + row;
    }

    // Decimal division needs 128-bit intermediates and a per-row divisor; x86 has no vector
    // integer division, so it stays scalar.
    public static int divide(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            int shift, long limit, MemorySegment valid, long validBit) {
        return ScalarDecimalLoops.divide(a, aOff, b, bOff, out, outOff, count, shift, limit, valid, validBit);
    }

    // ---- rescaling (casts) ----

    public static int scaleUp(MemorySegment in, long inOff, MemorySegment out, long outOff, int count, long factor, long maxAbs,
            MemorySegment valid, long validBit) {
        long bias = maxAbs - 1;
        long span = 2 * bias;
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long o = (long) i << 3;
            LongVector x = LongVector.fromMemorySegment(LONG, in, inOff + o, LE);
            if (x.add(bias).compare(VectorOperators.UGT, span).anyTrue()) {
                int row = ScalarDecimalLoops.scaleUp(in, inOff + o, out, outOff + o, LONG.length(), factor, maxAbs, valid, validBit + i);
                if (row >= 0) {
                    return i + row;
                }
                continue;
            }
            x.mul(factor).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        int row = ScalarDecimalLoops.scaleUp(in, inOff + o, out, outOff + o, count - i, factor, maxAbs, valid, validBit + i);
        return row < 0 ? -1 : i + row;
    }

    public static int scaleUpInt(MemorySegment in, long inOff, MemorySegment out, long outOff, int count, long factor, long maxAbs,
            MemorySegment valid, long validBit) {
        long bias = maxAbs - 1;
        long span = 2 * bias;
        int bound = INT_HALF.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT_HALF.length()) {
            long io = inOff + ((long) i << 2);
            long o = outOff + ((long) i << 3);
            LongVector x = (LongVector) IntVector.fromMemorySegment(INT_HALF, in, io, LE).convertShape(VectorOperators.I2L, LONG, 0);
            if (x.add(bias).compare(VectorOperators.UGT, span).anyTrue()) {
                int row = ScalarDecimalLoops.scaleUpInt(in, io, out, o, INT_HALF.length(), factor, maxAbs, valid, validBit + i);
                if (row >= 0) {
                    return i + row;
                }
                continue;
            }
            x.mul(factor).intoMemorySegment(out, o, LE);
        }
        int row = ScalarDecimalLoops.scaleUpInt(in, inOff + ((long) i << 2), out, outOff + ((long) i << 3), count - i, factor, maxAbs,
                valid, validBit + i);
        return row < 0 ? -1 : i + row;
    }

    // Rounding division by a power of ten chosen at run time has no vector instruction on x86
    // (no lane division, no 64x64->128 multiply for a reciprocal), so it stays scalar.
    public static int scaleDown(MemorySegment in, long inOff, MemorySegment out, long outOff, int count, long divisor, long limit,
            MemorySegment valid, long validBit) {
        return ScalarDecimalLoops.scaleDown(in, inOff, out, outOff, count, divisor, limit, valid, validBit);
    }

    /** Lane conversion and IEEE division round exactly like the scalar {@code (double) x / divisor}. */
    public static void toDouble(MemorySegment in, long inOff, MemorySegment out, long outOff, int count, double divisor) {
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long o = (long) i << 3;
            LongVector x = LongVector.fromMemorySegment(LONG, in, inOff + o, LE);
            ((DoubleVector) x.convert(VectorOperators.L2D, 0)).div(divisor).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarDecimalLoops.toDouble(in, inOff + o, out, outOff + o, count - i, divisor);
    }
}
