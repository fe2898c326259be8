package io.basalt.vectorops;

/**
 * The aggregate functions of {@link AggregationKernels}. All skip NULL inputs; SUM, MIN, MAX and AVG
 * of a group without any non-null input are NULL, COUNT of it is 0.
 */
public enum AggregateFunction {
    /** Sum of int32, int64, decimal (unscaled, overflow checked) or float64 values. */
    SUM,
    /** Number of non-null values of any type. */
    COUNT,
    /** Number of rows, NULL or not ({@code COUNT(*)}); fed by {@link AggregationKernels#countRows}. */
    COUNT_STAR,
    /** Smallest int32, date, int64, decimal, timestamp or float64 value. */
    MIN,
    /** Largest int32, date, int64, decimal, timestamp or float64 value. */
    MAX,
    /** Kept as sum and count (read with {@link GroupedAccumulator#getLong}/{@code getDouble} and {@code count}). */
    AVG
}
