package io.basalt.api.dataset;

import java.util.List;

import io.basalt.functions.JoinFunction;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.basic.PairFunctionOperator;
import io.basalt.runtime.types.Row;
import io.basalt.runtime.types.RowCodec;

/**
 * The result of a join: rows with the left fields followed by the right fields. Use it directly
 * (vectorized, e.g. with {@code select} or {@code as(MyRecord.class)}) or apply a
 * {@link JoinFunction} to each pair with {@link #with}.
 */
public final class JoinedDataSet<L, R> extends DataSet<Row> {
    private final DataSet<L> left;
    private final DataSet<R> right;
    private final JoinType type;

    JoinedDataSet(DataSet<L> left, DataSet<R> right, PlanNode node, JoinType type) {
        super(left.env, node, RowCodec.rows(node.schema));
        this.left = left;
        this.right = right;
        this.type = type;
    }

    /**
     * Applies {@code fn} to every joined pair; for outer joins the missing side is null (detected by
     * all of its key fields being NULL).
     */
    public <O> DataSet<O> with(JoinFunction<L, R, O> fn, Class<O> type) {
        if (this.type == JoinType.SEMI || this.type == JoinType.ANTI) {
            throw new IllegalStateException(this.type + " joins return only left elements; use as(...) instead of a join function");
        }
        RowCodec<L> lc = left.codec;
        RowCodec<R> rc = right.codec;
        RowCodec<O> out = RowCodec.of(type);
        PlanNode.Join j = (PlanNode.Join) node.params;
        int[] lk = j.leftKeys();
        int[] rk = j.rightKeys();
        boolean markMissing = this.type != JoinType.INNER;
        OperatorFactory f = OperatorFactory.of("Join function(" + type.getSimpleName() + ")", 1,
                () -> new PairFunctionOperator<>(lc, rc, out, markMissing ? lk : new int[0], markMissing ? rk : new int[0], fn::join));
        return derive(PlanNode.Kind.ROW, f.name(), List.of(this), out, new PlanNode.Simple(f, false, false), node.estimatedRows);
    }
}
