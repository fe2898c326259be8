package io.basalt.runtime.operators.agg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.basalt.data.Batch;
import io.basalt.data.Schema;
import io.basalt.memory.spill.SpillFileWriter;
import io.basalt.runtime.operators.OperatorContext;

/**
 * The spill files of one partitioning level of a spilling aggregation, {@code 2^bits} of them:
 * partial states whose key hash falls into partition {@code p} go to file {@code p}, so each file
 * can later be aggregated on its own. Each level mixes the hash with its own salt, so a partition
 * that still does not fit splits evenly at the next level. Files are created on first write,
 * reported to the metrics when finished, and deleted once read or when this object is closed.
 * Used by one thread.
 */
final class SpillPartitions implements AutoCloseable {
    /** Most partitions of one level (each an open file while it is written). */
    static final int MAX_BITS = 6;

    private final int level;
    private final int bits;
    private final Schema schema;
    private final OperatorContext context;
    private final SpillFileWriter[] writers;
    private final Path[] files;
    private boolean finished;

    SpillPartitions(int level, int bits, Schema schema, OperatorContext context) {
        if (bits < 1 || bits > MAX_BITS) {
            throw new IllegalArgumentException("partition bits " + bits + " outside [1, " + MAX_BITS + "]");
        }
        this.level = level;
        this.bits = bits;
        this.schema = schema;
        this.context = context;
        this.writers = new SpillFileWriter[1 << bits];
        this.files = new Path[1 << bits];
    }

    int level() {
        return level;
    }

    int fanout() {
        return 1 << bits;
    }

    /** The partition (of this level) of a row whose key hash is {@code hash}. */
    int partition(long hash) {
        return partition(hash, level, bits);
    }

    /** Partition {@code [0, 2^bits)} of a key hash at {@code level}: the top bits of a salted murmur3 fmix64. */
    static int partition(long hash, int level, int bits) {
        long x = hash ^ (0x9E3779B97F4A7C15L * (level + 1));
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        return (int) (x >>> (64 - bits));
    }

    /** Appends partial states whose keys all fall into {@code partition}. */
    void write(int partition, Batch batch) throws IOException {
        if (finished) {
            throw new IllegalStateException("Spill partitions of level " + level + " are already finished");
        }
        SpillFileWriter w = writers[partition];
        if (w == null) {
            Path file = context.newSpillFile("agg-l" + level + "-p" + partition);
            files[partition] = file;
            w = SpillFileWriter.create(file, schema, context.pool());
            writers[partition] = w;
        }
        w.write(batch);
    }

    /** Closes the files for reading and records them in the metrics. */
    void finishWriting() throws IOException {
        finished = true;
        for (int p = 0; p < files.length; p++) {
            SpillFileWriter w = writers[p];
            if (w != null) {
                writers[p] = null;
                w.close();
                context.metrics().addSpill(Files.size(w.file()), w.rowCount());
            }
        }
    }

    /** The finished file of partition {@code p}, or null when nothing was spilled to it. */
    Path file(int p) {
        return files[p];
    }

    /** Deletes the file of partition {@code p} (after it has been read). */
    void delete(int p) throws IOException {
        Path file = files[p];
        files[p] = null;
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    /** Aborts unfinished files and deletes every remaining one. */
    @Override
    public void close() {
        IOException failure = null;
        for (int p = 0; p < files.length; p++) {
            try {
                if (writers[p] != null) {
                    SpillFileWriter w = writers[p];
                    writers[p] = null;
                    w.abort();
                }
                delete(p);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw new UncheckedIOException("Could not delete aggregation spill files of level " + level, failure);
        }
    }
}
