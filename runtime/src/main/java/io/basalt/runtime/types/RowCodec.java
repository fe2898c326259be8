package io.basalt.runtime.types;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.RowMapper;
import io.basalt.data.Schema;

/**
 * Converts between Java elements of a data set and rows of batches: records and POJOs through
 * {@link RowMapper}, single values (String, Integer, Long, Double, Float, Boolean, BigDecimal,
 * LocalDate, LocalDateTime) as one nullable column named {@code value}, and {@link Row}s of any
 * schema. Immutable and thread-safe.
 *
 * @param <T> the element type
 */
public abstract sealed class RowCodec<T> permits RowCodec.Mapped, RowCodec.Atomic, RowCodec.Rows {
    /** Column name used for single-value elements. */
    public static final String VALUE_COLUMN = "value";

    private static final Map<Class<?>, DataType> ATOMIC = Map.of(
            String.class, DataType.UTF8, Integer.class, DataType.INT32, Long.class, DataType.INT64, Double.class, DataType.FLOAT64,
            Float.class, DataType.FLOAT32, Boolean.class, DataType.BOOLEAN, BigDecimal.class, RowMapper.DEFAULT_DECIMAL,
            LocalDate.class, DataType.DATE, LocalDateTime.class, DataType.TIMESTAMP);

    private final Class<T> type;
    private final Schema schema;

    RowCodec(Class<T> type, Schema schema) {
        this.type = type;
        this.schema = schema;
    }

    /** The codec for a record, POJO or single-value class. */
    @SuppressWarnings("unchecked")
    public static <T> RowCodec<T> of(Class<T> type) {
        if (type == Row.class) {
            throw new IllegalArgumentException("Row elements need a schema; use RowCodec.rows(schema)");
        }
        DataType atomic = ATOMIC.get(type);
        if (atomic != null) {
            return new Atomic<>(type, atomic);
        }
        return new Mapped<>(RowMapper.of(type));
    }

    /** The codec for untyped rows of {@code schema}. */
    public static RowCodec<Row> rows(Schema schema) {
        return new Rows(schema);
    }

    public final Class<T> type() {
        return type;
    }

    public final Schema schema() {
        return schema;
    }

    /** Reads row {@code row} of {@code batch}, whose schema must be this codec's. */
    public abstract T read(Batch batch, int row);

    /** Appends one element as a row. */
    public abstract void append(BatchBuilder builder, T value);

    @Override
    public String toString() {
        return type.getSimpleName() + schema;
    }

    static final class Mapped<T> extends RowCodec<T> {
        private final RowMapper<T> mapper;

        Mapped(RowMapper<T> mapper) {
            super(mapper.type(), mapper.schema());
            this.mapper = mapper;
        }

        @Override
        public T read(Batch batch, int row) {
            return mapper.read(batch, row);
        }

        @Override
        public void append(BatchBuilder builder, T value) {
            if (value == null) {
                throw new NullPointerException("A null element cannot be stored as a row of " + type().getName());
            }
            mapper.append(builder, value);
        }
    }

    static final class Atomic<T> extends RowCodec<T> {
        Atomic(Class<T> type, DataType dataType) {
            super(type, Schema.of(Field.nullable(VALUE_COLUMN, dataType)));
        }

        @Override
        public T read(Batch batch, int row) {
            return type().cast(batch.getObject(0, row));
        }

        @Override
        public void append(BatchBuilder builder, T value) {
            builder.appendValue(0, value);
        }
    }

    static final class Rows extends RowCodec<Row> {
        Rows(Schema schema) {
            super(Row.class, schema);
        }

        @Override
        public Row read(Batch batch, int row) {
            Object[] values = new Object[batch.columnCount()];
            for (int c = 0; c < values.length; c++) {
                values[c] = batch.getObject(c, row);
            }
            return Row.of(values);
        }

        @Override
        public void append(BatchBuilder builder, Row value) {
            if (value.size() != schema().size()) {
                throw new IllegalArgumentException("Row " + value + " has " + value.size() + " values but the schema " + schema() + " has "
                        + schema().size() + " columns");
            }
            for (int c = 0; c < value.size(); c++) {
                builder.appendValue(c, value.get(c));
            }
        }
    }
}
