package io.basalt.vectorops.simd;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.NE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.LikePattern;
import io.basalt.vectorops.SimdSpecies;
import io.basalt.vectorops.scalar.ScalarSelectionLoops;
import io.basalt.vectorops.scalar.ScalarUtf8Loops;

/**
 * Vector loops for utf8 equality, prefix, suffix and substring: lengths of 64 rows are computed
 * from the offsets and compared with the literal's length as vectors, so only candidate rows touch
 * their bytes; those are compared with the literal a whole vector at a time (masked loads, so no
 * read passes the row's end). Substring search tests a vector of start positions at once by
 * matching the literal's first and last bytes. General LIKE patterns stay scalar. Stateless.
 */
final class SimdUtf8Loops {
    private static final VectorSpecies<Integer> INT = SimdSpecies.INT;
    private static final VectorSpecies<Byte> BYTE = SimdSpecies.BYTE;
    private static final int INT_LANES = INT.length();
    private static final int BYTE_LANES = BYTE.length();
    private static final ByteOrder LE_ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfInt OFFSET = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE_ORDER);

    private SimdUtf8Loops() {}

    /** Rows equal to (EXACT), starting with (PREFIX), ending with (SUFFIX) or containing (CONTAINS) {@code literal}. */
    static int literal(MemorySegment offsets, MemorySegment data, long offset, MemorySegment validity, int count,
            LikePattern.Kind kind, byte[] literal, int[] out) {
        int len = literal.length;
        boolean exact = kind == LikePattern.Kind.EXACT;
        int blocks = count & ~63;
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            long candidates = 0;
            for (int j = 0; j < 64; j += INT_LANES) {
                long at = (offset + base + j) << 2;
                IntVector lengths = IntVector.fromMemorySegment(INT, offsets, at + 4, LE_ORDER)
                        .sub(IntVector.fromMemorySegment(INT, offsets, at, LE_ORDER));
                VectorMask<Integer> fits = exact ? lengths.compare(EQ, len) : lengths.compare(GE, len);
                candidates |= fits.toLong() << j;
            }
            if (validity != null) {
                candidates &= Bitmaps.word(validity, offset + base);
            }
            for (; candidates != 0; candidates &= candidates - 1) {
                int row = base + Long.numberOfTrailingZeros(candidates);
                long start = offsets.getAtIndex(OFFSET, offset + row);
                boolean hit = switch (kind) {
                    case EXACT, PREFIX -> bytesEqual(data, start, literal, 0, len);
                    case SUFFIX -> bytesEqual(data, offsets.getAtIndex(OFFSET, offset + row + 1) - len, literal, 0, len);
                    case CONTAINS -> contains(data, start, offsets.getAtIndex(OFFSET, offset + row + 1), literal);
                    case ANY, GENERAL -> throw new IllegalStateException("no literal loop for " + kind);
                };
                out[n] = row;
                n += hit ? 1 : 0;
            }
        }
        int tail = n;
        n = switch (kind) {
            case EXACT -> ScalarUtf8Loops.equal(offsets, data, offset, blocks, count, literal, out, n);
            case PREFIX -> ScalarUtf8Loops.prefix(offsets, data, offset, blocks, count, literal, out, n);
            case SUFFIX -> ScalarUtf8Loops.suffix(offsets, data, offset, blocks, count, literal, out, n);
            case CONTAINS -> ScalarUtf8Loops.contains(offsets, data, offset, blocks, count, literal, out, n);
            case ANY, GENERAL -> throw new IllegalStateException("no literal loop for " + kind);
        };
        return ScalarSelectionLoops.dropNulls(validity, offset, out, tail, n);
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
