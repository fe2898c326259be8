package io.basalt.runtime.operators.sort;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.FieldVector;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.Schema;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.vectorops.ColumnRef;

/**
 * Collects the (left row, right row) pairs a join produces and emits them as batches of the join's
 * output schema (left columns, then right columns unless the schema has only the left ones): the
 * columns are gathered from the pairs' source batches, which are retained until then, so callers
 * may move on from a batch right after adding its rows. A null batch stands for the NULL padding
 * of outer rows. Used by one thread.
 */
final class JoinOutput implements AutoCloseable {
    private final Schema schema;
    private final int leftColumns;
    private final int rightColumns;
    private final OperatorContext context;
    private final int capacity;
    private final int[] leftSlot;
    private final int[] leftRow;
    private final int[] rightSlot;
    private final int[] rightRow;
    private final Side left = new Side();
    private final Side right = new Side();
    private int n;

    /** Retained source batches of one side, numbered in the order the pending pairs first used them. */
    private static final class Side {
        final List<Batch> batches = new ArrayList<>();
        final List<ColumnRef[]> refs = new ArrayList<>();
        final Map<Batch, Integer> slots = new IdentityHashMap<>();
        Batch last;
        int lastSlot;

        int slot(Batch b) {
            if (b == null) {
                return -1;
            }
            if (b == last) {
                return lastSlot;
            }
            Integer s = slots.get(b);
            if (s == null) {
                s = batches.size();
                Batch kept = b.retain();
                batches.add(kept);
                refs.add(MultiGather.refs(kept));
                slots.put(b, s);
            }
            last = b;
            lastSlot = s;
            return s;
        }

        ColumnRef[][] sources() {
            return refs.toArray(ColumnRef[][]::new);
        }

        void release() {
            batches.forEach(Batch::close);
            batches.clear();
            refs.clear();
            slots.clear();
            last = null;
        }
    }

    /**
     * @param schema      the output schema: the left input's columns, then (unless there are none) the right input's
     * @param leftColumns how many leading output columns come from the left input
     * @param capacity    rows per emitted batch
     */
    JoinOutput(Schema schema, int leftColumns, OperatorContext context, int capacity) {
        this.schema = schema;
        this.leftColumns = leftColumns;
        this.rightColumns = schema.size() - leftColumns;
        this.context = context;
        this.capacity = Math.max(1, capacity);
        this.leftSlot = new int[this.capacity];
        this.leftRow = new int[this.capacity];
        this.rightSlot = new int[this.capacity];
        this.rightRow = new int[this.capacity];
    }

    /** Adds one output row: row {@code l} of {@code leftBatch} (null: NULLs) with row {@code r} of {@code rightBatch} (null: NULLs). */
    void add(Batch leftBatch, int l, Batch rightBatch, int r) throws Exception {
        leftSlot[n] = left.slot(leftBatch);
        leftRow[n] = l;
        rightSlot[n] = rightColumns == 0 ? -1 : right.slot(rightBatch);
        rightRow[n] = r;
        if (++n == capacity) {
            flush();
        }
    }

    /** Emits the pending rows, if any, and lets go of their source batches. */
    void flush() throws Exception {
        if (n == 0) {
            return;
        }
        FieldVector[] vectors = new FieldVector[schema.size()];
        Batch out;
        try {
            ColumnRef[][] leftSources = left.sources();
            for (int c = 0; c < leftColumns; c++) {
                vectors[c] = MultiGather.gatherColumn(schema.field(c), leftSources, c, leftSlot, leftRow, n, context.pool());
            }
            ColumnRef[][] rightSources = right.sources();
            for (int c = 0; c < rightColumns; c++) {
                vectors[leftColumns + c] = MultiGather.gatherColumn(schema.field(leftColumns + c), rightSources, c, rightSlot, rightRow, n,
                        context.pool());
            }
            out = BatchBuilder.adoptVectors(schema, vectors, n);
        } catch (RuntimeException e) {
            MultiGather.closeAll(vectors);
            throw e;
        } finally {
            n = 0;
            left.release();
            right.release();
        }
        try (out) {
            context.output().emit(out);
        }
    }

    @Override
    public void close() {
        n = 0;
        left.release();
        right.release();
    }
}
