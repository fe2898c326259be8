package io.basalt.runtime.operators.join;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.basalt.data.Batch;
import io.basalt.data.Selection;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryPool;
import io.basalt.memory.spill.SpillFileReader;
import io.basalt.memory.spill.SpillFileWriter;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.vectorops.Gather;

/**
 * The spill files of one operator instance: named by the context, deleted as soon as they are
 * consumed and, at the latest, when the operator closes (also after a failure). Not thread-safe.
 */
final class SpillFiles implements AutoCloseable {
    /** A finished spill file and what it holds. */
    record Run(Path file, long rows, long bytes) {}

    /** Receives the batches of a run. */
    @FunctionalInterface
    interface BatchConsumer {
        void accept(Batch batch) throws Exception;
    }

    private final OperatorContext context;
    private final Set<Path> live = new LinkedHashSet<>();

    SpillFiles(OperatorContext context) {
        this.context = context;
    }

    /** A new spill file for {@code schema}; abort or finish it with {@link #finish}. */
    SpillFileWriter create(String purpose, Schema schema, MemoryPool pool) throws IOException {
        Path file = context.newSpillFile(purpose);
        live.add(file);
        return SpillFileWriter.create(file, schema, pool);
    }

    /**
     * Writes {@code batch} in slices of at most about {@code maxBytes}, so that reading it back
     * never needs more memory than that (input batches can be large next to a small pool). Views
     * are copied with the gather kernels first (the writer needs whole buffers).
     */
    void write(SpillFileWriter writer, Batch batch, long maxBytes) throws IOException {
        int rows = batch.rowCount();
        long bytes = Joins.estimateBytes(batch);
        int step = bytes <= maxBytes ? rows : (int) Math.max(1, rows * maxBytes / bytes);
        for (int from = 0; from < rows; from += step) {
            int n = Math.min(step, rows - from);
            boolean whole = n == rows && batch.offset() == 0
                    && (batch.columnCount() == 0 || batch.arrowVector(0).getValueCount() == rows);
            if (whole) {
                writer.write(batch);
            } else {
                try (Batch copy = Gather.compact(batch, Selection.range(from, from + n), context.pool(), context.kernels().gather())) {
                    writer.write(copy);
                }
            }
        }
    }

    /** Closes a writer and records the spill in the operator's metrics. */
    Run finish(SpillFileWriter writer) throws IOException {
        writer.close();
        Run run = new Run(writer.file(), writer.rowCount(), writer.bytesWritten());
        context.metrics().addSpill(run.bytes(), run.rows());
        return run;
    }

    /** Reads every batch of {@code run} in order (each closed after {@code consumer} returns). */
    void read(Run run, MemoryPool pool, BatchConsumer consumer) throws Exception {
        try (SpillFileReader reader = SpillFileReader.open(run.file(), pool)) {
            for (Batch next = reader.next(); next != null; next = reader.next()) {
                try (Batch batch = next) {
                    context.checkCancelled();
                    consumer.accept(batch);
                }
            }
        }
    }

    void delete(Run run) throws IOException {
        if (run != null) {
            live.remove(run.file());
            Files.deleteIfExists(run.file());
        }
    }

    /** Deletes every file not deleted yet. */
    @Override
    public void close() {
        List<IOException> failures = new ArrayList<>();
        for (Path file : live) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                failures.add(e);
            }
        }
        live.clear();
        if (!failures.isEmpty()) {
            UncheckedIOException e = new UncheckedIOException("Could not delete " + failures.size() + " spill file(s)", failures.getFirst());
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }
}
