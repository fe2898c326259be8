package io.basalt.runtime.operators.basic;

import io.basalt.data.Batch;
import io.basalt.functions.FilterFunction;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.types.RowCodec;
import io.basalt.vectorops.Gather;

/** Keeps the rows whose element passes a row {@link FilterFunction}; selected rows are gathered into a new batch. */
public final class FilterOperator<T> implements Operator {
    private final RowCodec<T> codec;
    private final FilterFunction<? super T> function;
    private OperatorContext context;
    private int[] selected = new int[0];

    public FilterOperator(RowCodec<T> codec, FilterFunction<? super T> function) {
        this.codec = codec;
        this.function = function;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
    }

    @Override
    public void process(Batch batch, int input) throws Exception {
        int n = batch.rowCount();
        if (selected.length < n) {
            selected = new int[n];
        }
        int k = 0;
        for (int r = 0; r < n; r++) {
            if (function.filter(codec.read(batch, r))) {
                selected[k++] = r;
            }
        }
        if (k == n) {
            context.output().emit(batch);
        } else if (k > 0) {
            try (Batch result = Gather.compact(batch, selected, k, context.pool(), context.kernels().gather())) {
                context.output().emit(result);
            }
        }
    }

    @Override
    public void endInput(int input) {}

    @Override
    public void close() {}
}
