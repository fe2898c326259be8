package io.basalt.runtime.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.basalt.memory.MemoryPool;
import io.basalt.runtime.graph.ExchangeMode;
import io.basalt.runtime.graph.JobEdge;
import io.basalt.runtime.graph.JobGraph;
import io.basalt.runtime.graph.JobVertex;
import io.basalt.runtime.graph.PartitionType;
import io.basalt.vectorops.Kernels;

/**
 * One running job on a {@link LocalCluster}: its tasks (one thread each), the channels between
 * them, its memory pool tree (job, then task, then operator pools) and its spill directory. The
 * first task failure cancels every other task; clean-up waits for all threads, releases queued
 * batches, closes the pools (reporting leaks) and deletes spill files. Thread-safe.
 */
public final class JobExecution {
    private static final AtomicLong IDS = new AtomicLong();
    /** Share of the job's memory reserved for buffering operators; the rest serves batches in flight. */
    static final double MANAGED_FRACTION = 0.7;

    private final JobGraph graph;
    private final ExecutionConfig config;
    private final Kernels kernels;
    private final MemoryPool jobPool;
    private final Path spillDirectory;
    private final List<Task> tasks = new ArrayList<>();
    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Throwable> suppressed = new ArrayList<>();
    private final AtomicLong spillFiles = new AtomicLong();
    private volatile boolean cancelled;
    private long startNanos;

    JobExecution(LocalCluster cluster, JobGraph graph, ExecutionConfig config) {
        this.graph = graph;
        this.config = config;
        this.kernels = Kernels.forMode(config.mode());
        long id = IDS.incrementAndGet();
        this.jobPool = cluster.memoryManager().newPool("job" + id + "-" + sanitize(graph.name()), config.memoryBytes());
        try {
            Files.createDirectories(config.spillDirectory());
            this.spillDirectory = Files.createTempDirectory(config.spillDirectory(), "basalt-job" + id + "-");
        } catch (IOException e) {
            jobPool.close();
            throw new UncheckedIOException("Cannot create a spill directory in " + config.spillDirectory(), e);
        }
        try {
            createTasks();
            wireEdges();
        } catch (RuntimeException e) {
            cleanUp();
            throw e;
        }
    }

    private static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private void createTasks() {
        long totalWeight = 0;
        for (JobVertex v : graph.vertices()) {
            for (var f : v.chain()) {
                totalWeight += (long) f.memoryWeight() * v.parallelism();
            }
        }
        long managed = (long) (config.memoryBytes() * MANAGED_FRACTION);
        for (JobVertex v : graph.vertices()) {
            long[] limits = new long[v.chain().size()];
            for (int i = 0; i < limits.length; i++) {
                int w = v.chain().get(i).memoryWeight();
                limits[i] = w == 0 ? 0 : Math.max(256 << 10, managed * w / totalWeight);
            }
            for (int s = 0; s < v.parallelism(); s++) {
                MemoryPool taskPool = jobPool.newChild("v" + v.id() + "s" + s);
                tasks.add(new Task(this, v, s, taskPool, limits));
            }
        }
    }

    private Task task(int vertex, int subtask) {
        for (Task t : tasks) {
            if (t.vertex().id() == vertex && t.subtask() == subtask) {
                return t;
            }
        }
        throw new IllegalStateException("no task " + vertex + "/" + subtask);
    }

    private void wireEdges() {
        for (JobEdge e : graph.edges()) {
            JobVertex source = graph.vertex(e.source());
            JobVertex target = graph.vertex(e.target());
            boolean blocking = e.type() == PartitionType.BLOCKING;
            // Into a step function from outside: received once and replayed every superstep.
            boolean staticInput = target.inIteration() && source.iteration() != target.iteration();
            // Out of an iteration (only its head has such edges): the iteration's result.
            boolean result = source.inIteration() && source.iteration() != target.iteration();
            if (staticInput) {
                for (int c = 0; c < target.parallelism(); c++) {
                    task(e.target(), c).markStaticInput(e.targetInput());
                }
            }
            RangeBoundaries range = e.mode() == ExchangeMode.RANGE ? new RangeBoundaries(source.parallelism(), target.parallelism(), e.orders()) : null;
            for (int p = 0; p < source.parallelism(); p++) {
                Task producer = task(e.source(), p);
                LocalChannel[] channels;
                if (e.mode() == ExchangeMode.FORWARD) {
                    Task consumer = task(e.target(), p);
                    channels = new LocalChannel[] {new LocalChannel(consumer.mailbox(), e.targetInput(), blocking, config.exchangeCredits())};
                    consumer.addInputChannels(e.targetInput(), 1);
                } else {
                    channels = new LocalChannel[target.parallelism()];
                    for (int c = 0; c < channels.length; c++) {
                        Task consumer = task(e.target(), c);
                        channels[c] = new LocalChannel(consumer.mailbox(), e.targetInput(), blocking, config.exchangeCredits());
                        consumer.addInputChannels(e.targetInput(), 1);
                    }
                }
                PartitionWriter writer = range != null
                        ? new PartitionWriter(channels, e.keys(), p, producer.pool(), kernels, this::isCancelled, range)
                        : new PartitionWriter(e.mode(), channels, e.keys(), p, producer.pool(), kernels, this::isCancelled);
                if (result) {
                    producer.addResultWriter(writer);
                } else {
                    producer.addWriter(writer);
                }
            }
        }
    }

