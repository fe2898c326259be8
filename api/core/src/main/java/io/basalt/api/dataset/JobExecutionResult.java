package io.basalt.api.dataset;

import io.basalt.runtime.exec.JobResult;

/** What {@link ExecutionEnvironment#execute} returns: run time and per-operator metrics (rows, spilling, memory). */
public record JobExecutionResult(JobResult result) {
    public long getNetRuntimeMillis() {
        return result.durationNanos() / 1_000_000;
    }

    /** True when any operator spilled to disk. */
    public boolean spilled() {
        return result.spilled();
    }

    public String describeMetrics() {
        return result.describeMetrics();
    }
}
