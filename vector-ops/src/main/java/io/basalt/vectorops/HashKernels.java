package io.basalt.vectorops;

/**
 * 64-bit hashes of column values for hash partitioning, grouping and joins. Implementations are
 * stateless and thread-safe. The hash function is part of the contract: every backend (scalar,
 * SIMD, GPU) and every process must produce the same bits, so it is specified here exactly.
 *
 * <h2>The hash function</h2>
 * <pre>
 *   fmix64(x)     = murmur3's finalizer:
 *                   x ^= x >>> 33; x *= 0xFF51AFD7ED558CCD; x ^= x >>> 33; x *= 0xC4CEB9FE1A85EC53; x ^= x >>> 33
 *   hashBits(k)   = fmix64(k ^ 0x9E3779B97F4A7C15)            (k: 64 key bits, below)
 *   combine(h, v) = rotateLeft(h * 0x9E3779B185EBCA87, 31) ^ v   (all arithmetic mod 2^64)
 * </pre>
 * Key bits {@code k} per kind, so that equal SQL values hash equally:
 * <ul>
 *   <li>INT32, DATE: the value sign-extended to 64 bits (an int32 and an int64 holding the same
 *       number hash alike).</li>
 *   <li>INT64, TIMESTAMP (microseconds), DECIMAL (unscaled value; equal decimals of different
 *       scales hash differently, so callers must align scales first): the value.</li>
 *   <li>FLOAT32, FLOAT64: {@code doubleToRawLongBits} of the value widened to double, after
 *       normalising -0.0 to 0.0 and every NaN to {@code 0x7FF8000000000000} (a float32 and a
 *       float64 holding the same number hash alike).</li>
 *   <li>BOOLEAN: 1 for true, 0 for false.</li>
 * </ul>
 * UTF8 values hash as {@code XXH64(bytes, seed 0)} of their UTF-8 bytes (the reference xxHash64
 * algorithm, reading 8 bytes at a time). A null value of any type hashes to {@link #NULL_HASH}.
 */
public interface HashKernels {
    /** The hash of a null value of any type. */
    long NULL_HASH = 0x5851F42D4C957F2DL;

    /**
     * {@code out[r] = hash(column[r])} for rows {@code 0 <= r < column.count()}.
     *
     * @throws IllegalArgumentException if {@code out} is shorter than the column
     */
    void hash(ColumnRef column, long[] out);

    /**
     * {@code out[r] = combine(out[r], hash(column[r]))}, folding one more key column into hashes
     * computed by {@link #hash} (for multi-column keys hash the first column, then combine the others
     * in key order).
     *
     * @throws IllegalArgumentException if {@code out} is shorter than the column
     */
    void combine(ColumnRef column, long[] out);
}
