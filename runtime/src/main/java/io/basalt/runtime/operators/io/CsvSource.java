package io.basalt.runtime.operators.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.basalt.data.BatchBuilder;
import io.basalt.data.DataType;
import io.basalt.data.DataType.Kind;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.exec.JobResult;
import io.basalt.runtime.operators.OperatorFactory;

/**
 * Reads CSV files (see {@link CsvFormat}) into batches of the given schema, fields in column order.
 * Values are parsed from the bytes: boolean ({@code true}/{@code false}, any case), int32, int64,
 * float32/float64 (Java syntax, including {@code NaN} and {@code Infinity}), decimal (plain or
 * exponent notation, exact: excess fraction digits must be zeros and the value must fit the
 * precision), date ({@code yyyy-MM-dd}), timestamp ({@code yyyy-MM-dd'T'HH:mm[:ss[.ffffff]]}, or a
 * space instead of {@code T}; UTC) and utf8 (validated). Blank lines are skipped when the schema has
 * more than one column; with one column a blank line is an empty field (NULL with the default null
 * literal), so single-column output of {@link CsvSink} reads back exactly.
 *
 * <p>Subtask {@code i} of {@code p} reads its splits of the {@link FileInput}. Quoted fields may
 * contain line breaks; when such a field straddles the boundary between two splits of a file the
 * job fails with a message saying to read the file unsplit ({@link FileInput#withSplitFiles}), since
 * the next split cannot tell where its first record starts.
 *
 * <p>Bad input fails with a {@link CsvParseException} naming the file, the 1-based line where the
 * record starts, and the column and value. With {@link CsvFormat#ignoreInvalidLines()} such records
 * are skipped instead (a record with an unterminated quote counts as its first line only) and each
 * subtask publishes its count under {@link #invalidLinesKey}; sum them with {@link #invalidLines}.
 */
public final class CsvSource extends FileSource {
    private final Schema schema;
    private final CsvFormat format;
    private final DataType[] types;
    private final Kind[] kinds;
    private final boolean[] nullable;
    private final byte[] nullLiteral;
    private final long[] longs;
    private final double[] doubles;
    private final boolean[] nulls;
    private final CsvTokenizer tokenizer;
    private final FieldParser parser = new FieldParser();
    private boolean skipHeader;
    private long invalidLines;

    public CsvSource(FileInput input, Schema schema, CsvFormat format) {
        super(input, requireColumns(schema));
        this.schema = schema;
        this.format = format;
        int n = schema.size();
        this.types = new DataType[n];
        this.kinds = new Kind[n];
        this.nullable = new boolean[n];
        for (int c = 0; c < n; c++) {
            Field f = schema.field(c);
            types[c] = f.type();
            kinds[c] = f.type().kind();
            nullable[c] = f.nullable();
        }
        this.nullLiteral = format.nullLiteral().getBytes(StandardCharsets.UTF_8);
        this.longs = new long[n];
        this.doubles = new double[n];
        this.nulls = new boolean[n];
        this.tokenizer = new CsvTokenizer(format);
    }

    /** Reads a file, or every regular non-hidden file of a directory in name order. */
    public CsvSource(Path fileOrDirectory, Schema schema, CsvFormat format) {
        this(FileInput.of(fileOrDirectory), schema, format);
    }

    public CsvSource(List<Path> paths, Schema schema, CsvFormat format) {
        this(FileInput.of(paths), schema, format);
    }

    /** Reads a file, or every regular non-hidden file of a directory in name order. */
    public static OperatorFactory factory(Path fileOrDirectory, Schema schema, CsvFormat format) {
        return factory(FileInput.of(fileOrDirectory), schema, format);
    }

    public static OperatorFactory factory(List<Path> paths, Schema schema, CsvFormat format) {
        return factory(FileInput.of(paths), schema, format);
    }

    public static OperatorFactory factory(FileInput input, Schema schema, CsvFormat format) {
        requireColumns(schema);
        return OperatorFactory.of("CsvSource(" + input + ")", 0, () -> new CsvSource(input, schema, format));
    }

    private static Schema requireColumns(Schema schema) {
        if (schema.size() == 0) {
            throw new IllegalArgumentException("A CSV source needs at least one column");
        }
        return schema;
    }

    /** The key under which subtask {@code subtask} of the named source publishes its skipped-line count (a Long). */
    public static String invalidLinesKey(String operatorName, int subtask) {
        return operatorName + ".invalidLines#" + subtask;
    }

    /** Lines skipped by all subtasks of a source run with {@link CsvFormat#ignoreInvalidLines()}. */
    public static long invalidLines(JobResult result, String operatorName, int parallelism) {
        long total = 0;
        for (int s = 0; s < parallelism; s++) {
            Object count = result.result(invalidLinesKey(operatorName, s));
            if (count == null) {
                throw new IllegalStateException("Source '" + operatorName + "' subtask " + s + " published no invalid-line count");
            }
            total += (Long) count;
        }
        return total;
    }

    @Override
    protected void startSplit() {
        skipHeader = format.header() && reader.split.start() == 0;
    }

