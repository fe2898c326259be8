package io.basalt.vectorops.hash;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import io.basalt.vectorops.HashKernels;
import io.basalt.vectorops.VectorSupport;
import io.basalt.vectorops.simd.SimdHashKernels;

/** The contract on the SIMD backend; every result is also compared with the scalar backend exactly. */
class SimdHashKernelsTest extends AbstractHashKernelsTest {
    @BeforeAll
    static void requireVectorApi() {
        Assumptions.assumeTrue(VectorSupport.isAvailable(), VectorSupport.unavailabilityCause());
    }

    @Override
    protected HashKernels kernels() {
        return SimdHashKernels.INSTANCE;
    }

    @Override
    protected boolean compareWithScalar() {
        return true;
    }
}
