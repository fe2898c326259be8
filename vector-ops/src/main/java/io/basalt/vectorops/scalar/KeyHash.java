package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;

/**
 * The 64-bit key hash of the aggregation and join hash tables (scalar reference; the SIMD backend
 * computes bit-identical values): murmur3's fmix64 of each fixed-width value (int32 widened to
 * int64), a word-at-a-time mix for utf8, a fixed constant for NULL, and {@code h * K + c} to fold
 * column {@code c} into the hash {@code h} of the previous columns. Kept private to these two
 * families so it can later be swapped for the shared hash kernels in one place. Stateless.
 */
public final class KeyHash {
    /** Hash of a NULL key value. */
    public static final long NULL_HASH = 0x7A3C5B1E9D2F4867L;
    /** fmix64 multipliers. */
    public static final long C1 = 0xff51afd7ed558ccdL;
    public static final long C2 = 0xc4ceb9fe1a85ec53L;
    /** Multiplier folding one more column into a multi-column key hash. */
    public static final long COMBINE = 0x9E3779B97F4A7C15L;

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private KeyHash() {}

    /** murmur3 fmix64: a bijection, so distinct int64 keys never share a full hash. */
    public static long hashLong(long v) {
        v ^= v >>> 33;
        v *= C1;
        v ^= v >>> 33;
        v *= C2;
        v ^= v >>> 33;
        return v;
    }

    /** Folds the hash {@code columnHash} of the next key column into {@code h}. */
    public static long combine(long h, long columnHash) {
        return h * COMBINE + columnHash;
    }

    /** Hash of {@code length} bytes at {@code from} of {@code data}. */
    public static long hashBytes(MemorySegment data, long from, int length) {
        long h = length * C2;
        long i = 0;
        for (; i + 8 <= length; i += 8) {
            h = Long.rotateLeft(h ^ (data.get(LONG, from + i) * C1), 31) * COMBINE;
        }
        if (i < length) {
            long tail = 0;
            for (int shift = 0; i < length; i++, shift += 8) {
                tail |= (data.get(ValueLayout.JAVA_BYTE, from + i) & 0xFFL) << shift;
            }
            h = Long.rotateLeft(h ^ (tail * C1), 31) * COMBINE;
        }
        return hashLong(h);
    }

    /**
     * Writes the hash of rows {@code [from, to)} of {@code key} to {@code out[from..to)}, or with
     * {@code combine} folds it into the hash already there.
     */
    public static void hashColumn(ColumnRef key, long[] out, int from, int to, boolean combine) {
        switch (key.type().kind()) {
            case INT64, DECIMAL, TIMESTAMP -> hashLongs(key.data(), key.offset(), key.validity(), out, from, to, combine);
            case INT32, DATE -> hashInts(key.data(), key.offset(), key.validity(), out, from, to, combine);
            case UTF8 -> hashUtf8(key.data(), key.offsets(), key.offset(), key.validity(), out, from, to, combine);
            default -> throw new IllegalArgumentException("Unsupported hash key type " + key.type());
        }
    }

    public static void hashLongs(MemorySegment data, int rowOffset, MemorySegment validity, long[] out, int from, int to, boolean combine) {
        for (int i = from; i < to; i++) {
            long h = validity == null || Bitmaps.get(validity, rowOffset + i)
                    ? hashLong(data.get(LONG, (rowOffset + (long) i) * 8)) : NULL_HASH;
            out[i] = combine ? combine(out[i], h) : h;
        }
    }

    public static void hashInts(MemorySegment data, int rowOffset, MemorySegment validity, long[] out, int from, int to, boolean combine) {
        for (int i = from; i < to; i++) {
            long h = validity == null || Bitmaps.get(validity, rowOffset + i)
                    ? hashLong(data.get(INT, (rowOffset + (long) i) * 4)) : NULL_HASH;
            out[i] = combine ? combine(out[i], h) : h;
        }
    }

    public static void hashUtf8(MemorySegment data, MemorySegment offsets, int rowOffset, MemorySegment validity,
            long[] out, int from, int to, boolean combine) {
        for (int i = from; i < to; i++) {
            long h;
            if (validity == null || Bitmaps.get(validity, rowOffset + i)) {
                long row = rowOffset + (long) i;
                int start = offsets.get(INT, row * 4);
                h = hashBytes(data, start, offsets.get(INT, row * 4 + 4) - start);
            } else {
                h = NULL_HASH;
            }
            out[i] = combine ? combine(out[i], h) : h;
        }
    }

    /** Hash of row {@code row} of all key columns, as {@link #hashColumn} computes it for a batch. */
    public static long hashRow(ColumnRef[] keys, int row) {
        long h = 0;
        for (int c = 0; c < keys.length; c++) {
            ColumnRef key = keys[c];
            long columnHash;
            if (!key.isValid(row)) {
                columnHash = NULL_HASH;
            } else {
                long bufferRow = key.offset() + (long) row;
                columnHash = switch (key.type().kind()) {
                    case INT64, DECIMAL, TIMESTAMP -> hashLong(key.data().get(LONG, bufferRow * 8));
                    case INT32, DATE -> hashLong(key.data().get(INT, bufferRow * 4));
                    default -> {
                        int start = key.offsets().get(INT, bufferRow * 4);
                        yield hashBytes(key.data(), start, key.offsets().get(INT, bufferRow * 4 + 4) - start);
                    }
                };
            }
            h = c == 0 ? columnHash : combine(h, columnHash);
        }
        return h;
    }
}
