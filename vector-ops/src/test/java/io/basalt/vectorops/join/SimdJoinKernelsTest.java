package io.basalt.vectorops.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.vectorops.JoinHashTable;
import io.basalt.vectorops.JoinKernels;
import io.basalt.vectorops.JoinType;
import io.basalt.vectorops.RandomKeys;
import io.basalt.vectorops.VectorSupport;
import io.basalt.vectorops.scalar.ScalarJoinKernels;
import io.basalt.vectorops.simd.SimdJoinKernels;

class SimdJoinKernelsTest extends AbstractJoinKernelsTest {
    private JoinKernels backend;

    @BeforeEach
    void requireVectorApi() {
        Assumptions.assumeTrue(VectorSupport.isAvailable(), VectorSupport.unavailabilityCause());
        backend = SimdJoinKernels.INSTANCE;
    }

    @Override
    protected JoinKernels kernels() {
        return backend;
    }

    @Test
    void pairsEqualScalarExactly() {
        for (List<DataType> types : List.of(List.of(DataType.INT64), List.of(DataType.INT32), List.of(DataType.INT64, DataType.UTF8))) {
            List<Object[]> keyPool = keys.pool(types, 3000);
            List<Batch> build = new ArrayList<>();
            try (JoinHashTable simdTable = new JoinHashTable(types, pool, 16);
                    JoinHashTable scalarTable = new JoinHashTable(types, pool, 16)) {
                for (int size : new int[] {10_000, 333}) {
                    Batch batch = keys.batch(types, size, true, keyPool, 0.95, 0.02);
                    build.add(batch);
                    SimdJoinKernels.INSTANCE.build(simdTable, RandomKeys.refs(batch));
                    ScalarJoinKernels.INSTANCE.build(scalarTable, RandomKeys.refs(batch));
                }
                simdTable.seal();
                scalarTable.seal();
                for (int size : new int[] {1, 2 * VectorSupport.longLanes() + 3, 4099, 30_000}) {
                    try (Batch probe = keys.batch(types, size, false, keyPool, 0.6, 0.02)) {
                        for (JoinType type : JoinType.values()) {
                            backend = SimdJoinKernels.INSTANCE;
                            List<Pair> simd = probeAll(simdTable, type, probe, 777);
                            backend = ScalarJoinKernels.INSTANCE;
                            List<Pair> scalar = probeAll(scalarTable, type, probe, 777);
                            backend = SimdJoinKernels.INSTANCE;
                            assertThat(simd).as("%s %s", types, type).isEqualTo(scalar);
                        }
                    }
                }
            } finally {
                build.forEach(Batch::close);
            }
        }
    }
}
