package io.basalt.vectorops.scalar;

/**
 * LSD radix sort of unsigned 64-bit keys with 8-bit digits, shared by both sort backends: the
 * scatter passes are inherently serial (each element's destination depends on the running bucket
 * counters), so the SIMD backend calls these too. One histogram pass counts every digit; digits in
 * which all keys share the same byte are skipped. Stateless static methods; thread-safe.
 */
public final class RadixSort {
    /** Buckets per 8-bit digit. */
    public static final int RADIX = 256;
    /** Histogram entries for the 8 digits of a 64-bit key. */
    public static final int COUNTS_PER_WORD = 8 * RADIX;

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

    /** Whether all {@code n > 0} keys counted at {@code counts[base..]} equal {@code sample} in every digit. */
    public static boolean isConstant(int[] counts, int base, long sample, int n) {
        for (int d = 0; d < 8; d++) {
            if (counts[base + (d << 8) + (int) ((sample >>> (d << 3)) & 0xFF)] != n) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stable sort of {@code keys[0, n)} as unsigned longs by digits {@code loDigit..7} (byte 0 =
     * least significant), moving {@code payload[i]} along with {@code keys[i]} unless
     * {@code payload} is null. {@code counts[base..base+2048)} must hold the digit histograms of
     * exactly these keys; they are overwritten. The result ends in {@code keys}/{@code payload}; the
     * tmp arrays are scratch of at least {@code n} entries.
     */
    public static void sort(long[] keys, int[] payload, long[] keysTmp, int[] payloadTmp, int n, int loDigit, int[] counts, int base) {
        if (n < 2) {
            return;
        }
        long[] src = keys;
        long[] dst = keysTmp;
        int[] ps = payload;
        int[] pd = payloadTmp;
        for (int d = loDigit; d < 8; d++) {
            int b = base + (d << 8);
            int shift = d << 3;
            if (counts[b + (int) ((src[0] >>> shift) & 0xFF)] == n) {
                continue; // every key has the same byte here: the pass would be the identity
            }
            int sum = 0;
            for (int i = b; i < b + RADIX; i++) {
                int c = counts[i];
                counts[i] = sum;
                sum += c;
            }
            if (ps == null) {
                scatter(src, dst, n, shift, counts, b);
            } else {
                scatter(src, ps, dst, pd, n, shift, counts, b);
                int[] t = ps;
                ps = pd;
                pd = t;
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        if (src != keys) {
            System.arraycopy(src, 0, keys, 0, n);
            if (payload != null) {
                System.arraycopy(ps, 0, payload, 0, n);
            }
        }
    }

    private static void scatter(long[] src, long[] dst, int n, int shift, int[] offsets, int b) {
        for (int i = 0; i < n; i++) {
            long k = src[i];
            dst[offsets[b + (int) ((k >>> shift) & 0xFF)]++] = k;
        }
    }

    private static void scatter(long[] src, int[] ps, long[] dst, int[] pd, int n, int shift, int[] offsets, int b) {
        for (int i = 0; i < n; i++) {
            long k = src[i];
            int p = offsets[b + (int) ((k >>> shift) & 0xFF)]++;
            dst[p] = k;
            pd[p] = ps[i];
        }
    }

    /** {@code perm[i] = i} for {@code i < n}. */
    public static void identity(int[] perm, int n) {
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
    }
}
