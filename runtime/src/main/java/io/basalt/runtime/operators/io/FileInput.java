package io.basalt.runtime.operators.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The input of a file source: files and directories, and how they are cut into {@link FileSplit}s
 * for parallel readers. A directory stands for its regular files (not recursively, skipping hidden
 * names starting with {@code .} or {@code _}, such as a sink's in-progress files), sorted by name.
 * Immutable; every subtask plans the same splits independently.
 *
 * <p>Splitting: the target split size is {@code ceil(totalBytes / parallelism)} clamped to
 * {@code [minSplitBytes, maxSplitBytes]}; each file is cut into equal ranges of at most that size
 * (or kept whole when {@code splitFiles} is false), and split {@code j} of the list goes to subtask
 * {@code j % parallelism}.
 */
public record FileInput(List<Path> paths, long minSplitBytes, long maxSplitBytes, boolean splitFiles) {
    public static final long DEFAULT_MIN_SPLIT_BYTES = 1L << 20;
    public static final long DEFAULT_MAX_SPLIT_BYTES = 128L << 20;

    public FileInput {
        paths = List.copyOf(paths);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("A file input needs at least one path");
        }
        if (minSplitBytes < 1 || maxSplitBytes < minSplitBytes) {
            throw new IllegalArgumentException("Split sizes must satisfy 1 <= min <= max, got min " + minSplitBytes + ", max " + maxSplitBytes);
        }
    }

    /** A file or a directory, with default split sizes. */
    public static FileInput of(Path path) {
        return of(List.of(path));
    }

    public static FileInput of(List<Path> paths) {
        return new FileInput(paths, DEFAULT_MIN_SPLIT_BYTES, DEFAULT_MAX_SPLIT_BYTES, true);
    }

    public FileInput withSplitBytes(long min, long max) {
        return new FileInput(paths, min, max, splitFiles);
    }

    /**
     * Whether files may be cut into several splits. Turn it off for CSV files whose quoted fields
     * contain line breaks: a reader can only find line starts inside a file by looking for line
     * breaks, so such a field across a split boundary is reported as an error.
     */
    public FileInput withSplitFiles(boolean value) {
        return new FileInput(paths, minSplitBytes, maxSplitBytes, value);
    }

    /** The input files in reading order. */
    public List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> entries = Files.list(p)) {
                    entries.filter(f -> Files.isRegularFile(f) && !hidden(f)).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("Input " + p + " is neither a regular file nor a directory");
            } else {
                throw new NoSuchFileException(p.toString(), null, "input file or directory does not exist");
            }
        }
        return files;
    }

    /** All splits of all files, in order. */
    public List<FileSplit> splits(int parallelism) throws IOException {
        List<Path> files = files();
        long[] sizes = new long[files.size()];
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = Files.size(files.get(i));
            total += sizes[i];
        }
        long target = Math.min(maxSplitBytes, Math.max(minSplitBytes, ceilDiv(total, parallelism)));
        List<FileSplit> splits = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            long size = sizes[i];
            if (size == 0) {
                continue;
            }
            long n = splitFiles ? ceilDiv(size, target) : 1;
            long step = ceilDiv(size, n);
            for (long start = 0; start < size; start += step) {
                splits.add(new FileSplit(files.get(i), start, Math.min(size, start + step), size));
            }
        }
        return splits;
    }

    /** The splits subtask {@code subtask} of {@code parallelism} reads. */
    public List<FileSplit> splitsFor(int subtask, int parallelism) throws IOException {
        List<FileSplit> all = splits(parallelism);
        List<FileSplit> mine = new ArrayList<>();
        for (int j = subtask; j < all.size(); j += parallelism) {
            mine.add(all.get(j));
        }
        return mine;
    }

    @Override
    public String toString() {
        return paths.size() == 1 ? paths.getFirst().toString() : paths.toString();
    }

    private static boolean hidden(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") || name.startsWith("_");
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
