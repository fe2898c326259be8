package io.basalt.runtime.operators.sort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.data.Selection;
import io.basalt.memory.MemoryLimitExceededException;
import io.basalt.memory.MemoryPool;
import io.basalt.memory.spill.SpillFileWriter;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.Gather;
import io.basalt.vectorops.Kernels;
import io.basalt.vectorops.KeyLayout;
import io.basalt.vectorops.NormalizedKeys;
import io.basalt.vectorops.SortOrder;
import io.basalt.vectorops.SortScratch;

/**
 * Sorts the rows of one input stably with bounded memory. Each input batch is sorted on arrival
 * (radix sort of one numeric key, else of normalized keys) and gathered in sorted order into the
 * operator's pool, becoming an in-memory run; batches much smaller than a chunk are first
 * collected and concatenated. Before the runs would outgrow this sorter's share of the pool (or
 * when an allocation hits the pool's limit) they are merged into a spill file, in chunks. At the
 * end the runs are merged (spill files in at most {@link #fanIn()}-way passes) into one
 * {@link SortedStream}. With a row limit (top-N) every run keeps only its first N rows, and small
 * top-N buffers are merged in memory instead of spilled. Without key columns the rows keep arrival
 * order (the buffering and spilling still apply). Used by one operator thread.
 */
final class ExternalSorter implements AutoCloseable {
    private final OperatorContext context;
    private final MemoryPool pool;
    private final Kernels kernels;
    private final Schema schema;
    private final int[] keyColumns;
    private final List<SortOrder> orders;
    private final KeyLayout layout;
    private final boolean radixKey;
    private final long limit;
    private final long budget;
    private final String purpose;
    private final List<Batch> runs = new ArrayList<>();
    private final List<Batch> pending = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final SortScratch scratch = new SortScratch();
    private NormalizedKeys sortKeys;
    private int[] perm = new int[0];
    private int pendingRows;
    private long runBytes;
    private long runRows;
    private long bytesSeen;
    private long rowsSeen;
    private final double schemaRowBytes;
    private boolean finished;

    /**
     * @param share  the fraction of the pool this sorter may fill (operators with two sorters give each half)
     * @param limit  keep only the first {@code limit} rows of the sorted order; negative for all
     */
    ExternalSorter(OperatorContext context, Schema schema, int[] keyColumns, List<SortOrder> orders, long limit, double share, String purpose) {
        if (keyColumns.length != orders.size()) {
            throw new IllegalArgumentException(keyColumns.length + " sort key columns but " + orders.size() + " sort orders");
        }
        this.context = context;
        this.pool = context.pool();
        this.kernels = context.kernels();
        this.schema = schema;
        this.keyColumns = keyColumns.clone();
        this.orders = List.copyOf(orders);
        List<DataType> types = new ArrayList<>();
        for (int c : keyColumns) {
            if (c < 0 || c >= schema.size()) {
                throw new IllegalArgumentException("Sort key column index " + c + " is outside the input schema " + schema);
            }
            types.add(schema.field(c).type());
        }
        this.layout = types.isEmpty() ? null : new KeyLayout(types, this.orders);
        this.radixKey = types.size() == 1 && types.getFirst().fixedWidth() > 0;
        this.limit = limit < 0 ? Long.MAX_VALUE : limit;
        long capacity = Math.min(pool.limit(), pool.used() + pool.available());
        this.budget = Math.max(1, (long) (capacity * share));
        this.purpose = purpose;
        double bytes = 0;
        for (Field f : schema.fields()) {
            bytes += 0.125 + (f.type().kind() == DataType.Kind.UTF8 ? 20 : Math.max(0.125, f.type().fixedWidth()));
        }
        this.schemaRowBytes = Math.max(1, bytes);
    }

    Schema schema() {
        return schema;
    }

    KeyLayout layout() {
        return layout;
    }

    /** Rows per merged chunk and spill batch: a batch of the config, less when the budget is small. */
    int chunkRows() {
        double perChunk = budget / 16.0 / rowBytes();
        return (int) Math.max(16, Math.min(context.batchRows(), perChunk));
    }

    /**
     * How many spilled runs one merge reads at once: their current batches must fit a quarter of
     * the budget, leaving room for the output chunk, the batches a chunk moves on from and the
     * consumer of the merged stream.
     */
    int fanIn() {
        long perRun = Math.max(1, estimateBytes(chunkRows()));
        return (int) Math.max(2, Math.min(64, budget / 4 / perRun));
    }

    private double rowBytes() {
        return rowsSeen == 0 ? schemaRowBytes : Math.max(1, (double) bytesSeen / rowsSeen);
    }

