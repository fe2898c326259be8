package io.basalt.runtime.operators.io;

import java.nio.file.Path;

/**
 * Input text that a file source cannot turn into rows, with the file and the 1-based line where the
 * offending record starts (the message names the column and value where there is one).
 */
public final class CsvParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;

    public CsvParseException(Path file, long line, String message) {
        super(message);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number, or 0 when unknown. */
    public long line() {
        return line;
    }
}
