package io.basalt.vectorops;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.basalt.vectorops.scalar.ScalarKernels;

/**
 * One backend's kernels, one accessor per family. {@link #forMode} resolves an
 * {@link ExecutionMode} to a backend; {@code AUTO} picks SIMD when the Vector API is usable and
 * scalar otherwise, logging the reason once per JVM. Implementations are stateless singletons and
 * thread-safe; the stateful pieces (hash tables) are created per operator by the families.
 */
public interface Kernels {
    ExecutionMode mode();

    FilterKernels filter();

    ArithmeticKernels arithmetic();

    HashKernels hash();

    AggregationKernels aggregation();

    JoinKernels join();

    SortKernels sort();

    GatherKernels gather();

    /**
     * The backend for {@code mode}.
     *
     * @throws UnsupportedOperationException for SIMD when the Vector API is unavailable (with the
     *     cause) and for GPU, which has no backend yet
     */
    static Kernels forMode(ExecutionMode mode) {
        return switch (mode) {
            case SCALAR -> ScalarKernels.INSTANCE;
            case SIMD -> {
                if (!VectorSupport.isAvailable()) {
                    throw new UnsupportedOperationException("Execution mode simd is not available: " + VectorSupport.unavailabilityCause());
                }
                yield SimdBackend.kernels();
            }
            case GPU -> throw new UnsupportedOperationException("Execution mode gpu has no backend in this build yet; use auto, simd or scalar");
            case AUTO -> {
                if (VectorSupport.isAvailable()) {
                    AutoSelection.log("simd (" + VectorSupport.preferredBitSize() + "-bit vectors)");
                    yield SimdBackend.kernels();
                }
                AutoSelection.log("scalar, because SIMD is unavailable: " + VectorSupport.unavailabilityCause());
                yield ScalarKernels.INSTANCE;
            }
        };
    }

    /** Logs AUTO's choice once per JVM. */
    final class AutoSelection {
        private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);
        private static final AtomicBoolean LOGGED = new AtomicBoolean();

        private AutoSelection() {}

        static void log(String choice) {
            if (LOGGED.compareAndSet(false, true)) {
                LOG.info("Execution mode auto: using {} kernels", choice);
            }
        }
    }

    /** Keeps SIMD classes unloaded until the Vector API is known to be usable. */
    final class SimdBackend {
        private SimdBackend() {}

        static Kernels kernels() {
            return io.basalt.vectorops.simd.SimdKernels.INSTANCE;
        }
    }
}
