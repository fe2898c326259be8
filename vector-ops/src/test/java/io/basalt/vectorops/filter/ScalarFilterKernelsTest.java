package io.basalt.vectorops.filter;

import io.basalt.vectorops.FilterKernels;
import io.basalt.vectorops.scalar.ScalarFilterKernels;

class ScalarFilterKernelsTest extends AbstractFilterKernelsTest {
    @Override
    protected FilterKernels kernels() {
        return ScalarFilterKernels.INSTANCE;
    }
}
