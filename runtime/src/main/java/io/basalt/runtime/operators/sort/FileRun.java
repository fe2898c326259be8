package io.basalt.runtime.operators.sort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.basalt.data.Batch;
import io.basalt.memory.MemoryPool;
import io.basalt.memory.spill.SpillFileReader;

/**
 * A sorted run spilled to a file, read back one batch at a time into the pool. The file is opened
 * on the first {@link #next()} (so a merge opens its files only when it starts) and deleted on
 * {@link #close()}: the run owns it.
 */
final class FileRun implements SortedStream {
    private final Path file;
    private final MemoryPool pool;
    private SpillFileReader reader;
    private boolean done;

    FileRun(Path file, MemoryPool pool) {
        this.file = file;
        this.pool = pool;
    }

    @Override
    public Batch next() throws IOException {
        if (done) {
            return null;
        }
        if (reader == null) {
            reader = SpillFileReader.open(file, pool);
        }
        Batch b;
        while ((b = reader.next()) != null) {
            if (b.rowCount() > 0) {
                return b;
            }
            b.close();
        }
        close();
        return null;
    }

    @Override
    public void close() throws IOException {
        done = true;
        try {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
