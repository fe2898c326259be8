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
        if (mode == ExchangeMode.RANGE) {
            throw new UnsupportedOperationException("RANGE exchanges are planned through a sampling sort; not supported as a plain edge yet");
        }
    }

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
            case RANGE -> throw new IllegalStateException("unreachable");
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

    void finish() {
        for (LocalChannel c : channels) {
            c.finish();
        }
    }

    void discard() {
        for (LocalChannel c : channels) {
            c.discard();
        }
    }
}
