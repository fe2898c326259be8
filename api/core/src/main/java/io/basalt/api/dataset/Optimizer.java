package io.basalt.api.dataset;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.basalt.data.Schema;
import io.basalt.runtime.graph.ExchangeMode;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.iteration.IterationHeadOperator;
import io.basalt.runtime.iteration.IterationSync;
import io.basalt.runtime.iteration.IterationTailOperator;
import io.basalt.runtime.operators.basic.FirstNOperator;

/**
 * Turns the logical plan of a program's sinks into a {@link PhysicalPlan}: picks each operator's
 * parallelism, inserts exchanges where an operator needs a distribution its input does not have
 * (reusing an existing hash partitioning on the same keys), splits aggregations into a local
 * pre-aggregation and a final one, and chooses join strategies from size estimates. Single use.
 */
final class Optimizer {
    /** A broadcast join is chosen when the small side, copied to every subtask, is below this share of the other side. */
    static final double BROADCAST_RATIO = 0.5;

    private final int defaultParallelism;
    private final long memoryBytes;
    private final PhysicalPlan plan = new PhysicalPlan();
    private final Map<PlanNode, PhysicalPlan.Op> translated = new IdentityHashMap<>();
    private final Map<PlanNode, Integer> region = new IdentityHashMap<>();
    private final Map<PlanNode, IterationSync> solutionSets = new IdentityHashMap<>();
    private int iterations;

    Optimizer(int defaultParallelism, long memoryBytes) {
        this.defaultParallelism = defaultParallelism;
        this.memoryBytes = memoryBytes;
    }

    static PhysicalPlan optimize(List<PlanNode> sinks, int defaultParallelism, long memoryBytes) {
        Optimizer o = new Optimizer(defaultParallelism, memoryBytes);
        for (PlanNode sink : sinks) {
            o.translate(sink);
        }
        return o.plan;
    }

    private int parallelismOf(PlanNode node) {
        return node.parallelism > 0 ? node.parallelism : defaultParallelism;
    }

    PhysicalPlan.Op translate(PlanNode node) {
        PhysicalPlan.Op done = translated.get(node);
        if (done != null) {
            return done;
        }
        List<PhysicalPlan.Op> inputs = new ArrayList<>();
        for (PlanNode in : node.inputs) {
            inputs.add(solutionSets.containsKey(in) ? null : translate(in));
        }
        int savedIteration = plan.currentIteration;
        plan.currentIteration = region.getOrDefault(node, -1);
        PhysicalPlan.Op op = switch (node.kind) {
            case SOURCE -> {
                PlanNode.Simple s = (PlanNode.Simple) node.params;
                yield plan.add(s.factory(), s.forceParallelismOne() ? 1 : parallelismOf(node), null, node.estimatedRows);
            }
            case ROW, SINK -> simple(node, inputs.getFirst());
            case UNION -> union(node, inputs);
            case FIRST -> first(node, inputs.getFirst());
            case PARTITION -> partition(node, inputs.getFirst());
            case PLACEHOLDER -> throw new IllegalArgumentException("The " + ((PlanNode.Placeholder) node.params).role()
                    + " of an iteration can only be used inside that iteration's step function (before closeWith)");
            case BULK_ITERATION -> bulkIteration(node, inputs.getFirst());
            case DELTA_ITERATION -> deltaIteration(node, inputs.get(0), inputs.get(1));
            default -> Strategies.translate(this, node, inputs);
        };
        plan.currentIteration = savedIteration;
        translated.put(node, op);
        return op;
    }

    /** The solution set a placeholder node stands for, or null. */
    IterationSync solutionSetOf(PlanNode node) {
        return solutionSets.get(node);
    }

