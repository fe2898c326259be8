package io.basalt.runtime.operators;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one operator instance. Written by the operator's task thread, read by anyone
 * (the job's metrics sum the instances of a logical operator).
 */
public final class OperatorMetrics {
    private final AtomicLong rowsIn = new AtomicLong();
    private final AtomicLong rowsOut = new AtomicLong();
    private final AtomicLong spilledBytes = new AtomicLong();
    private final AtomicLong spillFiles = new AtomicLong();
    private final AtomicLong spilledRows = new AtomicLong();
    private final AtomicLong peakMemory = new AtomicLong();

    public void addRowsIn(long rows) {
        rowsIn.addAndGet(rows);
    }

    public void addRowsOut(long rows) {
        rowsOut.addAndGet(rows);
    }

    /** Records one spill file of {@code bytes} bytes holding {@code rows} rows. */
    public void addSpill(long bytes, long rows) {
        spillFiles.incrementAndGet();
        spilledBytes.addAndGet(bytes);
        spilledRows.addAndGet(rows);
    }

    public void updatePeakMemory(long bytes) {
        peakMemory.accumulateAndGet(bytes, Math::max);
    }

    public long rowsIn() {
        return rowsIn.get();
    }

    public long rowsOut() {
        return rowsOut.get();
    }

    public long spilledBytes() {
        return spilledBytes.get();
    }

    public long spillFiles() {
        return spillFiles.get();
    }

    public long spilledRows() {
        return spilledRows.get();
    }

    public long peakMemory() {
        return peakMemory.get();
    }
}
