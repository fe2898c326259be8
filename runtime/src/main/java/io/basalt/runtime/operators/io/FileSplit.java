package io.basalt.runtime.operators.io;

import java.nio.file.Path;

/**
 * The byte range {@code [start, end)} of one file that one reader owns: the lines (records) that
 * <em>begin</em> inside it, whatever their length. Immutable.
 *
 * @param fileLength the file's length when the splits were planned
 */
public record FileSplit(Path file, long start, long end, long fileLength) {
    public FileSplit {
        if (start < 0 || end < start || end > fileLength) {
            throw new IllegalArgumentException("Invalid split [" + start + ", " + end + ") of " + file + " (" + fileLength + " bytes)");
        }
    }

    /** True when this split covers the whole file. */
    public boolean wholeFile() {
        return start == 0 && end == fileLength;
    }

    @Override
    public String toString() {
        return file + " [" + start + ", " + end + ")";
    }
}
