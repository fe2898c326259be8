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
 * (about 1970 +- 91,000 years, checked exhaustively by the tests); a chunk holding a day outside
 * that range is computed by the scalar loop instead. Only load when
 * {@code VectorSupport.isAvailable()}. Stateless and thread-safe.
 */
public final class SimdDateLoops {
    private static final VectorSpecies<Integer> INT_HALF = LaneMatchedSpecies.INT;
    private static final VectorSpecies<Long> LONG = SimdSpecies.LONG;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** Days handled in lanes: {@code [-RANGE, RANGE)}. */
    static final long RANGE = 1L << 25;

    /**
     * Whole 400-year eras added so that every in-range day maps to a non-negative day count (the
     * multiply-shift division is only exact for non-negative numerators), then subtracted from the
     * year again.
     */
    private static final long ERAS = 230;
    private static final long BIAS = 719_468 + 146_097 * ERAS;

    /**
     * {@code floor(x / d) == (x * magic(d)) >>> SHIFT} for {@code 0 <= x} below about {@code 2^50 / d}
     * and quotients below {@code 2^13}: the multiplier's excess over {@code 2^SHIFT / d} is less than 1,
     * so the error {@code x * excess / 2^SHIFT} stays below {@code 1 / d} (Granlund-Montgomery).
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
    private static final double DAYS_PER_MICRO = 1.0 / MICROS_PER_DAY;

    private SimdDateLoops() {}

    private static long magic(long d) {
        return (1L << SHIFT) / d + 1;
    }

    private static LongVector div(LongVector x, long magic) {
        return x.mul(magic).lanewise(VectorOperators.LSHR, SHIFT);
    }

    /** Lanes outside {@code [-RANGE, RANGE)}. */
    private static VectorMask<Long> outOfRange(LongVector days) {
        return days.add(RANGE).compare(VectorOperators.UGE, 2 * RANGE);
    }

    /** Day of the 400-year era (0-146096) of shifted, non-negative day counts. */
    private static LongVector dayOfEra(LongVector z, LongVector era) {
        return z.sub(era.mul(146_097));
    }

    private static LongVector yearOfEra(LongVector doe) {
        LongVector n = doe.sub(div(doe, M1460)).add(div(doe, M36524)).sub(1, doe.compare(VectorOperators.EQ, 146_096));
        return div(n, M365);
    }

    /** Day of the March-based year, 0-365. */
    private static LongVector dayOfYear(LongVector doe, LongVector yoe) {
        return doe.sub(yoe.mul(365).add(yoe.lanewise(VectorOperators.LSHR, 2)).sub(div(yoe, M100)));
    }

    static LongVector year(LongVector days) {
        LongVector z = days.add(BIAS);
        LongVector era = div(z, M146097);
        LongVector doe = dayOfEra(z, era);
        LongVector yoe = yearOfEra(doe);
        LongVector y = yoe.add(era.mul(400)).sub(400 * ERAS);
        // January and February (day of March-based year >= 306) belong to the next calendar year
        return y.add(1, dayOfYear(doe, yoe).compare(VectorOperators.GE, 306));
    }

    static LongVector month(LongVector days) {
        LongVector z = days.add(BIAS);
        LongVector doe = dayOfEra(z, div(z, M146097));
        LongVector mp = div(dayOfYear(doe, yearOfEra(doe)).mul(5).add(2), M153);
        return mp.add(3).sub(12, mp.compare(VectorOperators.GE, 10));
    }

    static LongVector day(LongVector days) {
        LongVector z = days.add(BIAS);
        LongVector doe = dayOfEra(z, div(z, M146097));
        LongVector doy = dayOfYear(doe, yearOfEra(doe));
        LongVector mp = div(doy.mul(5).add(2), M153);
        return doy.sub(div(mp.mul(153).add(2), M5)).add(1);
    }

    /**
     * {@code floorDiv(micros, MICROS_PER_DAY)} for any long: a double estimate of the quotient is
     * within 1e-7 of the exact one, so truncating it is off by -1..+2 (truncation rounds negative
     * quotients up); the exact remainder (wrapping arithmetic, as the true one is small) tells which.
     */
    static LongVector floorDays(LongVector micros) {
        DoubleVector estimate = ((DoubleVector) micros.convert(VectorOperators.L2D, 0)).mul(DAYS_PER_MICRO);
        LongVector q = (LongVector) estimate.convert(VectorOperators.D2L, 0);
        LongVector r = micros.sub(q.mul(MICROS_PER_DAY));
        VectorMask<Long> negative = r.compare(VectorOperators.LT, 0);
        q = q.sub(1, negative);
        r = r.add(MICROS_PER_DAY, negative);
        negative = r.compare(VectorOperators.LT, 0);
        q = q.sub(1, negative);
        r = r.add(MICROS_PER_DAY, negative);
        return q.add(1, r.compare(VectorOperators.GE, MICROS_PER_DAY));
    }

