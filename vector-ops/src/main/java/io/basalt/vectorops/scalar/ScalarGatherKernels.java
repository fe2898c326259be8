package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import io.basalt.data.DataType;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.GatherKernels;

/**
 * Reference gather backend: one load and store per selected row. The static loops are reused by
 * the SIMD backend for tails and for what cannot be vectorized (random off-heap reads, bitmaps,
 * variable-length strings). Stateless; thread-safe.
 */
public final class ScalarGatherKernels implements GatherKernels {
    public static final ScalarGatherKernels INSTANCE = new ScalarGatherKernels();

    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private ScalarGatherKernels() {}

    // ---------------------------------------------------------------- validation shared by both backends

    /** @throws IllegalArgumentException naming the first of {@code rows[0, n)} outside {@code [0, count)} */
    public static void checkRows(int[] rows, int n, int count) {
        if (n < 0 || n > rows.length) {
            throw new IllegalArgumentException("Row count " + n + " outside [0, " + rows.length + "] of the row array");
        }
        int bad = 0;
        int last = count - 1;
        for (int i = 0; i < n; i++) {
            int r = rows[i];
            bad |= r | (last - r);
        }
        if (bad < 0) {
            for (int i = 0; i < n; i++) {
                if (rows[i] < 0 || rows[i] >= count) {
                    throw new IllegalArgumentException("Row " + rows[i] + " at position " + i + " is outside the column's " + count + " rows");
                }
            }
        }
    }

    public static void checkRange(int start, int n, int count) {
        if (start < 0 || n < 0 || (long) start + n > count) {
            throw new IllegalArgumentException("Rows [" + start + ", " + ((long) start + n) + ") are outside the column's " + count + " rows");
        }
    }

    public static void checkOut(MemorySegment out, long bytes, String what) {
        if (out.byteSize() < bytes) {
            throw new IllegalArgumentException("Output " + what + " of " + out.byteSize() + " bytes is too small; " + bytes + " needed");
        }
    }

    /** Bytes per value of a fixed-width column, 0 for booleans; rejects other kinds. */
    public static int fixedWidth(DataType type) {
        if (type.kind() == DataType.Kind.UTF8) {
            throw new IllegalArgumentException("Column type " + type + " is variable-width; use the utf8 gather methods");
        }
        return type.fixedWidth();
    }

    public static void checkUtf8(DataType type) {
        if (type.kind() != DataType.Kind.UTF8) {
            throw new IllegalArgumentException("Column type " + type + " is not utf8");
        }
    }

    /** Output bytes for {@code n} rows of a fixed-width ({@code width > 0}) or bit-packed column. */
    public static long outBytes(int width, int n) {
        return width == 0 ? (n + 7L) >>> 3 : (long) width * n;
    }

    // ---------------------------------------------------------------- fixed width

    @Override
    public void gather(ColumnRef column, int[] rows, int n, MemorySegment out) {
        int width = fixedWidth(column.type());
        checkRows(rows, n, column.count());
        checkOut(out, outBytes(width, n), "buffer");
        switch (width) {
            case 4 -> gather4(column.data(), column.offset(), rows, 0, n, out);
            case 8 -> gather8(column.data(), column.offset(), rows, 0, n, out);
            default -> gatherBits(column.data(), column.offset(), rows, n, out);
        }
    }

    @Override
    public void copyRange(ColumnRef column, int start, int n, MemorySegment out) {
        int width = fixedWidth(column.type());
        checkRange(start, n, column.count());
        checkOut(out, outBytes(width, n), "buffer");
        if (width == 0) {
            copyBits(column.data(), column.offset() + (long) start, n, out);
        } else {
            MemorySegment.copy(column.data(), (column.offset() + (long) start) * width, out, 0, (long) n * width);
        }
    }

    /** {@code out[i] = src[srcRow0 + rows[i]]} for 4-byte values, i in {@code [from, to)}. */
    public static void gather4(MemorySegment src, long srcRow0, int[] rows, int from, int to, MemorySegment out) {
        int i = from;
        while (i < to) {
            int r = rows[i];
            // one comparison tells whether a run may start here; scattered rows take the plain path
            if (i + MIN_COPY_RUN <= to && rows[i + MIN_COPY_RUN - 1] == r + MIN_COPY_RUN - 1) {
                int run = runLength(rows, i, to);
                if (run >= MIN_COPY_RUN) {
                    MemorySegment.copy(src, (srcRow0 + r) << 2, out, (long) i << 2, (long) run << 2);
                    i += run;
                    continue;
                }
            }
            out.set(INT, (long) i << 2, src.get(INT, (srcRow0 + r) << 2));
            i++;
        }
    }

