package io.basalt.vectorops;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

import io.basalt.data.Batch;
import io.basalt.data.DataType;

/**
 * What a kernel needs to read one column: its type, value buffer, validity bitmap (null when the
 * column has no nulls in this range, so kernels can skip null handling), utf8 offsets, the row
 * offset of row 0 inside those buffers, and the row count. Row {@code r} of the column is buffer
 * row {@code offset + r}. Immutable; created once per batch and column, never per row.
 */
public record ColumnRef(DataType type, MemorySegment data, MemorySegment validity, MemorySegment offsets, int offset, int count) {
    public ColumnRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (offset < 0 || count < 0) {
            throw new IllegalArgumentException("offset and count must be >= 0, were " + offset + " and " + count);
        }
        if (type.kind() == DataType.Kind.UTF8 && offsets == null) {
            throw new IllegalArgumentException("utf8 column needs an offsets buffer");
        }
    }

    /** Column {@code column} of {@code batch}; the batch must stay open while the ref is used. */
    public static ColumnRef of(Batch batch, int column) {
        DataType type = batch.schema().field(column).type();
        // Counting set validity bits word by word; Batch.nullCount checks a slice row by row.
        MemorySegment validity = batch.validity(column);
        if (Bitmaps.countSet(validity, batch.offset(), batch.rowCount()) == batch.rowCount()) {
            validity = null;
        }
        MemorySegment offsets = type.kind() == DataType.Kind.UTF8 ? batch.offsets(column) : null;
        return new ColumnRef(type, batch.data(column), validity, offsets, batch.offset(), batch.rowCount());
    }

    /** A non-null fixed-width column over {@code data} starting at buffer row 0. */
    public static ColumnRef of(DataType type, MemorySegment data, int count) {
        return new ColumnRef(type, data, null, null, 0, count);
    }

    public boolean mayHaveNulls() {
        return validity != null;
    }

    /** Whether row {@code row} (0-based within this column) is non-null. */
    public boolean isValid(int row) {
        return validity == null || Bitmaps.get(validity, offset + row);
    }
}
