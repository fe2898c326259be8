package io.basalt.runtime.exec;

import io.basalt.memory.ByteSize;
import io.basalt.memory.MemoryManager;
import io.basalt.runtime.graph.JobGraph;

/**
 * The embedded local cluster: a coordinator and workers in this JVM sharing one
 * {@link MemoryManager}. It offers {@code slots} task slots; a job needs as many slots as its
 * largest vertex parallelism (the subtasks with one index share a slot, as in Flink's slot
 * sharing). Thread-safe; close it to release the memory manager.
 */
public final class LocalCluster implements AutoCloseable {
    private final int slots;
    private final MemoryManager memory;

    private LocalCluster(int slots, long memoryBudget) {
        this.slots = slots;
        this.memory = MemoryManager.create(memoryBudget);
    }

    /** A cluster with {@code slots} slots and {@code memoryBudget} bytes of managed memory. */
    public static LocalCluster start(int slots, long memoryBudget) {
        if (slots < 1) {
            throw new IllegalArgumentException("A cluster needs at least one slot, got " + slots);
        }
        return new LocalCluster(slots, memoryBudget);
    }

    public int slots() {
        return slots;
    }

    public MemoryManager memoryManager() {
        return memory;
    }

    /** Deploys and starts a job. */
    public JobExecution submit(JobGraph graph, ExecutionConfig config) {
        if (graph.maxParallelism() > slots) {
            throw new IllegalArgumentException("Job '" + graph.name() + "' needs " + graph.maxParallelism() + " slots but the local cluster has "
                    + slots + "; lower the parallelism or start the cluster with more slots");
        }
        if (config.memoryBytes() > memory.budget()) {
            throw new IllegalArgumentException("Job '" + graph.name() + "' asks for " + ByteSize.format(config.memoryBytes())
                    + " of memory but the cluster's budget is " + ByteSize.format(memory.budget()));
        }
        JobExecution job = new JobExecution(this, graph, config);
        job.start();
        return job;
    }

    /** Runs a job to completion. */
    public JobResult execute(JobGraph graph, ExecutionConfig config) throws InterruptedException {
        return submit(graph, config).await();
    }

    @Override
    public void close() {
        memory.close();
    }
}
