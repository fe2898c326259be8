package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Scalar loops extracting year, month or day of month from dates (int days since 1970-01-01) and
 * timestamps (long microseconds since 1970-01-01T00:00 UTC), with Howard Hinnant's
 * {@code civil_from_days} over the proleptic Gregorian calendar, computed in longs so every int
 * day and every long timestamp is exact. Also the SIMD backend's tails and its fallback for values
 * outside the vector path's range. Stateless and thread-safe.
 */
public final class ScalarDateLoops {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public static final long MICROS_PER_DAY = 86_400_000_000L;

    /** Days from 0000-03-01 (the start of Hinnant's shifted year) to 1970-01-01. */
    static final long EPOCH_SHIFT = 719_468;

    private ScalarDateLoops() {}

    /** Day of the 400-year era, 0-146096, for days since 0000-03-01. */
    private static long dayOfEra(long shiftedDays) {
        return shiftedDays - Math.floorDiv(shiftedDays, 146_097) * 146_097;
    }

    /** Year of the era, 0-399, whose years start on March 1. */
    private static long yearOfEra(long doe) {
        return (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    }

    /** Day of the March-based year, 0-365. */
    private static long dayOfYear(long doe, long yoe) {
        return doe - (365 * yoe + yoe / 4 - yoe / 100);
    }

    public static int year(long days) {
        long z = days + EPOCH_SHIFT;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = yearOfEra(doe);
        // days from March 1 on (doy >= 306 is January or February) belong to the next calendar year
        return (int) (yoe + era * 400 + (dayOfYear(doe, yoe) >= 306 ? 1 : 0));
    }

    public static int month(long days) {
        long doe = dayOfEra(days + EPOCH_SHIFT);
        long mp = (5 * dayOfYear(doe, yearOfEra(doe)) + 2) / 153;
        return (int) (mp < 10 ? mp + 3 : mp - 9);
    }

    public static int day(long days) {
        long doe = dayOfEra(days + EPOCH_SHIFT);
        long doy = dayOfYear(doe, yearOfEra(doe));
        long mp = (5 * doy + 2) / 153;
        return (int) (doy - (153 * mp + 2) / 5 + 1);
    }

    public static void yearOfDays(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(INT, outOff + o, year(in.get(INT, inOff + o)));
        }
    }

    public static void monthOfDays(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(INT, outOff + o, month(in.get(INT, inOff + o)));
        }
    }

    public static void dayOfDays(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(INT, outOff + o, day(in.get(INT, inOff + o)));
        }
    }

    public static void yearOfMicros(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            out.set(INT, outOff + ((long) i << 2), year(Math.floorDiv(in.get(LONG, inOff + ((long) i << 3)), MICROS_PER_DAY)));
        }
    }

    public static void monthOfMicros(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            out.set(INT, outOff + ((long) i << 2), month(Math.floorDiv(in.get(LONG, inOff + ((long) i << 3)), MICROS_PER_DAY)));
        }
    }

    public static void dayOfMicros(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            out.set(INT, outOff + ((long) i << 2), day(Math.floorDiv(in.get(LONG, inOff + ((long) i << 3)), MICROS_PER_DAY)));
        }
    }
}
