package io.basalt.runtime.operators.sort;

import java.io.IOException;

import io.basalt.data.Batch;
import io.basalt.data.Schema;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.join.JoinSchemas;
import io.basalt.vectorops.KeyLayout;

/**
 * The two sorted inputs of a binary sort-based operator (merge join, co-group): input 0 is the
 * left side, input 1 the right; their batches may arrive interleaved in any order. Each side has
 * its own {@link ExternalSorter} with 40% of the operator's pool, sorting by its key columns in
 * ascending order, NULLs last, so that equal keys of both sides meet in a merge. A side's schema is
 * given up front or taken from its first batch; key types must match pairwise. Used by one thread.
 */
final class SortedInputs implements AutoCloseable {
    private static final SortedStream EMPTY = new SortedStream() {
        @Override
        public Batch next() {
            return null;
        }

        @Override
        public void close() {}
    };

    /** Each side's share of the pool; the rest serves the merge's consumer (group buffer, output batches). */
    private static final double SORTER_SHARE = 0.4;

    private final int[][] keys;
    private final Schema[] schemas;
    private final ExternalSorter[] sorters = new ExternalSorter[2];
    private final GroupCursor[] cursors = new GroupCursor[2];
    private final boolean[] ended = new boolean[2];
    private OperatorContext context;

    /** Schemas may be null, to be learnt from the first batch of the side. */
    SortedInputs(int[] leftKeys, int[] rightKeys, Schema left, Schema right) {
        if (leftKeys.length != rightKeys.length || leftKeys.length == 0) {
            throw new IllegalArgumentException("Both sides need the same number (at least one) of key columns, got " + leftKeys.length
                    + " left and " + rightKeys.length + " right");
        }
        this.keys = new int[][] {leftKeys.clone(), rightKeys.clone()};
        this.schemas = new Schema[] {left, right};
        if (left != null) {
            SortSupport.checkKeys(leftKeys, left, "left");
        }
        if (right != null) {
            SortSupport.checkKeys(rightKeys, right, "right");
        }
        if (left != null && right != null) {
            JoinSchemas.checkKeys(left, leftKeys, right, rightKeys);
        }
    }

    void open(OperatorContext context) {
        this.context = context;
        for (int side = 0; side < 2; side++) {
            if (schemas[side] != null) {
                sorters[side] = newSorter(side);
            }
        }
    }

    private ExternalSorter newSorter(int side) {
        return new ExternalSorter(context, schemas[side], keys[side], SortSupport.groupOrders(keys[side].length), -1, SORTER_SHARE,
                side == 0 ? "left" : "right");
    }

    /** Buffers a batch (borrowed) of input {@code side}. */
    void add(Batch batch, int side) throws IOException {
        if (side != 0 && side != 1) {
            throw new IllegalArgumentException("A two-input operator has inputs 0 (left) and 1 (right), not " + side);
        }
        if (schemas[side] == null) {
            Schema schema = batch.schema();
            SortSupport.checkKeys(keys[side], schema, side == 0 ? "left" : "right");
            Schema other = schemas[1 - side];
            if (other != null) {
                JoinSchemas.checkKeys(side == 0 ? schema : other, keys[0], side == 0 ? other : schema, keys[1]);
            }
            schemas[side] = schema;
            sorters[side] = newSorter(side);
        }
        try (Batch conformed = SortSupport.conform(batch, schemas[side], side == 0 ? "the left input" : "the right input")) {
            sorters[side].add(conformed);
        }
    }

    /** Input {@code side} ended; returns whether both have. */
    boolean end(int side) {
        ended[side] = true;
        return ended[0] && ended[1];
    }

    /** The side's schema, or null while it is unknown (no schema given and no batch seen). */
    Schema schema(int side) {
        return schemas[side];
    }

    /** Sorts what both sides buffered and positions a group cursor on each. */
    void finish() throws IOException {
        for (int side = 0; side < 2; side++) {
            SortedStream sorted = sorters[side] == null ? EMPTY : sorters[side].finish();
            try {
                cursors[side] = new GroupCursor(sorted, keys[side], layout());
            } catch (IOException | RuntimeException e) {
                sorted.close();
                throw e;
            }
        }
    }

    GroupCursor cursor(int side) {
        return cursors[side];
    }

    /** The layout comparing keys of either side with the other's (null when neither side had a schema). */
    KeyLayout layout() {
        return sorters[0] != null ? sorters[0].layout() : sorters[1] != null ? sorters[1].layout() : null;
    }

    /** Rows per output batch that fit the memory the sorters are given. */
    int chunkRows() {
        int rows = context.batchRows();
        for (ExternalSorter s : sorters) {
            if (s != null) {
                rows = Math.min(rows, s.chunkRows());
            }
        }
        return rows;
    }

    /** A budget for buffering one key group: an eighth of the pool. */
    long groupBufferBytes() {
        return Math.max(1, Math.min(context.pool().limit(), context.pool().used() + context.pool().available()) / 8);
    }

    @Override
    public void close() throws IOException {
        try (ExternalSorter l = sorters[0]; ExternalSorter r = sorters[1]; GroupCursor lc = cursors[0]; GroupCursor rc = cursors[1]) {
            sorters[0] = sorters[1] = null;
            cursors[0] = cursors[1] = null;
        }
    }
}
