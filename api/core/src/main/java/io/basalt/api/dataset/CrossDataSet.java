package io.basalt.api.dataset;

import java.util.List;

import io.basalt.data.Schema;
import io.basalt.functions.CrossFunction;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.basic.PairFunctionOperator;
import io.basalt.runtime.operators.join.JoinKind;
import io.basalt.runtime.operators.join.JoinSchemas;
import io.basalt.runtime.types.Row;
import io.basalt.runtime.types.RowCodec;

/** A cross product: rows of the left fields followed by the right fields; {@link #with} applies a function per pair. */
public final class CrossDataSet<L, R> extends DataSet<Row> {
    private final DataSet<L> left;
    private final DataSet<R> right;

    private CrossDataSet(DataSet<L> left, DataSet<R> right, PlanNode node) {
        super(left.env, node, RowCodec.rows(node.schema));
        this.left = left;
        this.right = right;
    }

    static <L, R> CrossDataSet<L, R> create(DataSet<L> left, DataSet<R> right, CrossHint hint) {
        Schema out = JoinSchemas.output(left.node.schema, right.node.schema, JoinKind.INNER);
        PlanNode node = new PlanNode(PlanNode.Kind.CROSS, "Cross", List.of(left.node, right.node), out, new PlanNode.Cross(hint),
                left.node.estimatedRows * right.node.estimatedRows);
        return new CrossDataSet<>(left, right, node);
    }

    public <O> DataSet<O> with(CrossFunction<L, R, O> fn, Class<O> type) {
        RowCodec<L> lc = left.codec;
        RowCodec<R> rc = right.codec;
        RowCodec<O> out = RowCodec.of(type);
        OperatorFactory f = OperatorFactory.of("Cross function(" + type.getSimpleName() + ")", 1,
                () -> new PairFunctionOperator<>(lc, rc, out, new int[0], new int[0], fn::cross));
        return derive(PlanNode.Kind.ROW, f.name(), List.of(this), out, new PlanNode.Simple(f, false, false), node.estimatedRows);
    }
}
