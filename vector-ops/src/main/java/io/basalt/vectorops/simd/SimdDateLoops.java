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
import io.basalt.vectorops.scalar.ScalarDateLoops;

/**
 * Vector API versions of {@link ScalarDateLoops}: Hinnant's {@code civil_from_days} in 64-bit lanes
 * with every division by a constant replaced by a multiply and shift, so it runs without a
 * division instruction. The magic multipliers are exact for all days in {@code [-2^25, 2^25)}
 * (about 1970 +- 91,000 years, checked exhaustively by the tests); a block of rows holding a day
 * outside that range is computed by the scalar loop instead. Only load when
 * {@code VectorSupport.isAvailable()}. Stateless and thread-safe.
 */
public final class SimdDateLoops {
    private static final VectorSpecies<Integer> INT_HALF = LaneMatchedSpecies.INT;
    private static final VectorSpecies<Long> LONG = SimdSpecies.LONG;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** Days handled in lanes: {@code [-RANGE, RANGE)}. */
    static final long RANGE = 1L << 25;
    /** Rows per range check (16 KB of microseconds, so a block stays in L1 between the passes). */
    private static final int BLOCK = 2048;

    /**
     * Whole 400-year eras added so that every in-range day maps to a non-negative day count (the
     * multiply-shift division is only exact for non-negative numerators), then subtracted from the
     * year again.
     */
    private static final long ERAS = 230;
    private static final long BIAS = 719_468 + 146_097 * ERAS;

    /**
     * {@code floor(x / d) == (x * magic(d)) >>> SHIFT} for {@code 0 <= x} with {@code x * d < 2^50}
     * and {@code x / d < 2^13} (so the product fits 63 bits): the multiplier exceeds
     * {@code 2^SHIFT / d} by less than 1, so the error {@code x * excess / 2^SHIFT} stays below
     * {@code 1 / d} (Granlund-Montgomery). The largest numerator here is below 2^27.
     */
    private static final int SHIFT = 50;
    private static final long M146097 = magic(146_097);
    private static final long M36524 = magic(36_524);
    private static final long M1460 = magic(1460);
    private static final long M365 = magic(365);
    private static final long M153 = magic(153);
    private static final long M100 = magic(100);
    private static final long M5 = magic(5);

    private static final long MICROS_PER_DAY = ScalarDateLoops.MICROS_PER_DAY;
    private static final int YEAR = 0;
    private static final int MONTH = 1;
    private static final int DAY = 2;
    private static final double DAYS_PER_MICRO = 1.0 / MICROS_PER_DAY;

    private SimdDateLoops() {}

    private static long magic(long d) {
        return (1L << SHIFT) / d + 1;
    }

    public static void yearOfDays(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        days(YEAR, in, inOff, out, outOff, count);
    }

    public static void monthOfDays(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        days(MONTH, in, inOff, out, outOff, count);
    }

    public static void dayOfDays(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        days(DAY, in, inOff, out, outOff, count);
    }

    public static void yearOfMicros(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        micros(YEAR, in, inOff, out, outOff, count);
    }

    public static void monthOfMicros(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        micros(MONTH, in, inOff, out, outOff, count);
    }

    public static void dayOfMicros(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        micros(DAY, in, inOff, out, outOff, count);
    }

    private static void scalar(int part, MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        switch (part) {
            case YEAR -> ScalarDateLoops.yearOfDays(in, inOff, out, outOff, count);
            case MONTH -> ScalarDateLoops.monthOfDays(in, inOff, out, outOff, count);
            default -> ScalarDateLoops.dayOfDays(in, inOff, out, outOff, count);
        }
    }

    private static void scalarMicros(int part, MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        switch (part) {
            case YEAR -> ScalarDateLoops.yearOfMicros(in, inOff, out, outOff, count);
            case MONTH -> ScalarDateLoops.monthOfMicros(in, inOff, out, outOff, count);
            default -> ScalarDateLoops.dayOfMicros(in, inOff, out, outOff, count);
        }
    }

    // The civil computation is written out in both loops rather than in helper methods: C2 does
    // not reliably inline vector-valued helpers of this size, and a helper that is not inlined
    // boxes every vector it takes or returns.
    //
    // Both loops work in blocks of BLOCK rows: a first pass checks the whole block against the
    // vector range and a second computes. Besides sparing the compute pass its checks, the first
    // pass pulls the block's cache lines in with many misses in flight; the compute-heavy pass
    // alone, streaming from memory, measured about 2x slower. A block with an out-of-range value
    // goes to the scalar loop.