    /** Marks every node of a step function (those depending on one of the placeholders) as part of iteration {@code id}. */
    private boolean markRegion(PlanNode node, List<PlanNode> placeholders, int id, Map<PlanNode, Boolean> seen) {
        Boolean known = seen.get(node);
        if (known != null) {
            return known;
        }
        boolean in = placeholders.contains(node);
        for (PlanNode input : node.inputs) {
            in |= markRegion(input, placeholders, id, seen);
        }
        seen.put(node, in);
        if (in && !placeholders.contains(node)) {
            if (node.kind == PlanNode.Kind.BULK_ITERATION || node.kind == PlanNode.Kind.DELTA_ITERATION) {
                throw new IllegalArgumentException("Nested iterations are not supported");
            }
            region.put(node, id);
        }
        return in;
    }

    private PhysicalPlan.Op bulkIteration(PlanNode node, PhysicalPlan.Op initial) {
        PlanNode.BulkIteration b = (PlanNode.BulkIteration) node.params;
        int p = parallelismOf(node);
        int id = iterations++;
        IterationSync sync = new IterationSync(p, b.maxIterations(), b.criterion() != null, false, null, null);
        Map<PlanNode, Boolean> seen = new IdentityHashMap<>();
        markRegion(b.next(), List.of(b.partialSolution()), id, seen);
        if (b.criterion() != null) {
            markRegion(b.criterion(), List.of(b.partialSolution()), id, seen);
        }
        plan.currentIteration = id;
        PhysicalPlan.Op head = plan.add(IterationHeadOperator.factory("IterationHead(bulk, max " + b.maxIterations() + " supersteps)", sync), p, null,
                node.estimatedRows);
        head.head = true;
        plan.connect(initial, head, 0, ExchangeMode.FORWARD);
        translated.put(b.partialSolution(), head);
        closeStep(head, b.next(), sync, IterationTailOperator.Role.FEEDBACK, id, null);
        if (b.criterion() != null) {
            closeStep(head, b.criterion(), sync, IterationTailOperator.Role.CRITERION, id, null);
        }
        return head;
    }

    private PhysicalPlan.Op deltaIteration(PlanNode node, PhysicalPlan.Op initialSolution, PhysicalPlan.Op initialWorkset) {
        PlanNode.DeltaIteration d = (PlanNode.DeltaIteration) node.params;
        int p = parallelismOf(node);
        int id = iterations++;
        IterationSync sync = new IterationSync(p, d.maxIterations(), false, true, d.solutionSet().schema, d.keys());
        Map<PlanNode, Boolean> seen = new IdentityHashMap<>();
        markRegion(d.delta(), List.of(d.solutionSet(), d.workset()), id, seen);
        markRegion(d.nextWorkset(), List.of(d.solutionSet(), d.workset()), id, seen);
        plan.currentIteration = id;
        PhysicalPlan.Op head = plan.add(IterationHeadOperator.factory("IterationHead(delta, max " + d.maxIterations() + " supersteps, key "
                + names(d.solutionSet().schema, d.keys()) + ")", sync), p, null, node.estimatedRows);
        head.head = true;
        plan.connect(initialSolution, head, 0, ExchangeMode.HASH, d.keys());
        plan.connect(initialWorkset, head, 1, ExchangeMode.FORWARD);
        translated.put(d.workset(), head);
        solutionSets.put(d.solutionSet(), sync);
        closeStep(head, d.delta(), sync, IterationTailOperator.Role.SOLUTION_DELTA, id, d.keys());
        closeStep(head, d.nextWorkset(), sync, IterationTailOperator.Role.FEEDBACK, id, null);
        return head;
    }

    private void closeStep(PhysicalPlan.Op head, PlanNode result, IterationSync sync, IterationTailOperator.Role role, int id, int[] hashKeys) {
        PhysicalPlan.Op out = translate(result);
        if (out.iteration != id) {
            throw new IllegalArgumentException("The " + role.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + " of an iteration must be computed from its partial solution, workset or solution set");
        }
        int saved = plan.currentIteration;
        plan.currentIteration = id;
        PhysicalPlan.Op tail = plan.add(IterationTailOperator.factory(sync, role), head.parallelism, null, result.estimatedRows);
        plan.currentIteration = saved;
        if (hashKeys != null) {
            plan.connect(out, tail, 0, ExchangeMode.HASH, hashKeys);
        } else {
            plan.connect(out, tail, 0, ExchangeMode.FORWARD);
        }
        head.feedbackTails.add(tail);
    }

