package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import io.basalt.vectorops.LikePattern;

/**
 * Scalar loops over utf8 columns (int32 offsets into a byte buffer): equality, prefix, suffix,
 * substring and general LIKE matching on UTF-8 bytes, appending selected rows of {@code [from, to)}
 * to {@code out} and ignoring validity like {@link ScalarCompareLoops}. Byte-wise matching is exact
 * for UTF-8 because a literal's encoding can only match at code-point boundaries; {@code _} consumes
 * one lead byte plus its continuation bytes. The SIMD backend uses them for tails and for general
 * LIKE. Stateless.
 */
public final class ScalarUtf8Loops {
    private static final ValueLayout.OfInt INT = ScalarCompareLoops.INT;

    private ScalarUtf8Loops() {}

    public static int equal(MemorySegment offsets, MemorySegment data, long offset, int from, int to, byte[] literal, int[] out, int n) {
        int len = literal.length;
        for (int r = from; r < to; r++) {
            int start = offsets.getAtIndex(INT, offset + r);
            int end = offsets.getAtIndex(INT, offset + r + 1);
            out[n] = r;
            n += end - start == len && bytesEqual(data, start, literal, 0, len) ? 1 : 0;
        }
        return n;
    }

    public static int prefix(MemorySegment offsets, MemorySegment data, long offset, int from, int to, byte[] literal, int[] out, int n) {
        int len = literal.length;
        for (int r = from; r < to; r++) {
            int start = offsets.getAtIndex(INT, offset + r);
            int end = offsets.getAtIndex(INT, offset + r + 1);
            out[n] = r;
            n += end - start >= len && bytesEqual(data, start, literal, 0, len) ? 1 : 0;
        }
        return n;
    }

    public static int suffix(MemorySegment offsets, MemorySegment data, long offset, int from, int to, byte[] literal, int[] out, int n) {
        int len = literal.length;
        for (int r = from; r < to; r++) {
            int start = offsets.getAtIndex(INT, offset + r);
            int end = offsets.getAtIndex(INT, offset + r + 1);
            out[n] = r;
            n += end - start >= len && bytesEqual(data, end - len, literal, 0, len) ? 1 : 0;
        }
        return n;
    }

    public static int contains(MemorySegment offsets, MemorySegment data, long offset, int from, int to, byte[] literal, int[] out, int n) {
        for (int r = from; r < to; r++) {
            int start = offsets.getAtIndex(INT, offset + r);
            int end = offsets.getAtIndex(INT, offset + r + 1);
            out[n] = r;
            n += contains(data, start, end, literal) ? 1 : 0;
        }
        return n;
    }

    /** Rows matching a LIKE pattern given as {@link LikePattern#segments()} and its anchors. */
    public static int like(MemorySegment offsets, MemorySegment data, long offset, int from, int to,
            byte[][] segments, boolean anchoredStart, boolean anchoredEnd, int[] out, int n) {
        for (int r = from; r < to; r++) {
            int start = offsets.getAtIndex(INT, offset + r);
            int end = offsets.getAtIndex(INT, offset + r + 1);
            out[n] = r;
            n += like(data, start, end, segments, anchoredStart, anchoredEnd) ? 1 : 0;
        }
        return n;
    }

    /** Whether bytes {@code [at, at + len)} of {@code data} equal {@code literal[from, from + len)}. */
    public static boolean bytesEqual(MemorySegment data, long at, byte[] literal, int from, int len) {
        for (int i = 0; i < len; i++) {
            if (data.get(ValueLayout.JAVA_BYTE, at + i) != literal[from + i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether bytes {@code [start, end)} contain {@code literal}. */
    public static boolean contains(MemorySegment data, long start, long end, byte[] literal) {
        int len = literal.length;
        if (len == 0) {
            return true;
        }
        byte first = literal[0];
        for (long q = start, last = end - len; q <= last; q++) {
            if (data.get(ValueLayout.JAVA_BYTE, q) == first && bytesEqual(data, q + 1, literal, 1, len - 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether bytes {@code [start, end)} match the pattern: an anchored first segment must match at
     * the start and an anchored last one at the end (it spans a fixed number of code points, so its
     * start is found by walking back); the segments in between are placed leftmost-first, which is
     * optimal because each one spans a fixed number of code points.
     */
    public static boolean like(MemorySegment data, long start, long end, byte[][] segments, boolean anchoredStart, boolean anchoredEnd) {
        int first = 0;
        int last = segments.length;
        if (last == 1 && anchoredStart && anchoredEnd) {
            return matchAt(data, start, end, segments[0]) == end;
        }
        long pos = start;
        long limit = end;
        if (anchoredStart) {
            pos = matchAt(data, start, end, segments[0]);
            if (pos < 0) {
                return false;
            }
            first = 1;
        }
        if (anchoredEnd) {
            byte[] tail = segments[last - 1];
            limit = backCodePoints(data, pos, end, codePoints(tail));
            if (limit < 0 || matchAt(data, limit, end, tail) != end) {
                return false;
            }
            last--;
        }
        for (int s = first; s < last; s++) {
            pos = find(data, pos, limit, segments[s]);
            if (pos < 0) {
                return false;
            }
        }
        return true;
    }

    /** End of {@code segment} matched at {@code p} within {@code [p, limit)}, or -1. */
    private static long matchAt(MemorySegment data, long p, long limit, byte[] segment) {
        for (byte b : segment) {
            if (p >= limit) {
                return -1;
            }
            if (b == LikePattern.ANY_CODE_POINT) {
                p++;
                while (p < limit && isContinuation(data.get(ValueLayout.JAVA_BYTE, p))) {
                    p++;
                }
            } else if (data.get(ValueLayout.JAVA_BYTE, p++) != b) {
                return -1;
            }
        }
        return p;
    }

    /** End of the leftmost match of {@code segment} starting at a code point in {@code [pos, limit)}, or -1. */
    private static long find(MemorySegment data, long pos, long limit, byte[] segment) {
        for (long q = pos; q < limit; q++) {
            if (!isContinuation(data.get(ValueLayout.JAVA_BYTE, q))) {
                long end = matchAt(data, q, limit, segment);
                if (end >= 0) {
                    return end;
                }
            }
        }
        return -1;
    }

    /** The position {@code codePoints} code points before {@code end}, or -1 if that is before {@code lowest}. */
    private static long backCodePoints(MemorySegment data, long lowest, long end, int codePoints) {
        long p = end;
        for (int i = 0; i < codePoints; i++) {
            if (p <= lowest) {
                return -1;
            }
            p--;
            while (p > lowest && isContinuation(data.get(ValueLayout.JAVA_BYTE, p))) {
                p--;
            }
        }
        return p;
    }

    private static int codePoints(byte[] segment) {
        int count = 0;
        for (byte b : segment) {
            count += isContinuation(b) ? 0 : 1;
        }
        return count;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
