package io.basalt.vectorops;

import java.lang.foreign.MemorySegment;

import org.apache.arrow.memory.ArrowBuf;

import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;

/**
 * One growable off-heap buffer of the hash tables and accumulators, allocated from (and accounted
 * to) a {@link MemoryPool}. Growing allocates the new buffer before touching the old one, so a
 * {@link io.basalt.memory.MemoryLimitExceededException} leaves the contents and capacity as they
 * were. Not thread-safe; owned by one table.
 */
final class OffHeapBuffer implements AutoCloseable {
    /** Smallest allocation: a zero-byte ArrowBuf has no segment. */
    private static final long MIN_BYTES = 64;

    private final MemoryPool pool;
    private ArrowBuf buffer;
    private MemorySegment segment;

    OffHeapBuffer(MemoryPool pool, long bytes, boolean zeroed) {
        this.pool = pool;
        this.buffer = pool.allocate(Math.max(MIN_BYTES, bytes));
        this.segment = MemoryManager.segmentOf(buffer);
        if (zeroed) {
            segment.fill((byte) 0);
        }
    }

    MemorySegment segment() {
        return segment;
    }

    long capacity() {
        return segment.byteSize();
    }

    /**
     * Grows to at least {@code minBytes} (at least doubling), keeping the first {@code keepBytes}
     * bytes; new bytes are zeroed when {@code zeroed}. Does nothing when already large enough.
     */
    void ensureCapacity(long minBytes, long keepBytes, boolean zeroed) {
        long capacity = capacity();
        if (minBytes <= capacity) {
            return;
        }
        long bytes = Math.max(minBytes, capacity * 2);
        ArrowBuf grown = pool.allocate(bytes);
        MemorySegment grownSegment = MemoryManager.segmentOf(grown);
        long kept = Math.min(keepBytes, capacity);
        MemorySegment.copy(segment, 0, grownSegment, 0, kept);
        if (zeroed) {
            grownSegment.asSlice(kept).fill((byte) 0);
        }
        buffer.close();
        buffer = grown;
        segment = grownSegment;
    }

    @Override
    public void close() {
        if (buffer != null) {
            buffer.close();
            buffer = null;
            segment = null;
        }
    }

    /** Closes every non-null buffer, even if one close fails. */
    static void closeAll(OffHeapBuffer... buffers) {
        RuntimeException failure = null;
        for (OffHeapBuffer b : buffers) {
            if (b == null) {
                continue;
            }
            try {
                b.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
