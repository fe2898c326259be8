package io.basalt.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;

import io.basalt.data.DataType.Kind;
import io.basalt.memory.MemoryPool;

/**
 * Appends values column by column into growable foreign-memory vectors and {@link #seal()}s them
 * into an immutable {@link Batch}. Each row needs one value (or null) in every column. Values that
 * do not fit their column (null in NOT NULL, decimal overflow or too many fraction digits,
 * sub-microsecond timestamps) are rejected with an error naming the column and row rather than
 * being altered. Not thread-safe. Close it to release memory if it is abandoned before sealing.
 */
public final class BatchBuilder implements AutoCloseable {
    private static final long[] POWERS_OF_TEN = new long[DataType.MAX_DECIMAL_PRECISION + 1];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private final Schema schema;
    private final Kind[] kinds;
    private final FieldVector[] vectors;
    private final int[] counts;
    private boolean finished;

    public BatchBuilder(Schema schema, MemoryPool pool) {
        this(schema, pool, 1024);
    }

    public BatchBuilder(Schema schema, MemoryPool pool, int expectedRows) {
        this.schema = schema;
        this.kinds = new Kind[schema.size()];
        this.vectors = new FieldVector[schema.size()];
        this.counts = new int[schema.size()];
        BufferAllocator allocator = pool.arrowAllocator();
        try {
            for (int c = 0; c < vectors.length; c++) {
                kinds[c] = schema.field(c).type().kind();
                FieldVector v = schema.field(c).toArrow().createVector(allocator);
                vectors[c] = v;
                if (v instanceof BaseVariableWidthVector vw) {
                    vw.setInitialCapacity(Math.max(expectedRows, 1), 16);
                } else {
                    v.setInitialCapacity(Math.max(expectedRows, 1));
                }
                v.allocateNew();
            }
        } catch (RuntimeException e) {
            closeVectors();
            throw e;
        }
    }

    public Schema schema() {
        return schema;
    }

    /** Rows completed so far (values appended to every column). */
    public int rowCount() {
        int min = Integer.MAX_VALUE;
        for (int c : counts) {
            min = Math.min(min, c);
        }
        return counts.length == 0 ? 0 : min;
    }

    public BatchBuilder appendNull(int column) {
        checkWritable(column);
        Field f = schema.field(column);
        if (!f.nullable()) {
            throw new IllegalArgumentException("Column '" + f.name() + "' (" + f.type() + " not null) cannot hold null at row " + counts[column]);
        }
        vectors[column].setNull(counts[column]);
        grow(column);
        counts[column]++;
        return this;
    }

    public BatchBuilder appendBoolean(int column, boolean value) {
        ((BitVector) vector(column, Kind.BOOLEAN, "boolean")).setSafe(counts[column]++, value ? 1 : 0);
        return this;
    }

    public BatchBuilder appendInt(int column, int value) {
        ((IntVector) vector(column, Kind.INT32, "int32")).setSafe(counts[column]++, value);
        return this;
    }

    public BatchBuilder appendLong(int column, long value) {
        ((BigIntVector) vector(column, Kind.INT64, "int64")).setSafe(counts[column]++, value);
        return this;
    }

    public BatchBuilder appendFloat(int column, float value) {
        ((Float4Vector) vector(column, Kind.FLOAT32, "float32")).setSafe(counts[column]++, value);
        return this;
    }

    public BatchBuilder appendDouble(int column, double value) {
        ((Float8Vector) vector(column, Kind.FLOAT64, "float64")).setSafe(counts[column]++, value);
        return this;
    }

    public BatchBuilder appendString(int column, String value) {
        if (value == null) {
            return appendNull(column);
        }
        checkEncodable(column, value);
        return appendUtf8(column, value.getBytes(StandardCharsets.UTF_8));
    }

    public BatchBuilder appendUtf8(int column, byte[] utf8) {
        ((VarCharVector) vector(column, Kind.UTF8, "utf8")).setSafe(counts[column]++, utf8);
        return this;
    }

    /** Appends an unscaled decimal value, checked against the column's precision. */
    public BatchBuilder appendDecimalUnscaled(int column, long unscaled) {
        BigIntVector v = (BigIntVector) vector(column, Kind.DECIMAL, "decimal");
        int precision = schema.field(column).type().precision();
        if (unscaled >= POWERS_OF_TEN[precision] || unscaled <= -POWERS_OF_TEN[precision]) {
            throw new IllegalArgumentException("Unscaled value " + unscaled + " has more than " + precision
                    + " digits and does not fit column '" + schema.field(column).name() + "' ("
                    + schema.field(column).type() + ") at row " + counts[column]);
        }
        v.setSafe(counts[column]++, unscaled);
        return this;
    }

