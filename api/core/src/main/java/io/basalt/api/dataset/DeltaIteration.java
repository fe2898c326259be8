package io.basalt.api.dataset;

import java.util.List;

import io.basalt.runtime.types.RowCodec;

/**
 * A delta iteration ({@link DataSet#iterateDelta}): a solution set keyed by {@code keys}, updated by
 * each superstep's delta, and a workset that drives the next superstep. The iteration ends when
 * the workset is empty or after {@code maxIterations} supersteps; its result is the solution set.
 * The solution set is read in the step function by joining with {@link #getSolutionSet()}.
 */
public final class DeltaIteration<S, W> {
    private final DataSet<S> initialSolution;
    private final DataSet<W> initialWorkset;
    private final int maxIterations;
    private final int[] keys;
    private final DataSet<S> solutionSet;
    private final DataSet<W> workset;
    private int parallelism = -1;

    DeltaIteration(DataSet<S> initialSolution, DataSet<W> initialWorkset, int maxIterations, int[] keys) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("iterateDelta needs maxIterations >= 1, got " + maxIterations);
        }
        this.initialSolution = initialSolution;
        this.initialWorkset = initialWorkset;
        this.maxIterations = maxIterations;
        this.keys = keys.clone();
        this.solutionSet = new DataSet<>(initialSolution.env, new PlanNode(PlanNode.Kind.PLACEHOLDER, "SolutionSet", List.of(),
                initialSolution.node.schema, new PlanNode.Placeholder("solution set"), initialSolution.node.estimatedRows), initialSolution.codec);
        this.workset = new DataSet<>(initialWorkset.env, new PlanNode(PlanNode.Kind.PLACEHOLDER, "Workset", List.of(), initialWorkset.node.schema,
                new PlanNode.Placeholder("workset"), initialWorkset.node.estimatedRows), initialWorkset.codec);
    }

    /** The solution set, to be joined with (inner or outer on the other side) inside the step function. */
    public DataSet<S> getSolutionSet() {
        return solutionSet;
    }

    public DataSet<W> getWorkset() {
        return workset;
    }

    public DeltaIteration<S, W> parallelism(int p) {
        this.parallelism = p;
        return this;
    }

    /** Ends the step: {@code delta} rows replace solution set rows with the same key; {@code nextWorkset} drives the next superstep. */
    public DataSet<S> closeWith(DataSet<S> delta, DataSet<W> nextWorkset) {
        if (!delta.node.schema.equals(solutionSet.node.schema)) {
            throw new IllegalArgumentException("The solution set delta must have the solution set's schema " + solutionSet.node.schema + ", but has "
                    + delta.node.schema);
        }
        if (!nextWorkset.node.schema.equals(workset.node.schema)) {
            throw new IllegalArgumentException("The next workset must have the workset's schema " + workset.node.schema + ", but has "
                    + nextWorkset.node.schema);
        }
        RowCodec<S> codec = initialSolution.codec;
        PlanNode it = new PlanNode(PlanNode.Kind.DELTA_ITERATION, "DeltaIteration(" + maxIterations + ")",
                List.of(initialSolution.node, initialWorkset.node), solutionSet.node.schema,
                new PlanNode.DeltaIteration(solutionSet.node, workset.node, delta.node, nextWorkset.node, maxIterations, keys),
                initialSolution.node.estimatedRows);
        it.parallelism = parallelism;
        return new DataSet<>(initialSolution.env, it, codec);
    }
}
