package io.basalt.data;

import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;

import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;

/**
 * A sealed, immutable set of equally long columns in foreign memory, built by {@link BatchBuilder}.
 *
 * <p>Reference counted: each {@code Batch} object is one handle holding one reference to shared
 * column storage. {@link #retain()} and {@link #slice} return new handles (a slice is a view, no
 * copy); {@link #close()} gives this handle's reference back and the memory is freed with the last
 * one. {@link #compact} copies. A handle is used by one thread at a time; the storage may be shared
 * across threads.
 */
public final class Batch implements AutoCloseable {
    private final Schema schema;
    private final Storage storage;
    private final int offset;
    private final int rowCount;
    private final int[] columns; // storage vector of each column; null = identity
    private boolean closed;

    /** Column vectors shared by all handles of one batch; freed when the last handle closes. */
    static final class Storage {
        final FieldVector[] vectors;
        private final AtomicInteger references = new AtomicInteger(1);

        Storage(FieldVector[] vectors) {
            this.vectors = vectors;
        }

        void retain() {
            int r;
            do {
                r = references.get();
                if (r <= 0) {
                    throw new IllegalStateException("Batch storage was already released");
                }
            } while (!references.compareAndSet(r, r + 1));
        }

        void release() {
            int r = references.decrementAndGet();
            if (r == 0) {
                for (FieldVector v : vectors) {
                    v.close();
                }
            } else if (r < 0) {
                throw new IllegalStateException("Batch storage released more often than retained");
            }
        }
    }

    private Batch(Schema schema, Storage storage, int offset, int rowCount, int[] columns) {
        this.schema = schema;
        this.storage = storage;
        this.offset = offset;
        this.rowCount = rowCount;
        this.columns = columns;
    }

    private FieldVector vector(int column) {
        return storage.vectors[columns == null ? column : columns[Objects.checkIndex(column, columns.length)]];
    }

    /** Takes ownership of vectors whose value counts are all {@code rowCount}. */
    static Batch adopt(Schema schema, FieldVector[] vectors, int rowCount) {
        return new Batch(schema, new Storage(vectors), 0, rowCount, null);
    }

    public Schema schema() {
        return schema;
    }

    public int rowCount() {
        return rowCount;
    }

    public int columnCount() {
        return schema.size();
    }

    /**
     * Row offset of this view inside the column buffers returned by {@link #data(int)},
     * {@link #validity(int)} and {@link #offsets(int)}: row {@code r} of this batch is buffer row
     * {@code offset() + r}.
     */
    public int offset() {
        return offset;
    }

    /** A new handle on the same storage; close it independently. */
    public Batch retain() {
        checkOpen();
        storage.retain();
        return new Batch(schema, storage, offset, rowCount, columns);
    }

    /** A view of rows {@code [from, from + length)} sharing this batch's memory; close it independently. */
    public Batch slice(int from, int length) {
        checkOpen();
        Objects.checkFromIndexSize(from, length, rowCount);
        storage.retain();
        return new Batch(schema, storage, offset + from, length, columns);
    }

    /**
     * A view of the given columns, in the given order (each at most once: names stay unique), sharing this batch's
     * memory; close it independently.
     */
    public Batch selectColumns(int... columnIndices) {
        checkOpen();
        java.util.List<Field> fields = new java.util.ArrayList<>(columnIndices.length);
        int[] mapped = new int[columnIndices.length];
        for (int i = 0; i < columnIndices.length; i++) {
            int c = Objects.checkIndex(columnIndices[i], schema.size());
            fields.add(schema.field(c));
            mapped[i] = columns == null ? c : columns[c];
        }
        storage.retain();
        return new Batch(new Schema(fields), storage, offset, rowCount, mapped);
    }

    /**
     * A view with the same columns under another schema whose column types equal this one's
     * (only names and nullability may differ; a NOT NULL field must not describe a column with nulls).
     */
    public Batch withSchema(Schema other) {
        return withSchema(other, true);
    }

    /**
     * Like {@link #withSchema} but without checking NOT NULL fields for nulls: for readers that
     * know which rows they may read (e.g. the matched side of an outer join's output).
     */
    public Batch withSchemaRelaxed(Schema other) {
        return withSchema(other, false);
    }

