package io.basalt.vectorops;

/**
 * Where a {@link JoinKernels#probe} of one probe batch stands, so that a probe whose output did not
 * fit continues on the next call (even in the middle of one probe row's matches). Also holds the
 * batch's looked-up key ids, computed once on the first call. Reuse one cursor for many batches:
 * {@link #reset()} before each new batch. Not thread-safe.
 */
public final class JoinProbeCursor {
    private int[] entries = new int[0];
    private long[] hashes = new long[0];
    private int rows = -1;
    private int nextRow;
    private int pending;

    /** Starts over for a new probe batch. */
    public void reset() {
        rows = -1;
        nextRow = 0;
        pending = 0;
    }

    /** Whether the current batch has been looked up (a probe call was made since {@link #reset()}). */
    public boolean isStarted() {
        return rows >= 0;
    }

    /** Whether every row of the current batch has been emitted (false before the first call). */
    public boolean isDone() {
        return rows >= 0 && nextRow >= rows;
    }

    /** The next probe row to emit. */
    public int nextRow() {
        return nextRow;
    }

    /** Matches of {@link #nextRow()} already emitted. */
    public int pending() {
        return pending;
    }

    /** Rows of the current batch, or -1 before the first call. */
    public int rows() {
        return rows;
    }

    // ---- kernel-facing ----

    /** Scratch for the batch's key hashes, at least {@code n} long. */
    public long[] hashScratch(int n) {
        if (hashes.length < n) {
            hashes = new long[Math.max(n, hashes.length + (hashes.length >> 1))];
        }
        return hashes;
    }

    /** The per-row distinct-key ids of the batch (-1: no match), at least {@code n} long. */
    public int[] entries(int n) {
        if (entries.length < n) {
            entries = new int[Math.max(n, entries.length + (entries.length >> 1))];
        }
        return entries;
    }

    /** Marks the batch of {@code rowCount} rows as looked up; emission starts at row 0. */
    public void start(int rowCount) {
        rows = rowCount;
        nextRow = 0;
        pending = 0;
    }

    /** Records where emission stopped. */
    public void advance(int row, int pendingMatches) {
        nextRow = row;
        pending = pendingMatches;
    }
}
