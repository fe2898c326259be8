package io.basalt.runtime.operators.basic;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.functions.Collector;
import io.basalt.functions.FlatMapFunction;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.types.RowCodec;

/**
 * Applies a row {@link FlatMapFunction}; results are gathered into batches of at most
 * {@link OperatorContext#batchRows()} rows, flushed at the end of every input batch.
 */
public final class FlatMapOperator<I, O> implements Operator, Collector<O> {
    private final RowCodec<I> in;
    private final RowCodec<O> out;
    private final FlatMapFunction<? super I, O> function;
    private OperatorContext context;
    private BatchBuilder builder;

    public FlatMapOperator(RowCodec<I> in, RowCodec<O> out, FlatMapFunction<? super I, O> function) {
        this.in = in;
        this.out = out;
        this.function = function;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
    }

    @Override
    public void process(Batch batch, int input) throws Exception {
        int n = batch.rowCount();
        for (int r = 0; r < n; r++) {
            function.flatMap(in.read(batch, r), this);
        }
        flush();
    }

    @Override
    public void collect(O value) {
        if (builder == null) {
            builder = new BatchBuilder(out.schema(), context.pool(), context.batchRows());
        }
        out.append(builder, value);
        if (builder.rowCount() >= context.batchRows()) {
            try {
                flush();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new EmitException(e);
            }
        }
    }

    private void flush() throws Exception {
        if (builder == null) {
            return;
        }
        BatchBuilder b = builder;
        builder = null;
        try (b; Batch result = b.seal()) {
            context.output().emit(result);
        }
    }

    @Override
    public void endInput(int input) {}

    @Override
    public void close() {
        if (builder != null) {
            builder.close();
            builder = null;
        }
    }

    /** Carries a checked exception from downstream through {@link Collector#collect}. */
    static final class EmitException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EmitException(Exception cause) {
            super(cause.toString(), cause);
        }
    }
}
