package io.basalt.vectorops.scalar;

import java.util.Arrays;

/**
 * Stable radix sort of unsigned 64-bit keys (plus an int payload, the row index) with 8-bit
 * digits: LSD for cache-sized inputs, one MSD split first for larger ones. Shared by both sort
 * backends: the scatter passes are inherently serial (each element's destination depends on the
 * running bucket counters). One histogram pass counts every digit; digits in which all keys share
 * the same byte are skipped. Stateless static methods; thread-safe.
 */
public final class RadixSort {
    /** Buckets per 8-bit digit. */
    public static final int RADIX = 256;
    /** Histogram entries for the 8 digits of a 64-bit key. */
    public static final int COUNTS_PER_WORD = 8 * RADIX;
    /** Largest range sorted LSD in place: 64K keys + payloads and their scratch (1.5 MB) fit a 2 MB L2 cache. */
    public static final int CACHE_SORT_MAX = 1 << 16;

    private RadixSort() {}

    /** Adds the counts of all 8 digits of {@code keys[from, from+n)} to {@code counts[base + d*256 + byte]}. */
    public static void histogram(long[] keys, int from, int n, int[] counts, int base) {
        for (int i = from, end = from + n; i < end; i++) {
            long k = keys[i];
            counts[base + (int) (k & 0xFF)]++;
            counts[base + 256 + (int) ((k >>> 8) & 0xFF)]++;
            counts[base + 512 + (int) ((k >>> 16) & 0xFF)]++;
            counts[base + 768 + (int) ((k >>> 24) & 0xFF)]++;
            counts[base + 1024 + (int) ((k >>> 32) & 0xFF)]++;
            counts[base + 1280 + (int) ((k >>> 40) & 0xFF)]++;
            counts[base + 1536 + (int) ((k >>> 48) & 0xFF)]++;
            counts[base + 1792 + (int) (k >>> 56)]++;
        }
    }

    /** Like {@link #histogram} for digits 4..7 only (keys whose low half is a row index). */
    public static void histogramHigh(long[] keys, int n, int[] counts) {
        for (int i = 0; i < n; i++) {
            long k = keys[i];
            counts[1024 + (int) ((k >>> 32) & 0xFF)]++;
            counts[1280 + (int) ((k >>> 40) & 0xFF)]++;
            counts[1536 + (int) ((k >>> 48) & 0xFF)]++;
            counts[1792 + (int) (k >>> 56)]++;
        }
    }

    /**
     * Stable sort of {@code keys[0, n)} as unsigned longs by digits {@code loDigit..7} (byte 0 =
     * least significant), moving {@code payload[i]} along with {@code keys[i]} unless
     * {@code payload} is null. {@code counts[base..base+2048)} must hold the digit histograms of
     * exactly these keys; they are overwritten. The result ends in {@code keys}/{@code payload}; the
     * tmp arrays are scratch of at least {@code n} entries.
     *
     * <p>Up to {@link #CACHE_SORT_MAX} keys are sorted LSD directly. Larger inputs first get one
     * stable MSD scatter by their most significant varying digit, so each bucket (about n/256 keys)
     * is then LSD-sorted while it sits in the L2 cache: a plain LSD pass over 16M keys scatters
     * into 256 streams spread over hundreds of MB and is bound by TLB and cache misses.
     */
    public static void sort(long[] keys, int[] payload, long[] keysTmp, int[] payloadTmp, int n, int loDigit, int[] counts, int base) {
        if (n < 2) {
            return;
        }
        if (n <= CACHE_SORT_MAX) {
            lsd(keys, payload, keysTmp, payloadTmp, 0, n, loDigit, 8, counts, base, true);
        } else {
            msd(keys, payload, keysTmp, payloadTmp, 0, n, loDigit, 8, counts, base);
        }
    }

    /**
     * LSD passes over {@code [from, to)} by digits {@code [lo, hi)} with histograms at
     * {@code counts[base + d*256 ..]}, reading {@code a} first and using {@code b} as scratch; the
     * result ends in {@code a} or, when {@code intoA} is false, in {@code b}.
     */
    private static void lsd(long[] a, int[] pa, long[] b, int[] pb, int from, int to, int lo, int hi, int[] counts, int base, boolean intoA) {
        int n = to - from;
        long[] src = a;
        long[] dst = b;
        int[] ps = pa;
        int[] pd = pb;
        for (int d = lo; d < hi; d++) {
            int cb = base + (d << 8);
            int shift = d << 3;
            if (counts[cb + (int) ((src[from] >>> shift) & 0xFF)] == n) {
                continue; // every key has the same byte here: the pass would be the identity
            }
            prefixSums(counts, cb, from);
            scatter(src, ps, dst, pd, from, to, shift, counts, cb);
            long[] t = src;
            src = dst;
            dst = t;
            int[] u = ps;
            ps = pd;
            pd = u;
        }
        if (intoA && src != a) {
            copy(src, ps, a, pa, from, to);
        } else if (!intoA && src != b) {
            copy(src, ps, b, pb, from, to);
        }
    }