    /** Date parts of int days. */
    private static void days(int part, MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        int bound = INT_HALF.loopBound(count);
        int i = 0;
        while (i < bound) {
            int end = Math.min(i + BLOCK, bound);
            VectorMask<Integer> outside = INT_HALF.maskAll(false);
            for (int j = i; j < end; j += INT_HALF.length()) {
                IntVector d = IntVector.fromMemorySegment(INT_HALF, in, inOff + ((long) j << 2), LE);
                outside = outside.or(d.add((int) RANGE).compare(VectorOperators.UGE, (int) (2 * RANGE)));
            }
            if (outside.anyTrue()) {
                scalar(part, in, inOff + ((long) i << 2), out, outOff + ((long) i << 2), end - i);
                i = end;
                continue;
            }
            for (; i < end; i += INT_HALF.length()) {
                long o = (long) i << 2;
                LongVector days = (LongVector) IntVector.fromMemorySegment(INT_HALF, in, inOff + o, LE).convertShape(VectorOperators.I2L, LONG, 0);
                LongVector z = days.add(BIAS);
                LongVector era = z.mul(M146097).lanewise(VectorOperators.LSHR, SHIFT);
                LongVector doe = z.sub(era.mul(146_097));
                LongVector yoe = doe.sub(doe.mul(M1460).lanewise(VectorOperators.LSHR, SHIFT))
                        .add(doe.mul(M36524).lanewise(VectorOperators.LSHR, SHIFT))
                        .sub(1, doe.compare(VectorOperators.EQ, 146_096))
                        .mul(M365).lanewise(VectorOperators.LSHR, SHIFT);
                LongVector doy = doe.sub(yoe.mul(365).add(yoe.lanewise(VectorOperators.LSHR, 2))
                        .sub(yoe.mul(M100).lanewise(VectorOperators.LSHR, SHIFT)));
                LongVector r;
                if (part == YEAR) {
                    // January and February (day of the March-based year >= 306) belong to the next year
                    r = yoe.add(era.mul(400)).sub(400 * ERAS).add(1, doy.compare(VectorOperators.GE, 306));
                } else {
                    LongVector mp = doy.mul(5).add(2).mul(M153).lanewise(VectorOperators.LSHR, SHIFT);
                    r = part == MONTH
                            ? mp.add(3).sub(12, mp.compare(VectorOperators.GE, 10))
                            : doy.sub(mp.mul(153).add(2).mul(M5).lanewise(VectorOperators.LSHR, SHIFT)).add(1);
                }
                r.convertShape(VectorOperators.L2I, INT_HALF, 0).intoMemorySegment(out, outOff + o, LE);
            }
        }
        long o = (long) i << 2;
        scalar(part, in, inOff + o, out, outOff + o, count - i);
    }

    /**
     * Date parts of long microseconds. {@code floorDiv(micros, MICROS_PER_DAY)} for in-range
     * values: a double estimate of the quotient is within 1e-7 of the exact one, so truncating it
     * is off by -1..+2 (truncation rounds negative quotients up); the exact remainder (wrapping
     * arithmetic, as the true one is small) tells which.
     */
    private static void micros(int part, MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        int bound = LONG.loopBound(count);
        int i = 0;
        while (i < bound) {
            int end = Math.min(i + BLOCK, bound);
            VectorMask<Long> outside = LONG.maskAll(false);
            for (int j = i; j < end; j += LONG.length()) {
                LongVector m = LongVector.fromMemorySegment(LONG, in, inOff + ((long) j << 3), LE);
                outside = outside.or(m.add(RANGE * MICROS_PER_DAY).compare(VectorOperators.UGE, 2 * RANGE * MICROS_PER_DAY));
            }
            if (outside.anyTrue()) {
                scalarMicros(part, in, inOff + ((long) i << 3), out, outOff + ((long) i << 2), end - i);
                i = end;
                continue;
            }
            for (; i < end; i += LONG.length()) {
                long io = inOff + ((long) i << 3);
                LongVector micros = LongVector.fromMemorySegment(LONG, in, io, LE);
                DoubleVector estimate = ((DoubleVector) micros.convert(VectorOperators.L2D, 0)).mul(DAYS_PER_MICRO);
                LongVector days = (LongVector) estimate.convert(VectorOperators.D2L, 0);
                LongVector rem = micros.sub(days.mul(MICROS_PER_DAY));
                VectorMask<Long> negative = rem.compare(VectorOperators.LT, 0);
                days = days.sub(1, negative);
                rem = rem.add(MICROS_PER_DAY, negative);
                negative = rem.compare(VectorOperators.LT, 0);
                days = days.sub(1, negative);
                rem = rem.add(MICROS_PER_DAY, negative);
                days = days.add(1, rem.compare(VectorOperators.GE, MICROS_PER_DAY));
                LongVector z = days.add(BIAS);
                LongVector era = z.mul(M146097).lanewise(VectorOperators.LSHR, SHIFT);
                LongVector doe = z.sub(era.mul(146_097));
                LongVector yoe = doe.sub(doe.mul(M1460).lanewise(VectorOperators.LSHR, SHIFT))
                        .add(doe.mul(M36524).lanewise(VectorOperators.LSHR, SHIFT))
                        .sub(1, doe.compare(VectorOperators.EQ, 146_096))
                        .mul(M365).lanewise(VectorOperators.LSHR, SHIFT);
                LongVector doy = doe.sub(yoe.mul(365).add(yoe.lanewise(VectorOperators.LSHR, 2))
                        .sub(yoe.mul(M100).lanewise(VectorOperators.LSHR, SHIFT)));
                LongVector r;
                if (part == YEAR) {
                    r = yoe.add(era.mul(400)).sub(400 * ERAS).add(1, doy.compare(VectorOperators.GE, 306));
                } else {
                    LongVector mp = doy.mul(5).add(2).mul(M153).lanewise(VectorOperators.LSHR, SHIFT);
                    r = part == MONTH
                            ? mp.add(3).sub(12, mp.compare(VectorOperators.GE, 10))
                            : doy.sub(mp.mul(153).add(2).mul(M5).lanewise(VectorOperators.LSHR, SHIFT)).add(1);
                }
                r.convertShape(VectorOperators.L2I, INT_HALF, 0).intoMemorySegment(out, outOff + ((long) i << 2), LE);
            }
        }
        scalarMicros(part, in, inOff + ((long) i << 3), out, outOff + ((long) i << 2), count - i);
    }
}
