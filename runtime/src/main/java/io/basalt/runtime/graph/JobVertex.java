package io.basalt.runtime.graph;

import java.util.List;
import java.util.stream.Collectors;

import io.basalt.runtime.operators.OperatorFactory;

/**
 * A node of the job graph: a chain of operators run by {@code parallelism} subtasks. The head
 * of the chain receives the vertex's inputs; every further operator consumes its predecessor's
 * output in the same thread. {@code iteration} is the id of the native iteration whose step
 * function the vertex belongs to (its tasks then run superstep by superstep), or -1. Immutable.
 */
public record JobVertex(int id, int parallelism, List<OperatorFactory> chain, int iteration) {
    /** A vertex outside any iteration. */
    public JobVertex(int id, int parallelism, List<OperatorFactory> chain) {
        this(id, parallelism, chain, -1);
    }

    public JobVertex {
        if (parallelism < 1) {
            throw new IllegalArgumentException("Parallelism must be at least 1, got " + parallelism + " for " + describe(chain));
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("A vertex needs at least one operator");
        }
        for (int i = 1; i < chain.size(); i++) {
            if (chain.get(i).inputCount() != 1) {
                throw new IllegalArgumentException("Only single-input operators can be chained, not " + chain.get(i).name());
            }
        }
        chain = List.copyOf(chain);
    }

    public boolean inIteration() {
        return iteration >= 0;
    }

    public OperatorFactory head() {
        return chain.getFirst();
    }

    public int inputCount() {
        return head().inputCount();
    }

    public String name() {
        return describe(chain);
    }

    private static String describe(List<OperatorFactory> chain) {
        return chain.stream().map(OperatorFactory::name).collect(Collectors.joining(" -> "));
    }
}
