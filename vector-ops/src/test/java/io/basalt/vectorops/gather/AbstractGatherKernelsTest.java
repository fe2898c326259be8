package io.basalt.vectorops.gather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.data.Selection;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.Gather;
import io.basalt.vectorops.GatherKernels;
import io.basalt.vectorops.RandomColumns;

/**
 * Contract test of {@link GatherKernels} (through {@link Gather#compact}, which uses every kernel):
 * each output row must equal the selected input row, read back as Java values.
 */
abstract class AbstractGatherKernelsTest {
    static final DataType[] TYPES = {DataType.BOOLEAN, DataType.INT32, DataType.INT64, DataType.FLOAT32, DataType.FLOAT64,
        DataType.decimal(12, 2), DataType.DATE, DataType.TIMESTAMP, DataType.UTF8};

    MemoryManager manager;
    MemoryPool pool;
    RandomColumns columns;

    /** The backend under test. */
    protected abstract GatherKernels kernels();

    @BeforeEach
    void setUp() {
        manager = MemoryManager.create(512L << 20);
        pool = manager.newPool("gather-test", 512L << 20);
        columns = new RandomColumns(pool, 77L);
    }

    @AfterEach
    void tearDown() {
        pool.close();
        manager.close();
    }

    /** Row selections of every shape the kernels special-case, over a batch of {@code rows} rows. */
    static int[][] selections(int rows, Random random) {
        if (rows == 0) {
            return new int[][] {{}};
        }
        int[] permutation = IntStream.range(0, rows).toArray();
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
        int[] withDuplicates = random.ints(rows + 7, 0, rows).toArray();
        int[] dense = IntStream.range(0, rows).filter(r -> random.nextInt(10) < 7).toArray();
        int[] sparse = IntStream.range(0, rows).filter(r -> random.nextInt(10) == 0).toArray();
        int[] runs = IntStream.range(0, rows).filter(r -> (r / 37) % 3 != 1).toArray();
        int[] descending = IntStream.range(0, rows).map(r -> rows - 1 - r).toArray();
        int[] tail = {rows - 1, rows - 1, 0};
        return new int[][] {permutation, withDuplicates, dense, sparse, runs, descending, tail};
    }

    @Test
    void compactMatchesSelectedRowsForAllTypesSizesAndOffsets() {
        Random random = columns.random();
        for (DataType type : TYPES) {
            for (int size : RandomColumns.sizes()) {
                for (boolean odd : new boolean[] {false, true}) {
                    double nulls = size % 2 == 0 ? 0.0 : 0.3;
                    try (Batch batch = columns.randomColumn(type, size, nulls, odd)) {
                        for (int[] rows : selections(size, random)) {
                            assertCompact(batch, Selection.wrap(rows.clone(), rows.length));
                        }
                        int from = size == 0 ? 0 : random.nextInt(size);
                        assertCompact(batch, Selection.range(from, from + random.nextInt(size - from + 1)));
                        assertCompact(batch, Selection.all(size));
                    }
                }
            }
        }
    }

    @Test
    void compactsMultiColumnBatchesAndPermutations() {
        Random random = columns.random();
        Field[] fields = new Field[TYPES.length];
        for (int c = 0; c < fields.length; c++) {
            fields[c] = new Field("c" + c, TYPES[c], c % 2 == 0);
        }
        Schema schema = Schema.of(fields);
        try (Batch batch = columns.columns(schema, 3001, true, r -> {
            Object[] row = new Object[fields.length];
            for (int c = 0; c < row.length; c++) {
                row[c] = columns.values().value(fields[c]);
            }
            return row;
        })) {
            for (int[] rows : selections(batch.rowCount(), random)) {
                try (Batch out = Gather.compact(batch, rows, rows.length, pool, kernels())) {
                    assertSameRows(batch, rows, out);
                }
            }
        }
    }

    @Test
    void allNullAndLongStringColumns() {
        String longString = "x".repeat(5000);
        try (Batch nulls = columns.column(DataType.INT64, 100, true, r -> null);
                Batch strings = columns.column(DataType.UTF8, 300, true, r -> r % 3 == 0 ? longString + r : r % 3 == 1 ? "" : "short" + r)) {
            int[] rows = {5, 99, 0, 42};
            try (Batch out = Gather.compact(nulls, rows, rows.length, pool, kernels())) {
                assertSameRows(nulls, rows, out);
            }
            int[] back = IntStream.range(0, 300).map(r -> 299 - r).toArray();
            try (Batch out = Gather.compact(strings, back, back.length, pool, kernels())) {
                assertSameRows(strings, back, out);
            }
        }
    }

    @Test
    void rejectsBadRowsTypesAndSmallOutputs() {
        try (Batch ints = columns.randomColumn(DataType.INT32, 50, 0.2, true);
                Batch strings = columns.randomColumn(DataType.UTF8, 50, 0, false);
                Arena arena = Arena.ofConfined()) {
            ColumnRef ref = ColumnRef.of(ints, 0);
            MemorySegment out = arena.allocate(1024);
            assertThatThrownBy(() -> kernels().gather(ref, new int[] {0, 50}, 2, out))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Row 50");
            assertThatThrownBy(() -> kernels().gather(ref, new int[] {-1}, 1, out))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Row -1");
            assertThatThrownBy(() -> kernels().gatherValidity(ref, new int[] {3, 50}, 2, out))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> kernels().copyRange(ref, 40, 11, out))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
            assertThatThrownBy(() -> kernels().gather(ref, new int[] {1, 2, 3}, 3, arena.allocate(11)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too small");
            assertThatThrownBy(() -> kernels().gather(ColumnRef.of(strings, 0), new int[] {1}, 1, out))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("utf8");
            assertThatThrownBy(() -> kernels().gatherUtf8Offsets(ref, new int[] {1}, 1, out))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int32");
            assertThatThrownBy(() -> Gather.compact(ints, Selection.range(10, 51), pool, kernels()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    void assertCompact(Batch batch, Selection selection) {
        try (Batch out = Gather.compact(batch, selection, pool, kernels())) {
            assertSameRows(batch, selection.toArray(), out);
        }
    }

    static void assertSameRows(Batch in, int[] rows, Batch out) {
        assertThat(out.rowCount()).isEqualTo(rows.length);
        assertThat(out.schema()).isEqualTo(in.schema());
        for (int c = 0; c < in.columnCount(); c++) {
            int nulls = 0;
            for (int i = 0; i < rows.length; i++) {
                Object expected = in.getObject(c, rows[i]);
                nulls += expected == null ? 1 : 0;
                assertThat(out.getObject(c, i)).as("column %s position %d (row %d) of %s", in.schema().field(c), i, rows[i],
                        Arrays.toString(Arrays.copyOf(rows, Math.min(rows.length, 20)))).isEqualTo(expected);
            }
            assertThat(out.nullCount(c)).isEqualTo(nulls);
        }
    }
}