    /** The job's memory budget, for strategies that compare data sizes with memory. */
    long memoryBytes() {
        return memoryBytes;
    }

    PhysicalPlan plan() {
        return plan;
    }

    int parallelism(PlanNode node) {
        return parallelismOf(node);
    }

    private PhysicalPlan.Op simple(PlanNode node, PhysicalPlan.Op input) {
        PlanNode.Simple s = (PlanNode.Simple) node.params;
        int p = s.forceParallelismOne() ? 1 : node.parallelism > 0 ? node.parallelism : input.parallelism;
        List<String> keys = s.preservesPartitioning() && p == input.parallelism ? input.partitionKeys : null;
        PhysicalPlan.Op op = plan.add(s.factory(), p, keys, node.estimatedRows);
        plan.connect(input, op, 0, ExchangeMode.FORWARD);
        return op;
    }

    private PhysicalPlan.Op union(PlanNode node, List<PhysicalPlan.Op> inputs) {
        int p = parallelismOf(node);
        PhysicalPlan.Op op = plan.add(OperatorFactory.of("Union", 1, PassThrough::new), p, null, node.estimatedRows);
        for (PhysicalPlan.Op in : inputs) {
            plan.connect(in, op, 0, in.parallelism == p ? ExchangeMode.FORWARD : ExchangeMode.REBALANCE);
        }
        return op;
    }

    private PhysicalPlan.Op partition(PlanNode node, PhysicalPlan.Op input) {
        PlanNode.Partition pt = (PlanNode.Partition) node.params;
        int p = parallelismOf(node);
        List<String> keys = pt.mode() == ExchangeMode.HASH ? names(node.schema, pt.keys()) : null;
        PhysicalPlan.Op op = plan.add(OperatorFactory.of("Partition(" + pt.mode() + (pt.keys().length == 0 ? "" : " " + names(node.schema, pt.keys()))
                + ")", 1, PassThrough::new), p, keys, node.estimatedRows);
        switch (pt.mode()) {
            case RANGE -> plan.connectRange(input, op, 0, pt.keys(), pt.orders());
            case HASH -> plan.connect(input, op, 0, ExchangeMode.HASH, pt.keys());
            default -> plan.connect(input, op, 0, ExchangeMode.REBALANCE);
        }
        return op;
    }

    private PhysicalPlan.Op first(PlanNode node, PhysicalPlan.Op input) {
        long n = ((PlanNode.First) node.params).n();
        PhysicalPlan.Op local = plan.add(OperatorFactory.of("First(" + n + ", local)", 1, () -> new FirstNOperator(n)), input.parallelism, null,
                Math.min(n, node.estimatedRows));
        plan.connect(input, local, 0, ExchangeMode.FORWARD);
        PhysicalPlan.Op global = plan.add(OperatorFactory.of("First(" + n + ")", 1, () -> new FirstNOperator(n)), 1, null, Math.min(n, node.estimatedRows));
        plan.connect(local, global, 0, ExchangeMode.REBALANCE);
        return global;
    }

    /** Whether {@code op}'s output is hash partitioned on exactly the columns {@code keys} of {@code schema} at parallelism {@code p}. */
    static boolean partitionedOn(PhysicalPlan.Op op, Schema schema, int[] keys, int p) {
        if (op.partitionKeys == null || op.parallelism != p || op.partitionKeys.size() != keys.length) {
            return false;
        }
        for (int i = 0; i < keys.length; i++) {
            if (!op.partitionKeys.get(i).equals(schema.field(keys[i]).name())) {
                return false;
            }
        }
        return true;
    }

    static List<String> names(Schema schema, int[] keys) {
        List<String> names = new ArrayList<>();
        for (int k : keys) {
            names.add(schema.field(k).name());
        }
        return names;
    }
}
