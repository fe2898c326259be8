package io.basalt.vectorops.simd;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.NE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.SimdSpecies;
import io.basalt.vectorops.scalar.ScalarSelectionLoops;
import io.basalt.vectorops.scalar.ScalarUtf8Loops;

/**
 * Vector loops for utf8 equality, prefix, suffix and substring. Equality computes the lengths of
 * 64 rows from the offsets as vectors, so only rows of the literal's length touch their bytes.
 * Bytes are compared with the literal a whole vector at a time (masked loads, so no read passes the
 * row's end), and substring search tests a vector of start positions at once by matching the
 * literal's first and last bytes. General LIKE patterns stay scalar. Stateless.
 */
final class SimdUtf8Loops {
    private static final VectorSpecies<Integer> INT = SimdSpecies.INT;
    private static final VectorSpecies<Byte> BYTE = SimdSpecies.BYTE;
    private static final int INT_LANES = INT.length();
    private static final int BYTE_LANES = BYTE.length();
    private static final ByteOrder LE_ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfInt OFFSET = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE_ORDER);

    private SimdUtf8Loops() {}

    /**
     * Rows equal to {@code literal}: the length test prunes most rows 64 at a time, so only rows of
     * the right length (and valid) are compared.
     */
    static int equal(MemorySegment offsets, MemorySegment data, long offset, MemorySegment validity, int count, byte[] literal, int[] out) {
        int len = literal.length;
        VectorMask<Byte> lanes = BYTE.indexInRange(0, len);
        ByteVector vector = ByteVector.fromArray(BYTE, literal, 0, lanes);
        int blocks = count & ~63;
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            long candidates = 0;
            for (int j = 0; j < 64; j += INT_LANES) {
                long at = (offset + base + j) << 2;
                IntVector lengths = IntVector.fromMemorySegment(INT, offsets, at + 4, LE_ORDER)
                        .sub(IntVector.fromMemorySegment(INT, offsets, at, LE_ORDER));
                candidates |= lengths.compare(EQ, len).toLong() << j;
            }
            if (validity != null) {
                candidates &= Bitmaps.word(validity, offset + base);
            }
            for (; candidates != 0; candidates &= candidates - 1) {
                int row = base + Long.numberOfTrailingZeros(candidates);
                long start = offsets.getAtIndex(OFFSET, offset + row);
                boolean hit = len == 0 || (data.get(ValueLayout.JAVA_BYTE, start) == literal[0]
                        && (len <= BYTE_LANES ? equalInVector(data, start, vector, lanes) : bytesEqual(data, start, literal, 0, len)));
                out[n] = row;
                n += hit ? 1 : 0;
            }
        }
        int tail = n;
        n = ScalarUtf8Loops.equal(offsets, data, offset, blocks, count, literal, out, n);
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
    }

    /**
     * Rows starting with ({@code PREFIX}) or ending with ({@code SUFFIX}) {@code literal}. Most rows
     * are long enough, so a length prefilter would not prune; rows go one by one, rejected on the
     * first byte and else compared a vector at a time. Null rows are dropped afterwards.
     */
    static int affix(MemorySegment offsets, MemorySegment data, long offset, MemorySegment validity, int count,
            boolean suffix, byte[] literal, int[] out) {
        int len = literal.length;
        VectorMask<Byte> lanes = BYTE.indexInRange(0, len);
        ByteVector vector = ByteVector.fromArray(BYTE, literal, 0, lanes);
        byte first = len == 0 ? 0 : literal[0];
        int n = 0;
        for (int r = 0; r < count; r++) {
            int start = offsets.getAtIndex(OFFSET, offset + r);
            int end = offsets.getAtIndex(OFFSET, offset + r + 1);
            long at = suffix ? end - len : start;
            out[n] = r;
            n += end - start >= len && (len == 0 || (data.get(ValueLayout.JAVA_BYTE, at) == first
                    && (len <= BYTE_LANES ? equalInVector(data, at, vector, lanes) : bytesEqual(data, at, literal, 0, len)))) ? 1 : 0;
        }
        return ScalarSelectionLoops.dropNulls(validity, offset, out, 0, n);
    }

    /** Rows containing the non-empty {@code literal}, searched with {@link #contains}; null rows dropped afterwards. */
    static int contains(MemorySegment offsets, MemorySegment data, long offset, MemorySegment validity, int count, byte[] literal, int[] out) {
        int n = 0;
        for (int r = 0; r < count; r++) {
            int start = offsets.getAtIndex(OFFSET, offset + r);
            int end = offsets.getAtIndex(OFFSET, offset + r + 1);
            out[n] = r;
            n += contains(data, start, end, literal) ? 1 : 0;
        }
        return ScalarSelectionLoops.dropNulls(validity, offset, out, 0, n);
    }

    /** Whether the bytes at {@code at} equal the {@code lanes} of {@code literal} (one vector's worth). */
    private static boolean equalInVector(MemorySegment data, long at, ByteVector literal, VectorMask<Byte> lanes) {
        return !ByteVector.fromMemorySegment(BYTE, data, at, LE_ORDER, lanes).compare(NE, literal, lanes).anyTrue();
    }

    /** Whether bytes {@code [at, at + len)} of {@code data} equal {@code literal[from, from + len)}. */
    static boolean bytesEqual(MemorySegment data, long at, byte[] literal, int from, int len) {
        int k = 0;
        for (; k + BYTE_LANES <= len; k += BYTE_LANES) {
            ByteVector x = ByteVector.fromMemorySegment(BYTE, data, at + k, LE_ORDER);
            if (x.compare(NE, ByteVector.fromArray(BYTE, literal, from + k)).anyTrue()) {
                return false;
            }
        }
        if (k < len) {
            VectorMask<Byte> m = BYTE.indexInRange(k, len);
            ByteVector x = ByteVector.fromMemorySegment(BYTE, data, at + k, LE_ORDER, m);
            return !x.compare(NE, ByteVector.fromArray(BYTE, literal, from + k, m), m).anyTrue();
        }
        return true;
    }

    /**
     * Whether bytes {@code [start, end)} contain the non-empty {@code literal}: for a vector of
     * candidate start positions at once, lanes where the first and the last byte of the literal
     * match are verified in full.
     */
    static boolean contains(MemorySegment data, long start, long end, byte[] literal) {
        int len = literal.length;
        byte first = literal[0];
        byte last = literal[len - 1];
        long lastStart = end - len;
        for (long p = start; p <= lastStart; p += BYTE_LANES) {
            VectorMask<Byte> m = BYTE.indexInRange(0, (int) Math.min(BYTE_LANES, lastStart - p + 1));
            VectorMask<Byte> heads = ByteVector.fromMemorySegment(BYTE, data, p, LE_ORDER, m).compare(EQ, first, m);
            VectorMask<Byte> tails = ByteVector.fromMemorySegment(BYTE, data, p + len - 1, LE_ORDER, m).compare(EQ, last, m);
            for (long hits = heads.and(tails).toLong(); hits != 0; hits &= hits - 1) {
                if (bytesEqual(data, p + Long.numberOfTrailingZeros(hits), literal, 0, len)) {
                    return true;
                }
            }
        }
        return false;
    }
}
