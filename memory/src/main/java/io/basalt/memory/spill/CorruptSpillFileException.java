package io.basalt.memory.spill;

import java.io.IOException;
import java.nio.file.Path;

/** A spill file is truncated, corrupted or not a Basalt spill file; the message names the file and the damage. */
public final class CorruptSpillFileException extends IOException {
    private final Path file;

    CorruptSpillFileException(Path file, String problem, Throwable cause) {
        super("Corrupt spill file " + file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