    /** Appends a decimal; fails rather than rounding if it has more fraction digits than the column's scale. */
    public BatchBuilder appendDecimal(int column, BigDecimal value) {
        if (value == null) {
            return appendNull(column);
        }
        DataType type = vectorType(column, Kind.DECIMAL, "decimal");
        long unscaled;
        try {
            unscaled = value.setScale(type.scale(), RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Value " + value.toPlainString() + " does not fit column '"
                    + schema.field(column).name() + "' (" + type + ") at row " + counts[column]
                    + " without rounding or overflow", e);
        }
        return appendDecimalUnscaled(column, unscaled);
    }

    public BatchBuilder appendDateDays(int column, int daysSinceEpoch) {
        ((DateDayVector) vector(column, Kind.DATE, "date")).setSafe(counts[column]++, daysSinceEpoch);
        return this;
    }

    public BatchBuilder appendDate(int column, LocalDate value) {
        if (value == null) {
            return appendNull(column);
        }
        long days = value.toEpochDay();
        if (days != (int) days) {
            throw new IllegalArgumentException("Date " + value + " is out of range for column '" + schema.field(column).name() + "'");
        }
        return appendDateDays(column, (int) days);
    }

    public BatchBuilder appendTimestampMicros(int column, long microsSinceEpoch) {
        ((TimeStampMicroVector) vector(column, Kind.TIMESTAMP, "timestamp")).setSafe(counts[column]++, microsSinceEpoch);
        return this;
    }

    /** Appends a timestamp interpreted as UTC. */
    public BatchBuilder appendTimestamp(int column, LocalDateTime value) {
        if (value == null) {
            return appendNull(column);
        }
        checkMicros(column, value.getNano());
        return appendTimestampMicros(column, timestampMicros(column, () -> Temporal.toMicros(value), value));
    }

    public BatchBuilder appendTimestamp(int column, Instant value) {
        if (value == null) {
            return appendNull(column);
        }
        checkMicros(column, value.getNano());
        return appendTimestampMicros(column, timestampMicros(column, () -> Temporal.toMicros(value), value));
    }

    /**
     * Appends a Java value, dispatching on the column's type: Boolean, Integer, Long, Float, Double,
     * BigDecimal (or Integer/Long for decimals), LocalDate, LocalDateTime/Instant, String or null.
     */
    public BatchBuilder appendValue(int column, Object value) {
        if (value == null) {
            return appendNull(column);
        }
        return switch (vectorType(column, null, null).kind()) {
            case BOOLEAN -> value instanceof Boolean b ? appendBoolean(column, b) : wrongValue(column, value);
            case INT32 -> value instanceof Integer i ? appendInt(column, i) : wrongValue(column, value);
            case INT64 -> value instanceof Long l ? appendLong(column, l)
                    : value instanceof Integer i ? appendLong(column, i) : wrongValue(column, value);
            case FLOAT32 -> value instanceof Float f ? appendFloat(column, f) : wrongValue(column, value);
            case FLOAT64 -> value instanceof Double d ? appendDouble(column, d)
                    : value instanceof Float f ? appendDouble(column, f) : wrongValue(column, value);
            case DECIMAL -> value instanceof BigDecimal d ? appendDecimal(column, d)
                    : value instanceof Long l ? appendDecimal(column, BigDecimal.valueOf(l))
                    : value instanceof Integer i ? appendDecimal(column, BigDecimal.valueOf(i)) : wrongValue(column, value);
            case DATE -> value instanceof LocalDate d ? appendDate(column, d) : wrongValue(column, value);
            case TIMESTAMP -> value instanceof LocalDateTime t ? appendTimestamp(column, t)
                    : value instanceof Instant t ? appendTimestamp(column, t) : wrongValue(column, value);
            case UTF8 -> value instanceof String s ? appendString(column, s) : wrongValue(column, value);
        };
    }

    /** Appends one value per column. */
    public BatchBuilder appendRow(Object... values) {
        if (values.length != schema.size()) {
            throw new IllegalArgumentException("Row has " + values.length + " values but schema " + schema + " has "
                    + schema.size() + " columns");
        }
        for (int c = 0; c < values.length; c++) {
            appendValue(c, values[c]);
        }
        return this;
    }

