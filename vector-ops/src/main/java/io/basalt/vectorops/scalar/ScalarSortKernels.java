package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import io.basalt.data.DataType;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.KeyLayout;
import io.basalt.vectorops.NormalizedKeys;
import io.basalt.vectorops.SortKernels;
import io.basalt.vectorops.SortOrder;
import io.basalt.vectorops.SortScratch;

/**
 * Reference sort backend: plain-Java key encoding followed by {@link RadixSort}. The static encode,
 * finish and tie-break methods are reused by the SIMD backend for its tails and for the parts that
 * cannot be vectorized. Stateless; thread-safe (scratch objects are per caller).
 */
public final class ScalarSortKernels implements SortKernels {
    public static final ScalarSortKernels INSTANCE = new ScalarSortKernels();

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int INSERTION_SORT_MAX = 16;

    private ScalarSortKernels() {}

    // ---------------------------------------------------------------- single column

    @Override
    public void sortColumn(ColumnRef column, SortOrder order, int[] perm, SortScratch scratch) {
        int n = column.count();
        boolean narrow = isNarrow(column.type());
        checkPerm(perm, n);
        int valid = validCount(column);
        int nullPos = order.nullsFirst() ? 0 : valid;
        boolean isFloat = isFloat(column.type());
        long[] keys = scratch.keys(n);
        int written;
        if (narrow) {
            written = encodePacked(column.data(), column.validity(), column.offset(), 0, n, isFloat, narrowFlip(order), keys, 0, perm, nullPos);
        } else {
            written = encodeWide(column.data(), column.validity(), column.offset(), 0, n, isFloat, wideFlip(order),
                    keys, scratch.payload(n), 0, perm, nullPos);
        }
        finishColumnSort(narrow, n, written, order, perm, scratch);
    }

    /** Whether the column sorts on 4-byte keys packed with the row index; rejects unsupported kinds. */
    public static boolean isNarrow(DataType type) {
        return switch (type.kind()) {
            case INT32, DATE, FLOAT32 -> true;
            case INT64, DECIMAL, TIMESTAMP, FLOAT64 -> false;
            default -> throw new IllegalArgumentException("sortColumn supports int32, date, int64, decimal, timestamp, float32 and float64, not "
                    + type + "; use normalized keys (SortKernels.sort) for it");
        };
    }

    public static boolean isFloat(DataType type) {
        return type.kind() == DataType.Kind.FLOAT32 || type.kind() == DataType.Kind.FLOAT64;
    }

    /** XOR mask turning an ascending 32-bit key into the requested direction. */
    public static long narrowFlip(SortOrder order) {
        return order.descending() ? 0xFFFF_FFFFL : 0;
    }

    /** XOR mask turning an ascending 64-bit key into the requested direction. */
    public static long wideFlip(SortOrder order) {
        return order.descending() ? -1L : 0;
    }

    public static void checkPerm(int[] perm, int n) {
        if (perm.length < n) {
            throw new IllegalArgumentException("Permutation array of length " + perm.length + " is too small for " + n + " rows");
        }
    }

    public static int validCount(ColumnRef column) {
        return column.validity() == null ? column.count() : Bitmaps.countSet(column.validity(), column.offset(), column.count());
    }

    /** Unsigned-order key of a signed int (low 32 bits). */
    public static long intKey(int v) {
        return (v ^ 0x8000_0000) & 0xFFFF_FFFFL;
    }

    /** Unsigned-order key of float bits (low 32 bits): NaN canonicalised and greatest, -0.0 before 0.0. */
    public static long floatKey(int bits) {
        int b = (bits & 0x7FFF_FFFF) > 0x7F80_0000 ? 0x7FC0_0000 : bits;
        return (b ^ ((b >> 31) | 0x8000_0000)) & 0xFFFF_FFFFL;
    }

    /** Unsigned-order key of a signed long. */
    public static long longKey(long v) {
        return v ^ Long.MIN_VALUE;
    }

    /** Unsigned-order key of double bits: NaN canonicalised and greatest, -0.0 before 0.0. */
    public static long doubleKey(long bits) {
        long b = (bits & Long.MAX_VALUE) > 0x7FF0_0000_0000_0000L ? 0x7FF8_0000_0000_0000L : bits;
        return b ^ ((b >> 63) | Long.MIN_VALUE);
    }