    /** Buffers a batch (borrowed); may spill. */
    void add(Batch batch) throws IOException {
        if (finished) {
            throw new IllegalStateException("The sorter already finished");
        }
        int n = batch.rowCount();
        if (n == 0 || limit == 0) {
            return;
        }
        if (n < chunkRows() / 2) {
            pending.add(batch.retain());
            pendingRows += n;
            if (pendingRows >= chunkRows()) {
                flushPending();
            }
            return;
        }
        flushPending();
        addRun(batch);
    }

    /** Concatenates the collected small batches into one run (keeping arrival order among runs). */
    private void flushPending() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        try {
            if (pending.size() == 1) {
                addRun(pending.getFirst());
            } else {
                ColumnRef[][] sources = new ColumnRef[pending.size()][];
                int[] slots = new int[pendingRows];
                int[] rows = new int[pendingRows];
                int i = 0;
                for (int s = 0; s < sources.length; s++) {
                    Batch b = pending.get(s);
                    sources[s] = MultiGather.refs(b);
                    for (int r = 0; r < b.rowCount(); r++, i++) {
                        slots[i] = s;
                        rows[i] = r;
                    }
                }
                makeRoom(2 * estimateBytes(pendingRows));
                try (Batch concatenated = withSpillOnLimit(() -> MultiGather.gather(schema, sources, slots, rows, pendingRows, pool))) {
                    addRun(concatenated);
                }
            }
        } finally {
            pending.forEach(Batch::close);
            pending.clear();
            pendingRows = 0;
        }
    }

    private void addRun(Batch input) throws IOException {
        int n = input.rowCount();
        makeRoom(estimateBytes(n));
        Batch run;
        try {
            run = sortCopy(input);
        } catch (MemoryLimitExceededException e) {
            if (!runs.isEmpty()) {
                spill();
                run = sortCopy(input);
            } else if (n > 1) {
                // Not even this batch fits next to what the pool holds: sort it in halves.
                try (Batch head = input.slice(0, n / 2); Batch tail = input.slice(n / 2, n - n / 2)) {
                    addRun(head);
                    addRun(tail);
                }
                return;
            } else {
                throw e;
            }
        }
        runs.add(run);
        long bytes = bytesOf(run);
        runBytes += bytes;
        runRows += run.rowCount();
        bytesSeen += bytes;
        rowsSeen += run.rowCount();
        if (limit != Long.MAX_VALUE && runs.size() > 1 && runRows > 2 * limit + chunkRows() && limit * rowBytes() <= budget / 4) {
            compactTopN();
        }
    }

    /** A sorted copy of {@code input} (its first {@code limit} rows when there is a limit) in the pool. */
    private Batch sortCopy(Batch input) {
        int n = input.rowCount();
        int take = (int) Math.min(n, limit);
        if (layout == null) {
            return Gather.compact(input, Selection.range(0, take), pool, kernels.gather());
        }
        if (perm.length < n) {
            perm = new int[Math.max(n, perm.length * 2)];
        }
        ColumnRef[] refs = new ColumnRef[keyColumns.length];
        for (int i = 0; i < refs.length; i++) {
            refs[i] = ColumnRef.of(input, keyColumns[i]);
        }
        if (radixKey) {
            kernels.sort().sortColumn(refs[0], orders.getFirst(), perm, scratch);
        } else {
            if (sortKeys == null || sortKeys.capacity() < n) {
                sortKeys = new NormalizedKeys(layout, Math.max(n, sortKeys == null ? 0 : sortKeys.capacity() * 2));
            }
            kernels.sort().sort(refs, sortKeys, perm, scratch);
        }
        return Gather.compact(input, perm, take, pool, kernels.gather());
    }

    /** Spills first when {@code bytes} more would leave less than the merge's working space. */
    private void makeRoom(long bytes) throws IOException {
        if (runs.isEmpty()) {
            return;
        }
        long reserve = 2 * estimateBytes(chunkRows());
        if (runBytes + bytes + reserve > budget || pool.available() < bytes + reserve) {
            spill();
        }
    }

    private interface Allocation {
        Batch get();
    }

    private Batch withSpillOnLimit(Allocation allocation) throws IOException {
        try {
            return allocation.get();
        } catch (MemoryLimitExceededException e) {
            if (runs.isEmpty()) {
                throw e;
            }
            spill();
            return allocation.get();
        }
    }

    /** Top-N: merges the in-memory runs into new ones holding only the first N rows. */
    private void compactTopN() throws IOException {
        List<Batch> merged = new ArrayList<>();
        try (SortedStream stream = takeRunsAsStream(limit)) {
            Batch b;
            while ((b = stream.next()) != null) {
                merged.add(b);
            }
        } catch (IOException | RuntimeException e) {
            merged.forEach(Batch::close);
            throw e;
        }
        for (Batch b : merged) {
            runs.add(b);
            runBytes += bytesOf(b);
            runRows += b.rowCount();
        }
    }

    /**
     * Writes the in-memory runs, merged, to a new spill file. Collected small batches stay where
     * they are (retained from upstream, bounded by a chunk): concatenating them would need memory
     * exactly when there is none.
     */
    void spill() throws IOException {
        if (runs.isEmpty()) {
            return;
        }
        Path file = context.newSpillFile(purpose);
        try (SortedStream stream = takeRunsAsStream(limit)) {
            write(file, stream);
        }
        files.add(file);
    }

    /** Hands the in-memory runs (in arrival order) to a merged stream, which owns them from now on. */
    private SortedStream takeRunsAsStream(long rowLimit) {
        List<MemoryRun> taken = new ArrayList<>(runs.size());
        for (Batch b : runs) {
            taken.add(new MemoryRun(b, chunkRows()));
        }
        runs.clear();
        runBytes = 0;
        runRows = 0;
        return new MergedStream(taken, schema, keyColumns, layout, kernels.sort(), pool, chunkRows(), rowLimit);
    }

    private void write(Path file, SortedStream stream) throws IOException {
        SpillFileWriter writer = SpillFileWriter.create(file, schema, pool);
        try {
            for (Batch b = stream.next(); b != null; b = stream.next()) {
                try (Batch written = b) {
                    writer.write(written);
                }
                context.checkCancelled();
            }
            writer.close();
        } catch (IOException | RuntimeException e) {
            try {
                writer.abort();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        context.metrics().addSpill(writer.bytesWritten(), writer.rowCount());
    }

    /**
     * Ends the input and returns all rows in sorted order (at most the limit); the stream owns
     * everything the sorter held, the sorter itself is empty afterwards.
     */
    SortedStream finish() throws IOException {
        if (finished) {
            throw new IllegalStateException("The sorter already finished");
        }
        flushPending();
        finished = true;
        if (files.isEmpty()) {
            return takeRunsAsStream(limit);
        }
        if (runBytes > budget / 16) {
            spill();
        }
        // The final merge reads one batch per file from a quarter of the budget; the runs kept in memory fit a sixteenth.
        reduceFiles(fanIn());
        List<SortedStream> all = new ArrayList<>(files.size() + runs.size());
        for (Path p : files) {
            all.add(new FileRun(p, pool));
        }
        files.clear();
        for (Batch b : runs) {
            all.add(new MemoryRun(b, chunkRows()));
        }
        runs.clear();
        runBytes = 0;
        runRows = 0;
        return new MergedStream(all, schema, keyColumns, layout, kernels.sort(), pool, chunkRows(), limit);
    }

    /**
     * Merges adjacent spill files until at most {@code fanIn} remain, rewriting as little as
     * possible; a merged file takes the place of its pieces, which keeps ties in arrival order.
     */
    private void reduceFiles(int fanIn) throws IOException {
        int at = 0;
        while (files.size() > fanIn) {
            int size = Math.min(fanIn, files.size() - fanIn + 1);
            if (at + size > files.size()) {
                at = 0;
            }
            List<Path> group = new ArrayList<>(files.subList(at, at + size));
            files.subList(at, at + size).clear();
            List<FileRun> fileRuns = new ArrayList<>(size);
            for (Path p : group) {
                fileRuns.add(new FileRun(p, pool));
            }
            Path merged = context.newSpillFile(purpose);
            try (SortedStream stream = new MergedStream(fileRuns, schema, keyColumns, layout, kernels.sort(), pool, chunkRows(), limit)) {
                write(merged, stream);
            }
            files.add(at++, merged);
            context.checkCancelled();
        }
    }

    /** Spill files written and not yet handed to a stream. */
    int spillFiles() {
        return files.size();
    }

    private long estimateBytes(long rows) {
        return (long) Math.ceil(rows * rowBytes());
    }

    /** Bytes of the column buffers behind a compacted batch. */
    static long bytesOf(Batch batch) {
        long bytes = 0;
        for (int c = 0; c < batch.columnCount(); c++) {
            bytes += batch.arrowVector(c).getBufferSize();
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        finished = true;
        pending.forEach(Batch::close);
        pending.clear();
        runs.forEach(Batch::close);
        runs.clear();
        IOException failure = null;
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        files.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
