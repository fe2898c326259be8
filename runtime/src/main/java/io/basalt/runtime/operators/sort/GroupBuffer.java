package io.basalt.runtime.operators.sort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.basalt.data.Batch;
import io.basalt.data.Schema;
import io.basalt.memory.spill.SpillFileReader;
import io.basalt.memory.spill.SpillFileWriter;
import io.basalt.runtime.operators.OperatorContext;

/**
 * The rows of one key group of a join side, buffered so that they can be read once per batch of
 * the other side's matching rows: as retained slices while they take at most {@code maxBytes},
 * beyond that in a spill file that every pass reads again. Used by one thread; {@link #clear()}
 * starts the next group.
 */
final class GroupBuffer implements AutoCloseable {
    /** Visits one buffered batch (borrowed). */
    interface Visitor {
        void visit(Batch batch) throws Exception;
    }

    private final OperatorContext context;
    private final Schema schema;
    private final long maxBytes;
    private final List<Batch> slices = new ArrayList<>();
    private long bytes;
    private Path file;
    private SpillFileWriter writer;

    GroupBuffer(OperatorContext context, Schema schema, long maxBytes) {
        this.context = context;
        this.schema = schema;
        this.maxBytes = maxBytes;
    }

    /** Buffers rows {@code [from, to)} of {@code batch} (borrowed). */
    void add(Batch batch, int from, int to) throws IOException {
        try (Batch slice = batch.slice(from, to - from)) {
            if (writer != null) {
                writer.write(slice);
                return;
            }
            slices.add(slice.retain());
            bytes += ExternalSorter.bytesOf(batch) * (to - from) / Math.max(1, batch.rowCount());
        }
        if (bytes > maxBytes) {
            file = context.newSpillFile("join-group");
            writer = SpillFileWriter.create(file, schema, context.pool());
            for (Batch b : slices) {
                writer.write(b);
            }
            releaseSlices();
        }
    }

    /** Visits the buffered rows in order, batch by batch; may be called any number of times. */
    void forEach(Visitor visitor) throws Exception {
        if (file == null) {
            for (Batch b : slices) {
                visitor.visit(b);
            }
            return;
        }
        if (writer != null) {
            writer.close();
            context.metrics().addSpill(writer.bytesWritten(), writer.rowCount());
            writer = null;
        }
        try (SpillFileReader reader = SpillFileReader.open(file, context.pool())) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                try (Batch read = b) {
                    visitor.visit(read);
                }
                context.checkCancelled();
            }
        }
    }

    /** Drops the buffered rows (and the spill file). */
    void clear() throws IOException {
        releaseSlices();
        try {
            if (writer != null) {
                writer.abort();
                writer = null;
            }
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
                file = null;
            }
        }
    }

    private void releaseSlices() {
        slices.forEach(Batch::close);
        slices.clear();
        bytes = 0;
    }

    @Override
    public void close() throws IOException {
        clear();
    }
}
