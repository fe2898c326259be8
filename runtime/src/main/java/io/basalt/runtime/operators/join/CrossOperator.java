package io.basalt.runtime.operators.join;

import java.util.ArrayList;
import java.util.List;

import io.basalt.data.Batch;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryLimitExceededException;
import io.basalt.memory.MemoryPool;
import io.basalt.memory.spill.SpillFileWriter;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.vectorops.ColumnRef;

/**
 * Cross product of input 0 (left) and input 1 (right); output columns as
 * {@code JoinSchemas.output(left, right, INNER)}, rows in no particular order, in batches of about
 * the configured batch size. Input {@code bufferedInput} is copied into the operator's pool in full
 * (spilled to a file when it outgrows half the pool); the other, streamed, input is crossed with it
 * batch by batch once the buffered input ended. Streamed batches that arrive earlier are retained
 * (spilled when memory runs short). With a spilled buffered side, streamed rows are collected in
 * blocks of a quarter of the pool and each block is crossed with one pass over the file. Input
 * schemas are taken from the first batch of each input; an empty input gives an empty result.
 */
public final class CrossOperator implements Operator {
    private final int bufferedInput;
    private final long blockBytes;
    private OperatorContext context;
    private MemoryPool pool;
    private SpillFiles files;
    private long budget;
    private final Schema[] schemas = new Schema[2];
    private RowBuffer buffered;
    private long bufferedRows;
    private SpillFileWriter bufferedFile;
    private SpillFiles.Run bufferedRun;
    private boolean bufferedEnded;
    private boolean streamedEnded;
    private final List<Batch> pending = new ArrayList<>();
    private long pendingBytes;
    private SpillFileWriter pendingFile;
    private RowBuffer block;
    private JoinOutput out;
    private int[] bufferedIds;
    private int[] streamedIds;

    /** @param bufferedInput the input held in full (0 or 1); the planner picks the smaller one */
    public CrossOperator(int bufferedInput) {
        this(bufferedInput, 0);
    }

    /** With {@code blockBytes} > 0, streamed blocks of about that size instead of a quarter of the pool (for tests). */
    CrossOperator(int bufferedInput, long blockBytes) {
        this.bufferedInput = checkInput(bufferedInput);
        this.blockBytes = blockBytes;
    }

    private static int checkInput(int bufferedInput) {
        if (bufferedInput != 0 && bufferedInput != 1) {
            throw new IllegalArgumentException("The buffered input of a cross product is 0 or 1, not " + bufferedInput);
        }
        return bufferedInput;
    }

    /** A factory of cross products (memory weight 1). */
    public static OperatorFactory factory(int bufferedInput) {
        checkInput(bufferedInput);
        return OperatorFactory.buffering("Cross(buffered=" + (bufferedInput == 0 ? "left" : "right") + ")", 2,
                () -> new CrossOperator(bufferedInput));
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        this.pool = context.pool();
        this.files = new SpillFiles(context);
        this.budget = MemoryBudget.buffering(MemoryBudget.limit(pool));
    }

    @Override
    public void process(Batch batch, int input) throws Exception {
        if (input != 0 && input != 1) {
            throw new IllegalArgumentException("A cross product has inputs 0 and 1, not " + input);
        }
        if (schemas[input] == null) {
            schemas[input] = batch.schema();
        }
        Batch b = Joins.conform(batch, schemas[input], (input == 0 ? "left" : "right") + " input of a cross product");
        if (input == bufferedInput) {
            try (b) {
                addBuffered(b);
            }
        } else if (!bufferedEnded) {
            pending.add(b);
            pendingBytes += Joins.estimateBytes(b);
            relieveMemory();
        } else {
            try (b) {
                stream(Joins.columns(b), b.rowCount());
            }
        }
    }

    private void addBuffered(Batch b) throws Exception {
        bufferedRows += b.rowCount();
        if (bufferedFile != null) {
            files.write(bufferedFile, b, budget / 8);
            return;
        }
        if (buffered == null) {
            buffered = new RowBuffer(b.schema(), pool, context.kernels().gather(), b.rowCount());
        }
        try {
            buffered.appendRange(Joins.columns(b), 0, b.rowCount());
        } catch (MemoryLimitExceededException e) {
            spillBuffered();
            files.write(bufferedFile, b, budget / 8);
            return;
        }
        relieveMemory();
    }

