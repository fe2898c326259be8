package io.basalt.runtime.exec;

import java.nio.file.Path;

import io.basalt.memory.ByteSize;
import io.basalt.vectorops.ExecutionMode;

/**
 * Settings of one job run. Immutable; change with the {@code with*} methods.
 *
 * @param parallelism    default parallelism of operators that do not set their own
 * @param batchRows      preferred rows per batch
 * @param mode           kernel backend
 * @param memoryBytes    the job's managed memory budget; buffering operators share it and spill beyond it
 * @param exchangeCredits batches in flight per channel of a pipelined exchange before the producer waits
 * @param spillDirectory where spill files go (a job directory is created inside and removed afterwards)
 */
public record ExecutionConfig(int parallelism, int batchRows, ExecutionMode mode, long memoryBytes, int exchangeCredits,
                              Path spillDirectory) {
    public static final int DEFAULT_BATCH_ROWS = 16 * 1024;

    public ExecutionConfig {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("batch rows must be at least 1, got " + batchRows);
        }
        if (memoryBytes < 1 << 20) {
            throw new IllegalArgumentException("job memory must be at least 1m, got " + ByteSize.format(memoryBytes));
        }
        if (exchangeCredits < 1) {
            throw new IllegalArgumentException("exchange credits must be at least 1, got " + exchangeCredits);
        }
    }

    /** Parallelism = available cores, 16K-row batches, AUTO kernels, 512 MiB, 4 credits, the temp directory. */
    public static ExecutionConfig defaults() {
        return new ExecutionConfig(Runtime.getRuntime().availableProcessors(), DEFAULT_BATCH_ROWS, ExecutionMode.AUTO,
                512L << 20, 4, Path.of(System.getProperty("java.io.tmpdir")));
    }

    public ExecutionConfig withParallelism(int value) {
        return new ExecutionConfig(value, batchRows, mode, memoryBytes, exchangeCredits, spillDirectory);
    }

    public ExecutionConfig withBatchRows(int value) {
        return new ExecutionConfig(parallelism, value, mode, memoryBytes, exchangeCredits, spillDirectory);
    }

    public ExecutionConfig withMode(ExecutionMode value) {
        return new ExecutionConfig(parallelism, batchRows, value, memoryBytes, exchangeCredits, spillDirectory);
    }

    public ExecutionConfig withMemoryBytes(long value) {
        return new ExecutionConfig(parallelism, batchRows, mode, value, exchangeCredits, spillDirectory);
    }

    public ExecutionConfig withExchangeCredits(int value) {
        return new ExecutionConfig(parallelism, batchRows, mode, memoryBytes, value, spillDirectory);
    }

    public ExecutionConfig withSpillDirectory(Path value) {
        return new ExecutionConfig(parallelism, batchRows, mode, memoryBytes, exchangeCredits, value);
    }
}