    public static void yearOfDays(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        int bound = INT_HALF.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT_HALF.length()) {
            long o = (long) i << 2;
            LongVector days = (LongVector) IntVector.fromMemorySegment(INT_HALF, in, inOff + o, LE).convertShape(VectorOperators.I2L, LONG, 0);
            if (outOfRange(days).anyTrue()) {
                ScalarDateLoops.yearOfDays(in, inOff + o, out, outOff + o, INT_HALF.length());
                continue;
            }
            year(days).convertShape(VectorOperators.L2I, INT_HALF, 0).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarDateLoops.yearOfDays(in, inOff + o, out, outOff + o, count - i);
    }

    public static void monthOfDays(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        int bound = INT_HALF.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT_HALF.length()) {
            long o = (long) i << 2;
            LongVector days = (LongVector) IntVector.fromMemorySegment(INT_HALF, in, inOff + o, LE).convertShape(VectorOperators.I2L, LONG, 0);
            if (outOfRange(days).anyTrue()) {
                ScalarDateLoops.monthOfDays(in, inOff + o, out, outOff + o, INT_HALF.length());
                continue;
            }
            month(days).convertShape(VectorOperators.L2I, INT_HALF, 0).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarDateLoops.monthOfDays(in, inOff + o, out, outOff + o, count - i);
    }

    public static void dayOfDays(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        int bound = INT_HALF.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT_HALF.length()) {
            long o = (long) i << 2;
            LongVector days = (LongVector) IntVector.fromMemorySegment(INT_HALF, in, inOff + o, LE).convertShape(VectorOperators.I2L, LONG, 0);
            if (outOfRange(days).anyTrue()) {
                ScalarDateLoops.dayOfDays(in, inOff + o, out, outOff + o, INT_HALF.length());
                continue;
            }
            day(days).convertShape(VectorOperators.L2I, INT_HALF, 0).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarDateLoops.dayOfDays(in, inOff + o, out, outOff + o, count - i);
    }

    public static void yearOfMicros(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long io = inOff + ((long) i << 3);
            long o = outOff + ((long) i << 2);
            LongVector days = floorDays(LongVector.fromMemorySegment(LONG, in, io, LE));
            if (outOfRange(days).anyTrue()) {
                ScalarDateLoops.yearOfMicros(in, io, out, o, LONG.length());
                continue;
            }
            year(days).convertShape(VectorOperators.L2I, INT_HALF, 0).intoMemorySegment(out, o, LE);
        }
        ScalarDateLoops.yearOfMicros(in, inOff + ((long) i << 3), out, outOff + ((long) i << 2), count - i);
    }

    public static void monthOfMicros(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long io = inOff + ((long) i << 3);
            long o = outOff + ((long) i << 2);
            LongVector days = floorDays(LongVector.fromMemorySegment(LONG, in, io, LE));
            if (outOfRange(days).anyTrue()) {
                ScalarDateLoops.monthOfMicros(in, io, out, o, LONG.length());
                continue;
            }
            month(days).convertShape(VectorOperators.L2I, INT_HALF, 0).intoMemorySegment(out, o, LE);
        }
        ScalarDateLoops.monthOfMicros(in, inOff + ((long) i << 3), out, outOff + ((long) i << 2), count - i);
    }

    public static void dayOfMicros(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long io = inOff + ((long) i << 3);
            long o = outOff + ((long) i << 2);
            LongVector days = floorDays(LongVector.fromMemorySegment(LONG, in, io, LE));
            if (outOfRange(days).anyTrue()) {
                ScalarDateLoops.dayOfMicros(in, io, out, o, LONG.length());
                continue;
            }
            day(days).convertShape(VectorOperators.L2I, INT_HALF, 0).intoMemorySegment(out, o, LE);
        }
        ScalarDateLoops.dayOfMicros(in, inOff + ((long) i << 3), out, outOff + ((long) i << 2), count - i);
    }
}