    private void relieveMemory() throws Exception {
        if (pool.used() + pendingBytes <= budget) {
            return;
        }
        if (!pending.isEmpty()) {
            if (pendingFile == null) {
                pendingFile = files.create("cross-pending", schemas[1 - bufferedInput], pool);
            }
            for (Batch b : pending) {
                files.write(pendingFile, b, budget / 8);
            }
            closePending();
        }
        if (buffered != null && !bufferedEnded && pool.used() > budget) {
            spillBuffered();
        }
    }

    private void spillBuffered() throws Exception {
        bufferedFile = files.create("cross-buffered", schemas[bufferedInput], pool);
        if (buffered != null) {
            try (Batch rows = buffered.seal()) {
                files.write(bufferedFile, rows, budget / 8);
            } finally {
                buffered.close();
                buffered = null;
            }
        }
    }

    @Override
    public void endInput(int input) throws Exception {
        if (input == bufferedInput) {
            bufferedEnded = true;
            if (bufferedFile != null) {
                bufferedRun = files.finish(bufferedFile);
                bufferedFile = null;
            }
            List<Batch> early = new ArrayList<>(pending);
            pending.clear();
            pendingBytes = 0;
            try {
                for (Batch b : early) {
                    stream(Joins.columns(b), b.rowCount());
                    b.close();
                }
            } finally {
                early.forEach(Batch::close);
            }
            if (pendingFile != null) {
                SpillFiles.Run run = files.finish(pendingFile);
                pendingFile = null;
                files.read(run, pool, b -> stream(Joins.columns(b), b.rowCount()));
                files.delete(run);
            }
        } else {
            streamedEnded = true;
        }
        if (bufferedEnded && streamedEnded) {
            if (block != null && block.rowCount() > 0) {
                crossBlock();
            }
            if (out != null) {
                out.flush();
            }
        }
    }

    /** Streamed rows, once the buffered input ended. */
    private void stream(ColumnRef[] columns, int rows) throws Exception {
        if (bufferedRows == 0 || rows == 0) {
            return;
        }
        if (bufferedRun == null) {
            ColumnRef[] all = buffered.refs();
            cross(all, all[0].count(), columns, rows);
            return;
        }
        if (block == null) {
            block = new RowBuffer(schemas[1 - bufferedInput], pool, context.kernels().gather(), rows);
        }
        try {
            block.appendRange(columns, 0, rows);
        } catch (MemoryLimitExceededException e) {
            if (block.rowCount() == 0) {
                throw e;
            }
            crossBlock();
            block.appendRange(columns, 0, rows);
        }
        if (block.allocatedBytes() > (blockBytes > 0 ? blockBytes : budget / 2)) {
            crossBlock();
        }
    }

    /** Crosses the collected streamed block with every batch of the spilled buffered input. */
    private void crossBlock() throws Exception {
        ColumnRef[] streamed = block.refs();
        int n = block.rowCount();
        files.read(bufferedRun, pool, b -> cross(Joins.columns(b), b.rowCount(), streamed, n));
        block.truncate(0);
    }

    private void cross(ColumnRef[] bufferedColumns, int bufferedCount, ColumnRef[] streamedColumns, int streamedCount) throws Exception {
        if (out == null) {
            Schema schema = JoinSchemas.output(schemas[0], schemas[1], JoinKind.INNER);
            out = new JoinOutput(schema, schemas[0].size(), context, JoinOutput.maxRows(context, Joins.rowWidth(schema)));
            bufferedIds = new int[out.maxRows()];
            streamedIds = new int[out.maxRows()];
        }
        int k = 0;
        for (int i = 0; i < bufferedCount; i++) {
            for (int j = 0; j < streamedCount; j++) {
                bufferedIds[k] = i;
                streamedIds[k] = j;
                if (++k == bufferedIds.length) {
                    emit(bufferedColumns, streamedColumns, k);
                    k = 0;
                }
            }
        }
        emit(bufferedColumns, streamedColumns, k);
    }

    private void emit(ColumnRef[] bufferedColumns, ColumnRef[] streamedColumns, int n) throws Exception {
        if (bufferedInput == 0) {
            out.pairs(bufferedColumns, bufferedIds, streamedColumns, streamedIds, n);
        } else {
            out.pairs(streamedColumns, streamedIds, bufferedColumns, bufferedIds, n);
        }
    }

    private void closePending() {
        pending.forEach(Batch::close);
        pending.clear();
        pendingBytes = 0;
    }

    @Override
    public void close() throws Exception {
        closePending();
        Exception failure = null;
        AutoCloseable[] owned = {bufferedFile == null ? null : bufferedFile::abort, pendingFile == null ? null : pendingFile::abort,
                buffered, block, out, files};
        bufferedFile = null;
        pendingFile = null;
        buffered = null;
        block = null;
        for (AutoCloseable c : owned) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
