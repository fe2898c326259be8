package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import io.basalt.data.DataType;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.HashKernels;

/**
 * The reference {@link HashKernels} and the single Java definition of the hash function (see
 * {@link HashKernels} for the specification): {@link #fmix64}, {@link #hashBits}, {@link #combine},
 * {@link #doubleKey} and {@link #xxh64} are public so other kernels hash single values the same
 * way. Per-type static loops over foreign memory; stateless and thread-safe.
 */
public final class ScalarHashKernels implements HashKernels {
    public static final ScalarHashKernels INSTANCE = new ScalarHashKernels();

    /** XORed into the key bits before mixing, so that key 0 does not hash to 0. */
    public static final long KEY_SEED = 0x9E3779B97F4A7C15L;
    public static final long FMIX_C1 = 0xFF51AFD7ED558CCDL;
    public static final long FMIX_C2 = 0xC4CEB9FE1A85EC53L;
    /** Multiplier of {@link #combine} (xxHash64's PRIME64_1). */
    public static final long COMBINE_MULTIPLIER = 0x9E3779B185EBCA87L;
    public static final int COMBINE_ROTATION = 31;
    /** The key bits of every NaN. */
    public static final long CANONICAL_NAN = 0x7FF8000000000000L;
    public static final long HASH_TRUE = hashBits(1);
    public static final long HASH_FALSE = hashBits(0);

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private ScalarHashKernels() {}

    // ---- the hash function ----

    /** murmur3's 64-bit finalizer: a bijective avalanche mix. */
    public static long fmix64(long x) {
        x = (x ^ (x >>> 33)) * FMIX_C1;
        x = (x ^ (x >>> 33)) * FMIX_C2;
        return x ^ (x >>> 33);
    }

    /** The hash of 64 key bits of a fixed-width value. */
    public static long hashBits(long key) {
        return fmix64(key ^ KEY_SEED);
    }

    /** Folds the hash {@code v} of one more key column into {@code h}; order-sensitive. */
    public static long combine(long h, long v) {
        return Long.rotateLeft(h * COMBINE_MULTIPLIER, COMBINE_ROTATION) ^ v;
    }

    /** The key bits of a floating-point value: -0.0 as 0.0, every NaN as {@link #CANONICAL_NAN}. */
    public static long doubleKey(double d) {
        // d + 0.0 turns -0.0 into 0.0 and leaves every other value unchanged
        return d != d ? CANONICAL_NAN : Double.doubleToRawLongBits(d + 0.0);
    }

