package io.basalt.runtime.operators.sort;

import java.io.IOException;

import io.basalt.data.Batch;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.KeyLayout;

/**
 * Walks a {@link SortedStream} group by group, where a group is a maximal sequence of rows with
 * equal keys (NULL equal to NULL, as in GROUP BY). A group may span batches, so it is read as
 * runs: the rows {@code [row(), runEnd())} of the current batch, then {@link #nextRun()} tells
 * whether the group goes on in the next batch. The cursor owns the current batch and closes it
 * when it moves on; a caller that keeps rows of it must retain the batch. Without a key layout the
 * whole stream is one group. Used by one thread; owns the stream.
 */
final class GroupCursor implements AutoCloseable {
    private final SortedStream source;
    private final int[] keyColumns;
    private final KeyLayout layout;
    private Batch batch;
    private ColumnRef[] keys;
    private int row;
    private int runEnd = -1;

    GroupCursor(SortedStream source, int[] keyColumns, KeyLayout layout) throws IOException {
        this.source = source;
        this.keyColumns = keyColumns;
        this.layout = layout;
        this.batch = source.next();
        this.keys = batch == null ? null : keyRefs(batch);
    }

    private ColumnRef[] keyRefs(Batch b) {
        ColumnRef[] refs = new ColumnRef[keyColumns.length];
        for (int i = 0; i < refs.length; i++) {
            refs[i] = ColumnRef.of(b, keyColumns[i]);
        }
        return refs;
    }

    /** Whether the cursor is on a row (false once the stream is exhausted). */
    boolean hasRow() {
        return batch != null;
    }

    Batch batch() {
        return batch;
    }

    int row() {
        return row;
    }

    /** The key columns of the current batch. */
    ColumnRef[] keys() {
        return keys;
    }

    /** Whether the current row has a NULL in any key column. */
    boolean keyHasNull() {
        for (ColumnRef k : keys) {
            if (!k.isValid(row)) {
                return true;
            }
        }
        return false;
    }

    /** Compares the current keys of two cursors over the same key layout (sort order, NULLs equal). */
    static int compare(KeyLayout layout, GroupCursor a, GroupCursor b) {
        return layout.compareRows(a.keys, a.row, b.keys, b.row, 0);
    }

    /** End (exclusive) of the current group's rows in the current batch, from the current row on. */
    int runEnd() {
        if (runEnd < 0) {
            int n = batch.rowCount();
            int r = row + 1;
            if (layout == null) {
                r = n;
            } else {
                while (r < n && layout.compareRows(keys, r - 1, keys, r, 0) == 0) {
                    r++;
                }
            }
            runEnd = r;
        }
        return runEnd;
    }

    /**
     * Moves past the current run. Returns true when the current group continues at the new
     * position (in the next batch); false when the new position starts another group or the
     * stream is exhausted ({@link #hasRow()} false).
     */
    boolean nextRun() throws IOException {
        int end = runEnd();
        runEnd = -1;
        if (end < batch.rowCount()) {
            row = end;
            return false;
        }
        Batch next = source.next();
        if (next == null) {
            batch.close();
            batch = null;
            keys = null;
            return false;
        }
        ColumnRef[] nextKeys = keyRefs(next);
        boolean same = layout == null || layout.compareRows(keys, end - 1, nextKeys, 0, 0) == 0;
        batch.close();
        batch = next;
        keys = nextKeys;
        row = 0;
        return same;
    }

    /** Moves to the next row; returns whether it belongs to the same group. */
    boolean nextRow() throws IOException {
        if (row + 1 < runEnd()) {
            row++;
            return true;
        }
        return nextRun();
    }

    /** Moves to the first row of the next group. */
    void skipGroup() throws IOException {
        while (nextRun()) {
            // the group goes on in the next batch
        }
    }

    @Override
    public void close() throws IOException {
        if (batch != null) {
            batch.close();
            batch = null;
        }
        source.close();
    }
}
