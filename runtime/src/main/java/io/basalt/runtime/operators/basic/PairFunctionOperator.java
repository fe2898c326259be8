package io.basalt.runtime.operators.basic;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.types.RowCodec;

/**
 * Applies a function to pairs stored side by side in one row: the first {@code leftColumns} columns
 * hold a left element, the rest a right one (the layout of join and cross outputs). A side whose
 * {@code *KeyColumns} (relative to that side) are all NULL is passed as null, which is how outer
 * joins mark a missing partner.
 */
public final class PairFunctionOperator<L, R, O> implements Operator {
    /** The function applied to each pair. */
    @FunctionalInterface
    public interface PairFunction<L, R, O> {
        O apply(L left, R right) throws Exception;
    }

    private final RowCodec<L> left;
    private final RowCodec<R> right;
    private final RowCodec<O> out;
    private final int[] leftKeys;
    private final int[] rightKeys;
    private final PairFunction<L, R, O> function;
    private final int[] leftColumns;
    private final int[] rightColumns;
    private OperatorContext context;

    public PairFunctionOperator(RowCodec<L> left, RowCodec<R> right, RowCodec<O> out, int[] leftKeys, int[] rightKeys,
                                PairFunction<L, R, O> function) {
        this.left = left;
        this.right = right;
        this.out = out;
        this.leftKeys = leftKeys.clone();
        this.rightKeys = rightKeys.clone();
        this.function = function;
        int nl = left.schema().size();
        this.leftColumns = java.util.stream.IntStream.range(0, nl).toArray();
        this.rightColumns = java.util.stream.IntStream.range(nl, nl + right.schema().size()).toArray();
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
    }

    @Override
    public void process(Batch batch, int input) throws Exception {
        int n = batch.rowCount();
        try (Batch lcols = batch.selectColumns(leftColumns); Batch rcols = batch.selectColumns(rightColumns);
             Batch lb = lcols.withSchemaRelaxed(left.schema()); Batch rb = rcols.withSchemaRelaxed(right.schema());
             BatchBuilder builder = new BatchBuilder(out.schema(), context.pool(), n)) {
            for (int r = 0; r < n; r++) {
                L l = allNull(lb, leftKeys, r) ? null : left.read(lb, r);
                R rr = allNull(rb, rightKeys, r) ? null : right.read(rb, r);
                out.append(builder, function.apply(l, rr));
            }
            try (Batch result = builder.seal()) {
                context.output().emit(result);
            }
        }
    }

    private static boolean allNull(Batch b, int[] keys, int row) {
        if (keys.length == 0) {
            return false;
        }
        for (int k : keys) {
            if (!b.isNull(k, row)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void endInput(int input) {}

    @Override
    public void close() {}
}
