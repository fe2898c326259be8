package io.basalt.vectorops;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Arrow validity bitmaps (bit i of byte i/8, LSB first; set = non-null) over foreign memory.
 * Stateless static helpers shared by all kernel families and backends.
 */
public final class Bitmaps {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private Bitmaps() {}

    /** Bytes needed for a bitmap of {@code bits} bits, rounded up to whole longs. */
    public static long bytesFor(int bits) {
        return ((bits + 63L) >>> 6) << 3;
    }

    public static boolean get(MemorySegment bitmap, long bit) {
        return (bitmap.get(ValueLayout.JAVA_BYTE, bit >>> 3) & (1 << (bit & 7))) != 0;
    }

    public static void set(MemorySegment bitmap, long bit, boolean value) {
        long index = bit >>> 3;
        byte b = bitmap.get(ValueLayout.JAVA_BYTE, index);
        int mask = 1 << (bit & 7);
        bitmap.set(ValueLayout.JAVA_BYTE, index, (byte) (value ? b | mask : b & ~mask));
    }

    /**
     * The 64 bits starting at bit {@code bit}, bit 0 of the result being bit {@code bit}; bits past
     * the end of the segment read as 0.
     */
    public static long word(MemorySegment bitmap, long bit) {
        long byteIndex = bit >>> 3;
        int shift = (int) (bit & 7);
        long size = bitmap.byteSize();
        long lo;
        if (byteIndex + 8 <= size) {
            lo = bitmap.get(LONG, byteIndex);
        } else {
            lo = 0;
            for (long i = byteIndex; i < size; i++) {
                lo |= (bitmap.get(ValueLayout.JAVA_BYTE, i) & 0xFFL) << ((i - byteIndex) * 8);
            }
        }
        if (shift == 0) {
            return lo;
        }
        long next = byteIndex + 8 < size ? bitmap.get(ValueLayout.JAVA_BYTE, byteIndex + 8) & 0xFFL : 0;
        return (lo >>> shift) | (next << (64 - shift));
    }

    /**
     * Writes into {@code out} (from bit 0) the validity of rows {@code [0, count)} of a column: all
     * set when {@code validity} is null, otherwise a copy realigned from bit {@code offset}.
     */
    public static void copy(MemorySegment validity, int offset, int count, MemorySegment out) {
        int words = (count + 63) >>> 6;
        for (int w = 0; w < words; w++) {
            long bits = validity == null ? -1L : word(validity, offset + ((long) w << 6));
            out.set(LONG, (long) w << 3, mask(bits, count - (w << 6)));
        }
    }

    /** {@code out = a AND b} for rows {@code [0, count)} of two columns; a null input means all valid. */
    public static void and(MemorySegment a, int offsetA, MemorySegment b, int offsetB, int count, MemorySegment out) {
        int words = (count + 63) >>> 6;
        for (int w = 0; w < words; w++) {
            long bit = (long) w << 6;
            long x = a == null ? -1L : word(a, offsetA + bit);
            long y = b == null ? -1L : word(b, offsetB + bit);
            out.set(LONG, (long) w << 3, mask(x & y, count - (w << 6)));
        }
    }

    /** Number of set bits in rows {@code [0, count)} starting at bit {@code offset}. */
    public static int countSet(MemorySegment bitmap, int offset, int count) {
        int total = 0;
        for (int w = 0; w < count; w += 64) {
            total += Long.bitCount(mask(word(bitmap, offset + (long) w), count - w));
        }
        return total;
    }

    private static long mask(long bits, int remaining) {
        return remaining >= 64 ? bits : bits & ((1L << remaining) - 1);
    }
}
