package io.basalt.runtime.operators.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Buffered bytes of one {@link FileSplit} for line-oriented parsers: large positional reads into a
 * heap buffer that holds at least the current record. A split that does not start at offset 0
 * begins at the first line starting at or after its start offset (found by looking for a line
 * feed from {@code start - 1}); its owner parses records while {@link #recordStartsInSplit()}, so
 * every line of a file is read by exactly one split (the Hadoop rule). Used by one thread.
 */
final class SplitReader implements AutoCloseable {
    static final int INITIAL_BUFFER = 1 << 20;
    static final int MAX_RECORD_BYTES = 64 << 20;
    private static final int MIN_READ = 64 << 10;

    /** {@link #fill()} results. */
    static final int MORE = 0;
    static final int EOF = 1;
    static final int FULL = 2;

    final FileSplit split;
    private final FileChannel channel;
    byte[] buf;
    /** Next unconsumed byte. */
    int pos;
    /** End of the valid bytes. */
    int limit;
    /** True once the file has no bytes after {@code limit}. */
    boolean eof;
    /** File offset of {@code buf[0]}. */
    private long bufStart;
    private long syncOffset;
    private long prefixLines = -1;

    private SplitReader(FileSplit split, FileChannel channel, byte[] buffer) {
        this.split = split;
        this.channel = channel;
        this.buf = buffer;
    }

    /**
     * Opens a split and positions it at its first line.
     *
     * @param buffer the initial read buffer (reused across splits; {@link #buf} may be a grown copy)
     */
    static SplitReader open(FileSplit split, byte[] buffer) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(split.file(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(split.file().toString(), null, "input file disappeared before it was read");
        }
        SplitReader reader = new SplitReader(split, channel, buffer);
        try {
            reader.sync();
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    private void sync() throws IOException {
        if (split.start() == 0) {
            bufStart = 0;
            while (limit < 3 && fill() == MORE) {
                // a tiny buffer may need several reads to see a whole byte-order mark
            }
            if (limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
                pos = 3; // UTF-8 byte-order mark
            }
        } else {
            bufStart = split.start() - 1;
            skipLine();
        }
        syncOffset = filePosition(pos);
    }

    /** File offset of buffer index {@code index}. */
    long filePosition(int index) {
        return bufStart + index;
    }

    /** True when unconsumed bytes remain and the record at {@link #pos} begins before the split's end. */
    boolean recordStartsInSplit() throws IOException {
        if (pos == limit && fill() != MORE) {
            return false;
        }
        return filePosition(pos) < split.end();
    }

    /**
     * Moves the unconsumed bytes to the front (growing the buffer when they fill it) and reads more.
     *
     * @return {@link #MORE} when bytes were added, {@link #EOF} at the end of the file, or
     *         {@link #FULL} when the unconsumed bytes already take {@link #MAX_RECORD_BYTES}
     */
    int fill() throws IOException {
        if (eof) {
            return EOF;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            bufStart += pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_RECORD_BYTES) {
                return FULL;
            }
            buf = Arrays.copyOf(buf, Math.min(MAX_RECORD_BYTES, buf.length * 2));
        }
        // beyond the split's end only the rest of its last record is needed
        long toSplitEnd = split.end() - (bufStart + limit);
        ByteBuffer target = ByteBuffer.wrap(buf, limit, (int) Math.min(buf.length - limit, Math.max(MIN_READ, toSplitEnd)));
        int n;
        do {
            n = channel.read(target, bufStart + limit);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return EOF;
        }
        limit += n;
        return MORE;
    }

    /**
     * Consumes bytes up to and including the next line feed, reading as needed.
     *
     * @return false when the file ended without one (everything is consumed then)
     */
    boolean skipLine() throws IOException {
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    return true;
                }
            }
            pos = limit;
            if (fill() == EOF) {
                return false;
            }
        }
    }

    /** Number of line feeds in the file before this split's first line (read lazily, for error messages). */
    long linesBeforeSplit() throws IOException {
        if (prefixLines < 0) {
            long count = 0;
            ByteBuffer scratch = ByteBuffer.allocate(1 << 16);
            long at = 0;
            while (at < syncOffset) {
                scratch.clear().limit((int) Math.min(scratch.capacity(), syncOffset - at));
                int n = channel.read(scratch, at);
                if (n <= 0) {
                    break;
                }
                byte[] a = scratch.array();
                for (int i = 0; i < n; i++) {
                    if (a[i] == '\n') {
                        count++;
                    }
                }
                at += n;
            }
            prefixLines = count;
        }
        return prefixLines;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
