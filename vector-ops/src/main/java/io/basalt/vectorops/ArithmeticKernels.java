package io.basalt.vectorops;

import java.lang.foreign.MemorySegment;

import io.basalt.data.DataType;

/**
 * Projections that compute one new column from one or two input columns: arithmetic on numbers,
 * decimal arithmetic, casts and date parts. Implementations are stateless and thread-safe; every
 * backend (scalar, SIMD, later GPU) returns bit-identical results.
 *
 * <h2>Shared conventions</h2>
 * <ul>
 *   <li>Every method writes {@code count} values into {@code out}, output row 0 first (little
 *       endian, the result type's fixed width), and the validity of those rows into
 *       {@code outValidity} (an Arrow bitmap starting at bit 0, at least
 *       {@link Bitmaps#bytesFor(int) Bitmaps.bytesFor(count)} bytes, written in whole longs).
 *       {@code count} is the input's row count; two input columns must have the same count.</li>
 *   <li>SQL null semantics: a result row is null when any input row is null. The value slot of a
 *       null row holds an unspecified value and never raises an error (no overflow or division
 *       by zero is reported for null rows).</li>
 *   <li>Physical classes: "int" means the 4-byte integer kinds (INT32, DATE), "long" the 8-byte ones
 *       (INT64, DECIMAL as its unscaled value, TIMESTAMP as microseconds). Numeric operators work on
 *       the raw values of a physical class; scale-aware decimal arithmetic is {@link #decimal}.</li>
 *   <li>Bad arguments (unsupported kinds, mismatched counts, output segments too small) raise
 *       {@link IllegalArgumentException}. Data errors (overflow, division by zero, NaN casts) on a
 *       non-null row raise {@link ArithmeticException} naming the row (0-based, relative to the
 *       input) and the values involved; the content of {@code out} is then unspecified.</li>
 * </ul>
 *
 * <h2>Numeric semantics ({@link #binary} and the constant variants)</h2>
 * Both operands have the same physical class and the result has that class too. Integer
 * {@code +, -, *} wrap around in two's complement exactly like Java's {@code int}/{@code long}
 * operators (Flink's semantics; checked overflow is the decimal path's job). Integer division
 * truncates towards zero like Java ({@code MIN_VALUE / -1 == MIN_VALUE}); dividing a non-null row by
 * zero raises {@link ArithmeticException}. float32/float64 follow IEEE 754 as Java does (division by
 * zero gives an infinity or NaN).
 */
public interface ArithmeticKernels {
    /**
     * {@code out[r] = left[r] op right[r]}. Both columns share one physical class: int, long, float32
     * or float64.
     */
    void binary(ArithmeticOp op, ColumnRef left, ColumnRef right, MemorySegment out, MemorySegment outValidity);

    /**
     * {@code out[r] = left[r] op right}. For an int column {@code right} must fit in an int; for a
     * float32 or float64 column it is converted to the column's type ({@code (float) right} or
     * {@code (double) right}).
     */
    void binaryRightConstant(ArithmeticOp op, ColumnRef left, long right, MemorySegment out, MemorySegment outValidity);

    /** {@code out[r] = left[r] op right} for a float32 (constant converted with {@code (float)}) or float64 column. */
    void binaryRightConstant(ArithmeticOp op, ColumnRef left, double right, MemorySegment out, MemorySegment outValidity);

    /** {@code out[r] = left op right[r]}; constant rules as {@link #binaryRightConstant(ArithmeticOp, ColumnRef, long, MemorySegment, MemorySegment)}. */
    void binaryLeftConstant(ArithmeticOp op, long left, ColumnRef right, MemorySegment out, MemorySegment outValidity);

    /** {@code out[r] = left op right[r]} for a float32 or float64 column. */
    void binaryLeftConstant(ArithmeticOp op, double left, ColumnRef right, MemorySegment out, MemorySegment outValidity);

    /**
     * Exact decimal arithmetic on two DECIMAL columns (scaled int64), writing unscaled values of
     * {@code result} (a DECIMAL type, precision at most 18):
     * <ul>
     *   <li>ADD, SUBTRACT: {@code result.scale()} must be {@code max(left.scale, right.scale)}; the
     *       operand with the smaller scale is rescaled first.</li>
     *   <li>MULTIPLY: {@code result.scale()} must be {@code left.scale + right.scale}.</li>
     *   <li>DIVIDE: any {@code result.scale()}; the quotient is rounded HALF_UP (ties away from
     *       zero) to that scale; a zero divisor raises {@link ArithmeticException}.</li>
     * </ul>
     * Overflow (the exact result, after rounding, has {@code |unscaled| >= 10^result.precision()})
     * raises {@link ArithmeticException} naming the row and both operand values.
     */
    void decimal(ArithmeticOp op, ColumnRef left, ColumnRef right, DataType result, MemorySegment out, MemorySegment outValidity);

    /**
     * Converts {@code input} to {@code target}. Supported conversions (source "int" includes DATE,
     * "long" includes TIMESTAMP as raw values):
     * <ul>
     *   <li>to the same type, int to INT32, long to INT64, DECIMAL(p,s) to a DECIMAL(p2 >= p, s) and
     *       DECIMAL(p,0) to INT64: the raw values, copied.</li>
     *   <li>int to INT64 and to FLOAT64; long to FLOAT64 (rounded to nearest); FLOAT32 to FLOAT64: exact
     *       widening as Java does it.</li>
     *   <li>long to INT32: error if the value does not fit.</li>
     *   <li>FLOAT64 to INT64: rounds half away from zero (as Trino's {@code CAST(double AS bigint)});
     *       NaN, infinities and values whose rounding does not fit a long raise an error.</li>
     *   <li>int or long to DECIMAL(p,s): {@code value * 10^s}; error unless {@code |value| < 10^(p-s)}.</li>
     *   <li>DECIMAL to FLOAT64: {@code (double) unscaled / 10^scale} exactly as written (as Trino's
     *       short-decimal cast): correctly rounded while {@code |unscaled| <= 2^53}, within 2 ulps
     *       beyond; identical in every backend.</li>
     *   <li>DECIMAL to DECIMAL: rescale. A larger scale multiplies; a smaller scale divides rounding
     *       HALF_UP; error if the result does not fit the target precision.</li>
     *   <li>DECIMAL to INT64: rounds HALF_UP to an integer.</li>
     * </ul>
     */
    void cast(ColumnRef input, DataType target, MemorySegment out, MemorySegment outValidity);

    /**
     * Writes the {@link DatePart} of each row as an int32. The input is a DATE or int column (days since
     * 1970-01-01) or a TIMESTAMP or INT64 column (microseconds since 1970-01-01T00:00 UTC, floored to
     * days, so {@code -1} is 1969-12-31). Calendar: proleptic Gregorian, identical to
     * {@link java.time.LocalDate} for every representable input.
     */
    void extract(DatePart part, ColumnRef input, MemorySegment out, MemorySegment outValidity);
}
