package io.basalt.api.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.basalt.data.Schema;
import io.basalt.memory.ByteSize;
import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.exec.JobResult;
import io.basalt.runtime.exec.LocalCluster;
import io.basalt.runtime.graph.JobGraph;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.basic.CollectionSource;
import io.basalt.runtime.operators.basic.SequenceSource;
import io.basalt.runtime.types.RowCodec;
import io.basalt.vectorops.ExecutionMode;

/**
 * The entry point of a batch program, as in Flink: create data sets from collections, sequences
 * and files, transform them, then {@link #execute} the program (or call {@code collect()} /
 * {@code print()}, which execute at once). Programs run on an embedded local cluster with
 * {@link #getParallelism()} slots. Not thread-safe; one program per environment at a time.
 *
 * <p>Defaults come from system properties: {@code basalt.parallelism} (default: the number of
 * cores), {@code basalt.memory.budget} (default 512m), {@code basalt.execution.mode} (default auto),
 * {@code basalt.batch.rows} (default 16384) and {@code basalt.spill.dir} (default the temp directory).
 */
public final class ExecutionEnvironment {
    private static final AtomicInteger SINK_IDS = new AtomicInteger();

    private ExecutionConfig config;
    private final List<PlanNode> pendingSinks = new ArrayList<>();
    private JobExecutionResult lastResult;

    private ExecutionEnvironment(ExecutionConfig config) {
        this.config = config;
    }

    /** The environment of this JVM: an embedded local cluster configured from system properties. */
    public static ExecutionEnvironment getExecutionEnvironment() {
        ExecutionConfig c = ExecutionConfig.defaults();
        String p = System.getProperty("basalt.parallelism");
        if (p != null) {
            c = c.withParallelism(Integer.parseInt(p.trim()));
        }
        String m = System.getProperty("basalt.memory.budget");
        if (m != null) {
            c = c.withMemoryBytes(ByteSize.parse(m));
        }
        String mode = System.getProperty("basalt.execution.mode");
        if (mode != null) {
            c = c.withMode(ExecutionMode.parse(mode));
        }
        String rows = System.getProperty("basalt.batch.rows");
        if (rows != null) {
            c = c.withBatchRows(Integer.parseInt(rows.trim()));
        }
        String spill = System.getProperty("basalt.spill.dir");
        if (spill != null) {
            c = c.withSpillDirectory(Path.of(spill));
        }
        return new ExecutionEnvironment(c);
    }

    /** A local environment with the given default parallelism. */
    public static ExecutionEnvironment createLocalEnvironment(int parallelism) {
        return getExecutionEnvironment().setParallelism(parallelism);
    }

    public ExecutionEnvironment setParallelism(int parallelism) {
        config = config.withParallelism(parallelism);
        return this;
    }

    public int getParallelism() {
        return config.parallelism();
    }

    /** The managed memory of each job, e.g. {@code "256m"}; buffering operators spill beyond their share. */
    public ExecutionEnvironment setMemory(String size) {
        config = config.withMemoryBytes(ByteSize.parse(size));
        return this;
    }

    public ExecutionEnvironment setExecutionMode(ExecutionMode mode) {
        config = config.withMode(mode);
        return this;
    }

    public ExecutionEnvironment setBatchRows(int rows) {
        config = config.withBatchRows(rows);
        return this;
    }

    public ExecutionEnvironment setSpillDirectory(Path dir) {
        config = config.withSpillDirectory(dir);
        return this;
    }

    public ExecutionConfig getConfig() {
        return config;
    }

    // ------------------------------------------------------------------ sources

    /** A data set of the elements of {@code data}, which may be records, POJOs or single values. */
    public <T> DataSet<T> fromCollection(Collection<T> data, Class<T> type) {
        List<T> copy = List.copyOf(data);
        RowCodec<T> codec = RowCodec.of(type);
        return source(OperatorFactory.of("Collection(" + type.getSimpleName() + ", " + copy.size() + ")", 0,
                () -> new CollectionSource<>(copy, codec)), codec, copy.size(), false);
    }

