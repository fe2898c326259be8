package io.basalt.runtime.operators.io;

import java.io.IOException;
import java.util.List;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.Schema;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.SourceOperator;

/**
 * The split loop shared by the line-oriented file sources: plans this subtask's splits of a
 * {@link FileInput} at open, reads them one after the other through a {@link SplitReader} and emits
 * batches of {@link OperatorContext#batchRows()} rows built by the subclass's record parser.
 */
abstract class FileSource implements SourceOperator {
    protected final FileInput input;
    private final Schema schema;
    protected OperatorContext context;
    private List<FileSplit> splits;
    private int nextSplit;
    protected SplitReader reader;
    /** Lines (line feeds) consumed in the current split before the current record. */
    protected long linesRead;
    private boolean finished;
    private byte[] buffer;
    private int bufferBytes = SplitReader.INITIAL_BUFFER;

    FileSource(FileInput input, Schema schema) {
        this.input = input;
        this.schema = schema;
    }

    @Override
    public void open(OperatorContext context) throws Exception {
        this.context = context;
        this.splits = input.splitsFor(context.subtaskIndex(), context.parallelism());
    }

    @Override
    public boolean emitNext() throws Exception {
        if (finished) {
            return false;
        }
        int batchRows = context.batchRows();
        try (BatchBuilder builder = new BatchBuilder(schema, context.pool(), batchRows)) {
            int rows = 0;
            long records = 0; // bounded work per call, also when most records are skipped as invalid
            while (rows < batchRows && records++ < 2L * batchRows) {
                if (reader == null) {
                    if (nextSplit == splits.size()) {
                        finished = true;
                        break;
                    }
                    if (buffer == null) {
                        buffer = new byte[bufferBytes];
                    }
                    reader = SplitReader.open(splits.get(nextSplit++), buffer);
                    linesRead = 0;
                    startSplit();
                }
                int r = readRecord(builder);
                if (r < 0) {
                    buffer = reader.buf; // possibly grown; reused by the next split
                    reader.close();
                    reader = null;
                } else {
                    rows += r;
                }
            }
            if (rows > 0) {
                try (Batch batch = builder.seal()) {
                    context.output().emit(batch);
                }
            }
        }
        if (finished) {
            finish();
        }
        return !finished;
    }

    /** Sets the initial read buffer size (tests use tiny buffers to cover records across refills). */
    void setBufferBytes(int bytes) {
        this.bufferBytes = bytes;
    }

    /** Called after a split was opened. */
    protected void startSplit() throws IOException {}

    /**
     * Parses the next record of the current split into {@code builder}.
     *
     * @return 1 when a row was appended, 0 when a record was skipped, -1 when the split is exhausted
     */
    protected abstract int readRecord(BatchBuilder builder) throws IOException;

    /** Called once when every split was read. */
    protected void finish() {}

    /** The 1-based file line number of the record that starts {@code lineIndex} lines into the current split. */
    protected long lineNumber(long lineIndex) throws IOException {
        return reader.linesBeforeSplit() + lineIndex + 1;
    }

    /** Field text for error messages, shortened. */
    static String display(byte[] b, int from, int to) {
        String s = new String(b, from, Math.min(to - from, 200), java.nio.charset.StandardCharsets.UTF_8);
        return to - from > 200 ? s + "..." : s;
    }

    @Override
    public void close() throws Exception {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
