package io.basalt.runtime.operators;

import java.nio.file.Path;

import io.basalt.memory.MemoryPool;
import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.vectorops.Kernels;

/**
 * What the runtime gives one operator instance: identity, its memory pool, kernels, its output,
 * a spill directory and metrics. Used only by the task thread that runs the operator.
 */
public interface OperatorContext {
    /** The operator's name, as in plans and error messages. */
    String operatorName();

    /** This instance's index in {@code [0, parallelism)}. */
    int subtaskIndex();

    int parallelism();

    /** The operator's own pool; its limit is the operator's share of managed memory. */
    MemoryPool pool();

    /** The kernels of the job's execution mode. */
    Kernels kernels();

    /** Where emitted batches go. */
    Output output();

    ExecutionConfig config();

    /** The preferred number of rows per emitted batch. */
    default int batchRows() {
        return config().batchRows();
    }

    /** A fresh, unique path for a spill file in the job's spill directory (the file is not created). */
    Path newSpillFile(String purpose);

    OperatorMetrics metrics();

    /**
     * Publishes a value into the job's result under {@code key} (e.g. a sink's collected rows);
     * publishing the same key twice is an error.
     */
    void publishResult(String key, Object value);

    /** Throws {@link java.util.concurrent.CancellationException} when the job is being cancelled. */
    void checkCancelled();
}
