package io.basalt.api.dataset;

import java.util.List;

import io.basalt.data.Schema;
import io.basalt.runtime.operators.join.JoinKind;
import io.basalt.runtime.operators.join.JoinSchemas;

/**
 * A join being specified: {@code left.join(right).where("a").equalTo("b")} gives a {@link JoinedDataSet}
 * of the fields of both sides (right fields whose names clash get the suffix {@code _right}).
 */
public final class JoinBuilder<L, R> {
    private final DataSet<L> left;
    private final DataSet<R> right;
    private final JoinType type;
    private final JoinHint hint;
    private int[] leftKeys;

    JoinBuilder(DataSet<L> left, DataSet<R> right, JoinType type, JoinHint hint) {
        if (left.env != right.env) {
            throw new IllegalArgumentException("Cannot join data sets of different execution environments");
        }
        this.left = left;
        this.right = right;
        this.type = type;
        this.hint = hint;
    }

    public JoinBuilder<L, R> where(String... fields) {
        leftKeys = left.keyIndices(fields);
        return this;
    }

    public JoinedDataSet<L, R> equalTo(String... fields) {
        if (leftKeys == null) {
            throw new IllegalStateException("Call where(...) before equalTo(...)");
        }
        int[] rightKeys = right.keyIndices(fields);
        if (rightKeys.length != leftKeys.length) {
            throw new IllegalArgumentException("where(...) names " + leftKeys.length + " fields but equalTo(...) " + rightKeys.length);
        }
        JoinSchemas.checkKeys(left.node.schema, leftKeys, right.node.schema, rightKeys);
        JoinKind kind = JoinKind.valueOf(type.name());
        Schema out = JoinSchemas.output(left.node.schema, right.node.schema, kind);
        long estimate = switch (type) {
            case SEMI, ANTI -> left.node.estimatedRows / 2;
            default -> Math.max(left.node.estimatedRows, right.node.estimatedRows);
        };
        PlanNode node = new PlanNode(PlanNode.Kind.JOIN, type + " Join", List.of(left.node, right.node), out,
                new PlanNode.Join(type, leftKeys, rightKeys, hint), estimate);
        return new JoinedDataSet<>(left, right, node, type);
    }
}
