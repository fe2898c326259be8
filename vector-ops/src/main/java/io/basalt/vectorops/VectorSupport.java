package io.basalt.vectorops;

import java.util.Optional;

/**
 * The one place that knows whether the JDK Vector API ({@code jdk.incubator.vector}) is usable.
 * SIMD classes must only be touched after {@link #isAvailable()} returned true, so a JVM started
 * without {@code --add-modules jdk.incubator.vector} degrades to scalar instead of failing at class
 * load. The species themselves live in {@link SimdSpecies}, which is only loaded when available.
 * Thread-safe (immutable after class init).
 */
public final class VectorSupport {
    private static final String MODULE = "jdk.incubator.vector";
    private static final String CAUSE = probe();

    private VectorSupport() {}

    private static String probe() {
        if (Boolean.getBoolean("basalt.simd.disable")) {
            return "disabled by -Dbasalt.simd.disable=true";
        }
        Optional<Module> module = ModuleLayer.boot().findModule(MODULE);
        if (module.isEmpty()) {
            return "the JVM was started without --add-modules " + MODULE
                    + " (bin/basalt, the tests and the benchmarks add it; add it to your own java command line)";
        }
        try {
            int bits = SimdSpecies.preferredBitSize();
            if (bits < 128) {
                return "the CPU offers only " + bits + "-bit vectors";
            }
        } catch (LinkageError e) {
            return MODULE + " could not be initialised: " + e;
        }
        return null;
    }

    /** Whether SIMD kernels can run in this JVM. */
    public static boolean isAvailable() {
        return CAUSE == null;
    }

    /** Why SIMD kernels cannot run, or null when they can. */
    public static String unavailabilityCause() {
        return CAUSE;
    }

    /** Preferred vector size in bits, or 0 when SIMD is unavailable. */
    public static int preferredBitSize() {
        return isAvailable() ? SimdSpecies.preferredBitSize() : 0;
    }

    /** Lanes per vector for 4-byte elements (8 fallback when unavailable); used to size tests. */
    public static int intLanes() {
        return isAvailable() ? SimdSpecies.INT.length() : 8;
    }

    /** Lanes per vector for 8-byte elements (4 fallback when unavailable). */
    public static int longLanes() {
        return isAvailable() ? SimdSpecies.LONG.length() : 4;
    }
}
