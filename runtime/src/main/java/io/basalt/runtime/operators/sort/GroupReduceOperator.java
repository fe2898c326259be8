package io.basalt.runtime.operators.sort;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.basalt.data.Batch;
import io.basalt.functions.GroupReduceFunction;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.types.RowCodec;

/**
 * Sort-based grouped reduce (Flink's {@code groupBy(...).reduceGroup(...)}): sorts the input by the
 * key columns with an {@link ExternalSorter} (spilling beyond the pool's limit) and, at the end of
 * the input, calls the function once per group of equal keys, NULL keys forming one group as in
 * SQL's GROUP BY. The function sees the group's elements as an {@link Iterable} streamed from the
 * sorted input, within a group in arrival order; it may iterate it once. Groups are visited in
 * ascending key order (NULLs last). Without key columns the whole input is one group, and an empty
 * input calls the function not at all. Output rows are the function's results, in batches of at
 * most {@link OperatorContext#batchRows()} rows, with the output codec's schema.
 */
public final class GroupReduceOperator<I, O> implements Operator {
    private final RowCodec<I> in;
    private final RowCodec<O> out;
    private final int[] keyColumns;
    private final GroupReduceFunction<I, O> function;
    private OperatorContext context;
    private ExternalSorter sorter;
    private SortedStream sorted;
    private GroupCursor cursor;
    private RowEmitter<O> emitter;

    public GroupReduceOperator(RowCodec<I> in, RowCodec<O> out, int[] keyColumns, GroupReduceFunction<I, O> function) {
        this.in = in;
        this.out = out;
        this.keyColumns = SortSupport.checkKeys(keyColumns, in.schema(), "input");
        this.function = function;
    }

    /** The factory of {@link #GroupReduceOperator} instances (memory weight 1). */
    public static <I, O> OperatorFactory factory(RowCodec<I> in, RowCodec<O> out, int[] keyColumns, GroupReduceFunction<I, O> function) {
        new GroupReduceOperator<>(in, out, keyColumns, function);
        return OperatorFactory.buffering("GroupReduce(keys=" + SortSupport.describeKeys(keyColumns, null) + ")", 1,
                () -> new GroupReduceOperator<>(in, out, keyColumns, function));
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        this.sorter = new ExternalSorter(context, in.schema(), keyColumns, SortSupport.groupOrders(keyColumns.length), -1, 1.0, "group-reduce");
    }

    @Override
    public void process(Batch batch, int input) throws IOException {
        try (Batch conformed = SortSupport.conform(batch, in.schema(), "the group-reduce input")) {
            sorter.add(conformed);
        }
    }

    @Override
    public void endInput(int input) throws Exception {
        sorted = sorter.finish();
        cursor = new GroupCursor(sorted, keyColumns, sorter.layout());
        sorted = null;
        emitter = new RowEmitter<>(out, context, Math.min(context.batchRows(), sorter.chunkRows()));
        try {
            while (cursor.hasRow()) {
                GroupValues<I> values = new GroupValues<>(cursor, in, "values");
                function.reduce(values, emitter);
                values.finish();
                context.checkCancelled();
            }
            emitter.flush();
        } catch (RowEmitter.EmitFailure e) {
            throw e.unwrap();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() throws IOException {
        try (ExternalSorter s = sorter; SortedStream st = sorted; GroupCursor c = cursor; RowEmitter<O> e = emitter) {
            sorter = null;
            sorted = null;
            cursor = null;
            emitter = null;
        }
    }
}
