package io.basalt.vectorops.join;

import io.basalt.vectorops.JoinKernels;
import io.basalt.vectorops.scalar.ScalarJoinKernels;

class ScalarJoinKernelsTest extends AbstractJoinKernelsTest {
    @Override
    protected JoinKernels kernels() {
        return ScalarJoinKernels.INSTANCE;
    }
}