    /**
     * Encodes rows {@code [from, to)} of a 4-byte column as {@code (key ^ flip) << 32 | row}: non-null
     * rows go to {@code keys[keyPos..]} in row order, null rows to {@code perm[nullPos..]}.
     *
     * @return the next free key position
     */
    public static int encodePacked(MemorySegment data, MemorySegment validity, int offset, int from, int to, boolean isFloat, long flip,
            long[] keys, int keyPos, int[] perm, int nullPos) {
        int k = keyPos;
        int np = nullPos;
        for (int r = from; r < to; r++) {
            if (validity != null && !Bitmaps.get(validity, offset + (long) r)) {
                perm[np++] = r;
                continue;
            }
            int v = data.get(INT, (offset + (long) r) << 2);
            long key = (isFloat ? floatKey(v) : intKey(v)) ^ flip;
            keys[k++] = key << 32 | r;
        }
        return k;
    }

    /**
     * Encodes rows {@code [from, to)} of an 8-byte column: keys of non-null rows to
     * {@code keys[keyPos..]} and their rows to {@code rows[keyPos..]}, null rows to {@code perm[nullPos..]}.
     *
     * @return the next free key position
     */
    public static int encodeWide(MemorySegment data, MemorySegment validity, int offset, int from, int to, boolean isFloat, long flip,
            long[] keys, int[] rows, int keyPos, int[] perm, int nullPos) {
        int k = keyPos;
        int np = nullPos;
        for (int r = from; r < to; r++) {
            if (validity != null && !Bitmaps.get(validity, offset + (long) r)) {
                perm[np++] = r;
                continue;
            }
            long v = data.get(LONG, (offset + (long) r) << 3);
            keys[k] = (isFloat ? doubleKey(v) : longKey(v)) ^ flip;
            rows[k++] = r;
        }
        return k;
    }

    /**
     * Sorts the {@code valid} encoded keys in {@code scratch.keys} (and rows in
     * {@code scratch.payload} unless narrow) and writes them to {@code perm} after or before the
     * nulls already placed there.
     */
    public static void finishColumnSort(boolean narrow, int n, int valid, SortOrder order, int[] perm, SortScratch scratch) {
        int base = order.nullsFirst() ? n - valid : 0;
        long[] keys = scratch.keys(n);
        int[] counts = scratch.counts(RadixSort.COUNTS_PER_WORD);
        if (narrow) {
            RadixSort.histogramHigh(keys, valid, counts);
            RadixSort.sort(keys, null, scratch.keysTmp(n), null, valid, 4, counts, 0);
            for (int i = 0; i < valid; i++) {
                perm[base + i] = (int) keys[i];
            }
        } else {
            int[] rows = scratch.payload(n);
            RadixSort.histogram(keys, 0, valid, counts, 0);
            RadixSort.sort(keys, rows, scratch.keysTmp(n), scratch.payloadTmp(n), valid, 0, counts, 0);
            System.arraycopy(rows, 0, perm, base, valid);
        }
    }

    // ---------------------------------------------------------------- normalized keys

    @Override
    public void encodeKeys(ColumnRef[] columns, NormalizedKeys keys) {
        KeyLayout layout = keys.layout();
        int n = layout.checkColumns(columns);
        keys.reset(n);
        for (int c = 0; c < columns.length; c++) {
            encodeColumn(layout, c, columns[c], keys, 0, n);
        }
    }

    /** Tie bits that mute column {@code c}: those set by an earlier utf8 column, else null. */
    public static long[] muteBits(KeyLayout layout, int c, NormalizedKeys keys) {
        int first = layout.firstUtf8Column();
        return first >= 0 && c > first ? keys.tieBits() : null;
    }

