package io.basalt.memory.spill;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryPool;

/**
 * Reads a spill file written by {@link SpillFileWriter}. Opening validates the magic numbers,
 * footer and metadata; each batch's checksum is verified before it is decoded, so damage is
 * reported as a {@link CorruptSpillFileException} naming the file and batch instead of producing
 * wrong rows. Batches are loaded into the given pool and owned by the caller. Not thread-safe.
 */
public final class SpillFileReader implements AutoCloseable {
    private static final int CHECKSUM_CHUNK = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final ArrowFileReader reader;
    private final BufferAllocator allocator;
    private final Schema schema;
    private final List<ArrowBlock> blocks;
    private final int[] checksums;
    private final long rows;
    private final ByteBuffer scratch;
    private int next;

    private SpillFileReader(Path file, MemoryPool pool) throws IOException {
        this.file = file;
        this.allocator = pool.arrowAllocator();
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "spill file does not exist");
        }
        ArrowFileReader opened = null;
        try {
            long size = channel.size();
            if (size < SpillFormat.MIN_FILE_SIZE) {
                throw corrupt("only " + size + " bytes long; truncated or empty", null);
            }
            if (!Arrays.equals(readAt(0, SpillFormat.MAGIC.length), SpillFormat.MAGIC)) {
                throw corrupt("does not start with the Arrow IPC file magic 'ARROW1'; not a spill file", null);
            }
            if (!Arrays.equals(readAt(size - SpillFormat.MAGIC.length, SpillFormat.MAGIC.length), SpillFormat.MAGIC)) {
                throw corrupt("does not end with the Arrow IPC file magic; it is truncated (the writer did not finish)", null);
            }
            opened = new ArrowFileReader(channel, allocator);
            List<ArrowBlock> recordBlocks;
            Map<String, String> metadata;
            org.apache.arrow.vector.types.pojo.Schema arrowSchema;
            try {
                recordBlocks = opened.getRecordBlocks();
                metadata = opened.getMetaData();
                arrowSchema = opened.getVectorSchemaRoot().getSchema();
            } catch (IOException | RuntimeException e) {
                throw corrupt("footer or schema cannot be decoded (" + e.getMessage() + ")", e);
            }
            this.reader = opened;
            this.blocks = recordBlocks;
            if (metadata == null || !SpillFormat.VERSION.equals(metadata.get(SpillFormat.VERSION_KEY))) {
                throw corrupt("footer has no " + SpillFormat.VERSION_KEY + "=" + SpillFormat.VERSION
                        + " (found " + (metadata == null ? null : metadata.get(SpillFormat.VERSION_KEY)) + "); not a Basalt spill file of this version", null);
            }
            this.checksums = parseChecksums(metadata.get(SpillFormat.CRC_KEY), recordBlocks.size());
            this.rows = parseRows(metadata.get(SpillFormat.ROWS_KEY));
            long footerStart = size - SpillFormat.MAGIC.length - 4;
            for (int i = 0; i < recordBlocks.size(); i++) {
                ArrowBlock b = recordBlocks.get(i);
                long end = b.getOffset() + b.getMetadataLength() + b.getBodyLength();
                if (b.getOffset() < SpillFormat.MAGIC.length || b.getMetadataLength() < 0 || b.getBodyLength() < 0 || end > footerStart) {
                    throw corrupt("batch " + i + " of " + recordBlocks.size() + " claims bytes [" + b.getOffset() + ", " + end
                            + ") outside the file's data region", null);
                }
            }
            try {
                this.schema = Schema.fromArrow(arrowSchema);
            } catch (IllegalArgumentException e) {
                throw corrupt("schema is not a Basalt schema: " + e.getMessage(), e);
            }
            this.scratch = ByteBuffer.allocateDirect(CHECKSUM_CHUNK);
        } catch (IOException | RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            channel.close();
            throw e;
        }
    }

    /**
     * Opens and validates a spill file; batches will be allocated from {@code pool}.
     *
     * @throws CorruptSpillFileException if the file is truncated, damaged or not a spill file
     */
    public static SpillFileReader open(Path file, MemoryPool pool) throws IOException {
        return new SpillFileReader(file, pool);
    }

    public Path file() {
        return file;
    }

    public Schema schema() {
        return schema;
    }

    public int batchCount() {
        return blocks.size();
    }

    /** Total rows recorded by the writer. */
    public long rowCount() {
        return rows;
    }

    /** The next batch in file order, or {@code null} after the last one. */
    public Batch next() throws IOException {
        return next < blocks.size() ? read(next++) : null;
    }

    /**
     * Reads batch {@code index} after verifying its checksum.
     *
     * @throws CorruptSpillFileException if its bytes do not match the checksum written with them
     */
    public Batch read(int index) throws IOException {
        ArrowBlock block = blocks.get(index);
        long length = block.getMetadataLength() + block.getBodyLength();
        int actual = checksum(block.getOffset(), length);
        if (actual != checksums[index]) {
            throw corrupt(String.format(Locale.ROOT, "batch %d of %d (bytes %d to %d) fails its checksum (stored %08x, computed %08x)",
                    index, blocks.size(), block.getOffset(), block.getOffset() + length, checksums[index], actual), null);
        }
        VectorSchemaRoot root;
        try {
            if (!reader.loadRecordBatch(block)) {
                throw corrupt("batch " + index + " could not be loaded", null);
            }
            root = reader.getVectorSchemaRoot();
        } catch (IOException | RuntimeException e) {
            if (e instanceof CorruptSpillFileException c) {
                throw c;
            }
            if (e instanceof io.basalt.memory.MemoryLimitExceededException limit) {
                throw limit;
            }
            throw corrupt("batch " + index + " cannot be decoded (" + e.getMessage() + ")", e);
        }
        // Move the loaded buffers out of the reader's root so the batch owns them.
        FieldVector[] vectors = new FieldVector[root.getFieldVectors().size()];
        for (int c = 0; c < vectors.length; c++) {
            var transfer = root.getVector(c).getTransferPair(allocator);
            transfer.transfer();
            vectors[c] = (FieldVector) transfer.getTo();
        }
        return BatchBuilder.adoptVectors(schema, vectors, root.getRowCount());
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            channel.close();
        }
    }

    private int checksum(long offset, long length) throws IOException {
        CRC32C crc = new CRC32C();
        long position = offset;
        long remaining = length;
        while (remaining > 0) {
            scratch.clear().limit((int) Math.min(scratch.capacity(), remaining));
            int n = channel.read(scratch, position);
            if (n < 0) {
                throw corrupt("ends inside a batch at byte " + position, null);
            }
            scratch.flip();
            crc.update(scratch);
            position += n;
            remaining -= n;
        }
        return (int) crc.getValue();
    }

    private byte[] readAt(long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw corrupt("ends unexpectedly at byte " + (position + buf.position()), null);
            }
        }
        return buf.array();
    }

    private int[] parseChecksums(String text, int expected) throws CorruptSpillFileException {
        if (text == null) {
            throw corrupt("footer metadata has no " + SpillFormat.CRC_KEY, null);
        }
        String[] parts = text.isEmpty() ? new String[0] : text.split(",");
        if (parts.length != expected) {
            throw corrupt("footer lists " + parts.length + " checksums for " + expected + " batches", null);
        }
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseUnsignedInt(parts[i], 16);
            } catch (NumberFormatException e) {
                throw corrupt("checksum " + i + " '" + parts[i] + "' is not hexadecimal", e);
            }
        }
        return out;
    }

    private long parseRows(String text) throws CorruptSpillFileException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw corrupt("footer row count '" + text + "' is not a number", e);
        }
    }

    private CorruptSpillFileException corrupt(String problem, Throwable cause) {
        return new CorruptSpillFileException(file, problem, cause);
    }
}
