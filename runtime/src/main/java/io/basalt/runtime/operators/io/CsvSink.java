package io.basalt.runtime.operators.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.data.Schema;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;

/**
 * Writes its input as CSV (see {@link CsvFormat}): with parallelism 1 the file {@code target},
 * with more the directory {@code target} with one file {@code part-<i+1>} per subtask {@code i}
 * (Flink's {@code writeAsCsv} layout). Rows are written in arrival order, columns in schema order.
 * NULL is written as the null literal; a value whose text is empty, equals the null literal, or
 * contains the delimiter, the quote or a line break is quoted (quotes doubled), so reading the
 * output back with {@link CsvSource} and the same format reproduces the data exactly. With a
 * header, the column names of the first batch are written first (an empty input gives an empty file).
 *
 * <p>Output goes to a hidden temporary file renamed into place at end of input, so a failed job
 * leaves no partial file (with parallelism above 1, parts of subtasks that ended before the failure
 * stay; there is no job-wide commit). {@link WriteMode#NO_OVERWRITE} fails if the output file exists (or, for
 * parallelism 1, anything at {@code target}); {@link WriteMode#OVERWRITE} replaces it (a directory
 * at a file target is deleted) and, in a directory target, also deletes {@code part-N} files beyond
 * the current parallelism left by an earlier run.
 */
public final class CsvSink implements Operator {
    private final Path target;
    private final CsvFormat format;
    private final WriteMode mode;
    private final byte delimiter;
    private final byte quote;
    private final byte[] nullLiteral;
    private final byte[] lineDelimiter;
    private final FieldFormatter formatter = new FieldFormatter();
    private FileOutput out;
    private boolean headerWritten;

    public CsvSink(Path target, CsvFormat format, WriteMode mode) {
        this.target = target;
        this.format = format;
        this.mode = mode;
        this.delimiter = (byte) format.delimiter();
        this.quote = (byte) format.quote();
        this.nullLiteral = format.nullLiteral().getBytes(StandardCharsets.UTF_8);
        this.lineDelimiter = format.lineDelimiter().getBytes(StandardCharsets.US_ASCII);
    }

    public static OperatorFactory factory(Path target, CsvFormat format, WriteMode mode) {
        return OperatorFactory.of("CsvSink(" + target + ", " + mode + ")", 1, () -> new CsvSink(target, format, mode));
    }

    @Override
    public void open(OperatorContext context) throws IOException {
        out = FileOutput.create(target, mode, context.subtaskIndex(), context.parallelism());
    }

    @Override
    public void process(Batch batch, int input) throws IOException {
        Schema schema = batch.schema();
        int columns = schema.size();
        if (!headerWritten && format.header()) {
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    out.write(delimiter);
                }
                formatter.text(schema.field(c).name());
                writeField();
            }
            out.write(lineDelimiter, 0, lineDelimiter.length);
        }
        headerWritten = true;
        DataType[] types = new DataType[columns];
        for (int c = 0; c < columns; c++) {
            types[c] = schema.field(c).type();
        }
        for (int r = 0; r < batch.rowCount(); r++) {
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    out.write(delimiter);
                }
                if (batch.isNull(c, r)) {
                    out.write(nullLiteral, 0, nullLiteral.length);
                } else {
                    formatter.format(batch, c, r, types[c]);
                    writeField();
                }
            }
            out.write(lineDelimiter, 0, lineDelimiter.length);
        }
    }

    /** Writes the formatter's text, quoted when reading it back unquoted would change it. */
    private void writeField() throws IOException {
        byte[] b = formatter.bytes;
        int n = formatter.length;
        boolean needsQuotes = n == 0 || equalsNullLiteral(b, n);
        for (int i = 0; i < n && !needsQuotes; i++) {
            byte x = b[i];
            needsQuotes = x == delimiter || x == quote || x == '\n' || x == '\r';
        }
        if (!needsQuotes) {
            out.write(b, 0, n);
            return;
        }
        out.write(quote);
        int from = 0;
        for (int i = 0; i < n; i++) {
            if (b[i] == quote) {
                out.write(b, from, i + 1 - from); // up to and including the quote, which is then written again
                from = i;
            }
        }
        out.write(b, from, n - from);
        out.write(quote);
    }

    private boolean equalsNullLiteral(byte[] b, int n) {
        if (n != nullLiteral.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[i] != nullLiteral[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void endInput(int input) throws IOException {
        out.commit();
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
