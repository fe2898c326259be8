package io.basalt.benchmarks.tpch;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.sun.management.OperatingSystemMXBean;

import io.basalt.benchmarks.BenchmarkMain;
import io.basalt.examples.tpch.TpchQueries;

/**
 * Macro benchmark: TPC-H Q1 and Q6 on Basalt and on DuckDB (JDBC, in-memory) side by side in one
 * JVM, both limited to the same number of threads, over the same generated {@code lineitem}. Data
 * generation and loading happen once, before timing, for both engines. Per query: warm-up runs of
 * both, then measured runs alternating Basalt and DuckDB; reports median and minimum wall time of
 * each, the ratio of medians (Basalt / DuckDB), the median process CPU time of each engine's runs
 * (less sensitive to other load on a shared machine than wall time), and whether every result
 * agreed with DuckDB's ({@link TpchResultCheck}). A Basalt run is a whole user program: environment
 * and local cluster start, job, {@code collect()}; the job's own duration is reported beside it.
 *
 * <p>Run from the repository root after {@code ./mvnw -q -pl benchmarks -am package -DskipTests},
 * with a JDK 25 {@code java} (here {@code /usr/lib/jvm/temurin-25-jdk-amd64/bin/java}):
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.basalt.benchmarks.tpch.TpchVsDuckDbBenchmark \
 *     --sf 1 --runs 5 --warmup 3 --parallelism 2 --json tpch-vs-duckdb.json
 * </pre>
 * The JVM flags Basalt needs ({@code Basalt-Jvm-Flags} in the jar manifest: {@code --add-modules
 * jdk.incubator.vector}, native access, {@code java.nio} opens, unsafe memory access) are added by
 * re-launching the same {@code java} with them when the Vector API module is missing, keeping the
 * caller's own JVM options (e.g. {@code -Xmx}); passing them yourself avoids the second JVM:
 * {@code java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED
 * --add-opens=java.base/java.nio=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp ...}.
 * Options: {@code --sf} scale factor (1), {@code --runs} measured runs (5), {@code --warmup} (3;
 * Basalt's kernels keep getting faster for about 10 runs), {@code --parallelism} threads of each
 * engine (2), {@code --memory} Basalt's managed memory per job (2g), {@code --queries} (q1,q6),
 * {@code --json} result file, {@code --metrics} prints Basalt's plan and per-operator metrics of the
 * last run. At SF 1 the process needs about 3 GiB of memory (1.1 GiB of Basalt batches off-heap,
 * DuckDB's table) and a minute. Exits with 1 when results differ.
 */
public final class TpchVsDuckDbBenchmark {
    /** CPU time of the whole process: both engines' threads, DuckDB's native ones included. */
    private static final OperatingSystemMXBean PROCESS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private TpchVsDuckDbBenchmark() {}

