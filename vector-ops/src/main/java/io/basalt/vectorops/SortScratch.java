package io.basalt.vectorops;

import java.util.Arrays;

/**
 * Reusable heap work arrays of the sort kernels (key and permutation ping-pong buffers, digit
 * histograms), grown on demand and kept between calls so that sorting many batches does not
 * allocate per batch. Key buffers get {@link #SLACK} extra entries so SIMD code may store a whole
 * vector past the last key. Not thread-safe: one per thread or operator.
 */
public final class SortScratch {
    /** Extra entries past the requested length of the key buffers (covers one 1024-bit vector of longs and more). */
    public static final int SLACK = 64;

    private long[] keys = new long[0];
    private long[] keysTmp = new long[0];
    private int[] payload = new int[0];
    private int[] payloadTmp = new int[0];
    private int[] counts = new int[0];

    /** First key buffer, at least {@code n + SLACK} long; contents undefined. */
    public long[] keys(int n) {
        if (keys.length < n + SLACK) {
            keys = new long[grow(n)];
        }
        return keys;
    }

    /** Second key buffer (radix ping-pong), at least {@code n + SLACK} long. */
    public long[] keysTmp(int n) {
        if (keysTmp.length < n + SLACK) {
            keysTmp = new long[grow(n)];
        }
        return keysTmp;
    }

    /** First row-index buffer, at least {@code n + SLACK} long. */
    public int[] payload(int n) {
        if (payload.length < n + SLACK) {
            payload = new int[grow(n)];
        }
        return payload;
    }

    /** Second row-index buffer (radix ping-pong), at least {@code n + SLACK} long. */
    public int[] payloadTmp(int n) {
        if (payloadTmp.length < n + SLACK) {
            payloadTmp = new int[grow(n)];
        }
        return payloadTmp;
    }

    /** A zeroed histogram array of at least {@code size} entries. */
    public int[] counts(int size) {
        if (counts.length < size) {
            counts = new int[size];
        } else {
            Arrays.fill(counts, 0, size, 0);
        }
        return counts;
    }

    /** Bytes currently held, for accounting and diagnostics. */
    public long retainedBytes() {
        return 8L * (keys.length + keysTmp.length) + 4L * (payload.length + payloadTmp.length + counts.length);
    }

    private static int grow(int n) {
        return n + SLACK;
    }
}