    /** XXH64 with seed 0 of {@code length} bytes at {@code offset} (the reference algorithm). */
    public static long xxh64(MemorySegment s, long offset, long length) {
        long end = offset + length;
        long p = offset;
        long h;
        if (length >= 32) {
            long v1 = P1 + P2;
            long v2 = P2;
            long v3 = 0;
            long v4 = -P1;
            long limit = end - 32;
            do {
                v1 = round(v1, s.get(LONG, p));
                v2 = round(v2, s.get(LONG, p + 8));
                v3 = round(v3, s.get(LONG, p + 16));
                v4 = round(v4, s.get(LONG, p + 24));
                p += 32;
            } while (p <= limit);
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = P5;
        }
        h += length;
        for (; p + 8 <= end; p += 8) {
            h ^= round(0, s.get(LONG, p));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (p + 4 <= end) {
            h ^= (s.get(INT, p) & 0xFFFFFFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            p += 4;
        }
        for (; p < end; p++) {
            h ^= (s.get(BYTE, p) & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        return h ^ (h >>> 32);
    }

    private static long round(long acc, long input) {
        return Long.rotateLeft(acc + input * P2, 31) * P1;
    }

    private static long merge(long acc, long value) {
        return (acc ^ round(0, value)) * P1 + P4;
    }

    // ---- kernels ----

    @Override
    public void hash(ColumnRef column, long[] out) {
        run(column, out, false);
    }

    @Override
    public void combine(ColumnRef column, long[] out) {
        run(column, out, true);
    }

    private static void run(ColumnRef c, long[] out, boolean combine) {
        checkOutput(c, out);
        MemorySegment v = c.validity();
        long first = c.offset();
        int n = c.count();
        switch (c.type().kind()) {
            case INT32, DATE -> hashInt(c.data(), first * 4, v, first, n, out, 0, combine);
            case INT64, DECIMAL, TIMESTAMP -> hashLong(c.data(), first * 8, v, first, n, out, 0, combine);
            case FLOAT32 -> hashFloat(c.data(), first * 4, v, first, n, out, 0, combine);
            case FLOAT64 -> hashDouble(c.data(), first * 8, v, first, n, out, 0, combine);
            case BOOLEAN -> hashBoolean(c.data(), first, v, first, n, out, 0, combine);
            case UTF8 -> hashUtf8(c.data(), c.offsets(), first * 4, v, first, n, out, 0, combine);
        }
    }

    /** Checks that {@code out} holds the column's rows; shared with the other backends. */
    public static void checkOutput(ColumnRef column, long[] out) {
        if (out == null || out.length < column.count()) {
            throw new IllegalArgumentException("Hash output array too small: " + column.count() + " rows, array length "
                    + (out == null ? "null" : out.length));
        }
        if (column.type().kind() == DataType.Kind.UTF8 && column.offsets() == null) {
            throw new IllegalArgumentException("utf8 column without offsets");
        }
    }

    private static boolean isNull(MemorySegment validity, long bit) {
        return validity != null && !Bitmaps.get(validity, bit);
    }

    private static void store(long[] out, int index, long hash, boolean combine) {
        out[index] = combine ? combine(out[index], hash) : hash;
    }

    /**
     * Hashes (or combines, see {@link HashKernels}) {@code count} int values at byte {@code dataOff};
     * row {@code i} is null when bit {@code validityBit + i} of {@code validity} is clear (null
     * validity: no nulls); results go to {@code out[outOff + i]}.
     */
    public static void hashInt(MemorySegment data, long dataOff, MemorySegment validity, long validityBit, int count, long[] out,
            int outOff, boolean combine) {
        for (int i = 0; i < count; i++) {
            long h = isNull(validity, validityBit + i) ? NULL_HASH : hashBits(data.get(INT, dataOff + ((long) i << 2)));
            store(out, outOff + i, h, combine);
        }
    }

    /** As {@link #hashInt} for 8-byte integers. */
    public static void hashLong(MemorySegment data, long dataOff, MemorySegment validity, long validityBit, int count, long[] out,
            int outOff, boolean combine) {
        for (int i = 0; i < count; i++) {
            long h = isNull(validity, validityBit + i) ? NULL_HASH : hashBits(data.get(LONG, dataOff + ((long) i << 3)));
            store(out, outOff + i, h, combine);
        }
    }

    /** As {@link #hashInt} for float32, hashed as the equal double. */
    public static void hashFloat(MemorySegment data, long dataOff, MemorySegment validity, long validityBit, int count, long[] out,
            int outOff, boolean combine) {
        for (int i = 0; i < count; i++) {
            long h = isNull(validity, validityBit + i) ? NULL_HASH : hashBits(doubleKey(data.get(FLOAT, dataOff + ((long) i << 2))));
            store(out, outOff + i, h, combine);
        }
    }

    /** As {@link #hashInt} for float64. */
    public static void hashDouble(MemorySegment data, long dataOff, MemorySegment validity, long validityBit, int count, long[] out,
            int outOff, boolean combine) {
        for (int i = 0; i < count; i++) {
            long h = isNull(validity, validityBit + i) ? NULL_HASH : hashBits(doubleKey(data.get(DOUBLE, dataOff + ((long) i << 3))));
            store(out, outOff + i, h, combine);
        }
    }

    /** As {@link #hashInt} for bit-packed booleans starting at bit {@code dataBit}. */
    public static void hashBoolean(MemorySegment data, long dataBit, MemorySegment validity, long validityBit, int count, long[] out,
            int outOff, boolean combine) {
        for (int i = 0; i < count; i++) {
            long h = isNull(validity, validityBit + i) ? NULL_HASH : Bitmaps.get(data, dataBit + i) ? HASH_TRUE : HASH_FALSE;
            store(out, outOff + i, h, combine);
        }
    }

    /**
     * As {@link #hashInt} for utf8: the bytes of row {@code i} lie between the int32 offsets at
     * byte {@code offsetsOff + 4i} and {@code offsetsOff + 4i + 4}.
     */
    public static void hashUtf8(MemorySegment data, MemorySegment offsets, long offsetsOff, MemorySegment validity, long validityBit,
            int count, long[] out, int outOff, boolean combine) {
        for (int i = 0; i < count; i++) {
            long h;
            if (isNull(validity, validityBit + i)) {
                h = NULL_HASH;
            } else {
                long o = offsetsOff + ((long) i << 2);
                int start = offsets.get(INT, o);
                h = xxh64(data, start, offsets.get(INT, o + 4) - start);
            }
            store(out, outOff + i, h, combine);
        }
    }
}
