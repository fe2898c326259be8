package io.basalt.vectorops.arithmetic;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import io.basalt.vectorops.ArithmeticKernels;
import io.basalt.vectorops.VectorSupport;
import io.basalt.vectorops.simd.SimdArithmeticKernels;

/** The contract on the SIMD backend; every result is also compared with the scalar backend exactly. */
class SimdArithmeticKernelsTest extends AbstractArithmeticKernelsTest {
    @BeforeAll
    static void requireVectorApi() {
        Assumptions.assumeTrue(VectorSupport.isAvailable(), VectorSupport.unavailabilityCause());
    }

    @Override
    protected ArithmeticKernels kernels() {
        return SimdArithmeticKernels.INSTANCE;
    }

    @Override
    protected boolean compareWithScalar() {
        return true;
    }
}