    record Options(double scaleFactor, int runs, int warmup, int parallelism, String memory, List<String> queries, Path json, boolean metrics) {
        static Options parse(String[] args) {
            double sf = 1;
            int runs = 5;
            int warmup = 3;
            int parallelism = 2;
            String memory = "2g";
            List<String> queries = List.of("q1", "q6");
            Path json = null;
            boolean metrics = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--metrics")) {
                    metrics = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Option " + a + " needs a value (" + USAGE + ")");
                }
                String v = args[++i];
                switch (a) {
                    case "--sf" -> sf = Double.parseDouble(v);
                    case "--runs" -> runs = Integer.parseInt(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--parallelism" -> parallelism = Integer.parseInt(v);
                    case "--memory" -> memory = v;
                    case "--queries" -> queries = Arrays.stream(v.toLowerCase(Locale.ROOT).split(",")).map(String::trim).toList();
                    case "--json" -> json = Path.of(v);
                    default -> throw new IllegalArgumentException("Unknown option " + a + " (" + USAGE + ")");
                }
            }
            if (!(sf > 0) || runs < 1 || warmup < 0 || parallelism < 1) {
                throw new IllegalArgumentException("Need --sf > 0, --runs >= 1, --warmup >= 0 and --parallelism >= 1");
            }
            for (String q : queries) {
                if (!q.equals("q1") && !q.equals("q6")) {
                    throw new IllegalArgumentException("Unknown query " + q + "; this benchmark runs q1 and q6");
                }
            }
            return new Options(sf, runs, warmup, parallelism, memory, queries, json, metrics);
        }
    }

    private static final String USAGE = "options: --sf 1 --runs 5 --warmup 3 --parallelism 2 --memory 2g --queries q1,q6 --json FILE --metrics";

    /** One engine's way to run one query. */
    @FunctionalInterface
    interface QueryRun {
        List<Object[]> run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            System.exit(relaunchWithBasaltFlags(args));
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf("TPC-H SF %s, %d threads per engine, %d warm-up + %d measured runs; JVM %s, %d cores%n", options.scaleFactor(),
                options.parallelism(), options.warmup(), options.runs(), Runtime.version(), Runtime.getRuntime().availableProcessors());
        long budget = Math.max(64L << 20, (long) (options.scaleFactor() * (2048L << 20)));
        try (InMemoryLineItem lineitem = InMemoryLineItem.generate(options.scaleFactor(), 16_384, options.parallelism(), budget);
                DuckDbTpch duckDb = DuckDbTpch.open(options.parallelism())) {
            System.out.printf("Basalt: generated %,d lineitem rows in %,d batches (%,d MiB off-heap) in %.1f s%n", lineitem.rows(),
                    lineitem.batchCount(), lineitem.bytes() >> 20, lineitem.buildNanos() / 1e9);
            duckDb.load(options.scaleFactor());
            System.out.printf("DuckDB: generated and appended %,d rows in %.1f s%n", duckDb.rows(), duckDb.loadNanos() / 1e9);
            if (duckDb.rows() != lineitem.rows()) {
                throw new IllegalStateException("The engines hold different row counts: Basalt " + lineitem.rows() + ", DuckDB " + duckDb.rows());
            }
            BasaltTpch basalt = new BasaltTpch(lineitem, options.parallelism(), options.memory());
            List<QueryTiming> timings = new ArrayList<>();
            for (String q : options.queries()) {
                boolean isQ1 = q.equals("q1");
                QueryTiming t = measure(q.toUpperCase(Locale.ROOT), options, isQ1 ? basalt::q1 : basalt::q6, isQ1 ? duckDb::q1 : duckDb::q6, basalt);
                timings.add(t);
                if (options.metrics()) {
                    System.out.println(basalt.explain(isQ1 ? TpchQueries::q1 : TpchQueries::q6));
                    System.out.println(basalt.lastJob().describeMetrics());
                }
            }
            String table = BenchmarkReport.markdown(timings);
            System.out.println();
            System.out.print(table);
            if (options.json() != null) {
                Files.writeString(options.json(), BenchmarkReport.json(options, lineitem.rows(), lineitem.buildNanos(), duckDb.loadNanos(), timings));
                System.out.println("Wrote " + options.json().toAbsolutePath());
            }
            if (timings.stream().anyMatch(t -> !t.mismatches().isEmpty())) {
                System.exit(1);
            }
        }
    }

    private static QueryTiming measure(String query, Options options, QueryRun basalt, QueryRun duckDb, BasaltTpch basaltEngine) throws Exception {
        List<Object[]> expected = duckDb.run();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < options.warmup(); i++) {
            check(query, expected, basalt.run(), mismatches);
            duckDb.run();
        }
        Samples basaltSamples = new Samples(options.runs());
        Samples duckDbSamples = new Samples(options.runs());
        long[] basaltJobNanos = new long[options.runs()];
        for (int i = 0; i < options.runs(); i++) {
            // Alternate which engine goes first, so neither always runs on the other's leftovers.
            if (i % 2 == 0) {
                time(query, expected, basalt, mismatches, basaltSamples, i);
                time(query, expected, duckDb, mismatches, duckDbSamples, i);
            } else {
                time(query, expected, duckDb, mismatches, duckDbSamples, i);
                time(query, expected, basalt, mismatches, basaltSamples, i);
            }
            basaltJobNanos[i] = basaltEngine.lastJob().result().durationNanos();
        }
        QueryTiming t = new QueryTiming(query, basaltSamples.wall, basaltJobNanos, duckDbSamples.wall, basaltSamples.cpu, duckDbSamples.cpu,
                List.copyOf(mismatches));
        System.out.printf("%s: Basalt median %.1f ms (job %.1f ms, CPU %.1f ms), DuckDB median %.1f ms (CPU %.1f ms), ratio %.2f (CPU %.2f), results %s%n",
                query, t.basaltMedianMs(), t.basaltJobMedianMs(), t.basaltCpuMedianMs(), t.duckDbMedianMs(), t.duckDbCpuMedianMs(), t.ratio(), t.cpuRatio(),
                mismatches.isEmpty() ? "agree" : "DIFFER");
        mismatches.stream().distinct().limit(20).forEach(m -> System.out.println("  " + m));
        return t;
    }

    /** Wall and process CPU nanoseconds of each measured run of one engine. */
    private record Samples(long[] wall, long[] cpu) {
        Samples(int runs) {
            this(new long[runs], new long[runs]);
        }
    }

    private static void time(String query, List<Object[]> expected, QueryRun engine, List<String> mismatches, Samples samples, int run)
            throws Exception {
        long cpuStart = PROCESS.getProcessCpuTime();
        long start = System.nanoTime();
        List<Object[]> result = engine.run();
        samples.wall()[run] = System.nanoTime() - start;
        samples.cpu()[run] = PROCESS.getProcessCpuTime() - cpuStart;
        check(query, expected, result, mismatches);
    }

    private static void check(String query, List<Object[]> expected, List<Object[]> actual, List<String> mismatches) {
        mismatches.addAll(query.equals("Q1") ? TpchResultCheck.compareQ1(expected, actual) : TpchResultCheck.compareQ6(expected, actual));
    }

    /** Runs this class again in a JVM with Basalt's flags from the jar manifest, and the caller's own JVM options. */
    private static int relaunchWithBasaltFlags(String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of(BenchmarkMain.jvmFlags()));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TpchVsDuckDbBenchmark.class.getName());
        command.addAll(List.of(args));
        System.err.println("Re-launching with Basalt's JVM flags: " + String.join(" ", command));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