    /** Runs of consecutive rows at least this long are copied in bulk (dense selections are mostly such runs). */
    private static final int MIN_COPY_RUN = 8;

    /** The length of the run of consecutive row numbers starting at {@code rows[i]}, capped at {@code to - i}. */
    private static int runLength(int[] rows, int i, int to) {
        int first = rows[i];
        int j = i + 1;
        while (j < to && rows[j] == first + (j - i)) {
            j++;
        }
        return j - i;
    }

    /** {@code out[i] = src[srcRow0 + rows[i]]} for 8-byte values, i in {@code [from, to)}. */
    public static void gather8(MemorySegment src, long srcRow0, int[] rows, int from, int to, MemorySegment out) {
        int i = from;
        while (i < to) {
            int r = rows[i];
            // one comparison tells whether a run may start here; scattered rows take the plain path
            if (i + MIN_COPY_RUN <= to && rows[i + MIN_COPY_RUN - 1] == r + MIN_COPY_RUN - 1) {
                int run = runLength(rows, i, to);
                if (run >= MIN_COPY_RUN) {
                    MemorySegment.copy(src, (srcRow0 + r) << 3, out, (long) i << 3, (long) run << 3);
                    i += run;
                    continue;
                }
            }
            out.set(LONG, (long) i << 3, src.get(LONG, (srcRow0 + r) << 3));
            i++;
        }
    }

    // ---------------------------------------------------------------- bitmaps

    /**
     * Output bit i = bit {@code bitOffset + rows[i]} of {@code src}, 64 rows per output word.
     *
     * @return the number of set output bits
     */
    public static int gatherBits(MemorySegment src, long bitOffset, int[] rows, int n, MemorySegment out) {
        int set = 0;
        for (int w = 0; w < n; w += 64) {
            int end = Math.min(n, w + 64);
            long word = 0;
            for (int i = w; i < end; i++) {
                long bit = bitOffset + rows[i];
                word |= ((long) (src.get(BYTE, bit >>> 3) >>> (bit & 7)) & 1L) << (i - w);
            }
            storeWord(out, w >>> 6, word, end - w);
            set += Long.bitCount(word);
        }
        return set;
    }

    /** Copies {@code n} bits starting at bit {@code bitOffset} of {@code src} to bit 0 of {@code out}; returns the set bits. */
    public static int copyBits(MemorySegment src, long bitOffset, int n, MemorySegment out) {
        int set = 0;
        for (int w = 0; w < n; w += 64) {
            int bits = Math.min(64, n - w);
            long word = Bitmaps.word(src, bitOffset + w);
            word = bits == 64 ? word : word & ((1L << bits) - 1);
            storeWord(out, w >>> 6, word, bits);
            set += Long.bitCount(word);
        }
        return set;
    }

    /** Sets bits {@code [0, n)} of {@code out}. */
    public static void fillBits(MemorySegment out, int n) {
        for (int w = 0; w < n; w += 64) {
            int bits = Math.min(64, n - w);
            storeWord(out, w >>> 6, bits == 64 ? -1L : (1L << bits) - 1, bits);
        }
    }

    /**
     * Stores output word {@code w} holding {@code bits} (1..64) valid bits, the rest zero; the last
     * word is written byte by byte when the segment ends before a whole long (Arrow sizes validity
     * buffers in bytes).
     */
    public static void storeWord(MemorySegment out, int w, long word, int bits) {
        long pos = (long) w << 3;
        if (pos + 8 <= out.byteSize()) {
            out.set(LONG, pos, word);
        } else {
            for (int b = 0, bytes = (bits + 7) >>> 3; b < bytes; b++) {
                out.set(BYTE, pos + b, (byte) (word >>> (b << 3)));
            }
        }
    }

    @Override
    public int gatherValidity(ColumnRef column, int[] rows, int n, MemorySegment out) {
        checkRows(rows, n, column.count());
        checkOut(out, (n + 7L) >>> 3, "validity bitmap");
        if (column.validity() == null) {
            fillBits(out, n);
            return 0;
        }
        return n - gatherBits(column.validity(), column.offset(), rows, n, out);
    }

    @Override
    public int copyValidityRange(ColumnRef column, int start, int n, MemorySegment out) {
        checkRange(start, n, column.count());
        checkOut(out, (n + 7L) >>> 3, "validity bitmap");
        if (column.validity() == null) {
            fillBits(out, n);
            return 0;
        }
        return n - copyBits(column.validity(), column.offset() + (long) start, n, out);
    }

    // ---------------------------------------------------------------- utf8

