package io.basalt.vectorops.hash;

import io.basalt.vectorops.HashKernels;
import io.basalt.vectorops.scalar.ScalarHashKernels;

class ScalarHashKernelsTest extends AbstractHashKernelsTest {
    @Override
    protected HashKernels kernels() {
        return ScalarHashKernels.INSTANCE;
    }
}