    /**
     * Seals the appended rows into an immutable batch; the builder is finished afterwards.
     *
     * @throws IllegalStateException if the columns have different numbers of values
     */
    public Batch seal() {
        checkNotFinished();
        int rows = counts.length == 0 ? 0 : counts[0];
        for (int c = 1; c < counts.length; c++) {
            if (counts[c] != rows) {
                throw new IllegalStateException("Cannot seal: column '" + schema.field(c).name() + "' has " + counts[c]
                        + " values but column '" + schema.field(0).name() + "' has " + rows
                        + "; append one value (or null) to every column per row");
            }
        }
        for (FieldVector v : vectors) {
            v.setValueCount(rows);
        }
        finished = true;
        return Batch.adopt(schema, vectors, rows);
    }

    /**
     * Seals vectors produced elsewhere (a spill file, an IPC message) into a batch, taking ownership.
     * Each vector's value count must be {@code rowCount} and its type must match the schema.
     */
    public static Batch adoptVectors(Schema schema, FieldVector[] vectors, int rowCount) {
        if (vectors.length != schema.size()) {
            throw new IllegalArgumentException(vectors.length + " vectors for " + schema.size() + " columns of " + schema);
        }
        for (int c = 0; c < vectors.length; c++) {
            if (vectors[c].getValueCount() != rowCount) {
                throw new IllegalArgumentException("Column '" + schema.field(c).name() + "' has " + vectors[c].getValueCount()
                        + " values, expected " + rowCount);
            }
            if (!vectors[c].getField().getType().equals(schema.field(c).type().toArrow())) {
                throw new IllegalArgumentException("Column '" + schema.field(c).name() + "' is Arrow " + vectors[c].getField().getType()
                        + " but the schema says " + schema.field(c).type());
            }
        }
        return Batch.adopt(schema, vectors, rowCount);
    }

    /** Releases the vectors if the builder was not sealed; a no-op after {@link #seal()}. */
    @Override
    public void close() {
        if (!finished) {
            finished = true;
            closeVectors();
        }
    }

    private interface MicrosSupplier {
        long get();
    }

    private long timestampMicros(int column, MicrosSupplier micros, Object value) {
        try {
            return micros.get();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Timestamp " + value + " is out of range for column '"
                    + schema.field(column).name() + "' (microseconds since 1970 must fit in 64 bits)", e);
        }
    }

    private void checkMicros(int column, int nanos) {
        if (nanos % 1_000 != 0) {
            throw new IllegalArgumentException("Timestamp for column '" + schema.field(column).name() + "' at row " + counts[column]
                    + " has nanosecond precision; Basalt stores microseconds (truncate with .truncatedTo(ChronoUnit.MICROS))");
        }
    }

    /** UTF-8 would silently turn an unpaired surrogate into '?', so refuse it instead. */
    private void checkEncodable(int column, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                throw new IllegalArgumentException("String for column '" + schema.field(column).name() + "' at row " + counts[column]
                        + " has an unpaired UTF-16 surrogate (\\u" + Integer.toHexString(ch) + ") at index " + i
                        + " and cannot be stored as UTF-8");
            }
        }
    }

    private BatchBuilder wrongValue(int column, Object value) {
        throw new IllegalArgumentException("Cannot append " + value.getClass().getSimpleName() + " value '" + value
                + "' to column '" + schema.field(column).name() + "' of type " + schema.field(column).type()
                + " at row " + counts[column]);
    }

    private FieldVector vector(int column, Kind kind, String what) {
        vectorType(column, kind, what);
        return vectors[column];
    }

    private DataType vectorType(int column, Kind kind, String what) {
        checkWritable(column);
        DataType type = schema.field(column).type();
        if (kind != null && type.kind() != kind) {
            throw new IllegalArgumentException("Cannot append a " + what + " value to column '" + schema.field(column).name()
                    + "' of type " + type);
        }
        return type;
    }

    private void checkWritable(int column) {
        checkNotFinished();
        if (column < 0 || column >= vectors.length) {
            throw new IndexOutOfBoundsException("Column index " + column + " outside schema " + schema);
        }
    }

    /** setNull does not grow the vector, so make room first. */
    private void grow(int column) {
        FieldVector v = vectors[column];
        while (counts[column] >= v.getValueCapacity()) {
            v.reAlloc();
        }
    }

    private void checkNotFinished() {
        if (finished) {
            throw new IllegalStateException("BatchBuilder was already sealed or closed");
        }
    }

    private void closeVectors() {
        for (FieldVector v : vectors) {
            if (v != null) {
                v.close();
            }
        }
    }
}
