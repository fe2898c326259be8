package io.basalt.examples.graph;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import io.basalt.api.dataset.ExecutionEnvironment;
import io.basalt.runtime.BasaltExample;
import io.basalt.runtime.ExampleContext;

/** {@code basalt run pagerank} and {@code basalt run connected-components} on generated random graphs. */
public final class GraphExamples {
    private GraphExamples() {}

    static int option(String[] args, String name, int defaultValue) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                try {
                    return Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " needs a whole number, got '" + args[i + 1] + "'");
                }
            }
            if (args[i].startsWith("--") && !List.of("--vertices", "--edges", "--iterations", "--parallelism").contains(args[i])) {
                throw new IllegalArgumentException("Unknown option " + args[i] + "; expected --vertices, --edges, --iterations or --parallelism");
            }
        }
        return defaultValue;
    }

    static ExecutionEnvironment env(ExampleContext context, String[] args) {
        ExecutionEnvironment env = ExecutionEnvironment.getExecutionEnvironment().setMemory(Long.toString(context.memoryBudgetBytes()));
        int p = option(args, "--parallelism", -1);
        if (p > 0) {
            env.setParallelism(p);
        }
        return env;
    }

    /** PageRank on a random graph. */
    public static final class PageRankExample implements BasaltExample {
        @Override
        public String name() {
            return "pagerank";
        }

        @Override
        public String description() {
            return "PageRank as a native bulk iteration on a random graph (--vertices, --edges, --iterations)";
        }

        @Override
        public int run(ExampleContext context, String[] args) throws Exception {
            int vertices = option(args, "--vertices", 10_000);
            int edges = option(args, "--edges", 100_000);
            int iterations = option(args, "--iterations", 10);
            ExecutionEnvironment env = env(context, args);
            SplittableRandom random = new SplittableRandom(7);
            List<PageRank.Link> links = new ArrayList<>(edges);
            for (int i = 0; i < edges; i++) {
                links.add(new PageRank.Link(random.nextInt(vertices), random.nextInt(vertices)));
            }
            List<PageRank.Rank> initial = LongStream.range(0, vertices).mapToObj(v -> new PageRank.Rank(v, 1.0 / vertices)).toList();
            List<PageRank.Rank> ranks = new ArrayList<>(PageRank.pageRank(env.fromCollection(initial, PageRank.Rank.class),
                    env.fromCollection(links, PageRank.Link.class), vertices, 0.85, iterations).collect());
            ranks.sort(Comparator.comparingDouble(PageRank.Rank::rank).reversed());
            PrintWriter out = context.out();
            out.printf("PageRank of %,d pages and %,d links after %d supersteps; the top 10:%n", vertices, edges, iterations);
            for (PageRank.Rank r : ranks.subList(0, Math.min(10, ranks.size()))) {
                out.printf("  page %-8d %.6e%n", r.id(), r.rank());
            }
            out.print(env.getLastJobExecutionResult().describeMetrics());
            out.flush();
            return 0;
        }
    }

    /** Connected components on a random graph. */
    public static final class ConnectedComponentsExample implements BasaltExample {
        @Override
        public String name() {
            return "connected-components";
        }

        @Override
        public String description() {
            return "Connected components as a native delta iteration on a random graph (--vertices, --edges)";
        }

        @Override
        public int run(ExampleContext context, String[] args) throws Exception {
            int vertices = option(args, "--vertices", 100_000);
            int edges = option(args, "--edges", 80_000);
            int iterations = option(args, "--iterations", 1000);
            ExecutionEnvironment env = env(context, args);
            SplittableRandom random = new SplittableRandom(11);
            List<ConnectedComponents.Edge> list = new ArrayList<>(edges);
            for (int i = 0; i < edges; i++) {
                list.add(new ConnectedComponents.Edge(random.nextInt(vertices), random.nextInt(vertices)));
            }
            List<ConnectedComponents.Component> result = ConnectedComponents.components(env.generateSequence(0, vertices - 1),
                    env.fromCollection(list, ConnectedComponents.Edge.class), iterations).collect();
            long components = result.stream().filter(c -> c.id() == c.component()).count();
            PrintWriter out = context.out();
            out.printf("%,d vertices and %,d edges form %,d connected components%n", vertices, edges, components);
            out.print(env.getLastJobExecutionResult().describeMetrics());
            out.flush();
            return 0;
        }
    }
}
