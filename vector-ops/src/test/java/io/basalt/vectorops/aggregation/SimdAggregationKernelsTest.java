package io.basalt.vectorops.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.vectorops.AggregateFunction;
import io.basalt.vectorops.AggregationKernels;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.GroupByHashTable;
import io.basalt.vectorops.GroupedAccumulator;
import io.basalt.vectorops.RandomColumns;
import io.basalt.vectorops.RandomKeys;
import io.basalt.vectorops.VectorSupport;
import io.basalt.vectorops.scalar.ScalarAggregationKernels;
import io.basalt.vectorops.simd.SimdAggregationKernels;

class SimdAggregationKernelsTest extends AbstractAggregationKernelsTest {
    @BeforeEach
    void requireVectorApi() {
        Assumptions.assumeTrue(VectorSupport.isAvailable(), VectorSupport.unavailabilityCause());
    }

    @Override
    protected AggregationKernels kernels() {
        return SimdAggregationKernels.INSTANCE;
    }

    @Override
    protected boolean sequentialFloatSums() {
        return false;
    }

    @Test
    void groupIdsEqualScalarExactly() {
        for (List<DataType> types : List.of(List.of(DataType.INT64), List.of(DataType.INT32), List.of(DataType.INT32, DataType.UTF8))) {
            for (int poolSize : new int[] {9, 0}) {
                List<Object[]> keyPool = keys.pool(types, poolSize);
                try (GroupByHashTable simd = new GroupByHashTable(types, pool, 16);
                        GroupByHashTable scalar = new GroupByHashTable(types, pool, 16)) {
                    for (int size : RandomColumns.sizes()) {
                        try (Batch batch = keys.batch(types, size, size % 2 == 1, keyPool, poolSize == 0 ? 0 : 0.97, 0.03)) {
                            int[] a = new int[size];
                            int[] b = new int[size];
                            int na = SimdAggregationKernels.INSTANCE.groupIds(simd, RandomKeys.refs(batch), a);
                            int nb = ScalarAggregationKernels.INSTANCE.groupIds(scalar, RandomKeys.refs(batch), b);
                            assertThat(a).isEqualTo(b);
                            assertThat(na).isEqualTo(nb);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aggregatesEqualScalarExactly() {
        for (AggregateFunction f : AggregateFunction.values()) {
            for (DataType type : new DataType[] {DataType.INT32, DataType.INT64, DataType.FLOAT64}) {
                for (int groupCount : new int[] {2, 9}) {
                    try (GroupedAccumulator simd = new GroupedAccumulator(f, type, pool);
                            GroupedAccumulator scalar = new GroupedAccumulator(f, type, pool);
                            GroupedAccumulator simdAll = new GroupedAccumulator(f, type, pool);
                            GroupedAccumulator scalarAll = new GroupedAccumulator(f, type, pool)) {
                        for (int size : RandomColumns.sizes()) {
                            try (Batch batch = columns.randomColumn(type, size, size % 2 == 0 ? 0 : 0.1, size % 3 == 0)) {
                                int[] ids = new int[size];
                                for (int r = 0; r < size; r++) {
                                    ids[r] = random.nextInt(groupCount);
                                }
                                ColumnRef values = ColumnRef.of(batch, 0);
                                Throwable a = catchThrowable(() -> SimdAggregationKernels.INSTANCE.accumulate(simd, values, ids, groupCount));
                                Throwable b = catchThrowable(() -> ScalarAggregationKernels.INSTANCE.accumulate(scalar, values, ids, groupCount));
                                assertSameOutcome(a, b);
                                a = catchThrowable(() -> SimdAggregationKernels.INSTANCE.accumulateAll(simdAll, values));
                                b = catchThrowable(() -> ScalarAggregationKernels.INSTANCE.accumulateAll(scalarAll, values));
                                assertSameOutcome(a, b);
                                if (a != null) {
                                    break; // after an overflow the accumulators are undefined
                                }
                            }
                        }
                        assertSameState(simd, scalar, f);
                        assertSameState(simdAll, scalarAll, f);
                    }
                }
            }
        }
    }

    private static void assertSameOutcome(Throwable simd, Throwable scalar) {
        if (scalar == null) {
            assertThat(simd).isNull();
        } else {
            assertThat(simd).isInstanceOf(scalar.getClass()).hasMessage(scalar.getMessage());
        }
    }

    /** Exact equality, except float64 sums (reassociated) within the documented tolerance when finite. */
    private static void assertSameState(GroupedAccumulator simd, GroupedAccumulator scalar, AggregateFunction f) {
        assertThat(simd.groupCount()).isEqualTo(scalar.groupCount());
        for (int g = 0; g < scalar.groupCount(); g++) {
            assertThat(simd.count(g)).isEqualTo(scalar.count(g));
            if (scalar.isNull(g) || f == AggregateFunction.COUNT || f == AggregateFunction.COUNT_STAR) {
                continue;
            }
            if (scalar.valueClass() != GroupedAccumulator.ValueClass.DOUBLE) {
                assertThat(simd.getLong(g)).isEqualTo(scalar.getLong(g));
            } else if ((f == AggregateFunction.SUM || f == AggregateFunction.AVG) && Double.isFinite(scalar.getDouble(g))) {
                assertThat(simd.getDouble(g)).isCloseTo(scalar.getDouble(g),
                        org.assertj.core.data.Offset.offset(Math.abs(scalar.getDouble(g)) * 1e-6 + 1e-3));
            } else if (f == AggregateFunction.MIN || f == AggregateFunction.MAX) {
                assertThat(Double.compare(simd.getDouble(g), scalar.getDouble(g))).isZero();
            }
        }
    }
}
