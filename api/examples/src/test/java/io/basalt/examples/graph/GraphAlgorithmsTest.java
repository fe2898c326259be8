package io.basalt.examples.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.basalt.api.dataset.ExecutionEnvironment;
import io.basalt.examples.graph.ConnectedComponents.Component;
import io.basalt.examples.graph.ConnectedComponents.Edge;
import io.basalt.examples.graph.PageRank.Link;
import io.basalt.examples.graph.PageRank.Rank;

/** PageRank (bulk iteration) and connected components (delta iteration) against plain Java references. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GraphAlgorithmsTest {
    @Test
    void pageRankEqualsTheReference() throws Exception {
        int pages = 300;
        Random random = new Random(3);
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            long src = random.nextInt(pages);
            long dst = random.nextInt(pages);
            links.add(new Link(src, dst));
        }
        double damping = 0.85;
        int iterations = 12;
        List<Rank> initial = LongStream.range(0, pages).mapToObj(id -> new Rank(id, 1.0 / pages)).toList();
        ExecutionEnvironment env = ExecutionEnvironment.createLocalEnvironment(2).setBatchRows(100).setMemory("256m");
        List<Rank> ranks = PageRank.pageRank(env.fromCollection(initial, Rank.class), env.fromCollection(links, Link.class), pages, damping, iterations)
                .collect();
        double[] expected = referencePageRank(pages, links, damping, iterations);
        assertThat(ranks).hasSize(pages);
        for (Rank r : ranks) {
            assertThat(r.rank()).as("page %d", r.id()).isCloseTo(expected[(int) r.id()], offset(1e-12));
        }
    }

    private static double[] referencePageRank(int pages, List<Link> links, double damping, int iterations) {
        long[] degree = new long[pages];
        links.forEach(l -> degree[(int) l.src()]++);
        double[] rank = new double[pages];
        java.util.Arrays.fill(rank, 1.0 / pages);
        for (int it = 0; it < iterations; it++) {
            double[] received = new double[pages];
            for (Link l : links) {
                received[(int) l.dst()] += rank[(int) l.src()] / degree[(int) l.src()];
            }
            double[] next = new double[pages];
            for (int p = 0; p < pages; p++) {
                next[p] = (1 - damping) / pages + damping * received[p];
            }
            rank = next;
        }
        return rank;
    }

    @Test
    void connectedComponentsEqualUnionFind() throws Exception {
        int vertices = 2000;
        Random random = new Random(5);
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < 1400; i++) {
            edges.add(new Edge(random.nextInt(vertices), random.nextInt(vertices)));
        }
        ExecutionEnvironment env = ExecutionEnvironment.createLocalEnvironment(2).setBatchRows(128).setMemory("256m");
        List<Component> result = ConnectedComponents.components(env.generateSequence(0, vertices - 1), env.fromCollection(edges, Edge.class), 100)
                .collect();
        int[] parent = new int[vertices];
        for (int i = 0; i < vertices; i++) {
            parent[i] = i;
        }
        for (Edge e : edges) {
            int a = find(parent, (int) e.src());
            int b = find(parent, (int) e.dst());
            parent[Math.max(a, b)] = Math.min(a, b);
        }
        Map<Long, Long> expected = new HashMap<>();
        for (int v = 0; v < vertices; v++) {
            expected.put((long) v, (long) find(parent, v));
        }
        assertThat(result).hasSize(vertices);
        for (Component c : result) {
            assertThat(c.component()).as("vertex %d", c.id()).isEqualTo(expected.get(c.id()));
        }
    }

    private static int find(int[] parent, int v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    }
}
