package io.basalt.examples.graph;

import static io.basalt.runtime.expr.Expr.col;

import io.basalt.api.dataset.AggCall;
import io.basalt.api.dataset.DataSet;
import io.basalt.api.dataset.DeltaIteration;

/**
 * Connected components as a native delta iteration: every vertex starts in its own component;
 * each superstep, vertices whose component id just dropped (the workset) offer it to their
 * neighbours, and a neighbour adopts the smallest offer below its current id. Only changed
 * vertices are in the next workset, so supersteps get cheaper as the graph converges.
 */
public final class ConnectedComponents {
    /** A vertex and the smallest vertex id known in its component. */
    public record Component(long id, long component) {}

    /** An undirected edge (give each once; both directions are used). */
    public record Edge(long src, long dst) {}

    private ConnectedComponents() {}

    public static DataSet<Component> components(DataSet<Long> vertices, DataSet<Edge> edges, int maxIterations) {
        DataSet<Component> initial = vertices.map(v -> new Component(v, v), Component.class);
        DataSet<Edge> bothWays = edges.union(edges.map(e -> new Edge(e.dst(), e.src()), Edge.class));
        DeltaIteration<Component, Component> iteration = initial.iterateDelta(initial, maxIterations, "id");
        DataSet<Component> candidates = iteration.getWorkset().join(bothWays).where("id").equalTo("src")
                .select(col("dst").as("id"), col("component"))
                .groupBy("id").agg(AggCall.min("component").as("component"))
                .as(Component.class);
        DataSet<Component> changed = candidates.join(iteration.getSolutionSet()).where("id").equalTo("id")
                .filter(col("component").lt(col("component_right")))
                .as(Component.class);
        return iteration.closeWith(changed, changed);
    }
}