    private Batch withSchema(Schema other, boolean checkNulls) {
        checkOpen();
        if (other.size() != schema.size()) {
            throw new IllegalArgumentException("Schema " + other + " has " + other.size() + " columns, the batch " + schema.size());
        }
        for (int c = 0; c < other.size(); c++) {
            if (!other.field(c).type().equals(schema.field(c).type())) {
                throw new IllegalArgumentException("Column " + c + " is " + schema.field(c) + ", cannot be viewed as " + other.field(c));
            }
            if (checkNulls && !other.field(c).nullable() && nullCount(c) > 0) {
                throw new IllegalArgumentException("Column " + c + " (" + schema.field(c).name() + ") has nulls, cannot be viewed as " + other.field(c));
            }
        }
        storage.retain();
        return new Batch(other, storage, offset, rowCount, columns);
    }

    /** Copies this batch's rows into fresh, tightly sized memory from {@code pool}. */
    public Batch compact(MemoryPool pool) {
        return compact(Selection.all(rowCount), pool);
    }

    /** Copies the selected rows, in selection order, into fresh memory from {@code pool}. */
    public Batch compact(Selection selection, MemoryPool pool) {
        checkOpen();
        selection.checkWithin(rowCount);
        BufferAllocator allocator = pool.arrowAllocator();
        int n = selection.size();
        FieldVector[] copies = new FieldVector[schema.size()];
        try {
            for (int c = 0; c < copies.length; c++) {
                FieldVector source = vector(c);
                FieldVector target = schema.field(c).toArrow().createVector(allocator);
                copies[c] = target;
                if (target instanceof BaseVariableWidthVector vw) {
                    vw.setInitialCapacity(n, averageWidth((BaseVariableWidthVector) source));
                } else {
                    target.setInitialCapacity(n);
                }
                target.allocateNew();
                if (selection.isRange()) {
                    int base = offset + selection.start();
                    for (int i = 0; i < n; i++) {
                        target.copyFromSafe(base + i, i, source);
                    }
                } else {
                    int[] rows = selection.indexArray();
                    for (int i = 0; i < n; i++) {
                        target.copyFromSafe(offset + rows[i], i, source);
                    }
                }
                target.setValueCount(n);
            }
        } catch (RuntimeException e) {
            for (FieldVector v : copies) {
                if (v != null) {
                    v.close();
                }
            }
            throw e;
        }
        return adopt(schema, copies, n);
    }

    private static double averageWidth(BaseVariableWidthVector v) {
        int count = v.getValueCount();
        return count == 0 ? 8 : Math.max(1.0, (double) v.getOffsetBuffer().getInt((long) count * 4) / count);
    }

    /** Gives this handle's reference back; idempotent per handle. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            storage.release();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    // ---- row access (for row-wise user functions and tests; kernels use the segments) ----

    public boolean isNull(int column, int row) {
        return vector(column, row).isNull(offset + row);
    }

    /** Number of null values in this view of the column. */
    public int nullCount(int column) {
        checkOpen();
        FieldVector v = vector(column);
        if (offset == 0 && rowCount == v.getValueCount()) {
            return v.getNullCount();
        }
        int nulls = 0;
        for (int r = 0; r < rowCount; r++) {
            if (v.isNull(offset + r)) {
                nulls++;
            }
        }
        return nulls;
    }

    public boolean getBoolean(int column, int row) {
        if (nonNull(column, row) instanceof BitVector v) {
            return v.get(offset + row) != 0;
        }
        throw typeMismatch(column, "boolean");
    }

    /** Value of an int32 column, or the day number of a date column. */
    public int getInt(int column, int row) {
        FieldVector v = nonNull(column, row);
        if (v instanceof IntVector i) {
            return i.get(offset + row);
        }
        if (v instanceof DateDayVector d) {
            return d.get(offset + row);
        }
        throw typeMismatch(column, "int32 or date");
    }

    /** Value of an int64 column, the unscaled value of a decimal, or the microseconds of a timestamp. */
    public long getLong(int column, int row) {
        FieldVector v = nonNull(column, row);
        if (v instanceof BigIntVector b) {
            return b.get(offset + row);
        }
        if (v instanceof TimeStampVector t) {
            return t.get(offset + row);
        }
        throw typeMismatch(column, "int64, decimal or timestamp");
    }

    public float getFloat(int column, int row) {
        if (nonNull(column, row) instanceof Float4Vector v) {
            return v.get(offset + row);
        }
        throw typeMismatch(column, "float32");
    }

    public double getDouble(int column, int row) {
        if (nonNull(column, row) instanceof Float8Vector v) {
            return v.get(offset + row);
        }
        throw typeMismatch(column, "float64");
    }

    public byte[] getUtf8Bytes(int column, int row) {
        if (nonNull(column, row) instanceof VarCharVector v) {
            return v.get(offset + row);
        }
        throw typeMismatch(column, "utf8");
    }

