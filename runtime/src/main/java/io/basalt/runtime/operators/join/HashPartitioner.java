package io.basalt.runtime.operators.join;

import java.io.IOException;

import io.basalt.data.Batch;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryLimitExceededException;
import io.basalt.memory.MemoryPool;
import io.basalt.memory.spill.SpillFileWriter;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.HashKernels;
import io.basalt.vectorops.Kernels;

/**
 * Splits one side of a join into 2^bits (at most {@value #MAX_FANOUT}) spill files by a hash of its
 * key columns. The partition of a row is the top bits of its key hash re-mixed with a per-level
 * seed, so that every recursion level splits independently of the levels before it, of the hash
 * exchange that routed the row here and of the hash table's own slot bits. Rows with a NULL key cannot match and go to {@code nullKeys} (or are dropped) instead of
 * into a partition, so NULLs never pile up in one partition. Rows are collected per partition and
 * written as a batch when a partition reaches {@code flushRows} rows or its share of
 * {@code bufferBytes}. Not thread-safe.
 */
final class HashPartitioner implements AutoCloseable {
    static final int MAX_BITS = 4;
    static final int MAX_FANOUT = 1 << MAX_BITS;

    /** Receives rows {@code rows[0, n)} of {@code columns} whose key has a NULL. */
    @FunctionalInterface
    interface NullKeyRows {
        void accept(ColumnRef[] columns, int[] rows, int n) throws Exception;
    }

    private final String purpose;
    private final Schema schema;
    private final int[] keys;
    private final long seed;
    private final Kernels kernels;
    private final MemoryPool pool;
    private final SpillFiles files;
    private final NullKeyRows nullKeys;
    private final int flushRows;
    /** Rows partitioned at a time: about a quarter of the room for the buffers. */
    private final int sliceRows;
    /** Bytes of collected rows at which a partition is written. */
    private long flushBytes;
    /** Initial rows of a partition buffer: about what it holds when it is written, so it rarely grows. */
    private final int initialRows;
    private final int bits;
    private final int fanout;
    private final RowBuffer[] buffers;
    private final SpillFileWriter[] writers;
    /** Bucket starts of the counting sort (fanout partitions plus the NULL-key bucket, plus the end). */
    private final int[] starts;
    private final int[] next;
    private long[] hashes = new long[0];
    private int[] parts = new int[0];
    private int[] order = new int[0];
    private int[] ids = new int[0];

    /**
     * @param level       recursion level, 0 for the first split; each level uses different hash bits
     * @param bits        log2 of the number of partitions, 1 to {@value #MAX_BITS}
     * @param nullKeys    where rows with a NULL key go; null drops them
     * @param flushRows   most rows per written batch
     * @param bufferBytes memory for the rows collected before they are written, all partitions together
     */
    HashPartitioner(String purpose, Schema schema, int[] keys, int level, int bits, Kernels kernels, MemoryPool pool, SpillFiles files,
            NullKeyRows nullKeys, int flushRows, long bufferBytes) {
        if (bits < 1 || bits > MAX_BITS) {
            throw new IllegalArgumentException("Partition bits must be in [1, " + MAX_BITS + "], got " + bits);
        }
        this.bits = bits;
        this.fanout = 1 << bits;
        this.buffers = new RowBuffer[fanout];
        this.writers = new SpillFileWriter[fanout];
        this.starts = new int[fanout + 2];
        this.next = new int[fanout + 1];
        this.purpose = purpose;
        this.schema = schema;
        this.keys = keys;
        this.seed = 0x9E3779B97F4A7C15L * (level + 1);
        this.kernels = kernels;
        this.pool = pool;
        this.files = files;
        this.nullKeys = nullKeys;
        this.flushRows = Math.max(1, flushRows);
        long width = Joins.rowWidth(schema);
        this.flushBytes = Math.max(1024, bufferBytes / fanout);
        this.initialRows = Math.clamp(flushBytes / width + 16, 16, Math.max(16, this.flushRows));
        this.sliceRows = Math.clamp(bufferBytes / 4 / width, 64, Math.max(64, this.flushRows));
    }

    /** Changes the memory for collected rows (all partitions together); applies from the next append. */
    void bufferBytes(long bytes) {
        flushBytes = Math.max(1024, bytes / fanout);
    }

    void add(Batch batch) throws Exception {
        add(Joins.columns(batch), batch.rowCount());
    }

