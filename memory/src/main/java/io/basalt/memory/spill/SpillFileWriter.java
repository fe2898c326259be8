package io.basalt.memory.spill;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

import io.basalt.data.Batch;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryPool;

/**
 * Writes batches of one schema to a spill file (see {@link SpillFormat}). Batches are written
 * straight from their foreign memory; slices are compacted first. The file is complete only after
 * {@link #close()}; {@link #abort()} deletes it. Not thread-safe.
 */
public final class SpillFileWriter implements AutoCloseable {
    private final Path file;
    private final Schema schema;
    private final MemoryPool pool;
    private final ChecksummingChannel channel;
    private final VectorSchemaRoot emptyRoot;
    private final BlockWriter writer;
    private final Map<String, String> footerMetadata = new HashMap<>();
    private final List<String> checksums = new ArrayList<>();
    private long rows;
    private boolean closed;

    private SpillFileWriter(Path file, Schema schema, MemoryPool pool) throws IOException {
        this.file = file;
        this.schema = schema;
        this.pool = pool;
        this.channel = new ChecksummingChannel(FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
        // The writer needs a root for the schema; its vectors are never allocated.
        this.emptyRoot = VectorSchemaRoot.create(schema.toArrow(), pool.arrowAllocator());
        this.writer = new BlockWriter(emptyRoot, channel, footerMetadata);
        try {
            writer.start();
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** Creates (or truncates) {@code file}; {@code pool} is charged for compacting sliced batches. */
    public static SpillFileWriter create(Path file, Schema schema, MemoryPool pool) throws IOException {
        return new SpillFileWriter(file, schema, pool);
    }

    public Path file() {
        return file;
    }

    /** Appends a batch; the caller keeps ownership of it. */
    public void write(Batch batch) throws IOException {
        if (closed) {
            throw new IllegalStateException("Spill file " + file + " is already closed");
        }
        if (!batch.schema().equals(schema)) {
            throw new IllegalArgumentException("Batch schema " + batch.schema() + " does not match spill file " + file
                    + " schema " + schema);
        }
        boolean whole = batch.offset() == 0
                && (batch.columnCount() == 0 || batch.arrowVector(0).getValueCount() == batch.rowCount());
        Batch toWrite = whole ? batch : batch.compact(pool);
        try {
            List<FieldVector> vectors = new ArrayList<>(toWrite.columnCount());
            for (int c = 0; c < toWrite.columnCount(); c++) {
                vectors.add(toWrite.arrowVector(c));
            }
            // A view over the batch's vectors; not closed, because the batch owns them.
            VectorSchemaRoot view = new VectorSchemaRoot(emptyRoot.getSchema().getFields(), vectors, toWrite.rowCount());
            try (ArrowRecordBatch recordBatch = new VectorUnloader(view).getRecordBatch()) {
                long start = channel.position();
                channel.resetChecksum();
                ArrowBlock block = writer.writeBlock(recordBatch);
                long end = block.getOffset() + block.getMetadataLength() + block.getBodyLength();
                if (block.getOffset() != start || end != channel.position()) {
                    throw new IllegalStateException("Arrow wrote record batch bytes [" + start + ", " + channel.position()
                            + ") but recorded block [" + block.getOffset() + ", " + end + ")");
                }
                checksums.add(String.format(Locale.ROOT, "%08x", channel.checksum()));
            }
            rows += toWrite.rowCount();
        } finally {
            if (toWrite != batch) {
                toWrite.close();
            }
        }
    }

    public int batchCount() {
        return checksums.size();
    }

    public long rowCount() {
        return rows;
    }

    /** Bytes written so far (the footer adds a few hundred more on close). */
    public long bytesWritten() {
        return channel.position();
    }

    /** Writes the footer and closes the file, making it readable. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        footerMetadata.put(SpillFormat.VERSION_KEY, SpillFormat.VERSION);
        footerMetadata.put(SpillFormat.ROWS_KEY, Long.toString(rows));
        footerMetadata.put(SpillFormat.CRC_KEY, String.join(",", checksums));
        try {
            // No fsync: a spill file only has to outlive its task, not a machine crash.
            writer.end();
        } finally {
            writer.close();
            emptyRoot.close();
            channel.close();
        }
    }

    /** Closes without finishing and deletes the file. */
    public void abort() throws IOException {
        closed = true;
        try {
            emptyRoot.close();
            channel.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Exposes Arrow's block writer so batches go out without first being copied into a root. */
    private static final class BlockWriter extends ArrowFileWriter {
        BlockWriter(VectorSchemaRoot root, WritableByteChannel out, Map<String, String> metadata) {
            super(root, null, out, metadata);
        }

        ArrowBlock writeBlock(ArrowRecordBatch batch) throws IOException {
            return writeRecordBatch(batch);
        }
    }

    /** Counts bytes and checksums them since the last reset. */
    private static final class ChecksummingChannel implements WritableByteChannel {
        private final FileChannel delegate;
        private final CRC32C crc = new CRC32C();
        private long position;

        ChecksummingChannel(FileChannel delegate) {
            this.delegate = delegate;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            ByteBuffer forCrc = src.duplicate();
            int n = delegate.write(src);
            forCrc.limit(forCrc.position() + n);
            crc.update(forCrc);
            position += n;
            return n;
        }

        long position() {
            return position;
        }

        void resetChecksum() {
            crc.reset();
        }

        int checksum() {
            return (int) crc.getValue();
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
