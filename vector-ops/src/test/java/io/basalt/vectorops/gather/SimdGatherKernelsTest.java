package io.basalt.vectorops.gather;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.memory.MemoryManager;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.GatherKernels;
import io.basalt.vectorops.RandomColumns;
import io.basalt.vectorops.VectorSupport;
import io.basalt.vectorops.scalar.ScalarGatherKernels;
import io.basalt.vectorops.simd.SimdGatherKernels;

import org.apache.arrow.memory.ArrowBuf;

class SimdGatherKernelsTest extends AbstractGatherKernelsTest {
    @BeforeEach
    void requireVectorApi() {
        Assumptions.assumeTrue(VectorSupport.isAvailable(), VectorSupport.unavailabilityCause());
    }

    @Override
    protected GatherKernels kernels() {
        return SimdGatherKernels.INSTANCE;
    }

    @Test
    void outputsEqualScalarByteForByte() {
        Random random = columns.random();
        for (DataType type : new DataType[] {DataType.INT32, DataType.FLOAT64, DataType.BOOLEAN, DataType.UTF8}) {
            for (int size : RandomColumns.sizes()) {
                try (Batch batch = columns.randomColumn(type, size, 0.2, size % 2 == 1)) {
                    ColumnRef ref = ColumnRef.of(batch, 0);
                    for (int[] rows : selections(size, random)) {
                        int n = rows.length;
                        long bytes = 8L * n + 64;
                        if (type.kind() == DataType.Kind.UTF8) {
                            try (ArrowBuf offsets = pool.allocate(4L * n + 8)) {
                                bytes += ScalarGatherKernels.INSTANCE.gatherUtf8Offsets(ref, rows, n, MemoryManager.segmentOf(offsets));
                            }
                        }
                        try (ArrowBuf a = pool.allocate(bytes); ArrowBuf b = pool.allocate(bytes);
                                ArrowBuf va = pool.allocate(n / 8 + 16); ArrowBuf vb = pool.allocate(n / 8 + 16);
                                ArrowBuf oa = pool.allocate(4L * n + 8); ArrowBuf ob = pool.allocate(4L * n + 8)) {
                            MemorySegment sa = MemoryManager.segmentOf(a).fill((byte) 0);
                            MemorySegment sb = MemoryManager.segmentOf(b).fill((byte) 0);
                            if (type.kind() == DataType.Kind.UTF8) {
                                long ta = kernels().gatherUtf8Offsets(ref, rows, n, MemoryManager.segmentOf(oa));
                                long tb = ScalarGatherKernels.INSTANCE.gatherUtf8Offsets(ref, rows, n, MemoryManager.segmentOf(ob));
                                assertThat(ta).isEqualTo(tb);
                                kernels().gatherUtf8Bytes(ref, rows, n, MemoryManager.segmentOf(oa), sa);
                                ScalarGatherKernels.INSTANCE.gatherUtf8Bytes(ref, rows, n, MemoryManager.segmentOf(ob), sb);
                                assertThat(sa.asSlice(0, ta).toArray(ValueLayout.JAVA_BYTE))
                                        .isEqualTo(sb.asSlice(0, tb).toArray(ValueLayout.JAVA_BYTE));
                            } else {
                                kernels().gather(ref, rows, n, sa);
                                ScalarGatherKernels.INSTANCE.gather(ref, rows, n, sb);
                                assertThat(sa.mismatch(sb)).as("%s %d rows", type, size).isEqualTo(-1L);
                            }
                            assertThat(kernels().gatherValidity(ref, rows, n, MemoryManager.segmentOf(va)))
                                    .isEqualTo(ScalarGatherKernels.INSTANCE.gatherValidity(ref, rows, n, MemoryManager.segmentOf(vb)));
                            assertThat(MemoryManager.segmentOf(va).asSlice(0, (n + 7) / 8).mismatch(MemoryManager.segmentOf(vb).asSlice(0, (n + 7) / 8)))
                                    .isEqualTo(-1L);
                        }
                    }
                }
            }
        }
    }
}
