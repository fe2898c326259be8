package io.basalt.runtime.operators.join;

import java.util.function.Supplier;

import org.apache.arrow.vector.FieldVector;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryPool;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.GatherKernels;

/**
 * Assembles a join's output batches: left columns first, then right columns (absent for SEMI and
 * ANTI). Rows are gathered from the two sides by row index, a missing row (-1) or a missing side
 * becoming NULLs, into column buffers that are emitted as one batch once {@link #maxRows()} rows
 * are collected (and by {@link #flush()}). Not thread-safe.
 */
final class JoinOutput implements AutoCloseable {
    /** The output columns: {@code leftColumns} left fields, then the right fields if any. */
    record Layout(Schema schema, int leftColumns) {}

    private final OperatorContext context;
    private final GatherKernels kernels;
    private final Supplier<Layout> layout;
    private final BitScratch scratch;
    private final int maxRows;
    private Schema schema;
    private int leftColumns;
    private int rightColumns;
    private ColumnBuffer[] columns;
    private int[] substitute = new int[0];
    private int rows;

    /** An output of the given layout emitting batches of {@code maxRows} rows. */
    JoinOutput(Schema schema, int leftColumns, OperatorContext context, int maxRows) {
        this(context, maxRows, () -> new Layout(schema, leftColumns));
    }

    /**
     * An output whose layout is asked for only when the first row is emitted (a join that learns
     * its input schemas from their batches may not know them all before).
     */
    JoinOutput(OperatorContext context, int maxRows, Supplier<Layout> layout) {
        this.context = context;
        this.kernels = context.kernels().gather();
        this.maxRows = maxRows;
        this.layout = layout;
        this.scratch = new BitScratch(context.pool());
    }

    private void start() {
        Layout l = layout.get();
        schema = l.schema();
        leftColumns = l.leftColumns();
        rightColumns = schema.size() - leftColumns;
        MemoryPool pool = context.pool();
        columns = new ColumnBuffer[schema.size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = new ColumnBuffer(schema.field(c), pool, maxRows);
        }
    }

    /** Rows per emitted batch; callers pass at most this many rows per call. */
    int maxRows() {
        return maxRows;
    }

    /**
     * Rows made of {@code leftRows[i]} of {@code left} and {@code rightRows[i]} of {@code right} for
     * {@code i < n}; a row index of -1 (or a null side) gives NULLs for that side's columns.
     */
    void pairs(ColumnRef[] left, int[] leftRows, ColumnRef[] right, int[] rightRows, int n) throws Exception {
        if (n == 0) {
            return;
        }
        if (columns == null) {
            start();
        }
        if (rows + n > maxRows) {
            flush();
        }
        for (int c = 0; c < leftColumns; c++) {
            append(columns[c], left == null ? null : left[c], leftRows, n);
        }
        for (int c = 0; c < rightColumns; c++) {
            append(columns[leftColumns + c], right == null ? null : right[c], rightRows, n);
        }
        rows += n;
        if (rows >= maxRows) {
            flush();
        }
    }

    /** Rows {@code ids[0, n)} of one side, the other side's columns (if in the schema) NULL. */
    void side(boolean left, ColumnRef[] columnsOfSide, int[] ids, int n) throws Exception {
        if (left) {
            pairs(columnsOfSide, ids, null, null, n);
        } else {
            pairs(null, null, columnsOfSide, ids, n);
        }
    }

    private void append(ColumnBuffer out, ColumnRef src, int[] ids, int n) {
        int missing = 0;
        if (src != null) {
            for (int i = 0; i < n; i++) {
                missing += ids[i] >>> 31;
            }
        }
        if (src == null || missing == n) {
            out.appendNulls(n);
            return;
        }
        int[] rowIds = ids;
        if (missing > 0) {
            if (substitute.length < n) {
                substitute = new int[Math.max(n, maxRows)];
            }
            for (int i = 0; i < n; i++) {
                substitute[i] = Math.max(ids[i], 0);
            }
            rowIds = substitute;
        }
        int base = out.rowCount();
        try {
            out.reserve(n);
            out.prepare(src, rowIds, 0, n, kernels);
        } catch (RuntimeException e) {
            out.restore();
            throw e;
        }
        out.write(src, rowIds, 0, n, kernels, scratch.bits(n));
        if (missing > 0) {
            for (int i = 0; i < n; i++) {
                if (ids[i] < 0) {
                    out.setNull(base + i);
                }
            }
        }
    }

    /** Emits the collected rows as one batch. */
    void flush() throws Exception {
        if (rows == 0) {
            return;
        }
        FieldVector[] vectors = new FieldVector[columns.length];
        Batch batch;
        try {
            for (int c = 0; c < columns.length; c++) {
                vectors[c] = columns[c].seal();
            }
            batch = BatchBuilder.adoptVectors(schema, vectors, rows);
        } catch (RuntimeException e) {
            for (FieldVector v : vectors) {
                if (v != null) {
                    v.close();
                }
            }
            throw e;
        }
        rows = 0;
        try (batch) {
            context.output().emit(batch);
        }
    }

    @Override
    public void close() {
        if (columns != null) {
            for (ColumnBuffer c : columns) {
                c.close();
            }
        }
        scratch.close();
    }

    /**
     * Rows per output batch: the configured batch size, fewer when the pool is small, so that an
     * output batch takes about a sixteenth of the pool.
     */
    static int maxRows(OperatorContext context, long rowWidth) {
        long width = Math.max(1, rowWidth);
        long share = MemoryBudget.limit(context.pool()) / 16;
        return Math.clamp(share / width, 64, Math.max(64, context.batchRows()));
    }
}
