package io.basalt.runtime.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * A physical plan ready to run: vertices (operator chains with a parallelism) and the exchanges
 * between them. It must be acyclic and every input of every vertex must have at least one edge.
 * Built with {@link Builder}; immutable afterwards.
 */
public final class JobGraph {
    private final String name;
    private final List<JobVertex> vertices;
    private final List<JobEdge> edges;

    private JobGraph(String name, List<JobVertex> vertices, List<JobEdge> edges) {
        this.name = name;
        this.vertices = List.copyOf(vertices);
        this.edges = List.copyOf(edges);
        validate();
    }

    public String name() {
        return name;
    }

    public List<JobVertex> vertices() {
        return vertices;
    }

    public List<JobEdge> edges() {
        return edges;
    }

    public JobVertex vertex(int id) {
        return vertices.get(id);
    }

    public List<JobEdge> inputsOf(int vertex) {
        return edges.stream().filter(e -> e.target() == vertex).toList();
    }

    public List<JobEdge> outputsOf(int vertex) {
        return edges.stream().filter(e -> e.source() == vertex).toList();
    }

    public int maxParallelism() {
        return vertices.stream().mapToInt(JobVertex::parallelism).max().orElse(0);
    }

    private void validate() {
        for (JobEdge e : edges) {
            if (e.source() < 0 || e.source() >= vertices.size() || e.target() < 0 || e.target() >= vertices.size()) {
                throw new IllegalArgumentException("Edge " + e + " refers to a missing vertex");
            }
            JobVertex target = vertices.get(e.target());
            if (e.targetInput() < 0 || e.targetInput() >= target.inputCount()) {
                throw new IllegalArgumentException("Edge " + e + " feeds input " + e.targetInput() + " but " + target.name() + " has " + target.inputCount());
            }
            if (e.mode() == ExchangeMode.FORWARD && vertices.get(e.source()).parallelism() != target.parallelism()) {
                throw new IllegalArgumentException("FORWARD edge " + e + " joins vertices of different parallelism");
            }
        }
        for (JobVertex v : vertices) {
            for (int input = 0; input < v.inputCount(); input++) {
                int in = input;
                if (edges.stream().noneMatch(e -> e.target() == v.id() && e.targetInput() == in)) {
                    throw new IllegalArgumentException("Input " + input + " of " + v.name() + " has no edge");
                }
            }
        }
        // Edges must point from lower to higher ids; the builder hands out ids in creation order and
        // a consumer can only be created after its producers, so this also proves acyclicity.
        for (JobEdge e : edges) {
            if (e.source() >= e.target()) {
                throw new IllegalArgumentException("Edge " + e + " does not point forward; the graph must be acyclic");
            }
        }
    }

    /** Readable multi-line description of the vertices and edges. */
    public String describe() {
        StringBuilder sb = new StringBuilder("Job ").append(name).append('\n');
        for (JobVertex v : vertices) {
            sb.append("  [").append(v.id()).append("] ").append(v.name()).append("  (parallelism ").append(v.parallelism())
                    .append(v.inIteration() ? ", iteration " + v.iteration() : "").append(")\n");
            for (JobEdge e : inputsOf(v.id())) {
                sb.append("      <- ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Adds vertices in topological order and the edges between them. */
    public static final class Builder {
        private final String name;
        private final List<JobVertex> vertices = new ArrayList<>();
        private final List<JobEdge> edges = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Adds a vertex and returns its id. */
        public int addVertex(int parallelism, List<io.basalt.runtime.operators.OperatorFactory> chain) {
            return addVertex(parallelism, chain, -1);
        }

        /** Adds a vertex of the step function of iteration {@code iteration} (or -1 for none). */
        public int addVertex(int parallelism, List<io.basalt.runtime.operators.OperatorFactory> chain, int iteration) {
            vertices.add(new JobVertex(vertices.size(), parallelism, chain, iteration));
            return vertices.size() - 1;
        }

        public Builder addEdge(JobEdge edge) {
            edges.add(edge);
            return this;
        }

        public JobGraph build() {
            return new JobGraph(name, vertices, edges);
        }
    }
}
