package io.basalt.api.dataset;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.basalt.data.Schema;
import io.basalt.runtime.operators.OperatorFactory;

/**
 * A node of the logical plan a {@link DataSet} program builds: what to compute, not yet how. The
 * {@link Optimizer} turns these nodes into physical operators, exchanges and chains. Nodes are
 * immutable apart from the user-settable parallelism and name.
 */
final class PlanNode {
    private static final AtomicInteger IDS = new AtomicInteger();

    /** What a node does; each kind has its own parameter record. */
    enum Kind { SOURCE, ROW, AGGREGATE, DISTINCT, GROUP_REDUCE, JOIN, COGROUP, CROSS, SORT_PARTITION, UNION, FIRST, SINK, PARTITION, PLACEHOLDER, BULK_ITERATION, DELTA_ITERATION }

    final int id = IDS.incrementAndGet();
    final Kind kind;
    final List<PlanNode> inputs;
    final Schema schema;
    final Object params;
    String name;
    int parallelism = -1;
    final long estimatedRows;

    PlanNode(Kind kind, String name, List<PlanNode> inputs, Schema schema, Object params, long estimatedRows) {
        this.kind = kind;
        this.name = name;
        this.inputs = List.copyOf(inputs);
        this.schema = schema;
        this.params = params;
        this.estimatedRows = Math.max(1, estimatedRows);
    }

    PlanNode input() {
        return inputs.getFirst();
    }

    /** Parameters of SOURCE, ROW and SINK nodes: a ready operator and whether it keeps its input's partitioning. */
    record Simple(OperatorFactory factory, boolean preservesPartitioning, boolean forceParallelismOne) {}

    /** AGGREGATE: group keys (input column indices, possibly empty) and aggregate calls. */
    record Aggregate(int[] keys, List<AggCall> calls) {}

    /** DISTINCT over the given columns. */
    record Distinct(int[] keys) {}

    /** GROUP_REDUCE: keys (possibly empty: one group) and the user function with its element codecs. */
    record GroupReduce(int[] keys, io.basalt.runtime.types.RowCodec<?> in, io.basalt.runtime.types.RowCodec<?> out,
                       io.basalt.functions.GroupReduceFunction<?, ?> function) {}

    /** COGROUP: the keys of each input and the user function with its element codecs. */
    record CoGroup(int[] leftKeys, int[] rightKeys, io.basalt.runtime.types.RowCodec<?> left, io.basalt.runtime.types.RowCodec<?> right,
                   io.basalt.runtime.types.RowCodec<?> out, io.basalt.functions.CoGroupFunction<?, ?, ?> function) {}

    /** JOIN. */
    record Join(JoinType type, int[] leftKeys, int[] rightKeys, JoinHint hint) {}

    /** CROSS. */
    record Cross(CrossHint hint) {}

    /** SORT_PARTITION. */
    record SortPartition(int[] keys, List<io.basalt.vectorops.SortOrder> orders) {}

    /** PLACEHOLDER: the partial solution, workset or solution set inside a step function. */
    record Placeholder(String role) {}

    /** BULK_ITERATION: input 0 is the initial partial solution. */
    record BulkIteration(PlanNode partialSolution, PlanNode next, PlanNode criterion, int maxIterations) {}

    /** DELTA_ITERATION: input 0 the initial solution set, input 1 the initial workset. */
    record DeltaIteration(PlanNode solutionSet, PlanNode workset, PlanNode delta, PlanNode nextWorkset, int maxIterations, int[] keys) {}

    /** PARTITION: redistribute by HASH(keys), RANGE(keys, orders) or REBALANCE. */
    record Partition(io.basalt.runtime.graph.ExchangeMode mode, int[] keys, List<io.basalt.vectorops.SortOrder> orders) {}

    /** FIRST n. */
    record First(long n) {}

    @Override
    public String toString() {
        return name;
    }
}
