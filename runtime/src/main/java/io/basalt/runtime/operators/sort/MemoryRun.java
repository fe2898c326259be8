package io.basalt.runtime.operators.sort;

import io.basalt.data.Batch;

/**
 * A sorted run held in memory as one physically sorted batch, handed out as zero-copy slices of
 * at most {@code window} rows so that a merge encodes keys for a bounded window per run. Owns the
 * batch; its memory is freed once the last slice and the run are closed.
 */
final class MemoryRun implements SortedStream {
    private final int window;
    private Batch batch;
    private int position;

    MemoryRun(Batch sorted, int window) {
        this.batch = sorted;
        this.window = Math.max(1, window);
    }

    @Override
    public Batch next() {
        if (batch == null) {
            return null;
        }
        int n = batch.rowCount();
        if (position >= n) {
            close();
            return null;
        }
        int length = Math.min(window, n - position);
        Batch slice = position == 0 && length == n ? batch.retain() : batch.slice(position, length);
        position += length;
        if (position >= n) {
            close();
        }
        return slice;
    }

    @Override
    public void close() {
        if (batch != null) {
            batch.close();
            batch = null;
        }
    }
}
