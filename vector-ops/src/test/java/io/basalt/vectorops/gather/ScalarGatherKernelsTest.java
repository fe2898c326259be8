package io.basalt.vectorops.gather;

import io.basalt.vectorops.GatherKernels;
import io.basalt.vectorops.scalar.ScalarGatherKernels;

class ScalarGatherKernelsTest extends AbstractGatherKernelsTest {
    @Override
    protected GatherKernels kernels() {
        return ScalarGatherKernels.INSTANCE;
    }
}
