package io.basalt.vectorops;

import java.util.Arrays;
import java.util.Objects;

/**
 * Byte-comparable sort keys of up to {@code capacity} rows, laid out by a {@link KeyLayout} and
 * filled by {@link SortKernels#encodeKeys}. Comparing two keys as unsigned 8-byte words, word 0
 * first, gives the order of the rows (ascending; descending columns are encoded complemented);
 * equal keys mean equal rows unless the row's tie bit is set.
 *
 * <p>Encoding (per {@link KeyLayout}): each column contributes a null byte (NULLS FIRST: null 0,
 * value 1; NULLS LAST: value 0, null 1) followed by its value bytes big-endian: ints with the sign
 * bit flipped, floats with the standard order-preserving transform of the canonical bits (negative:
 * all bits flipped, positive: sign flipped; NaN canonicalised so it is greatest), booleans 0/1,
 * utf8 as a zero-padded prefix plus a length byte {@code min(length, P + 1)}; a descending column's
 * value bytes are complemented; a null's value bytes are zero. A string longer than the prefix P
 * cannot be ordered by its key alone: the row's tie bit is set and every key byte after that string
 * is left zero, so rows whose truncated prefixes are equal tie on the key and are ordered by
 * comparing the full values ({@link KeyLayout#compareRows}) from the first utf8 column on.
 *
 * <p>Storage is word-major on the heap: word {@code w} of row {@code r} is
 * {@code words()[w * capacity() + r]}, so a SIMD encoder writes contiguous lanes and the sort reads
 * one word of all rows at a time. Not thread-safe; reusable for many batches of the same layout.
 */
public final class NormalizedKeys {
    private final KeyLayout layout;
    private final int capacity;
    private final long[] words;
    private final long[] tieBits;
    private int count;

    public NormalizedKeys(KeyLayout layout, int capacity) {
        this.layout = Objects.requireNonNull(layout, "layout");
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
        }
        long size = (long) layout.words() * capacity;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(capacity + " keys of " + layout.words() + " words exceed one Java array; sort smaller runs");
        }
        this.capacity = capacity;
        this.words = new long[(int) size];
        this.tieBits = layout.firstUtf8Column() >= 0 ? new long[(capacity + 63) >>> 6] : null;
    }

    public KeyLayout layout() {
        return layout;
    }

    public int capacity() {
        return capacity;
    }

    /** Rows encoded by the last {@link SortKernels#encodeKeys} call. */
    public int count() {
        return count;
    }

    /**
     * Starts encoding {@code rows} rows: zeroes their words and tie bits and sets the count. Called
     * by the encoders; the columns then OR their bytes in.
     *
     * @throws IllegalArgumentException if {@code rows} exceeds the capacity
     */
    public void reset(int rows) {
        if (rows < 0 || rows > capacity) {
            throw new IllegalArgumentException("Cannot encode " + rows + " rows into normalized keys of capacity " + capacity);
        }
        for (int w = 0; w < layout.words(); w++) {
            Arrays.fill(words, w * capacity, w * capacity + rows, 0L);
        }
        if (tieBits != null) {
            Arrays.fill(tieBits, 0, (rows + 63) >>> 6, 0L);
        }
        count = rows;
    }

    /** The backing words (word-major, stride {@link #capacity()}); for kernels. */
    public long[] words() {
        return words;
    }

    /** Bit {@code r} set when row {@code r}'s key truncated a string; null when the layout has no utf8 column. */
    public long[] tieBits() {
        return tieBits;
    }

    public long word(int word, int row) {
        return words[word * capacity + row];
    }

    public boolean needsTieBreak(int row) {
        return tieBits != null && (tieBits[row >>> 6] & (1L << row)) != 0;
    }

    /** Unsigned comparison of row {@code row}'s key with row {@code otherRow} of {@code other} (same layout). */
    public int compare(int row, NormalizedKeys other, int otherRow) {
        for (int w = 0, n = layout.words(); w < n; w++) {
            long a = words[w * capacity + row];
            long b = other.words[w * other.capacity + otherRow];
            if (a != b) {
                return Long.compareUnsigned(a, b);
            }
        }
        return 0;
    }
}