    void start() {
        startNanos = System.nanoTime();
        for (Task t : tasks) {
            Thread thread = Thread.ofPlatform().name("basalt-" + sanitize(graph.name()) + "-v" + t.vertex().id() + "." + t.subtask())
                    .daemon(true).unstarted(t);
            t.start(thread);
        }
    }

    /** Waits for the job and returns its result, or throws {@link JobExecutionException}. */
    public JobResult await() throws InterruptedException {
        for (Task t : tasks) {
            t.join();
        }
        long duration = System.nanoTime() - startNanos;
        List<OperatorStats> stats = collectStats();
        cleanUp();
        Throwable f = failure.get();
        if (f != null) {
            throw (JobExecutionException) f;
        }
        return new JobResult(graph.name(), duration, stats, new LinkedHashMap<>(results));
    }

    /** Cancels the job; {@link #await()} then fails with a cancellation. */
    public void cancel() {
        fail(new JobExecutionException(graph.name(), null, "Job '" + graph.name() + "' was cancelled", new CancellationException("cancelled")));
    }

    public JobGraph graph() {
        return graph;
    }

    boolean isCancelled() {
        return cancelled;
    }

    Kernels kernels() {
        return kernels;
    }

    ExecutionConfig config() {
        return config;
    }

    void taskFailed(Task task, String operator, Throwable t) {
        if (cancelled && (t instanceof CancellationException || t instanceof InterruptedException || t.getCause() instanceof InterruptedException)) {
            return; // a consequence of an earlier failure or cancellation
        }
        String message = "Job '" + graph.name() + "' failed: operator '" + operator + "' (subtask " + (task.subtask() + 1) + "/"
                + task.vertex().parallelism() + ") threw " + t;
        if (!fail(new JobExecutionException(graph.name(), operator, message, t))) {
            addSuppressed(t);
        }
    }

    private boolean fail(JobExecutionException e) {
        boolean first = failure.compareAndSet(null, e);
        cancelled = true;
        for (Task t : tasks) {
            t.cancel();
        }
        return first;
    }

    synchronized void addSuppressed(Throwable t) {
        suppressed.add(t);
    }

    void publishResult(String key, Object value) {
        if (results.putIfAbsent(key, value) != null) {
            throw new IllegalStateException("Result '" + key + "' was published twice");
        }
    }

    Path newSpillFile(String purpose) {
        return spillDirectory.resolve(purpose + "-" + spillFiles.incrementAndGet() + ".arrow");
    }

    private List<OperatorStats> collectStats() {
        List<OperatorStats> stats = new ArrayList<>();
        for (JobVertex v : graph.vertices()) {
            for (int i = 0; i < v.chain().size(); i++) {
                long in = 0, out = 0, files = 0, bytes = 0, rows = 0, peak = 0;
                for (Task t : tasks) {
                    if (t.vertex().id() == v.id()) {
                        var m = t.metrics(i);
                        in += m.rowsIn();
                        out += m.rowsOut();
                        files += m.spillFiles();
                        bytes += m.spilledBytes();
                        rows += m.spilledRows();
                        peak = Math.max(peak, m.peakMemory());
                    }
                }
                stats.add(new OperatorStats(v.id(), v.chain().get(i).name(), in, out, files, bytes, rows, peak));
            }
        }
        return stats;
    }

    private void cleanUp() {
        for (Task t : tasks) {
            t.drain();
        }
        List<Throwable> leaks = new ArrayList<>();
        for (Task t : tasks) {
            for (int i = 0; i < t.vertex().chain().size(); i++) {
                int before = leaks.size();
                closePool(t.operatorPool(i), leaks);
                if (leaks.size() > before) {
                    Throwable leak = leaks.removeLast();
                    leaks.add(new IllegalStateException("Operator '" + t.vertex().chain().get(i).name() + "' (subtask " + (t.subtask() + 1) + "/"
                            + t.vertex().parallelism() + ") did not release its memory: " + leak.getMessage(), leak));
                }
            }
            int before = leaks.size();
            closePool(t.pool(), leaks);
            if (leaks.size() > before) {
                Throwable leak = leaks.removeLast();
                leaks.add(new IllegalStateException("Batches sent by '" + t.vertex().name() + "' (subtask " + (t.subtask() + 1) + "/"
                        + t.vertex().parallelism() + ") were not released by their consumers: " + leak.getMessage(), leak));
            }
        }
        closePool(jobPool, leaks);
        deleteSpillDirectory();
        Throwable f = failure.get();
        if (f == null && !leaks.isEmpty()) {
            JobExecutionException e = new JobExecutionException(graph.name(), null,
                    "Job '" + graph.name() + "' finished but leaked memory: " + leaks.getFirst().getMessage(), leaks.getFirst());
            failure.compareAndSet(null, e);
            f = e;
            leaks.removeFirst();
        }
        if (f != null) {
            synchronized (this) {
                suppressed.forEach(f::addSuppressed);
                suppressed.clear();
            }
            leaks.forEach(f::addSuppressed);
        }
    }

    private static void closePool(MemoryPool pool, List<Throwable> leaks) {
        if (pool.isClosed()) {
            return;
        }
        try {
            pool.close();
        } catch (RuntimeException e) {
            leaks.add(e);
        }
    }

    private void deleteSpillDirectory() {
        if (spillDirectory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(spillDirectory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            addSuppressed(new UncheckedIOException("Cannot delete spill directory " + spillDirectory, e));
        }
    }
}
