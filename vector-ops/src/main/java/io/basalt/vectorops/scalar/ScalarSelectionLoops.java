package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;

import io.basalt.vectorops.Bitmaps;

/**
 * Scalar loops over validity bitmaps and over selections (ascending row-index lists): null
 * filtering, IS [NOT] NULL, and the set operations AND, OR, NOT. The merges are branch-free
 * ({@code out[n] = x; n += keep}), so their speed does not depend on how the lists interleave.
 * The SIMD backend calls these for its tails. Stateless.
 */
public final class ScalarSelectionLoops {
    private ScalarSelectionLoops() {}

    /**
     * Keeps the entries of {@code out[from, n)} whose row is valid (bit {@code offset + row} of
     * {@code validity}), compacting them in place; returns the new end. A null bitmap keeps all.
     */
    public static int dropNulls(MemorySegment validity, long offset, int[] out, int from, int n) {
        if (validity == null) {
            return n;
        }
        int kept = from;
        for (int i = from; i < n; i++) {
            int row = out[i];
            out[kept] = row;
            kept += Bitmaps.get(validity, offset + row) ? 1 : 0;
        }
        return kept;
    }

    /** Appends the rows of {@code [from, to)} that are null (when {@code nulls}) or valid. */
    public static int validity(MemorySegment validity, long offset, int from, int to, boolean nulls, int[] out, int n) {
        for (int r = from; r < to; r++) {
            out[n] = r;
            n += Bitmaps.get(validity, offset + r) != nulls ? 1 : 0;
        }
        return n;
    }

    /** Appends the rows in both {@code a[i, aEnd)} and {@code b[j, bEnd)}. */
    public static int and(int[] a, int i, int aEnd, int[] b, int j, int bEnd, int[] out, int n) {
        while (i < aEnd && j < bEnd) {
            int x = a[i];
            int y = b[j];
            out[n] = x;
            n += x == y ? 1 : 0;
            i += x <= y ? 1 : 0;
            j += y <= x ? 1 : 0;
        }
        return n;
    }

    /** Appends the rows in {@code a[i, aEnd)} or {@code b[j, bEnd)}. */
    public static int or(int[] a, int i, int aEnd, int[] b, int j, int bEnd, int[] out, int n) {
        while (i < aEnd && j < bEnd) {
            int x = a[i];
            int y = b[j];
            out[n++] = Math.min(x, y);
            i += x <= y ? 1 : 0;
            j += y <= x ? 1 : 0;
        }
        System.arraycopy(a, i, out, n, aEnd - i);
        n += aEnd - i;
        System.arraycopy(b, j, out, n, bEnd - j);
        return n + bEnd - j;
    }

    /** Appends the rows of {@code [from, to)} not in {@code a[i, aEnd)}, whose rows below {@code from} were consumed. */
    public static int not(int[] a, int i, int aEnd, int from, int to, int[] out, int n) {
        for (int r = from; r < to; r++) {
            boolean member = i < aEnd && a[i] == r;
            out[n] = r;
            n += member ? 0 : 1;
            i += member ? 1 : 0;
        }
        return n;
    }
}