    /** ORs the key bytes of column {@code c} for rows {@code [from, to)} into {@code keys}. */
    public static void encodeColumn(KeyLayout layout, int c, ColumnRef col, NormalizedKeys keys, int from, int to) {
        SortOrder order = layout.order(c);
        long nbValid = order.nullsFirst() ? 1 : 0;
        long nbNull = 1 - nbValid;
        int o = layout.nullByteOffset(c);
        long[] words = keys.words();
        int cap = keys.capacity();
        long[] mute = muteBits(layout, c, keys);
        MemorySegment data = col.data();
        MemorySegment validity = col.validity();
        int off = col.offset();
        switch (col.type().kind()) {
            case BOOLEAN -> encodeBooleanField(data, validity, off, from, to, order.descending() ? 1 : 0, nbValid, nbNull, o, words, cap, mute);
            case INT32, DATE -> encodeIntField(data, validity, off, from, to, false, narrowFlip(order), nbValid, nbNull, o, words, cap, mute);
            case FLOAT32 -> encodeIntField(data, validity, off, from, to, true, narrowFlip(order), nbValid, nbNull, o, words, cap, mute);
            case INT64, DECIMAL, TIMESTAMP -> encodeLongField(data, validity, off, from, to, false, wideFlip(order), nbValid, nbNull, o, words, cap, mute);
            case FLOAT64 -> encodeLongField(data, validity, off, from, to, true, wideFlip(order), nbValid, nbNull, o, words, cap, mute);
            case UTF8 -> encodeUtf8Field(data, col.offsets(), validity, off, from, to, layout.utf8PrefixBytes(), order.descending(),
                    nbValid, nbNull, o, words, cap, mute, keys.tieBits());
        }
    }

    /** ORs the {@code len}-byte big-endian field {@code v} at key byte {@code byteOffset} of row {@code row}. */
    public static void put(long[] words, int cap, int row, int byteOffset, int len, long v) {
        int index = (byteOffset >>> 3) * cap + row;
        int end = (byteOffset & 7) + len;
        if (end <= 8) {
            words[index] |= v << ((8 - end) << 3);
        } else {
            int over = end - 8;
            words[index] |= v >>> (over << 3);
            words[index + cap] |= v << ((8 - over) << 3);
        }
    }

    private static boolean muted(long[] mute, int r) {
        return mute != null && (mute[r >>> 6] & (1L << r)) != 0;
    }

    public static void encodeBooleanField(MemorySegment data, MemorySegment validity, int offset, int from, int to, long flip,
            long nbValid, long nbNull, int o, long[] words, int cap, long[] mute) {
        for (int r = from; r < to; r++) {
            if (muted(mute, r)) {
                continue;
            }
            long field;
            if (validity != null && !Bitmaps.get(validity, offset + (long) r)) {
                field = nbNull << 8;
            } else {
                field = nbValid << 8 | ((Bitmaps.get(data, offset + (long) r) ? 1 : 0) ^ flip);
            }
            put(words, cap, r, o, 2, field);
        }
    }

    public static void encodeIntField(MemorySegment data, MemorySegment validity, int offset, int from, int to, boolean isFloat, long flip,
            long nbValid, long nbNull, int o, long[] words, int cap, long[] mute) {
        for (int r = from; r < to; r++) {
            if (muted(mute, r)) {
                continue;
            }
            long field;
            if (validity != null && !Bitmaps.get(validity, offset + (long) r)) {
                field = nbNull << 32;
            } else {
                int v = data.get(INT, (offset + (long) r) << 2);
                field = nbValid << 32 | ((isFloat ? floatKey(v) : intKey(v)) ^ flip);
            }
            put(words, cap, r, o, 5, field);
        }
    }

    public static void encodeLongField(MemorySegment data, MemorySegment validity, int offset, int from, int to, boolean isFloat, long flip,
            long nbValid, long nbNull, int o, long[] words, int cap, long[] mute) {
        for (int r = from; r < to; r++) {
            if (muted(mute, r)) {
                continue;
            }
            if (validity != null && !Bitmaps.get(validity, offset + (long) r)) {
                put(words, cap, r, o, 1, nbNull);
            } else {
                long v = data.get(LONG, (offset + (long) r) << 3);
                put(words, cap, r, o, 1, nbValid);
                put(words, cap, r, o + 1, 8, (isFloat ? doubleKey(v) : longKey(v)) ^ flip);
            }
        }
    }

