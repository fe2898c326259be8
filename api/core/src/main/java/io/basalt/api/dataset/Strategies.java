package io.basalt.api.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.basalt.data.Schema;
import io.basalt.functions.CoGroupFunction;
import io.basalt.functions.GroupReduceFunction;
import io.basalt.runtime.graph.ExchangeMode;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.agg.AggregateCall;
import io.basalt.runtime.operators.agg.DistinctOperator;
import io.basalt.runtime.operators.agg.HashAggregateOperator;
import io.basalt.runtime.operators.join.CrossOperator;
import io.basalt.runtime.operators.join.HashJoinOperator;
import io.basalt.runtime.operators.join.JoinKind;
import io.basalt.runtime.operators.join.JoinSchemas;
import io.basalt.runtime.operators.expr.ProjectionOperator;
import io.basalt.runtime.expr.Expr;
import io.basalt.runtime.iteration.IterationSync;
import io.basalt.runtime.iteration.SolutionSetJoinOperator;
import io.basalt.runtime.operators.sort.CoGroupOperator;
import io.basalt.runtime.operators.sort.GroupReduceOperator;
import io.basalt.runtime.operators.sort.SortMergeJoinOperator;
import io.basalt.runtime.operators.sort.SortOperator;
import io.basalt.runtime.types.RowCodec;

/**
 * Physical strategies for the operators that need data distributed by key: two-phase hash
 * aggregation and distinct, sort-based group reduce and co-group, join strategy selection
 * (broadcast hash, repartition hash, sort-merge) and cross products.
 */
final class Strategies {
    private Strategies() {}

    static PhysicalPlan.Op translate(Optimizer optimizer, PlanNode node, List<PhysicalPlan.Op> inputs) {
        return switch (node.kind) {
            case AGGREGATE -> aggregate(optimizer, node, inputs.getFirst());
            case DISTINCT -> distinct(optimizer, node, inputs.getFirst());
            case GROUP_REDUCE -> groupReduce(optimizer, node, inputs.getFirst());
            case COGROUP -> coGroup(optimizer, node, inputs.get(0), inputs.get(1));
            case JOIN -> join(optimizer, node, inputs.get(0), inputs.get(1));
            case CROSS -> cross(optimizer, node, inputs.get(0), inputs.get(1));
            case SORT_PARTITION -> sortPartition(optimizer, node, inputs.getFirst());
            default -> throw new IllegalStateException("No strategy for " + node.kind);
        };
    }

    /** {@code factory} with a note appended to its name (e.g. the exchange strategy the optimizer chose). */
    static OperatorFactory renamed(OperatorFactory factory, String note) {
        return OperatorFactory.of(factory.name() + " [" + note + "]", factory.inputCount(), factory.memoryWeight(), factory::create);
    }

    private static String keyNames(Schema schema, int[] keys) {
        return Optimizer.names(schema, keys).toString();
    }

    private static PhysicalPlan.Op aggregate(Optimizer optimizer, PlanNode node, PhysicalPlan.Op input) {
        PhysicalPlan plan = optimizer.plan();
        PlanNode.Aggregate a = (PlanNode.Aggregate) node.params;
        Schema in = node.input().schema;
        int[] keys = a.keys();
        List<AggregateCall> calls = new ArrayList<>();
        for (AggCall c : a.calls()) {
            calls.add(new AggregateCall(c.function(), c.field() == null ? -1 : in.indexOf(c.field()), c.name()));
        }
        int p = keys.length == 0 ? 1 : optimizer.parallelism(node);
        List<String> partitioning = keys.length == 0 ? null : Optimizer.names(in, keys);
        if (keys.length > 0 && Optimizer.partitionedOn(input, in, keys, p)) {
            PhysicalPlan.Op complete = plan.add(HashAggregateOperator.factory(in, keys, calls, HashAggregateOperator.Phase.COMPLETE), p, partitioning,
                    node.estimatedRows);
            plan.connect(input, complete, 0, ExchangeMode.FORWARD);
            return complete;
        }
        PhysicalPlan.Op partial = plan.add(HashAggregateOperator.factory(in, keys, calls, HashAggregateOperator.Phase.PARTIAL), input.parallelism, null,
                node.estimatedRows);
        plan.connect(input, partial, 0, ExchangeMode.FORWARD);
        int[] partialKeys = new int[keys.length];
        Arrays.setAll(partialKeys, i -> i);
        // FINAL takes the raw input's schema too; its input batches are PARTIAL's states, keys first
        PhysicalPlan.Op fin = plan.add(HashAggregateOperator.factory(in, keys, calls, HashAggregateOperator.Phase.FINAL), p, partitioning,
                node.estimatedRows);
        if (keys.length == 0) {
            plan.connect(partial, fin, 0, ExchangeMode.REBALANCE);
        } else {
            plan.connect(partial, fin, 0, ExchangeMode.HASH, partialKeys);
        }
        return fin;
    }

