package io.basalt.vectorops.sort;

import io.basalt.vectorops.SortKernels;
import io.basalt.vectorops.scalar.ScalarSortKernels;

class ScalarSortKernelsTest extends AbstractSortKernelsTest {
    @Override
    protected SortKernels kernels() {
        return ScalarSortKernels.INSTANCE;
    }
}