    public String getString(int column, int row) {
        return new String(getUtf8Bytes(column, row), StandardCharsets.UTF_8);
    }

    public BigDecimal getDecimal(int column, int row) {
        DataType type = schema.field(column).type();
        if (type.kind() != DataType.Kind.DECIMAL) {
            throw typeMismatch(column, "decimal");
        }
        return BigDecimal.valueOf(getLong(column, row), type.scale());
    }

    public LocalDate getDate(int column, int row) {
        requireKind(column, DataType.Kind.DATE);
        return LocalDate.ofEpochDay(getInt(column, row));
    }

    /** A timestamp as local date-time in UTC. */
    public LocalDateTime getTimestamp(int column, int row) {
        requireKind(column, DataType.Kind.TIMESTAMP);
        return Temporal.microsToLocalDateTime(getLong(column, row));
    }

    public Instant getInstant(int column, int row) {
        requireKind(column, DataType.Kind.TIMESTAMP);
        return Temporal.microsToLocalDateTime(getLong(column, row)).toInstant(ZoneOffset.UTC);
    }

    /**
     * The value as a Java object (Boolean, Integer, Long, Float, Double, BigDecimal, LocalDate,
     * LocalDateTime or String), or null.
     */
    public Object getObject(int column, int row) {
        if (isNull(column, row)) {
            return null;
        }
        return switch (schema.field(column).type().kind()) {
            case BOOLEAN -> getBoolean(column, row);
            case INT32 -> getInt(column, row);
            case INT64 -> getLong(column, row);
            case FLOAT32 -> getFloat(column, row);
            case FLOAT64 -> getDouble(column, row);
            case DECIMAL -> getDecimal(column, row);
            case DATE -> getDate(column, row);
            case TIMESTAMP -> getTimestamp(column, row);
            case UTF8 -> getString(column, row);
        };
    }

    // ---- buffer access for kernels ----

    /** The column's value buffer (for utf8: the character bytes), indexed by buffer row; see {@link #offset()}. */
    public MemorySegment data(int column) {
        checkOpen();
        return MemoryManager.segmentOf(vector(column).getDataBuffer());
    }

    /** The column's validity bitmap (bit set = non-null, LSB first), indexed by buffer row. */
    public MemorySegment validity(int column) {
        checkOpen();
        return MemoryManager.segmentOf(vector(column).getValidityBuffer());
    }

    /** The int32 offsets of a utf8 column ({@code buffer rows + 1} entries). */
    public MemorySegment offsets(int column) {
        checkOpen();
        if (!(vector(column) instanceof BaseVariableWidthVector v)) {
            throw typeMismatch(column, "utf8");
        }
        return MemoryManager.segmentOf(v.getOffsetBuffer());
    }

    /** The Arrow vector behind a column, for Arrow interop; it must not be modified. */
    public FieldVector arrowVector(int column) {
        checkOpen();
        return vector(column);
    }

    /** A short table rendering of the first {@code maxRows} rows. */
    public String format(int maxRows) {
        checkOpen();
        StringBuilder sb = new StringBuilder();
        sb.append(schema).append(", ").append(rowCount).append(rowCount == 1 ? " row\n" : " rows\n");
        int shown = Math.min(rowCount, maxRows);
        for (int r = 0; r < shown; r++) {
            for (int c = 0; c < columnCount(); c++) {
                sb.append(c == 0 ? "" : " | ").append(isNull(c, r) ? "null" : getObject(c, r));
            }
            sb.append('\n');
        }
        if (shown < rowCount) {
            sb.append("... ").append(rowCount - shown).append(" more\n");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Batch[" + rowCount + " rows, " + schema + (closed ? ", closed]" : "]");
    }

    private FieldVector vector(int column, int row) {
        checkOpen();
        Objects.checkIndex(row, rowCount);
        return vector(column);
    }

    private FieldVector nonNull(int column, int row) {
        FieldVector v = vector(column, row);
        if (v.isNull(offset + row)) {
            throw new IllegalStateException("Column '" + schema.field(column).name() + "' is null at row " + row
                    + "; check isNull() before reading a nullable column");
        }
        return v;
    }

    private void requireKind(int column, DataType.Kind kind) {
        if (schema.field(column).type().kind() != kind) {
            throw typeMismatch(column, kind.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private IllegalArgumentException typeMismatch(int column, String wanted) {
        Field f = schema.field(column);
        return new IllegalArgumentException("Column '" + f.name() + "' has type " + f.type() + ", not " + wanted);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Batch handle is closed");
        }
    }
}
