package io.basalt.api.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.basalt.runtime.graph.ExchangeMode;
import io.basalt.runtime.graph.JobEdge;
import io.basalt.runtime.graph.JobGraph;
import io.basalt.runtime.operators.OperatorFactory;

/**
 * The optimizer's output before chaining: physical operators with a parallelism and the exchanges
 * between them, plus what each operator's output is partitioned by. {@link #toJobGraph} chains
 * operators connected by FORWARD edges (same parallelism, single consumer, single input) into one
 * vertex, so they run in one thread and hand batches over by method call.
 */
final class PhysicalPlan {
    /** One physical operator. {@code partitionKeys} names the hash partitioning of its output, or null. */
    static final class Op {
        final OperatorFactory factory;
        final int parallelism;
        final List<Input> inputs = new ArrayList<>();
        final List<String> partitionKeys;
        final long estimatedRows;
        final List<Op> consumers = new ArrayList<>();
        /** The iteration whose step function this operator belongs to, or -1. */
        int iteration = -1;
        /** Whether this is an iteration head (never chained with its consumers). */
        boolean head;
        /** For a head: the tails closing its step function (for explain). */
        final List<Op> feedbackTails = new ArrayList<>();

        Op(OperatorFactory factory, int parallelism, List<String> partitionKeys, long estimatedRows) {
            this.factory = factory;
            this.parallelism = parallelism;
            this.partitionKeys = partitionKeys;
            this.estimatedRows = estimatedRows;
        }

        @Override
        public String toString() {
            return factory.name();
        }
    }

    /** An input edge of an operator: from {@code source} into input {@code index}. */
    record Input(Op source, int index, ExchangeMode mode, int[] keys, List<io.basalt.vectorops.SortOrder> orders) {
        String describe() {
            return mode + (keys.length == 0 ? "" : Arrays.toString(keys)) + (orders == null || orders.isEmpty() ? "" : orders.toString());
        }
    }

    private final List<Op> ops = new ArrayList<>();
    /** The iteration that operators added now belong to (set by the optimizer while it translates a step function). */
    int currentIteration = -1;

    Op add(OperatorFactory factory, int parallelism, List<String> partitionKeys, long estimatedRows) {
        Op op = new Op(factory, parallelism, partitionKeys, estimatedRows);
        op.iteration = currentIteration;
        ops.add(op);
        return op;
    }

    void connect(Op source, Op target, int index, ExchangeMode mode, int... keys) {
        if (mode == ExchangeMode.FORWARD && source.parallelism != target.parallelism) {
            mode = ExchangeMode.REBALANCE;
        }
        target.inputs.add(new Input(source, index, mode, keys, null));
        source.consumers.add(target);
    }

    /** A RANGE exchange on {@code keys} in the given orders. */
    void connectRange(Op source, Op target, int index, int[] keys, List<io.basalt.vectorops.SortOrder> orders) {
        target.inputs.add(new Input(source, index, ExchangeMode.RANGE, keys, orders));
        source.consumers.add(target);
    }

    private static boolean chainable(Op op) {
        if (op.inputs.size() != 1 || op.factory.inputCount() != 1) {
            return false;
        }
        Input in = op.inputs.getFirst();
        if (in.source().head || in.source().iteration != op.iteration) {
            return false;
        }
        return in.mode() == ExchangeMode.FORWARD && in.source().parallelism == op.parallelism && in.source().consumers.size() == 1;
    }

    JobGraph toJobGraph(String name) {
        Map<Op, Integer> vertexOf = new IdentityHashMap<>();
        Map<Op, Op> headOf = new IdentityHashMap<>();
        JobGraph.Builder builder = JobGraph.builder(name);
        // ops were added in topological order (inputs before consumers)
        List<List<Op>> chains = new ArrayList<>();
        Map<Op, List<Op>> chainOf = new IdentityHashMap<>();
        for (Op op : ops) {
            if (chainable(op)) {
                List<Op> chain = chainOf.get(op.inputs.getFirst().source());
                chain.add(op);
                chainOf.put(op, chain);
            } else {
                List<Op> chain = new ArrayList<>();
                chain.add(op);
                chains.add(chain);
                chainOf.put(op, chain);
            }
        }
        for (List<Op> chain : chains) {
            int id = builder.addVertex(chain.getFirst().parallelism, chain.stream().map(o -> o.factory).toList(), chain.getFirst().iteration);
            for (Op o : chain) {
                vertexOf.put(o, id);
                headOf.put(o, chain.getFirst());
            }
        }
        for (List<Op> chain : chains) {
            Op head = chain.getFirst();
            for (Input in : head.inputs) {
                builder.addEdge(new JobEdge(vertexOf.get(in.source()), vertexOf.get(head), in.index(), in.mode(), in.keys(), in.orders(),
                        io.basalt.runtime.graph.PartitionType.PIPELINED));
            }
        }
        return builder.build();
    }

    /** An indented tree of the physical operators, sinks first. */
    String explain() {
        StringBuilder sb = new StringBuilder();
        for (Op op : ops) {
            if (op.consumers.isEmpty() && op.iteration < 0) {
                explain(op, null, 0, sb);
            }
        }
        return sb.toString();
    }

    private static void explain(Op op, Input via, int depth, StringBuilder sb) {
        sb.append("  ".repeat(depth));
        if (via != null) {
            sb.append(via.mode() == ExchangeMode.FORWARD ? "" : "[" + via.describe() + "] ");
        }
        sb.append(op.factory.name()).append("  (parallelism ").append(op.parallelism).append(", ~").append(op.estimatedRows).append(" rows")
                .append(op.iteration >= 0 && !op.head ? ", in iteration " + op.iteration : "").append(")\n");
        for (Input in : op.inputs) {
            explain(in.source(), in, depth + 1, sb);
        }
        if (op.head) {
            for (Op tail : op.feedbackTails) {
                sb.append("  ".repeat(depth + 1)).append("step function:\n");
                explain(tail, null, depth + 2, sb);
            }
        }
    }
}
