package io.basalt.runtime.exec;

import java.util.function.BooleanSupplier;

import io.basalt.data.Batch;
import io.basalt.memory.MemoryPool;
import io.basalt.runtime.graph.ExchangeMode;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.Gather;
import io.basalt.vectorops.Kernels;

/**
 * The producer side of one exchange edge for one producer subtask: routes each output batch to the
 * channels of the consumer subtasks according to the edge's {@link ExchangeMode}. HASH computes the
 * 64-bit hash of the key columns with the {@link io.basalt.vectorops.HashKernels} and sends row
 * {@code r} to consumer {@link #partition(long, int)}; the split batches are gathered into
 * {@code pool}. Used by the producer's task thread only.
 */
final class PartitionWriter {
    private final ExchangeMode mode;
    private final LocalChannel[] channels;
    private final int[] keys;
    private final MemoryPool pool;
    private final Kernels kernels;
    private final BooleanSupplier cancelled;
    private int nextChannel;
    private long[] hashes = new long[0];
    private int[][] rows;
    private int[] counts;

    PartitionWriter(ExchangeMode mode, LocalChannel[] channels, int[] keys, int subtask, MemoryPool pool, Kernels kernels,
                    BooleanSupplier cancelled) {
        this.mode = mode;
        this.channels = channels;
        this.keys = keys;
        this.pool = pool;
        this.kernels = kernels;
        this.cancelled = cancelled;
        this.nextChannel = subtask % channels.length;
        this.range = null;
        this.random = null;
    }

    /** A RANGE writer: buffers its output and samples keys until it finishes, then routes by the agreed boundaries. */
    PartitionWriter(LocalChannel[] channels, int[] keys, int subtask, MemoryPool pool, Kernels kernels, BooleanSupplier cancelled,
                    RangeBoundaries range) {
        this.mode = ExchangeMode.RANGE;
        this.channels = channels;
        this.keys = keys;
        this.pool = pool;
        this.kernels = kernels;
        this.cancelled = cancelled;
        this.range = range;
        this.random = new java.util.SplittableRandom(subtask * 0x9E3779B97F4A7C15L + 1);
    }

    private final RangeBoundaries range;
    private final java.util.SplittableRandom random;
    private final java.util.List<Batch> buffered = new java.util.ArrayList<>();
    private final java.util.List<Object[]> sample = new java.util.ArrayList<>();
    private long seenRows;

    /**
     * The consumer of a row with hash {@code hash} among {@code n}: the high 32 bits scaled to
     * {@code [0, n)}, so partitioning stays independent of the low bits hash tables index by.
     */
    static int partition(long hash, int n) {
        return (int) (((hash >>> 32) * n) >>> 32);
    }

    void write(Batch batch) throws InterruptedException {
        int n = batch.rowCount();
        if (n == 0) {
            return;
        }
        switch (mode) {
            case FORWARD -> channels[0].send(batch, cancelled);
            case REBALANCE -> {
                channels[nextChannel].send(batch, cancelled);
                nextChannel = (nextChannel + 1) % channels.length;
            }
            case BROADCAST -> {
                for (LocalChannel c : channels) {
                    c.send(batch, cancelled);
                }
            }
            case HASH -> writeHashed(batch, n);
            case RANGE -> {
                // reservoir sample of keys; the batch is kept until the boundaries are known
                for (int r = 0; r < n; r++) {
                    seenRows++;
                    if (sample.size() < RangeBoundaries.SAMPLE_SIZE) {
                        sample.add(RangeBoundaries.key(batch, keys, r));
                    } else {
                        long slot = random.nextLong(seenRows);
                        if (slot < RangeBoundaries.SAMPLE_SIZE) {
                            sample.set((int) slot, RangeBoundaries.key(batch, keys, r));
                        }
                    }
                }
                buffered.add(batch.retain());
            }
        }
    }

    private void writeHashed(Batch batch, int n) throws InterruptedException {
        int parts = channels.length;
        if (parts == 1) {
            channels[0].send(batch, cancelled);
            return;
        }
        if (hashes.length < n) {
            hashes = new long[n];
            rows = new int[parts][n];
            counts = new int[parts];
        }
        kernels.hash().hash(ColumnRef.of(batch, keys[0]), hashes);
        for (int k = 1; k < keys.length; k++) {
            kernels.hash().combine(ColumnRef.of(batch, keys[k]), hashes);
        }
        java.util.Arrays.fill(counts, 0);
        for (int r = 0; r < n; r++) {
            int p = partition(hashes[r], parts);
            rows[p][counts[p]++] = r;
        }
        for (int p = 0; p < parts; p++) {
            if (counts[p] == n) {
                channels[p].send(batch, cancelled);
            } else if (counts[p] > 0) {
                try (Batch part = Gather.compact(batch, rows[p], counts[p], pool, kernels.gather())) {
                    channels[p].send(part, cancelled);
                }
            }
        }
    }

    void endSuperstep() {
        for (LocalChannel c : channels) {
            c.endSuperstep();
        }
    }

    void finish() throws InterruptedException {
        if (mode == ExchangeMode.RANGE) {
            routeBuffered();
        }
        for (LocalChannel c : channels) {
            c.finish();
        }
    }

    private void routeBuffered() throws InterruptedException {
        Object[][] bounds = range.submitAndAwait(sample, () -> {
            if (cancelled.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException("cancelled while waiting for the range boundaries");
            }
        });
        int parts = channels.length;
        while (!buffered.isEmpty()) {
            try (Batch batch = buffered.removeFirst()) {
                int n = batch.rowCount();
                int[][] rowsOf = new int[parts][n];
                int[] count = new int[parts];
                for (int r = 0; r < n; r++) {
                    int p = range.partition(RangeBoundaries.key(batch, keys, r), bounds);
                    rowsOf[p][count[p]++] = r;
                }
                for (int p = 0; p < parts; p++) {
                    if (count[p] == n) {
                        channels[p].send(batch, cancelled);
                    } else if (count[p] > 0) {
                        try (Batch part = Gather.compact(batch, rowsOf[p], count[p], pool, kernels.gather())) {
                            channels[p].send(part, cancelled);
                        }
                    }
                }
            }
        }
    }

    void discard() {
        buffered.forEach(Batch::close);
        buffered.clear();
        for (LocalChannel c : channels) {
            c.discard();
        }
    }
}
