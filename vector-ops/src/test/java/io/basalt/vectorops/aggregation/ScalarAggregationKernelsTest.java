package io.basalt.vectorops.aggregation;

import io.basalt.vectorops.AggregationKernels;
import io.basalt.vectorops.scalar.ScalarAggregationKernels;

class ScalarAggregationKernelsTest extends AbstractAggregationKernelsTest {
    @Override
    protected AggregationKernels kernels() {
        return ScalarAggregationKernels.INSTANCE;
    }

    @Override
    protected boolean sequentialFloatSums() {
        return true;
    }
}
