package io.basalt.vectorops.filter;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

import io.basalt.vectorops.FilterKernels;
import io.basalt.vectorops.VectorSupport;
import io.basalt.vectorops.scalar.ScalarFilterKernels;
import io.basalt.vectorops.simd.SimdFilterKernels;

class SimdFilterKernelsTest extends AbstractFilterKernelsTest {
    @BeforeEach
    void requireVectorApi() {
        Assumptions.assumeTrue(VectorSupport.isAvailable(), VectorSupport.unavailabilityCause());
    }

    @Override
    protected FilterKernels kernels() {
        return SimdFilterKernels.INSTANCE;
    }

    @Override
    protected FilterKernels crossCheck() {
        return ScalarFilterKernels.INSTANCE;
    }
}
