package io.basalt.runtime.operators.sort;

import java.io.IOException;
import java.util.Iterator;

import io.basalt.data.Batch;
import io.basalt.functions.GroupReduceFunction;
import io.basalt.functions.ReduceFunction;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.types.RowCodec;

/**
 * Sort-based grouped reduce with a pairwise {@link ReduceFunction} (Flink's
 * {@code groupBy(...).reduce(...)}): one output element per group, folding the group's elements
 * in arrival order ({@code f(f(a, b), c)}). Groups and spilling as in {@link GroupReduceOperator},
 * which does the work; without key columns it reduces the whole input to one element, and an
 * empty input produces nothing.
 */
public final class ReduceOperator<T> implements Operator {
    private final GroupReduceOperator<T, T> delegate;

    public ReduceOperator(RowCodec<T> codec, int[] keyColumns, ReduceFunction<T> function) {
        this.delegate = new GroupReduceOperator<>(codec, codec, keyColumns, fold(function));
    }

    /** The factory of {@link #ReduceOperator} instances (memory weight 1). */
    public static <T> OperatorFactory factory(RowCodec<T> codec, int[] keyColumns, ReduceFunction<T> function) {
        new ReduceOperator<>(codec, keyColumns, function);
        return OperatorFactory.buffering("Reduce(keys=" + SortSupport.describeKeys(keyColumns, null) + ")", 1,
                () -> new ReduceOperator<>(codec, keyColumns, function));
    }

    private static <T> GroupReduceFunction<T, T> fold(ReduceFunction<T> function) {
        return (values, out) -> {
            Iterator<T> it = values.iterator();
            T result = it.next();
            while (it.hasNext()) {
                result = function.reduce(result, it.next());
            }
            out.collect(result);
        };
    }

    @Override
    public void open(OperatorContext context) {
        delegate.open(context);
    }

    @Override
    public void process(Batch batch, int input) throws IOException {
        delegate.process(batch, input);
    }

    @Override
    public void endInput(int input) throws Exception {
        delegate.endInput(input);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
