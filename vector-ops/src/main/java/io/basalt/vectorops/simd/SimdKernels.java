package io.basalt.vectorops.simd;

import io.basalt.vectorops.AggregationKernels;
import io.basalt.vectorops.ArithmeticKernels;
import io.basalt.vectorops.ExecutionMode;
import io.basalt.vectorops.FilterKernels;
import io.basalt.vectorops.GatherKernels;
import io.basalt.vectorops.HashKernels;
import io.basalt.vectorops.JoinKernels;
import io.basalt.vectorops.Kernels;
import io.basalt.vectorops.SortKernels;

/** The simd backend's kernel families. Stateless singleton; thread-safe. */
public final class SimdKernels implements Kernels {
    public static final SimdKernels INSTANCE = new SimdKernels();

    private SimdKernels() {}

    @Override
    public ExecutionMode mode() {
        return ExecutionMode.SIMD;
    }

    @Override
    public FilterKernels filter() {
        return SimdFilterKernels.INSTANCE;
    }

    @Override
    public ArithmeticKernels arithmetic() {
        return SimdArithmeticKernels.INSTANCE;
    }

    @Override
    public HashKernels hash() {
        return SimdHashKernels.INSTANCE;
    }

    @Override
    public AggregationKernels aggregation() {
        return SimdAggregationKernels.INSTANCE;
    }

    @Override
    public JoinKernels join() {
        return SimdJoinKernels.INSTANCE;
    }

    @Override
    public SortKernels sort() {
        return SimdSortKernels.INSTANCE;
    }

    @Override
    public GatherKernels gather() {
        return SimdGatherKernels.INSTANCE;
    }

    @Override
    public String toString() {
        return "simd kernels";
    }
}
