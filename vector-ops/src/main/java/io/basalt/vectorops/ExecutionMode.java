package io.basalt.vectorops;

import java.util.Locale;

/**
 * How kernels execute (config {@code basalt.execution.mode}). Every mode gives the same answers;
 * SCALAR is the reference.
 */
public enum ExecutionMode {
    /** Plain Java loops; runs anywhere. */
    SCALAR,
    /** JDK Vector API kernels; needs {@code jdk.incubator.vector}. */
    SIMD,
    /** CUDA kernels; needs an NVIDIA GPU and driver. */
    GPU,
    /** The fastest available path, falling back with one log line saying why. */
    AUTO;

    /** Parses {@code scalar|simd|gpu|auto} (any case), naming the accepted values on error. */
    public static ExecutionMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown execution mode '" + text + "': use scalar, simd, gpu or auto", e);
        }
    }
}