    /**
     * Utf8 field: zero-padded prefix of {@code prefix} bytes and a length byte
     * {@code min(length, prefix + 1)}, complemented when descending; a longer string sets the row's
     * tie bit. Scalar in both backends: the values have variable length and position.
     */
    public static void encodeUtf8Field(MemorySegment data, MemorySegment offsets, MemorySegment validity, int offset, int from, int to,
            int prefix, boolean desc, long nbValid, long nbNull, int o, long[] words, int cap, long[] mute, long[] tie) {
        long size = data.byteSize();
        for (int r = from; r < to; r++) {
            if (muted(mute, r)) {
                continue;
            }
            if (validity != null && !Bitmaps.get(validity, offset + (long) r)) {
                put(words, cap, r, o, 1, nbNull);
                continue;
            }
            put(words, cap, r, o, 1, nbValid);
            long entry = (offset + (long) r) << 2;
            long start = offsets.get(INT, entry);
            int len = offsets.get(INT, entry + 4) - (int) start;
            int copy = Math.min(len, prefix);
            for (int p = 0; p < prefix; p += 8) {
                int chunk = Math.min(8, prefix - p);
                int have = Math.max(0, Math.min(chunk, copy - p));
                long v = have == 0 ? 0 : readBigEndian(data, start + p, have, size) >>> ((8 - chunk) << 3);
                if (desc) {
                    v ^= chunk == 8 ? -1L : (1L << (chunk << 3)) - 1;
                }
                if (v != 0) {
                    put(words, cap, r, o + 1 + p, chunk, v);
                }
            }
            long lenByte = Math.min(len, prefix + 1);
            put(words, cap, r, o + 1 + prefix, 1, desc ? lenByte ^ 0xFF : lenByte);
            if (len > prefix) {
                tie[r >>> 6] |= 1L << r;
            }
        }
    }

    /** The {@code have} (1..8) bytes at {@code pos} as the most significant bytes of a long, the rest zero. */
    private static long readBigEndian(MemorySegment data, long pos, int have, long size) {
        if (pos + 8 <= size) {
            long v = data.get(LONG_BE, pos);
            return have == 8 ? v : v & ~(-1L >>> (have << 3));
        }
        long v = 0;
        for (int j = 0; j < have; j++) {
            v |= (data.get(ValueLayout.JAVA_BYTE, pos + j) & 0xFFL) << (56 - (j << 3));
        }
        return v;
    }

    @Override
    public void sortKeys(NormalizedKeys keys, ColumnRef[] columns, int[] perm, SortScratch scratch) {
        sortNormalized(keys, columns, perm, scratch);
    }

    /**
     * Sorts normalized keys most significant word first: a radix sort of all rows by word 0, then
     * each run of rows with equal words so far is sorted by the next word (gathered through the
     * permutation; insertion sort for short runs), recursively; finally truncated-string ties. When
     * word 0 mostly decides (the common case) later words cost almost nothing, unlike an LSD pass
     * over every word that must gather each word for all rows in random order. Shared by both
     * backends: radix passes, random gathers (measured: Vector API heap gather no faster) and
     * comparisons gain nothing from SIMD.
     */
    public static void sortNormalized(NormalizedKeys keys, ColumnRef[] columns, int[] perm, SortScratch scratch) {
        int n = prepareSortKeys(keys, columns, perm);
        RadixSort.identity(perm, n);
        if (n < 2) {
            return;
        }
        long[] cur = scratch.keys(n);
        long[] tmp = scratch.keysTmp(n);
        int[] permTmp = scratch.payloadTmp(n);
        int[] counts = scratch.counts(RadixSort.COUNTS_PER_WORD);
        System.arraycopy(keys.words(), 0, cur, 0, n);
        RadixSort.sortRange(cur, perm, tmp, permTmp, 0, n, counts);
        if (keys.layout().words() > 1) {
            refineRuns(keys, perm, cur, tmp, permTmp, 0, n, 1, counts);
        }
        refineTies(keys, columns, perm, n, permTmp);
    }

