package io.basalt.vectorops.sort;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.KeyLayout;
import io.basalt.vectorops.NormalizedKeys;
import io.basalt.vectorops.RandomColumns;
import io.basalt.vectorops.SortKernels;
import io.basalt.vectorops.SortOrder;
import io.basalt.vectorops.SortScratch;
import io.basalt.vectorops.VectorSupport;
import io.basalt.vectorops.scalar.ScalarSortKernels;
import io.basalt.vectorops.simd.SimdSortKernels;

class SimdSortKernelsTest extends AbstractSortKernelsTest {
    @BeforeEach
    void requireVectorApi() {
        Assumptions.assumeTrue(VectorSupport.isAvailable(), VectorSupport.unavailabilityCause());
    }

    @Override
    protected SortKernels kernels() {
        return SimdSortKernels.INSTANCE;
    }

    @Test
    void encodedKeysAndPermutationsEqualScalarBitForBit() {
        Random random = columns.random();
        for (int size : RandomColumns.sizes()) {
            for (boolean odd : size > 5000 ? new boolean[] {true} : new boolean[] {false, true}) {
                List<DataType> types = new ArrayList<>();
                Field[] fields = new Field[3];
                for (int c = 0; c < fields.length; c++) {
                    // Two sizes put a utf8 column in front, so muted (truncated) rows reach the SIMD encoders.
                    types.add(size == 65 || size == 1000 ? List.of(DataType.UTF8, DataType.INT64, DataType.FLOAT32).get(c) : KEY_TYPES[random.nextInt(KEY_TYPES.length)]);
                    fields[c] = Field.nullable("c" + c, types.get(c));
                }
                List<SortOrder> orders = List.of(ORDERS[random.nextInt(4)], ORDERS[random.nextInt(4)], ORDERS[random.nextInt(4)]);
                KeyLayout layout = new KeyLayout(types, orders, 1 + random.nextInt(10));
                try (Batch batch = columns.columns(Schema.of(fields), size, odd, r -> new Object[] {
                    random.nextInt(5) == 0 ? null : columns.values().value(fields[0]),
                    random.nextInt(5) == 0 ? null : columns.values().value(fields[1]),
                    random.nextInt(5) == 0 ? null : columns.values().value(fields[2])})) {
                    ColumnRef[] refs = {ColumnRef.of(batch, 0), ColumnRef.of(batch, 1), ColumnRef.of(batch, 2)};
                    NormalizedKeys simd = new NormalizedKeys(layout, size + 1);
                    NormalizedKeys scalar = new NormalizedKeys(layout, size + 1);
                    kernels().encodeKeys(refs, simd);
                    ScalarSortKernels.INSTANCE.encodeKeys(refs, scalar);
                    assertThat(simd.words()).as("%s", layout).isEqualTo(scalar.words());
                    if (scalar.tieBits() != null) {
                        assertThat(simd.tieBits()).isEqualTo(scalar.tieBits());
                    }
                    int[] simdPerm = new int[size];
                    int[] scalarPerm = new int[size];
                    kernels().sortKeys(simd, refs, simdPerm, new SortScratch());
                    ScalarSortKernels.INSTANCE.sortKeys(scalar, refs, scalarPerm, new SortScratch());
                    assertThat(simdPerm).isEqualTo(scalarPerm);
                    for (int c = 0; c < 3; c++) {
                        if (types.get(c).fixedWidth() > 0) {
                            SortOrder order = orders.get(c);
                            kernels().sortColumn(refs[c], order, simdPerm, new SortScratch());
                            ScalarSortKernels.INSTANCE.sortColumn(refs[c], order, scalarPerm, new SortScratch());
                            assertThat(simdPerm).isEqualTo(scalarPerm);
                        }
                    }
                }
            }
        }
    }
}
