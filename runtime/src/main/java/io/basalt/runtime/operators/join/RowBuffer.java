package io.basalt.runtime.operators.join;

import java.lang.foreign.MemorySegment;

import org.apache.arrow.vector.FieldVector;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.GatherKernels;

/**
 * Rows of one schema copied into growable columns ({@link ColumnBuffer}) in the operator's pool:
 * the build rows of a hash join (addressed by row id through {@link #refs()}), the rows of one
 * spill partition, a buffered block of a cross product. An append either adds all its rows or,
 * failing with a {@link io.basalt.memory.MemoryLimitExceededException}, none. {@link #seal()} turns
 * the rows into a batch without copying. Not thread-safe.
 */
final class RowBuffer implements AutoCloseable {
    private final Schema schema;
    private final ColumnBuffer[] columns;
    private final GatherKernels kernels;
    private final BitScratch scratch;
    private int rows;

    RowBuffer(Schema schema, MemoryPool pool, GatherKernels kernels, int initialRows) {
        this.schema = schema;
        this.kernels = kernels;
        this.scratch = new BitScratch(pool);
        this.columns = new ColumnBuffer[schema.size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = new ColumnBuffer(schema.field(c), pool, initialRows);
        }
    }

    Schema schema() {
        return schema;
    }

    int rowCount() {
        return rows;
    }

    long allocatedBytes() {
        long total = 0;
        for (ColumnBuffer c : columns) {
            total += c.allocatedBytes();
        }
        return total;
    }

    /** Bytes the rows take (without the spare capacity of the buffers). */
    long usedBytes() {
        long total = 0;
        for (ColumnBuffer c : columns) {
            total += c.usedBytes();
        }
        return total;
    }

    /** Appends rows {@code [start, start + n)} of the columns {@code src} (one per schema column). */
    void appendRange(ColumnRef[] src, int start, int n) {
        append(src, null, start, n);
    }

    /** Appends rows {@code ids[0, n)} of the columns {@code src}. */
    void appendRows(ColumnRef[] src, int[] ids, int n) {
        append(src, ids, 0, n);
    }

    private void append(ColumnRef[] src, int[] ids, int start, int n) {
        if (src.length != columns.length) {
            throw new IllegalArgumentException(src.length + " columns appended to rows of " + schema);
        }
        if (n == 0) {
            return;
        }
        MemorySegment bits;
        try {
            for (ColumnBuffer c : columns) {
                c.reserve(n);
            }
            for (int c = 0; c < columns.length; c++) {
                columns[c].prepare(src[c], ids, start, n, kernels);
            }
            bits = scratch.bits(n);
        } catch (RuntimeException e) {
            for (ColumnBuffer c : columns) {
                c.restore();
            }
            throw e;
        }
        for (int c = 0; c < columns.length; c++) {
            columns[c].write(src[c], ids, start, n, kernels, bits);
        }
        rows += n;
    }

    /** Drops the rows from {@code newRows} on (undoes appends). */
    void truncate(int newRows) {
        for (ColumnBuffer c : columns) {
            c.truncate(newRows);
        }
        rows = newRows;
    }

    /** The rows as kernel inputs, one per column; valid until the next append, truncate or seal. */
    ColumnRef[] refs() {
        ColumnRef[] refs = new ColumnRef[columns.length];
        for (int c = 0; c < refs.length; c++) {
            refs[c] = columns[c].ref();
        }
        return refs;
    }

    /** The rows as a batch (the buffers move into it); this buffer starts over empty. */
    Batch seal() {
        FieldVector[] vectors = new FieldVector[columns.length];
        try {
            for (int c = 0; c < columns.length; c++) {
                vectors[c] = columns[c].seal();
            }
            Batch batch = BatchBuilder.adoptVectors(schema, vectors, rows);
            rows = 0;
            return batch;
        } catch (RuntimeException e) {
            for (FieldVector v : vectors) {
                if (v != null) {
                    v.close();
                }
            }
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        for (ColumnBuffer c : columns) {
            c.close();
        }
        scratch.close();
        rows = 0;
    }
}
