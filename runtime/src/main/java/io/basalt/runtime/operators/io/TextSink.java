package io.basalt.runtime.operators.io;

import java.io.IOException;
import java.nio.file.Path;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;

/**
 * Writes a one-column input as text, one value per {@code \n}-terminated line: strings as they are
 * (unquoted, so a string with a line break spans lines), other types as {@link CsvSink} formats
 * them, NULL as {@code null}. Same file/directory layout, write modes and commit-on-end-of-input
 * as {@link CsvSink}.
 */
public final class TextSink implements Operator {
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private final Path target;
    private final WriteMode mode;
    private final FieldFormatter formatter = new FieldFormatter();
    private FileOutput out;

    public TextSink(Path target, WriteMode mode) {
        this.target = target;
        this.mode = mode;
    }

    public static OperatorFactory factory(Path target, WriteMode mode) {
        return OperatorFactory.of("TextSink(" + target + ", " + mode + ")", 1, () -> new TextSink(target, mode));
    }

    @Override
    public void open(OperatorContext context) throws IOException {
        out = FileOutput.create(target, mode, context.subtaskIndex(), context.parallelism());
    }

    @Override
    public void process(Batch batch, int input) throws IOException {
        if (batch.columnCount() != 1) {
            throw new IllegalArgumentException("TextSink writes one column, but its input has schema " + batch.schema()
                    + "; project the column to write first");
        }
        DataType type = batch.schema().field(0).type();
        for (int r = 0; r < batch.rowCount(); r++) {
            if (batch.isNull(0, r)) {
                out.write(NULL, 0, NULL.length);
            } else {
                formatter.format(batch, 0, r, type);
                out.write(formatter.bytes, 0, formatter.length);
            }
            out.write((byte) '\n');
        }
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
