package io.basalt.runtime.operators.join;

import java.lang.foreign.MemorySegment;

import org.apache.arrow.memory.ArrowBuf;

import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;

/** A reusable off-heap scratch bitmap (gathered validity or boolean bits before they are realigned). Not thread-safe. */
final class BitScratch implements AutoCloseable {
    private final MemoryPool pool;
    private ArrowBuf buffer;

    BitScratch(MemoryPool pool) {
        this.pool = pool;
    }

    /** A segment of at least {@link ColumnBuffer#bitmapBytes} for {@code rows} bits; contents undefined. */
    MemorySegment bits(int rows) {
        long need = ColumnBuffer.bitmapBytes(rows);
        if (buffer == null || buffer.capacity() < need) {
            ArrowBuf grown = pool.allocate(Math.max(need, buffer == null ? 512 : buffer.capacity() * 2));
            close();
            buffer = grown;
        }
        return MemoryManager.segmentOf(buffer);
    }

    @Override
    public void close() {
        if (buffer != null) {
            buffer.close();
            buffer = null;
        }
    }
}