    private static PhysicalPlan.Op distinct(Optimizer optimizer, PlanNode node, PhysicalPlan.Op input) {
        PhysicalPlan plan = optimizer.plan();
        int[] keys = ((PlanNode.Distinct) node.params).keys();
        Schema in = node.input().schema;
        int p = optimizer.parallelism(node);
        List<String> partitioning = Optimizer.names(in, keys);
        if (Optimizer.partitionedOn(input, in, keys, p)) {
            PhysicalPlan.Op op = plan.add(DistinctOperator.factory(keys), p, partitioning, node.estimatedRows);
            plan.connect(input, op, 0, ExchangeMode.FORWARD);
            return op;
        }
        PhysicalPlan.Op local = plan.add(DistinctOperator.factory(keys), input.parallelism, null, node.estimatedRows);
        plan.connect(input, local, 0, ExchangeMode.FORWARD);
        int[] outKeys = new int[keys.length];
        Arrays.setAll(outKeys, i -> i);
        PhysicalPlan.Op global = plan.add(DistinctOperator.factory(outKeys), p, partitioning, node.estimatedRows);
        plan.connect(local, global, 0, ExchangeMode.HASH, outKeys);
        return global;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static PhysicalPlan.Op groupReduce(Optimizer optimizer, PlanNode node, PhysicalPlan.Op input) {
        PhysicalPlan plan = optimizer.plan();
        PlanNode.GroupReduce g = (PlanNode.GroupReduce) node.params;
        Schema in = node.input().schema;
        int[] keys = g.keys();
        int p = keys.length == 0 ? 1 : optimizer.parallelism(node);
        RowCodec inCodec = g.in();
        RowCodec outCodec = g.out();
        GroupReduceFunction fn = g.function();
        PhysicalPlan.Op op = plan.add(GroupReduceOperator.factory(inCodec, outCodec, keys, fn), p, null, node.estimatedRows);
        if (keys.length == 0) {
            plan.connect(input, op, 0, ExchangeMode.REBALANCE);
        } else if (Optimizer.partitionedOn(input, in, keys, p)) {
            plan.connect(input, op, 0, ExchangeMode.FORWARD);
        } else {
            plan.connect(input, op, 0, ExchangeMode.HASH, keys);
        }
        return op;
    }

    private static void hashInput(PhysicalPlan plan, PhysicalPlan.Op input, Schema schema, int[] keys, PhysicalPlan.Op target, int index, int p) {
        if (Optimizer.partitionedOn(input, schema, keys, p)) {
            plan.connect(input, target, index, ExchangeMode.FORWARD);
        } else {
            plan.connect(input, target, index, ExchangeMode.HASH, keys);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static PhysicalPlan.Op coGroup(Optimizer optimizer, PlanNode node, PhysicalPlan.Op left, PhysicalPlan.Op right) {
        PhysicalPlan plan = optimizer.plan();
        PlanNode.CoGroup c = (PlanNode.CoGroup) node.params;
        int p = optimizer.parallelism(node);
        RowCodec lc = c.left();
        RowCodec rc = c.right();
        RowCodec oc = c.out();
        CoGroupFunction fn = c.function();
        int[] lk = c.leftKeys();
        int[] rk = c.rightKeys();
        PhysicalPlan.Op op = plan.add(CoGroupOperator.factory(lc, rc, oc, lk, rk, fn), p, null, node.estimatedRows);
        hashInput(plan, left, node.inputs.get(0).schema, lk, op, 0, p);
        hashInput(plan, right, node.inputs.get(1).schema, rk, op, 1, p);
        return op;
    }

    /** The join strategy: which side to build from and whether to broadcast it. */
    enum JoinStrategy { BROADCAST_LEFT, BROADCAST_RIGHT, HASH_BUILD_LEFT, HASH_BUILD_RIGHT, SORT_MERGE }

    /** Estimated bytes per row of a schema: fixed widths, 24 bytes per string, a validity bit per column. */
    static long rowWidth(Schema schema) {
        long width = 0;
        for (var f : schema.fields()) {
            width += f.type().kind() == io.basalt.data.DataType.Kind.UTF8 ? 24 : Math.max(1, f.type().fixedWidth());
        }
        return width + (schema.size() + 7) / 8;
    }

    /**
     * Chooses a join strategy. Without a hint: broadcast a side that is much smaller than the other
     * even after copying it to every subtask; else repartition both sides, building the hash table
     * from the smaller one; but sort-merge when the smaller side per subtask is far larger than a
     * join's memory share, so a hash join would spill nearly everything (sorting spills in one pass).
     */
    static JoinStrategy chooseJoin(JoinType type, JoinHint hint, long leftRows, long rightRows, int parallelism) {
        return chooseJoin(type, hint, leftRows, rightRows, 0, 0, parallelism, Long.MAX_VALUE);
    }

    static JoinStrategy chooseJoin(JoinType type, JoinHint hint, long leftRows, long rightRows, long leftBytes, long rightBytes, int parallelism,
                                   long memoryBytes) {
        boolean canBroadcastLeft = type == JoinType.INNER || type == JoinType.RIGHT_OUTER;
        boolean canBroadcastRight = type == JoinType.INNER || type == JoinType.LEFT_OUTER || type == JoinType.SEMI || type == JoinType.ANTI;
        return switch (hint) {
            case BROADCAST_HASH_FIRST -> {
                if (!canBroadcastLeft) {
                    throw new IllegalArgumentException("BROADCAST_HASH_FIRST is not valid for a " + type + " join: the left side's unmatched rows would be emitted by every subtask");
                }
                yield JoinStrategy.BROADCAST_LEFT;
            }
            case BROADCAST_HASH_SECOND -> {
                if (!canBroadcastRight) {
                    throw new IllegalArgumentException("BROADCAST_HASH_SECOND is not valid for a " + type + " join");
                }
                yield JoinStrategy.BROADCAST_RIGHT;
            }
            case REPARTITION_HASH_FIRST -> JoinStrategy.HASH_BUILD_LEFT;
            case REPARTITION_HASH_SECOND -> JoinStrategy.HASH_BUILD_RIGHT;
            case REPARTITION_SORT_MERGE -> JoinStrategy.SORT_MERGE;
            case OPTIMIZER_CHOOSES -> {
                if (parallelism > 1 && canBroadcastRight && rightRows * parallelism < leftRows * Optimizer.BROADCAST_RATIO) {
                    yield JoinStrategy.BROADCAST_RIGHT;
                }
                if (parallelism > 1 && canBroadcastLeft && leftRows * parallelism < rightRows * Optimizer.BROADCAST_RATIO) {
                    yield JoinStrategy.BROADCAST_LEFT;
                }
                long smallerBytesPerSubtask = Math.min(leftBytes, rightBytes) / parallelism;
                long joinShare = (long) (memoryBytes * 0.7 / (2.0 * parallelism));
                if (smallerBytesPerSubtask > 8 * joinShare) {
                    yield JoinStrategy.SORT_MERGE;
                }
                yield leftRows <= rightRows ? JoinStrategy.HASH_BUILD_LEFT : JoinStrategy.HASH_BUILD_RIGHT;
            }
        };
    }

    private static PhysicalPlan.Op join(Optimizer optimizer, PlanNode node, PhysicalPlan.Op left, PhysicalPlan.Op right) {
        PhysicalPlan plan = optimizer.plan();
        PlanNode.Join j = (PlanNode.Join) node.params;
        IterationSync leftSolution = optimizer.solutionSetOf(node.inputs.get(0));
        IterationSync rightSolution = optimizer.solutionSetOf(node.inputs.get(1));
        if (leftSolution != null || rightSolution != null) {
            return solutionSetJoin(plan, node, j, leftSolution != null ? leftSolution : rightSolution, leftSolution != null, left, right);
        }
        Schema ls = node.inputs.get(0).schema;
        Schema rs = node.inputs.get(1).schema;
        int p = optimizer.parallelism(node);
        JoinKind kind = JoinKind.valueOf(j.type().name());
        int[] lk = j.leftKeys();
        int[] rk = j.rightKeys();
        JoinStrategy strategy = chooseJoin(j.type(), j.hint(), left.estimatedRows, right.estimatedRows, left.estimatedRows * rowWidth(ls),
                right.estimatedRows * rowWidth(rs), p, optimizer.memoryBytes());
        return switch (strategy) {
            case SORT_MERGE -> {
                PhysicalPlan.Op op = plan.add(SortMergeJoinOperator.factory(kind, ls, rs, lk, rk), p, null, node.estimatedRows);
                hashInput(plan, left, ls, lk, op, 0, p);
                hashInput(plan, right, rs, rk, op, 1, p);
                yield op;
            }
            case HASH_BUILD_LEFT, HASH_BUILD_RIGHT -> {
                boolean buildLeft = strategy == JoinStrategy.HASH_BUILD_LEFT;
                PhysicalPlan.Op op = plan.add(HashJoinOperator.factory(ls, rs, kind, lk, rk, buildLeft), p, Optimizer.names(ls, lk), node.estimatedRows);
                hashInput(plan, left, ls, lk, op, 0, p);
                hashInput(plan, right, rs, rk, op, 1, p);
                yield op;
            }
            case BROADCAST_LEFT, BROADCAST_RIGHT -> {
                boolean buildLeft = strategy == JoinStrategy.BROADCAST_LEFT;
                PhysicalPlan.Op probe = buildLeft ? right : left;
                int probeParallelism = probe.parallelism;
                PhysicalPlan.Op op = plan.add(renamed(HashJoinOperator.factory(ls, rs, kind, lk, rk, buildLeft), "broadcast " + (buildLeft ? "left" : "right")),
                        probeParallelism, probe.partitionKeys, node.estimatedRows);
                plan.connect(left, op, 0, buildLeft ? ExchangeMode.BROADCAST : ExchangeMode.FORWARD);
                plan.connect(right, op, 1, buildLeft ? ExchangeMode.FORWARD : ExchangeMode.BROADCAST);
                yield op;
            }
        };
    }

    /** A join of a data set with a delta iteration's solution set: looked up in the co-partitioned solution set, no build side. */
    private static PhysicalPlan.Op solutionSetJoin(PhysicalPlan plan, PlanNode node, PlanNode.Join j, IterationSync sync, boolean solutionLeft,
                                                   PhysicalPlan.Op left, PhysicalPlan.Op right) {
        int[] solutionKeys = solutionLeft ? j.leftKeys() : j.rightKeys();
        int[] probeKeys = solutionLeft ? j.rightKeys() : j.leftKeys();
        if (!Arrays.equals(solutionKeys, sync.solutionKeys())) {
            throw new IllegalArgumentException("A join with the solution set must use exactly the solution set's key fields "
                    + Optimizer.names(sync.solutionSchema(), sync.solutionKeys()) + ", not " + Optimizer.names(sync.solutionSchema(), solutionKeys));
        }
        boolean probePreserved = j.type() == (solutionLeft ? JoinType.RIGHT_OUTER : JoinType.LEFT_OUTER);
        if (j.type() != JoinType.INNER && !probePreserved) {
            throw new IllegalArgumentException("A " + j.type() + " join with the solution set is not supported: use an inner join or an outer join "
                    + "that keeps the other side's rows");
        }
        PhysicalPlan.Op probe = solutionLeft ? right : left;
        Schema probeSchema = node.inputs.get(solutionLeft ? 1 : 0).schema;
        JoinKind kind = probePreserved ? JoinKind.LEFT_OUTER : JoinKind.INNER;
        PhysicalPlan.Op op = plan.add(SolutionSetJoinOperator.factory(sync, probeSchema, probeKeys, kind), sync.parallelism(), null, node.estimatedRows);
        plan.connect(probe, op, 0, ExchangeMode.HASH, probeKeys);
        if (!solutionLeft) {
            return op;
        }
        // the operator emits probe columns first; reorder to solution-set-first and the node's names
        Schema produced = JoinSchemas.output(probeSchema, sync.solutionSchema(), kind);
        int probeColumns = probeSchema.size();
        int solutionColumns = sync.solutionSchema().size();
        List<Expr> exprs = new ArrayList<>();
        for (int i = 0; i < node.schema.size(); i++) {
            int from = i < solutionColumns ? probeColumns + i : i - solutionColumns;
            exprs.add(Expr.col(produced.field(from).name()).as(node.schema.field(i).name()));
        }
        PhysicalPlan.Op reorder = plan.add(ProjectionOperator.factory(produced, exprs), op.parallelism, null, node.estimatedRows);
        plan.connect(op, reorder, 0, ExchangeMode.FORWARD);
        return reorder;
    }

    private static PhysicalPlan.Op cross(Optimizer optimizer, PlanNode node, PhysicalPlan.Op left, PhysicalPlan.Op right) {
        PhysicalPlan plan = optimizer.plan();
        CrossHint hint = ((PlanNode.Cross) node.params).hint();
        boolean broadcastRight = switch (hint) {
            case WITH_TINY -> true;
            case WITH_HUGE -> false;
            case OPTIMIZER_CHOOSES -> right.estimatedRows <= left.estimatedRows;
        };
        PhysicalPlan.Op streamed = broadcastRight ? left : right;
        int buffered = broadcastRight ? 1 : 0;
        PhysicalPlan.Op op = plan.add(renamed(CrossOperator.factory(buffered), "broadcast " + (broadcastRight ? "right" : "left")),
                streamed.parallelism, null, node.estimatedRows);
        plan.connect(left, op, 0, broadcastRight ? ExchangeMode.FORWARD : ExchangeMode.BROADCAST);
        plan.connect(right, op, 1, broadcastRight ? ExchangeMode.BROADCAST : ExchangeMode.FORWARD);
        return op;
    }

    private static PhysicalPlan.Op sortPartition(Optimizer optimizer, PlanNode node, PhysicalPlan.Op input) {
        PhysicalPlan plan = optimizer.plan();
        PlanNode.SortPartition s = (PlanNode.SortPartition) node.params;
        int p = node.parallelism > 0 ? node.parallelism : input.parallelism;
        PhysicalPlan.Op op = plan.add(SortOperator.factory(s.keys(), s.orders(), -1), p, p == input.parallelism ? input.partitionKeys : null,
                node.estimatedRows);
        plan.connect(input, op, 0, ExchangeMode.FORWARD);
        return op;
    }
}
