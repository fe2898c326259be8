package io.basalt.vectorops.scalar;

import io.basalt.vectorops.AggregationKernels;
import io.basalt.vectorops.ArithmeticKernels;
import io.basalt.vectorops.ExecutionMode;
import io.basalt.vectorops.FilterKernels;
import io.basalt.vectorops.GatherKernels;
import io.basalt.vectorops.HashKernels;
import io.basalt.vectorops.JoinKernels;
import io.basalt.vectorops.Kernels;
import io.basalt.vectorops.SortKernels;

/** The scalar backend's kernel families. Stateless singleton; thread-safe. */
public final class ScalarKernels implements Kernels {
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {}

    @Override
    public ExecutionMode mode() {
        return ExecutionMode.SCALAR;
    }

    @Override
    public FilterKernels filter() {
        return ScalarFilterKernels.INSTANCE;
    }

    @Override
    public ArithmeticKernels arithmetic() {
        return ScalarArithmeticKernels.INSTANCE;
    }

    @Override
    public HashKernels hash() {
        return ScalarHashKernels.INSTANCE;
    }

    @Override
    public AggregationKernels aggregation() {
        return ScalarAggregationKernels.INSTANCE;
    }

    @Override
    public JoinKernels join() {
        return ScalarJoinKernels.INSTANCE;
    }

    @Override
    public SortKernels sort() {
        return ScalarSortKernels.INSTANCE;
    }

    @Override
    public GatherKernels gather() {
        return ScalarGatherKernels.INSTANCE;
    }

    @Override
    public String toString() {
        return "scalar kernels";
    }
}
