package io.basalt.api.dataset;

import java.util.List;

import io.basalt.functions.CoGroupFunction;
import io.basalt.runtime.operators.join.JoinSchemas;
import io.basalt.runtime.types.RowCodec;

/** {@code left.coGroup(right).where("a").equalTo("b").with(fn, Out.class)}: one call per key with both sides' elements. */
public final class CoGroupBuilder<L, R> {
    private final DataSet<L> left;
    private final DataSet<R> right;
    private int[] leftKeys;
    private int[] rightKeys;

    CoGroupBuilder(DataSet<L> left, DataSet<R> right) {
        this.left = left;
        this.right = right;
    }

    public CoGroupBuilder<L, R> where(String... fields) {
        leftKeys = left.keyIndices(fields);
        return this;
    }

    public CoGroupBuilder<L, R> equalTo(String... fields) {
        rightKeys = right.keyIndices(fields);
        return this;
    }

    public <O> DataSet<O> with(CoGroupFunction<L, R, O> fn, Class<O> type) {
        if (leftKeys == null || rightKeys == null) {
            throw new IllegalStateException("Call where(...) and equalTo(...) before with(...)");
        }
        if (leftKeys.length != rightKeys.length) {
            throw new IllegalArgumentException("where(...) names " + leftKeys.length + " fields but equalTo(...) " + rightKeys.length);
        }
        JoinSchemas.checkKeys(left.node.schema, leftKeys, right.node.schema, rightKeys);
        RowCodec<O> out = RowCodec.of(type);
        PlanNode node = new PlanNode(PlanNode.Kind.COGROUP, "CoGroup(" + type.getSimpleName() + ")", List.of(left.node, right.node), out.schema(),
                new PlanNode.CoGroup(leftKeys, rightKeys, left.codec, right.codec, out, fn),
                Math.max(left.node.estimatedRows, right.node.estimatedRows));
        return new DataSet<>(left.env, node, out);
    }
}
