package io.basalt.runtime.exec;

import java.util.List;
import java.util.Map;

import io.basalt.memory.ByteSize;

/**
 * The outcome of a finished job: its duration, per-operator statistics and the values published
 * by its sinks (for example collected rows), keyed by the name the sink published them under.
 */
public record JobResult(String jobName, long durationNanos, List<OperatorStats> operators, Map<String, Object> results) {
    public JobResult {
        operators = List.copyOf(operators);
        results = Map.copyOf(results);
    }

    /** A published value, or null. */
    public Object result(String key) {
        return results.get(key);
    }

    /** True when any operator spilled to disk. */
    public boolean spilled() {
        return operators.stream().anyMatch(OperatorStats::spilled);
    }

    /** Statistics of the operators whose name contains {@code text}. */
    public List<OperatorStats> operatorsNamed(String text) {
        return operators.stream().filter(o -> o.name().contains(text)).toList();
    }

    /** One line per operator: rows in/out, spilling and peak memory. */
    public String describeMetrics() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Job %s finished in %.1f ms%n", jobName, durationNanos / 1e6));
        for (OperatorStats o : operators) {
            sb.append(String.format("  [%d] %-60s in %,d rows, out %,d rows, peak memory %s", o.vertex(), o.name(), o.rowsIn(), o.rowsOut(),
                    ByteSize.format(o.peakMemory())));
            if (o.spilled()) {
                sb.append(String.format(", spilled %s (%,d rows) to %d files", ByteSize.format(o.spilledBytes()), o.spilledRows(), o.spillFiles()));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }
}