    @Override
    public long gatherUtf8Offsets(ColumnRef column, int[] rows, int n, MemorySegment outOffsets) {
        checkUtf8(column.type());
        checkRows(rows, n, column.count());
        checkOut(outOffsets, (n + 1L) << 2, "offsets");
        return checkTotal(gatherUtf8Offsets(column.offsets(), column.offset(), rows, n, outOffsets));
    }

    /** Pass 1 over an index list: running sum of the selected strings' lengths. */
    public static long gatherUtf8Offsets(MemorySegment offsets, int offset, int[] rows, int n, MemorySegment out) {
        long pos = 0;
        out.set(INT, 0, 0);
        for (int i = 0; i < n; i++) {
            long e = (offset + (long) rows[i]) << 2;
            pos += offsets.get(INT, e + 4) - offsets.get(INT, e);
            out.set(INT, (i + 1L) << 2, (int) pos);
        }
        return pos;
    }

    public static long checkTotal(long total) {
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Gathered strings total " + total + " bytes, more than utf8's int32 offsets can address");
        }
        return total;
    }

    @Override
    public long copyUtf8OffsetsRange(ColumnRef column, int start, int n, MemorySegment outOffsets) {
        checkUtf8(column.type());
        checkRange(start, n, column.count());
        checkOut(outOffsets, (n + 1L) << 2, "offsets");
        long first = (column.offset() + (long) start) << 2;
        int base = column.offsets().get(INT, first);
        rebaseOffsets(column.offsets(), first, base, 0, n + 1, outOffsets);
        return column.offsets().get(INT, first + ((long) n << 2)) - base;
    }

    /** {@code out[i] = offsets[first/4 + i] - base} for i in {@code [from, to)}. */
    public static void rebaseOffsets(MemorySegment offsets, long first, int base, int from, int to, MemorySegment out) {
        for (int i = from; i < to; i++) {
            out.set(INT, (long) i << 2, offsets.get(INT, first + ((long) i << 2)) - base);
        }
    }

    @Override
    public void gatherUtf8Bytes(ColumnRef column, int[] rows, int n, MemorySegment outOffsets, MemorySegment outData) {
        checkUtf8(column.type());
        checkRows(rows, n, column.count());
        checkOut(outOffsets, (n + 1L) << 2, "offsets");
        checkOut(outData, outOffsets.get(INT, (long) n << 2), "data");
        gatherUtf8Bytes(column.data(), column.offsets(), column.offset(), rows, n, outOffsets, outData);
    }

    /**
     * Pass 2: copies the selected strings to their output offsets. Consecutive selected rows (runs
     * in a filter's selection) are contiguous in both buffers and are copied as one block; blocks
     * up to 32 bytes are copied as two or four 8-byte words (fixed count: measured about 2x faster
     * than MemorySegment.copy or a word loop) when both buffers have room, the over-copied bytes
     * being overwritten by the following strings (or lying past the total), so the result is exact.
     */
    public static void gatherUtf8Bytes(MemorySegment data, MemorySegment offsets, int offset, int[] rows, int n,
            MemorySegment outOffsets, MemorySegment outData) {
        long srcSize = data.byteSize();
        long dstSize = outData.byteSize();
        int i = 0;
        while (i < n) {
            int first = rows[i];
            int j = i + 1;
            while (j < n && rows[j] == rows[j - 1] + 1) {
                j++;
            }
            long s = offsets.get(INT, (offset + (long) first) << 2);
            long e = offsets.get(INT, (offset + (long) rows[j - 1] + 1) << 2);
            long d = outOffsets.get(INT, (long) i << 2);
            long len = e - s;
            if (len <= 16 && s + 16 <= srcSize && d + 16 <= dstSize) {
                outData.set(LONG, d, data.get(LONG, s));
                outData.set(LONG, d + 8, data.get(LONG, s + 8));
            } else if (len <= 32 && s + 32 <= srcSize && d + 32 <= dstSize) {
                outData.set(LONG, d, data.get(LONG, s));
                outData.set(LONG, d + 8, data.get(LONG, s + 8));
                outData.set(LONG, d + 16, data.get(LONG, s + 16));
                outData.set(LONG, d + 24, data.get(LONG, s + 24));
            } else {
                MemorySegment.copy(data, s, outData, d, len);
            }
            i = j;
        }
    }

    @Override
    public void copyUtf8BytesRange(ColumnRef column, int start, int n, MemorySegment outData) {
        checkUtf8(column.type());
        checkRange(start, n, column.count());
        long first = (column.offset() + (long) start) << 2;
        long s = column.offsets().get(INT, first);
        long total = column.offsets().get(INT, first + ((long) n << 2)) - s;
        checkOut(outData, total, "data");
        MemorySegment.copy(column.data(), s, outData, 0, total);
    }
}