    /** A data set of the given elements (their class is taken from the first one). */
    @SafeVarargs
    @SuppressWarnings("unchecked")
    public final <T> DataSet<T> fromElements(T... elements) {
        if (elements.length == 0) {
            throw new IllegalArgumentException("fromElements needs at least one element (use fromCollection with a class for empty data)");
        }
        List<T> list = new ArrayList<>(elements.length);
        for (T e : elements) {
            list.add(e);
        }
        return fromCollection(list, (Class<T>) list.getFirst().getClass());
    }

    /** The numbers {@code from..to}, inclusive, split evenly over the parallel instances. */
    public DataSet<Long> generateSequence(long from, long to) {
        return source(OperatorFactory.of("Sequence(" + from + ".." + to + ")", 0, () -> new SequenceSource(from, to)),
                RowCodec.of(Long.class), to - from + 1, false);
    }

    /** The lines of a text file, or of every file in a directory, without line terminators. */
    public DataSet<String> readTextFile(String path) {
        Path p = Path.of(path);
        return source(io.basalt.runtime.operators.io.TextSource.factory(p), RowCodec.of(String.class), CsvReader.estimateRows(p), false);
    }

    /** Starts reading a CSV file or directory; finish with {@code as(MyRecord.class)} or {@code schema(...)}. */
    public CsvReader readCsvFile(String path) {
        return new CsvReader(this, Path.of(path));
    }

    /**
     * A data set produced by a custom source operator whose batches have {@code codec}'s schema.
     * The extension point for connectors and generators.
     */
    public <T> DataSet<T> fromSource(OperatorFactory source, RowCodec<T> codec, long estimatedRows) {
        return source(source, codec, estimatedRows, false);
    }

    /** A data set of untyped rows produced by a custom source operator. */
    public DataSet<io.basalt.runtime.types.Row> fromSource(OperatorFactory source, Schema schema, long estimatedRows) {
        return source(source, RowCodec.rows(schema), estimatedRows, false);
    }

    <T> DataSet<T> source(OperatorFactory factory, RowCodec<T> codec, long estimate, boolean single) {
        PlanNode node = new PlanNode(PlanNode.Kind.SOURCE, factory.name(), List.of(), codec.schema(),
                new PlanNode.Simple(factory, false, single), estimate);
        return new DataSet<>(this, node, codec);
    }

    // ------------------------------------------------------------------ execution

    void addSink(PlanNode sink) {
        pendingSinks.add(sink);
    }

    static String newSinkKey() {
        return "sink-" + SINK_IDS.incrementAndGet();
    }

    /** Runs every sink defined since the last execution (writeAsCsv, output, ...). */
    public JobExecutionResult execute(String jobName) throws Exception {
        if (pendingSinks.isEmpty()) {
            throw new IllegalStateException("No sinks defined: add writeAsCsv/writeAsText/output before execute(), or use collect()/print()");
        }
        List<PlanNode> sinks = List.copyOf(pendingSinks);
        pendingSinks.clear();
        return run(jobName, sinks);
    }

    public JobExecutionResult execute() throws Exception {
        return execute("Basalt job");
    }

    JobExecutionResult run(String jobName, List<PlanNode> sinks) throws Exception {
        PhysicalPlan physical = Optimizer.optimize(sinks, config.parallelism(), config.memoryBytes());
        JobGraph graph = physical.toJobGraph(jobName);
        int slots = Math.max(graph.maxParallelism(), config.parallelism());
        try (LocalCluster cluster = LocalCluster.start(slots, config.memoryBytes())) {
            JobResult result = cluster.execute(graph, config);
            lastResult = new JobExecutionResult(result);
            return lastResult;
        }
    }

    /** The result of the last job this environment ran (including collect/print), or null. */
    public JobExecutionResult getLastJobExecutionResult() {
        return lastResult;
    }

    /** The optimized physical plan of the pending sinks, as an indented tree. */
    public String explain() {
        return Optimizer.optimize(List.copyOf(pendingSinks), config.parallelism(), config.memoryBytes()).explain();
    }

    String explain(List<PlanNode> sinks) {
        return Optimizer.optimize(sinks, config.parallelism(), config.memoryBytes()).explain();
    }
}