    /** Adds rows {@code [0, n)} of {@code columns} (one per schema column). */
    void add(ColumnRef[] columns, int n) throws Exception {
        if (n <= sliceRows) {
            addSlice(columns, n);
            return;
        }
        ColumnRef[] slice = new ColumnRef[columns.length];
        for (int start = 0; start < n; start += sliceRows) {
            int size = Math.min(sliceRows, n - start);
            for (int c = 0; c < slice.length; c++) {
                ColumnRef col = columns[c];
                slice[c] = new ColumnRef(col.type(), col.data(), col.validity(), col.offsets(), col.offset() + start, size);
            }
            addSlice(slice, size);
        }
    }

    private void addSlice(ColumnRef[] columns, int n) throws Exception {
        if (n == 0) {
            return;
        }
        if (hashes.length < n) {
            hashes = new long[n];
            parts = new int[n];
            order = new int[n];
            ids = new int[n];
        }
        HashKernels hash = kernels.hash();
        hash.hash(columns[keys[0]], hashes);
        for (int k = 1; k < keys.length; k++) {
            hash.combine(columns[keys[k]], hashes);
        }
        for (int r = 0; r < n; r++) {
            parts[r] = (int) (mix(hashes[r] ^ seed) >>> (64 - bits));
        }
        for (int key : keys) {
            ColumnRef c = columns[key];
            if (c.validity() != null) {
                for (int r = 0; r < n; r++) {
                    if (!Bitmaps.get(c.validity(), c.offset() + (long) r)) {
                        parts[r] = fanout;
                    }
                }
            }
        }
        // Counting sort of the rows by partition; bucket fanout holds the NULL-key rows.
        java.util.Arrays.fill(starts, 0);
        for (int r = 0; r < n; r++) {
            starts[parts[r] + 1]++;
        }
        for (int p = 1; p < starts.length; p++) {
            starts[p] += starts[p - 1];
        }
        System.arraycopy(starts, 0, next, 0, next.length);
        for (int r = 0; r < n; r++) {
            order[next[parts[r]]++] = r;
        }
        for (int p = 0; p <= fanout; p++) {
            int size = starts[p + 1] - starts[p];
            if (size == 0) {
                continue;
            }
            System.arraycopy(order, starts[p], ids, 0, size);
            if (p < fanout) {
                append(p, columns, size);
            } else if (nullKeys != null) {
                nullKeys.accept(columns, ids, size);
            }
        }
    }

    private void append(int p, ColumnRef[] columns, int n) throws IOException {
        if (buffers[p] == null) {
            buffers[p] = new RowBuffer(schema, pool, kernels.gather(), initialRows);
        }
        try {
            buffers[p].appendRows(columns, ids, n);
        } catch (MemoryLimitExceededException e) {
            // Other partitions' rows are taking the room: write them out and try once more.
            for (int q = 0; q < fanout; q++) {
                flush(q);
            }
            buffers[p].appendRows(columns, ids, n);
        }
        if (buffers[p].rowCount() >= flushRows || buffers[p].usedBytes() >= flushBytes) {
            flush(p);
        }
    }

    private void flush(int p) throws IOException {
        if (buffers[p] == null || buffers[p].rowCount() == 0) {
            return;
        }
        if (writers[p] == null) {
            writers[p] = files.create(purpose + "-p" + p, schema, pool);
        }
        try (Batch batch = buffers[p].seal()) {
            writers[p].write(batch);
        }
    }

    /** Writes what is left and closes the files; element p is partition p's run, or null when it is empty. */
    SpillFiles.Run[] finish() throws IOException {
        SpillFiles.Run[] runs = new SpillFiles.Run[fanout];
        for (int p = 0; p < fanout; p++) {
            flush(p);
            if (buffers[p] != null) {
                buffers[p].close();
                buffers[p] = null;
            }
            if (writers[p] != null) {
                SpillFileWriter w = writers[p];
                writers[p] = null;
                runs[p] = files.finish(w);
            }
        }
        return runs;
    }

    /** Releases buffers and deletes unfinished files. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (int p = 0; p < fanout; p++) {
            if (buffers[p] != null) {
                buffers[p].close();
                buffers[p] = null;
            }
            if (writers[p] != null) {
                try {
                    writers[p].abort();
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
                writers[p] = null;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Murmur3's 64-bit finalizer. */
    static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        return x;
    }
}