    /**
     * Sorts {@code keys[from, to)} (histograms of digits {@code [lo, hi)} at {@code counts[base..]})
     * by a stable MSD scatter into {@code tmp} on the highest varying digit, then sorts each bucket
     * back into {@code keys}: LSD when it fits the cache, recursively otherwise.
     */
    private static void msd(long[] keys, int[] payload, long[] tmp, int[] ptmp, int from, int to, int lo, int hi, int[] counts, int base) {
        int n = to - from;
        int d = hi - 1;
        while (d >= lo && counts[base + (d << 8) + (int) ((keys[from] >>> (d << 3)) & 0xFF)] == n) {
            d--;
        }
        if (d < lo) {
            return; // all keys equal in the remaining digits
        }
        int cb = base + (d << 8);
        int[] starts = new int[RADIX + 1];
        int sum = from;
        for (int b = 0; b < RADIX; b++) {
            starts[b] = sum;
            sum += counts[cb + b];
        }
        starts[RADIX] = to;
        int[] next = Arrays.copyOf(starts, RADIX);
        scatter(keys, payload, tmp, ptmp, from, to, d << 3, next, 0);
        int[] sub = new int[COUNTS_PER_WORD];
        for (int b = 0; b < RADIX; b++) {
            int s = starts[b];
            int e = starts[b + 1];
            if (e - s < 2 || d == lo) {
                copy(tmp, ptmp, keys, payload, s, e);
                continue;
            }
            Arrays.fill(sub, 0);
            histogram(tmp, s, e - s, sub, 0);
            if (e - s <= CACHE_SORT_MAX) {
                lsd(tmp, ptmp, keys, payload, s, e, lo, d, sub, 0, false);
            } else {
                copy(tmp, ptmp, keys, payload, s, e);
                msd(keys, payload, tmp, ptmp, s, e, lo, d, sub, 0);
            }
        }
    }

    /**
     * Stable sort of {@code keys[from, to)} by all 8 digits, moving {@code payload} along: one
     * histogram pass (into {@code counts}, at least {@link #COUNTS_PER_WORD} entries, overwritten)
     * then {@link #sort}'s strategy on the range; {@code keysTmp}/{@code payloadTmp} are used as
     * scratch in the same index range.
     */
    public static void sortRange(long[] keys, int[] payload, long[] keysTmp, int[] payloadTmp, int from, int to, int[] counts) {
        if (to - from < 2) {
            return;
        }
        Arrays.fill(counts, 0, COUNTS_PER_WORD, 0);
        histogram(keys, from, to - from, counts, 0);
        if (to - from <= CACHE_SORT_MAX) {
            lsd(keys, payload, keysTmp, payloadTmp, from, to, 0, 8, counts, 0, true);
        } else {
            msd(keys, payload, keysTmp, payloadTmp, from, to, 0, 8, counts, 0);
        }
    }

    /** Turns the 256 counts at {@code counts[cb..]} into exclusive prefix sums starting at {@code from}. */
    private static void prefixSums(int[] counts, int cb, int from) {
        int sum = from;
        for (int i = cb; i < cb + RADIX; i++) {
            int c = counts[i];
            counts[i] = sum;
            sum += c;
        }
    }

    private static void copy(long[] src, int[] ps, long[] dst, int[] pd, int from, int to) {
        System.arraycopy(src, from, dst, from, to - from);
        if (ps != null) {
            System.arraycopy(ps, from, pd, from, to - from);
        }
    }

    private static void scatter(long[] src, int[] ps, long[] dst, int[] pd, int from, int to, int shift, int[] offsets, int b) {
        if (ps == null) {
            for (int i = from; i < to; i++) {
                long k = src[i];
                dst[offsets[b + (int) ((k >>> shift) & 0xFF)]++] = k;
            }
        } else {
            for (int i = from; i < to; i++) {
                long k = src[i];
                int p = offsets[b + (int) ((k >>> shift) & 0xFF)]++;
                dst[p] = k;
                pd[p] = ps[i];
            }
        }
    }

    /** {@code perm[i] = i} for {@code i < n}. */
    public static void identity(int[] perm, int n) {
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
    }
}
