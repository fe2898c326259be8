package io.basalt.memory;

/** Thrown when a pool is closed while buffers or child pools allocated from it are still live. */
public final class MemoryLeakException extends IllegalStateException {
    private final String poolPath;
    private final long leakedBytes;

    MemoryLeakException(String poolPath, long leakedBytes, String details, Throwable cause) {
        super("Memory leak: pool '" + poolPath + "' was closed with " + ByteSize.format(leakedBytes)
                + " still allocated. Close every Batch and child pool before closing the pool.\n" + details, cause);
        this.poolPath = poolPath;
        this.leakedBytes = leakedBytes;
    }

    public String poolPath() {
        return poolPath;
    }

    public long leakedBytes() {
        return leakedBytes;
    }
}
