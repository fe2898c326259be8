package io.basalt.runtime.operators.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.basalt.data.BatchBuilder;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.operators.OperatorFactory;

/**
 * Reads UTF-8 text files line by line into one nullable utf8 column {@code value} (never NULL):
 * each row is a line without its {@code \n} or {@code \r\n} terminator; a last line without a
 * terminator is read too, an empty file gives no rows, a leading byte-order mark is skipped. Splits follow {@link FileInput}'s rules, so
 * every line is read exactly once at any parallelism. Invalid UTF-8 fails naming file and line.
 */
public final class TextSource extends FileSource {
    public static final Schema SCHEMA = Schema.of(Field.nullable("value", DataType.UTF8));

    public TextSource(FileInput input) {
        super(input, SCHEMA);
    }

    public TextSource(Path fileOrDirectory) {
        this(FileInput.of(fileOrDirectory));
    }

    public TextSource(List<Path> paths) {
        this(FileInput.of(paths));
    }

    public static OperatorFactory factory(Path fileOrDirectory) {
        return factory(FileInput.of(fileOrDirectory));
    }

    public static OperatorFactory factory(List<Path> paths) {
        return factory(FileInput.of(paths));
    }

    public static OperatorFactory factory(FileInput input) {
        return OperatorFactory.of("TextSource(" + input + ")", 0, () -> new TextSource(input));
    }

    @Override
    protected int readRecord(BatchBuilder builder) throws IOException {
        SplitReader in = reader;
        if (!in.recordStartsInSplit()) {
            return -1;
        }
        int scanned = in.pos;
        while (true) {
            byte[] b = in.buf;
            int lf = -1;
            for (int i = scanned; i < in.limit; i++) {
                if (b[i] == '\n') {
                    lf = i;
                    break;
                }
            }
            if (lf < 0 && !in.eof) {
                scanned = in.limit;
                int before = in.pos;
                if (in.fill() == SplitReader.FULL) {
                    throw error("line is longer than " + SplitReader.MAX_RECORD_BYTES / (1 << 20) + " MiB");
                }
                scanned -= before - in.pos; // fill moved the unconsumed bytes to the front
                continue;
            }
            int start = in.pos;
            int end = lf < 0 ? in.limit : lf;
            int next = lf < 0 ? in.limit : lf + 1;
            if (end > start && b[end - 1] == '\r') {
                end--;
            }
            if (!FieldParser.isValidUtf8(b, start, end)) {
                throw error("invalid UTF-8 in \"" + display(b, start, end) + "\"");
            }
            builder.appendUtf8(0, Arrays.copyOfRange(b, start, end));
            in.pos = next;
            linesRead++;
            return 1;
        }
    }

    private CsvParseException error(String problem) throws IOException {
        long line = lineNumber(linesRead);
        return new CsvParseException(reader.split.file(), line, reader.split.file() + " line " + line + ": " + problem);
    }
}
