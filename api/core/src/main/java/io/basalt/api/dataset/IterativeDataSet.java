package io.basalt.api.dataset;

import java.util.List;

/**
 * The partial solution of a bulk iteration ({@link DataSet#iterate}): transform it into the next
 * partial solution and close the loop with {@link #closeWith}. The step function runs natively
 * inside one job: its tasks stay deployed and run superstep after superstep; data sets from
 * outside the loop that the step reads are computed once and replayed each superstep.
 */
public final class IterativeDataSet<T> extends DataSet<T> {
    private final DataSet<T> initial;
    private final int maxIterations;

    IterativeDataSet(DataSet<T> initial, int maxIterations) {
        super(initial.env, new PlanNode(PlanNode.Kind.PLACEHOLDER, "PartialSolution", List.of(), initial.node.schema,
                new PlanNode.Placeholder("partial solution"), initial.node.estimatedRows), initial.codec);
        if (maxIterations < 1) {
            throw new IllegalArgumentException("iterate(n) needs n >= 1, got " + maxIterations);
        }
        this.initial = initial;
        this.maxIterations = maxIterations;
    }

    public int getMaxIterations() {
        return maxIterations;
    }

    /** Ends the step function: {@code next} becomes the partial solution of the next superstep. */
    public DataSet<T> closeWith(DataSet<T> next) {
        return close(next, null);
    }

    /**
     * Ends the step function with a termination criterion: the iteration also stops after the first
     * superstep in which {@code criterion} is empty.
     */
    public DataSet<T> closeWith(DataSet<T> next, DataSet<?> criterion) {
        return close(next, criterion);
    }

    private DataSet<T> close(DataSet<T> next, DataSet<?> criterion) {
        if (!next.node.schema.equals(node.schema)) {
            throw new IllegalArgumentException("The step function must produce the partial solution's schema " + node.schema + ", but produces "
                    + next.node.schema);
        }
        PlanNode it = new PlanNode(PlanNode.Kind.BULK_ITERATION, "BulkIteration(" + maxIterations + ")", List.of(initial.node), node.schema,
                new PlanNode.BulkIteration(node, next.node, criterion == null ? null : criterion.node, maxIterations), initial.node.estimatedRows);
        it.parallelism = node.parallelism;
        return new DataSet<>(env, it, codec);
    }
}
