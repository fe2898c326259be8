package io.basalt.benchmarks.tpch;

import java.util.Arrays;
import java.util.List;

/**
 * Measurements of one query on both engines, per run in nanoseconds: wall time, Basalt's job
 * duration (without environment start-up), and the CPU time the whole process used during the run
 * (all threads, DuckDB's native ones included; robust against other load on a shared machine); and
 * the result differences found, if any.
 */
public record QueryTiming(String query, long[] basaltNanos, long[] basaltJobNanos, long[] duckDbNanos, long[] basaltCpuNanos, long[] duckDbCpuNanos,
        List<String> mismatches) {
    public double basaltMedianMs() {
        return medianMs(basaltNanos);
    }

    public double basaltMinMs() {
        return Arrays.stream(basaltNanos).min().orElseThrow() / 1e6;
    }

    public double basaltJobMedianMs() {
        return medianMs(basaltJobNanos);
    }

    public double duckDbMedianMs() {
        return medianMs(duckDbNanos);
    }

    public double duckDbMinMs() {
        return Arrays.stream(duckDbNanos).min().orElseThrow() / 1e6;
    }

    public double basaltCpuMedianMs() {
        return medianMs(basaltCpuNanos);
    }

    public double duckDbCpuMedianMs() {
        return medianMs(duckDbCpuNanos);
    }

    /** Basalt's median CPU time over DuckDB's. */
    public double cpuRatio() {
        return basaltCpuMedianMs() / duckDbCpuMedianMs();
    }

    /** Basalt's median over DuckDB's: above 1 means Basalt is slower. */
    public double ratio() {
        return basaltMedianMs() / duckDbMedianMs();
    }

    static double medianMs(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return median / 1e6;
    }
}
