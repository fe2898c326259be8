package io.basalt.runtime.operators.sort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import io.basalt.data.Batch;
import io.basalt.functions.CoGroupFunction;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.types.RowCodec;

/**
 * Sort-based co-group of input 0 (left) and input 1 (right), whose batches may arrive interleaved
 * in any order (Flink's {@code coGroup(...).where(...).equalTo(...).with(...)}). Both sides are
 * sorted by their key columns with external sorts (spilling beyond the pool's limit, 40% of it
 * each); once both inputs ended, the function is called once per distinct key present on either
 * side, with that key's left and right elements (one of them possibly empty) as {@link Iterable}s
 * streamed from the sorted inputs, each iterable once, in arrival order within a side. NULL keys
 * are equal to each other here (a grouping, not a join): the NULL-key rows of both sides form one
 * co-group. Keys are visited in ascending order, NULLs last. Output rows are the function's
 * results with the output codec's schema.
 */
public final class CoGroupOperator<L, R, O> implements Operator {
    private final RowCodec<L> left;
    private final RowCodec<R> right;
    private final RowCodec<O> out;
    private final CoGroupFunction<L, R, O> function;
    private final SortedInputs inputs;
    private OperatorContext context;
    private RowEmitter<O> emitter;

    public CoGroupOperator(RowCodec<L> left, RowCodec<R> right, RowCodec<O> out, int[] leftKeys, int[] rightKeys,
                           CoGroupFunction<L, R, O> function) {
        this.left = left;
        this.right = right;
        this.out = out;
        this.function = function;
        this.inputs = new SortedInputs(leftKeys, rightKeys, left.schema(), right.schema());
    }

    /** The factory of {@link #CoGroupOperator} instances (memory weight 1). */
    public static <L, R, O> OperatorFactory factory(RowCodec<L> left, RowCodec<R> right, RowCodec<O> out, int[] leftKeys, int[] rightKeys,
                                                    CoGroupFunction<L, R, O> function) {
        new CoGroupOperator<>(left, right, out, leftKeys, rightKeys, function);
        String name = "CoGroup(left keys=" + SortSupport.describeKeys(leftKeys, null) + ", right keys=" + SortSupport.describeKeys(rightKeys, null)
                + ")";
        return OperatorFactory.buffering(name, 2, () -> new CoGroupOperator<>(left, right, out, leftKeys, rightKeys, function));
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        inputs.open(context);
    }

    @Override
    public void process(Batch batch, int input) throws IOException {
        inputs.add(batch, input);
    }

    @Override
    public void endInput(int input) throws Exception {
        if (!inputs.end(input)) {
            return;
        }
        inputs.finish();
        GroupCursor l = inputs.cursor(0);
        GroupCursor r = inputs.cursor(1);
        emitter = new RowEmitter<>(out, context, inputs.chunkRows());
        try {
            while (l.hasRow() || r.hasRow()) {
                int cmp = !l.hasRow() ? 1 : !r.hasRow() ? -1 : GroupCursor.compare(inputs.layout(), l, r);
                GroupValues<L> leftValues = cmp <= 0 ? new GroupValues<>(l, left, "left values") : null;
                GroupValues<R> rightValues = cmp >= 0 ? new GroupValues<>(r, right, "right values") : null;
                function.coGroup(leftValues == null ? List.of() : leftValues, rightValues == null ? List.of() : rightValues, emitter);
                if (leftValues != null) {
                    leftValues.finish();
                }
                if (rightValues != null) {
                    rightValues.finish();
                }
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
        try (SortedInputs in = inputs; RowEmitter<O> e = emitter) {
            emitter = null;
        }
    }
}