    /**
     * Within {@code [from, to)}, ordered by words {@code < w} with word {@code w - 1} of each
     * position in {@code cur}, sorts every run of equal {@code cur} values by words {@code w..}.
     * A run's {@code cur} entries are consumed once found, so they hold its next word.
     */
    private static void refineRuns(NormalizedKeys keys, int[] perm, long[] cur, long[] tmp, int[] permTmp, int from, int to, int w, int[] counts) {
        long[] words = keys.words();
        int cap = keys.capacity();
        int lastWord = keys.layout().words() - 1;
        int i = from;
        while (i < to) {
            long v = cur[i];
            int j = i + 1;
            while (j < to && cur[j] == v) {
                j++;
            }
            if (j - i > INSERTION_SORT_MAX) {
                int base = w * cap;
                for (int k = i; k < j; k++) {
                    cur[k] = words[base + perm[k]];
                }
                RadixSort.sortRange(cur, perm, tmp, permTmp, i, j, counts);
                if (w < lastWord) {
                    refineRuns(keys, perm, cur, tmp, permTmp, i, j, w + 1, counts);
                }
            } else if (j - i > 1) {
                insertionSortByWords(words, cap, w, lastWord, perm, i, j);
            }
            i = j;
        }
    }

    /** Stable insertion sort of {@code perm[from, to)} by key words {@code w..lastWord}. */
    private static void insertionSortByWords(long[] words, int cap, int w, int lastWord, int[] perm, int from, int to) {
        for (int a = from + 1; a < to; a++) {
            int x = perm[a];
            int b = a - 1;
            while (b >= from && compareWords(words, cap, w, lastWord, perm[b], x) > 0) {
                perm[b + 1] = perm[b];
                b--;
            }
            perm[b + 1] = x;
        }
    }

    private static int compareWords(long[] words, int cap, int w, int lastWord, int rowA, int rowB) {
        for (int i = w; i <= lastWord; i++) {
            long a = words[i * cap + rowA];
            long b = words[i * cap + rowB];
            if (a != b) {
                return Long.compareUnsigned(a, b);
            }
        }
        return 0;
    }

    /** Validates a sortKeys call; returns the row count. */
    public static int prepareSortKeys(NormalizedKeys keys, ColumnRef[] columns, int[] perm) {
        int n = keys.count();
        checkPerm(perm, n);
        if (keys.layout().firstUtf8Column() >= 0) {
            if (columns == null) {
                throw new IllegalArgumentException("Keys with a utf8 column need the encoded columns to break ties of truncated strings");
            }
            int rows = keys.layout().checkColumns(columns);
            if (rows != n) {
                throw new IllegalArgumentException("Columns have " + rows + " rows but " + n + " keys were encoded");
            }
        }
        return n;
    }

    /**
     * Reorders each run of equal keys with a truncated string (tie bit set) by comparing the full
     * column values from the first utf8 column on, keeping input order among truly equal rows.
     */
    public static void refineTies(NormalizedKeys keys, ColumnRef[] columns, int[] perm, int n, int[] tmp) {
        KeyLayout layout = keys.layout();
        if (layout.firstUtf8Column() < 0) {
            return;
        }
        int from = layout.firstUtf8Column();
        long[] tie = keys.tieBits();
        int i = 0;
        while (i < n) {
            int r = perm[i];
            if ((tie[r >>> 6] & (1L << r)) == 0) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < n && keys.compare(r, keys, perm[j]) == 0) {
                j++;
            }
            if (j - i > 1) {
                mergeSort(perm, i, j, tmp, layout, columns, from);
            }
            i = j;
        }
    }

    /** Stable merge sort of {@code perm[lo, hi)} by {@link KeyLayout#compareRows}. */
    private static void mergeSort(int[] a, int lo, int hi, int[] tmp, KeyLayout layout, ColumnRef[] cols, int from) {
        if (hi - lo <= INSERTION_SORT_MAX) {
            for (int i = lo + 1; i < hi; i++) {
                int x = a[i];
                int j = i - 1;
                while (j >= lo && layout.compareRows(cols, a[j], cols, x, from) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(a, lo, mid, tmp, layout, cols, from);
        mergeSort(a, mid, hi, tmp, layout, cols, from);
        if (layout.compareRows(cols, a[mid - 1], cols, a[mid], from) <= 0) {
            return;
        }
        System.arraycopy(a, lo, tmp, lo, mid - lo);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
            a[k++] = layout.compareRows(cols, a[j], cols, tmp[i], from) < 0 ? a[j++] : tmp[i++];
        }
        while (i < mid) {
            a[k++] = tmp[i++];
        }
    }
}