    @Override
    protected int readRecord(BatchBuilder builder) throws IOException {
        SplitReader in = reader;
        while (in.recordStartsInSplit()) {
            int start = in.pos;
            int end = tokenizer.tokenize(in.buf, start, in.limit, in.eof);
            if (end == CsvTokenizer.NEED_MORE) {
                if (in.fill() == SplitReader.FULL) {
                    skipBadLine(": record is longer than " + SplitReader.MAX_RECORD_BYTES / (1 << 20)
                            + " MiB; is a quote missing?");
                    return 0;
                }
                continue;
            }
            if (end == CsvTokenizer.UNTERMINATED_QUOTE) {
                skipBadLine(column(tokenizer.fieldCount()) + ": unterminated quoted field (the file ends inside it)");
                return 0;
            }
            if (end == CsvTokenizer.TEXT_AFTER_QUOTE) {
                byte c = in.buf[tokenizer.errorIndex()];
                skipBadLine(column(tokenizer.fieldCount() - 1) + ": unexpected "
                        + (c >= 32 && c < 127 ? "character '" + (char) c + "'" : "byte 0x" + Integer.toHexString(c & 0xFF))
                        + " after the closing quote (a quote inside a quoted field must be doubled)");
                return 0;
            }
            checkSplitBoundary();
            long line = linesRead;
            linesRead += 1 + tokenizer.quotedLineFeeds();
            in.pos = end;
            if (skipHeader) {
                skipHeader = false;
                continue;
            }
            if (types.length > 1 && tokenizer.fieldCount() == 1 && !tokenizer.quoted(0) && tokenizer.start(0) == tokenizer.end(0)) {
                continue; // a blank line cannot be a row of several columns
            }
            return appendRecord(builder, line) ? 1 : 0;
        }
        return -1;
    }

    private boolean appendRecord(BatchBuilder builder, long line) throws IOException {
        byte[] b = reader.buf;
        int n = tokenizer.fieldCount();
        if (n != types.length) {
            return invalid(line, " has " + n + (n == 1 ? " field" : " fields") + ", expected " + types.length + " ("
                    + schema.fields().stream().map(Field::name).collect(Collectors.joining(", ")) + ")");
        }
        for (int c = 0; c < types.length; c++) {
            int s = tokenizer.start(c);
            int e = tokenizer.end(c);
            boolean isNull = !tokenizer.quoted(c) && (equalsNullLiteral(b, s, e) || (s == e && kinds[c] != Kind.UTF8));
            nulls[c] = isNull;
            if (isNull) {
                if (!nullable[c]) {
                    return invalid(line, ", " + describe(c) + ": " + (s == e ? "empty field" : "null literal \"" + format.nullLiteral() + "\"")
                            + " in a NOT NULL column");
                }
            } else if (kinds[c] == Kind.UTF8) {
                if (!FieldParser.isValidUtf8(b, s, e)) {
                    return invalid(line, ", " + describe(c) + ": invalid UTF-8 in \"" + display(b, s, e) + "\"");
                }
            } else if (parser.parse(types[c], b, s, e)) {
                longs[c] = parser.longValue;
                doubles[c] = parser.doubleValue;
            } else {
                return invalid(line, ", " + describe(c) + ": cannot parse \"" + display(b, s, e) + "\""
                        + (parser.problem == null ? "" : " (" + parser.problem + ")"));
            }
        }
        for (int c = 0; c < types.length; c++) {
            if (nulls[c]) {
                builder.appendNull(c);
                continue;
            }
            switch (kinds[c]) {
                case BOOLEAN -> builder.appendBoolean(c, longs[c] != 0);
                case INT32 -> builder.appendInt(c, (int) longs[c]);
                case INT64 -> builder.appendLong(c, longs[c]);
                case FLOAT32 -> builder.appendFloat(c, (float) doubles[c]);
                case FLOAT64 -> builder.appendDouble(c, doubles[c]);
                case DECIMAL -> builder.appendDecimalUnscaled(c, longs[c]);
                case DATE -> builder.appendDateDays(c, (int) longs[c]);
                case TIMESTAMP -> builder.appendTimestampMicros(c, longs[c]);
                case UTF8 -> builder.appendUtf8(c, Arrays.copyOfRange(b, tokenizer.start(c), tokenizer.end(c)));
            }
        }
        return true;
    }

    /**
     * The next split starts at the first line feed at or after its start - 1. If that line feed is
     * inside a quoted field of this split's last record, the next split would start mid-record.
     */
    private void checkSplitBoundary() throws IOException {
        int lf = tokenizer.lastQuotedLineFeed();
        FileSplit split = reader.split;
        if (lf >= 0 && split.end() < split.fileLength() && reader.filePosition(lf) >= split.end() - 1) {
            throw new CsvParseException(split.file(), lineNumber(linesRead), split.file() + " line " + lineNumber(linesRead)
                    + ": a quoted field containing a line break crosses the boundary of a parallel split at byte " + split.end()
                    + "; read files with such fields unsplit (FileInput.withSplitFiles(false)) or with parallelism 1");
        }
    }

    /** Fails on (or skips) the record at the reader's position, which is then skipped as one physical line. */
    private void skipBadLine(String problem) throws IOException {
        if (skipHeader && format.ignoreInvalidLines()) {
            skipHeader = false; // a malformed header is still the header: skipped, not counted
        } else {
            invalid(linesRead, problem);
        }
        reader.skipLine();
        linesRead++;
    }

    private boolean invalid(long line, String problem) throws IOException {
        if (format.ignoreInvalidLines()) {
            invalidLines++;
            return false;
        }
        Path file = reader.split.file();
        long number = lineNumber(line);
        throw new CsvParseException(file, number, file + " line " + number + problem);
    }

    private String describe(int c) {
        Field f = schema.field(c);
        return "column '" + f.name() + "' (" + f.type() + (f.nullable() ? "" : " not null") + ")";
    }

    private String column(int index) {
        return index < types.length ? ", column '" + schema.field(index).name() + "'" : ", field " + (index + 1);
    }

    private boolean equalsNullLiteral(byte[] b, int s, int e) {
        if (e - s != nullLiteral.length) {
            return false;
        }
        for (int i = 0; i < nullLiteral.length; i++) {
            if (b[s + i] != nullLiteral[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void finish() {
        if (format.ignoreInvalidLines()) {
            context.publishResult(invalidLinesKey(context.operatorName(), context.subtaskIndex()), invalidLines);
        }
    }
}
