package io.basalt.vectorops.arithmetic;

import io.basalt.vectorops.ArithmeticKernels;
import io.basalt.vectorops.scalar.ScalarArithmeticKernels;

class ScalarArithmeticKernelsTest extends AbstractArithmeticKernelsTest {
    @Override
    protected ArithmeticKernels kernels() {
        return ScalarArithmeticKernels.INSTANCE;
    }
}
