package io.basalt.runtime.operators.basic;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.functions.MapFunction;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.types.RowCodec;

/** Applies a row {@link MapFunction} to every element: one output batch per input batch. */
public final class MapOperator<I, O> implements Operator {
    private final RowCodec<I> in;
    private final RowCodec<O> out;
    private final MapFunction<? super I, ? extends O> function;
    private OperatorContext context;

    public MapOperator(RowCodec<I> in, RowCodec<O> out, MapFunction<? super I, ? extends O> function) {
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
        try (BatchBuilder builder = new BatchBuilder(out.schema(), context.pool(), n)) {
            for (int r = 0; r < n; r++) {
                out.append(builder, function.map(in.read(batch, r)));
            }
            try (Batch result = builder.seal()) {
                context.output().emit(result);
            }
        }
    }

    @Override
    public void endInput(int input) {}

    @Override
    public void close() {}
}
