package io.basalt.runtime.operators.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One sink subtask's output file, written through a large buffer into a hidden temporary file next
 * to it ({@code .<name>.<random>.inprogress}, which file sources skip) and renamed into place by
 * {@link #commit()}; {@link #close()} without a commit deletes the temporary file, so a failed job
 * leaves no partial file behind. Used by one thread; {@link #create} is safe to call concurrently
 * for the subtasks of one sink.
 *
 * <p>Layout (Flink's convention): with parallelism 1 the target is the file itself; with more,
 * the target is a directory and subtask {@code i} writes {@code part-<i+1>}.
 */
final class FileOutput implements AutoCloseable {
    private static final Object PREPARE_LOCK = new Object();
    private static final Pattern PART = Pattern.compile("part-(\\d+)");

    private final Path file;
    private final Path temp;
    private final WriteMode mode;
    private final FileChannel channel;
    private final byte[] buf = new byte[1 << 20];
    private int length;
    private boolean committed;
    private boolean closed;

    private FileOutput(Path file, Path temp, WriteMode mode, FileChannel channel) {
        this.file = file;
        this.temp = temp;
        this.mode = mode;
        this.channel = channel;
    }

    /** The file subtask {@code subtask} of {@code parallelism} writes for {@code target}. */
    static Path outputFile(Path target, int subtask, int parallelism) {
        return parallelism == 1 ? target : target.resolve("part-" + (subtask + 1));
    }

    /** Prepares the target (checking the write mode) and opens the temporary file. */
    static FileOutput create(Path target, WriteMode mode, int subtask, int parallelism) throws IOException {
        Path file = outputFile(target, subtask, parallelism);
        synchronized (PREPARE_LOCK) {
            if (parallelism == 1) {
                if (mode == WriteMode.NO_OVERWRITE && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw exists(target);
                }
                Path parent = target.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } else {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target)) {
                    if (mode == WriteMode.NO_OVERWRITE) {
                        throw exists(target);
                    }
                    Files.delete(target);
                }
                Files.createDirectories(target);
                if (mode == WriteMode.NO_OVERWRITE && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw exists(file);
                }
                if (mode == WriteMode.OVERWRITE && subtask == 0) {
                    deleteStaleParts(target, parallelism);
                }
            }
        }
        Path temp = file.resolveSibling("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".inprogress");
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new FileOutput(file, temp, mode, channel);
    }

    /** Part files of an earlier run with a higher parallelism would otherwise be read back with ours. */
    private static void deleteStaleParts(Path dir, int parallelism) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                var m = PART.matcher(p.getFileName().toString());
                if (m.matches() && (m.group(1).length() > 9 || Integer.parseInt(m.group(1)) > parallelism) && Files.isRegularFile(p)) {
                    Files.delete(p);
                }
            }
        }
    }

    private static FileAlreadyExistsException exists(Path p) {
        return new FileAlreadyExistsException(p.toString(), null, "output already exists (write mode NO_OVERWRITE; use OVERWRITE to replace it)");
    }

    /** The final path. */
    Path file() {
        return file;
    }

    void write(byte b) throws IOException {
        if (length == buf.length) {
            flush();
        }
        buf[length++] = b;
    }

    void write(byte[] src, int from, int count) throws IOException {
        while (count > 0) {
            if (length == buf.length) {
                flush();
            }
            int n = Math.min(count, buf.length - length);
            System.arraycopy(src, from, buf, length, n);
            length += n;
            from += n;
            count -= n;
        }
    }

    private void flush() throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, length);
        while (bb.hasRemaining()) {
            channel.write(bb);
        }
        length = 0;
    }

    /** Writes the buffered bytes and moves the file into place. */
    void commit() throws IOException {
        flush();
        channel.close();
        if (mode == WriteMode.NO_OVERWRITE) {
            try {
                Files.move(temp, file);
            } catch (FileAlreadyExistsException e) {
                throw exists(file);
            }
        } else {
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(file);
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Discards the temporary file unless committed. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (!committed) {
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
