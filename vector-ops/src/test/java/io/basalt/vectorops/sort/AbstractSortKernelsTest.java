package io.basalt.vectorops.sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.RandomValues;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.KeyLayout;
import io.basalt.vectorops.NormalizedKeys;
import io.basalt.vectorops.RandomColumns;
import io.basalt.vectorops.RunMerger;
import io.basalt.vectorops.SortKernels;
import io.basalt.vectorops.SortOrder;
import io.basalt.vectorops.SortScratch;
import io.basalt.vectorops.SortedRun;

/**
 * Contract test of {@link SortKernels}, run once per backend: every permutation must equal the
 * stable order computed by {@link SortReference} over Java values.
 */
abstract class AbstractSortKernelsTest {
    static final SortOrder[] ORDERS = {SortOrder.ASC, SortOrder.DESC, SortOrder.ASC_NULLS_FIRST, SortOrder.DESC_NULLS_LAST};
    static final DataType[] COLUMN_TYPES = {DataType.INT32, DataType.DATE, DataType.INT64, DataType.decimal(18, 2),
        DataType.TIMESTAMP, DataType.FLOAT32, DataType.FLOAT64};
    static final DataType[] KEY_TYPES = {DataType.BOOLEAN, DataType.INT32, DataType.DATE, DataType.INT64, DataType.decimal(9, 3),
        DataType.TIMESTAMP, DataType.FLOAT32, DataType.FLOAT64, DataType.UTF8};

    MemoryManager manager;
    MemoryPool pool;
    RandomColumns columns;
    SortScratch scratch;

    /** The backend under test. */
    protected abstract SortKernels kernels();

    @BeforeEach
    void setUp() {
        manager = MemoryManager.create(512L << 20);
        pool = manager.newPool("sort-test", 512L << 20);
        columns = new RandomColumns(pool, 20240611L);
        scratch = new SortScratch();
    }

    @AfterEach
    void tearDown() {
        pool.close();
        manager.close();
    }

    // ------------------------------------------------------------------ single column

    @Test
    void sortColumnMatchesReferenceForAllTypesSizesOffsetsAndOrders() {
        int variant = 0;
        for (DataType type : COLUMN_TYPES) {
            for (int size : RandomColumns.sizes()) {
                for (boolean odd : new boolean[] {false, true}) {
                    SortOrder order = ORDERS[variant % ORDERS.length];
                    double nulls = variant % 3 == 0 ? 0.0 : 0.2;
                    boolean lowCardinality = variant % 2 == 1;
                    variant++;
                    try (Batch batch = lowCardinality ? lowCardinalityColumn(type, size, nulls, odd) : columns.randomColumn(type, size, nulls, odd)) {
                        assertSortColumn(batch, order);
                    }
                }
            }
        }
    }

    @Test
    void sortColumnEveryOrderOnDuplicatesAndNulls() {
        for (DataType type : COLUMN_TYPES) {
            try (Batch batch = lowCardinalityColumn(type, 1000, 0.25, true)) {
                for (SortOrder order : ORDERS) {
                    assertSortColumn(batch, order);
                }
            }
        }
    }

    @Test
    void batchesAboveTheCacheBlockSizeSortCorrectly() {
        Random random = columns.random();
        int rows = 3 * io.basalt.vectorops.scalar.RadixSort.CACHE_SORT_MAX + 17;
        try (Batch longs = columns.column(DataType.INT64, rows, true, r -> random.nextInt(20) == 0 ? null : (long) random.nextInt(5000) << 40);
                Batch floats = columns.randomColumn(DataType.FLOAT32, rows, 0.1, false)) {
            assertSortColumn(longs, SortOrder.DESC);
            assertSortColumn(floats, SortOrder.ASC);
        }
        try (Batch two = columns.columns(Schema.of(Field.nullable("a", DataType.INT32), Field.notNull("b", DataType.FLOAT64)), rows, false,
                r -> new Object[] {random.nextInt(10) == 0 ? null : random.nextInt(3), random.nextGaussian()})) {
            assertKeysSort(two, new SortOrder[] {SortOrder.ASC, SortOrder.DESC}, KeyLayout.DEFAULT_UTF8_PREFIX);
        }
    }

    @Test
    void floatsFollowTheTotalOrder() {
        double[] values = {Double.NaN, 0.0, -0.0, Double.NEGATIVE_INFINITY, -1.5, Double.POSITIVE_INFINITY, Double.MIN_VALUE,
            -Double.MIN_VALUE, Double.longBitsToDouble(0xFFF8_0000_0000_0001L), Double.MAX_VALUE, -Double.MAX_VALUE, 1.0};
        try (Batch doubles = columns.column(DataType.FLOAT64, values.length, true, r -> values[r]);
                Batch floats = columns.column(DataType.FLOAT32, values.length, false, r -> (float) values[r])) {
            int[] perm = new int[values.length];
            kernels().sortColumn(ColumnRef.of(doubles, 0), SortOrder.ASC, perm, scratch);
            double[] sorted = Arrays.stream(perm).mapToDouble(r -> values[r]).toArray();
            // -Infinity, -MAX, -1.5, -MIN, -0.0, 0.0, MIN, 1.0, MAX, +Infinity, then both NaNs in row order
            assertThat(sorted).containsExactly(Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1.5, -Double.MIN_VALUE, -0.0, 0.0,
                    Double.MIN_VALUE, 1.0, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN);
            assertThat(perm[10]).isEqualTo(0);
            assertThat(perm[11]).isEqualTo(8);
            assertSortColumn(floats, SortOrder.ASC);
            assertSortColumn(floats, SortOrder.DESC);
        }
    }

    @Test
    void sortColumnRejectsUnsupportedTypesAndShortPermutations() {
        try (Batch strings = columns.randomColumn(DataType.UTF8, 10, 0, false);
                Batch ints = columns.randomColumn(DataType.INT32, 10, 0, false)) {
            assertThatThrownBy(() -> kernels().sortColumn(ColumnRef.of(strings, 0), SortOrder.ASC, new int[10], scratch))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("utf8");
            assertThatThrownBy(() -> kernels().sortColumn(ColumnRef.of(ints, 0), SortOrder.ASC, new int[9], scratch))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too small");
        }
    }

    private void assertSortColumn(Batch batch, SortOrder order) {
        int[] perm = new int[batch.rowCount()];
        kernels().sortColumn(ColumnRef.of(batch, 0), order, perm, scratch);
        assertThat(perm).as("%s %s, %d rows", batch.schema(), order, batch.rowCount())
                .isEqualTo(SortReference.order(batch, new int[] {0}, new SortOrder[] {order}));
    }

    /** Values drawn from a handful of edge-heavy values, so ties (and thus stability) matter. */
    private Batch lowCardinalityColumn(DataType type, int rows, double nullFraction, boolean odd) {
        Object[] domain = new Object[1 + columns.random().nextInt(6)];
        for (int i = 0; i < domain.length; i++) {
            domain[i] = columns.values().value(Field.notNull("v", type));
        }
        Random random = columns.random();
        return columns.column(type, rows, odd, r -> random.nextDouble() < nullFraction ? null : domain[random.nextInt(domain.length)]);
    }

    // ------------------------------------------------------------------ normalized keys

    @Test
    void multiColumnSortMatchesReference() {
        Random random = columns.random();
        int variant = 0;
        for (int size : RandomColumns.sizes()) {
            for (int trial = 0; trial < (size > 5000 ? 2 : 6); trial++) {
                int width = 1 + random.nextInt(4);
                int prefix = new int[] {1, 3, 8, 12}[variant % 4];
                variant++;
                assertMultiColumnSort(randomKeyTypes(width), size, prefix, (variant & 1) == 1, random);
            }
        }
    }

    @Test
    void everyKeyTypeAloneAndInFrontOfAnother() {
        Random random = columns.random();
        for (DataType type : KEY_TYPES) {
            assertMultiColumnSort(List.of(type), 3000, KeyLayout.DEFAULT_UTF8_PREFIX, true, random);
            assertMultiColumnSort(List.of(type, DataType.INT64), 3000, 4, false, random);
            assertMultiColumnSort(List.of(DataType.BOOLEAN, type, DataType.UTF8), 500, 2, true, random);
        }
    }

    @Test
    void stringsSharingLongPrefixesBreakTiesOnTheFullValue() {
        Random random = columns.random();
        String[] strings = {"", "a", "a\0", "a\0\0", "ab", "common-prefix-long-", "common-prefix-long-x", "common-prefix-long-y",
            "common-prefix-long-y\0", "common-prefix-long-yy", "common-prefix-lonf", "common-prefix", "\uD83D\uDE00", "\uFFFD"};
        Schema schema = Schema.of(Field.nullable("s", DataType.UTF8), Field.nullable("i", DataType.INT32), Field.nullable("t", DataType.UTF8));
        for (int prefix : new int[] {1, 4, 8, 19, 20, 21}) {
            for (SortOrder o1 : ORDERS) {
                SortOrder[] orders = {o1, ORDERS[random.nextInt(4)], ORDERS[random.nextInt(4)]};
                try (Batch batch = columns.columns(schema, 2000, prefix % 2 == 0, r -> new Object[] {
                    random.nextInt(15) == 0 ? null : strings[random.nextInt(strings.length)],
                    random.nextInt(10) == 0 ? null : random.nextInt(3),
                    random.nextInt(10) == 0 ? null : strings[random.nextInt(strings.length)]})) {
                    assertKeysSort(batch, orders, prefix);
                }
            }
        }
    }

    @Test
    void encodeAndSortRejectMismatchedInput() {
        try (Batch batch = columns.randomColumn(DataType.INT32, 10, 0, false);
                Batch strings = columns.randomColumn(DataType.UTF8, 10, 0, false)) {
            KeyLayout layout = KeyLayout.of(List.of(DataType.INT64), SortOrder.ASC);
            NormalizedKeys keys = new NormalizedKeys(layout, 100);
            assertThatThrownBy(() -> kernels().encodeKeys(new ColumnRef[] {ColumnRef.of(batch, 0)}, keys))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int32");
            NormalizedKeys small = new NormalizedKeys(KeyLayout.of(List.of(DataType.INT32), SortOrder.ASC), 5);
            assertThatThrownBy(() -> kernels().encodeKeys(new ColumnRef[] {ColumnRef.of(batch, 0)}, small))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
            NormalizedKeys text = new NormalizedKeys(KeyLayout.of(List.of(DataType.UTF8), SortOrder.ASC), 10);
            kernels().encodeKeys(new ColumnRef[] {ColumnRef.of(strings, 0)}, text);
            assertThatThrownBy(() -> kernels().sortKeys(text, null, new int[10], scratch))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ties");
        }
    }

    private List<DataType> randomKeyTypes(int width) {
        List<DataType> types = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            types.add(KEY_TYPES[columns.random().nextInt(KEY_TYPES.length)]);
        }
        return types;
    }

    private void assertMultiColumnSort(List<DataType> types, int rows, int prefix, boolean odd, Random random) {
        Field[] fields = new Field[types.size()];
        Object[][] domains = new Object[types.size()][];
        double[] nulls = new double[types.size()];
        for (int c = 0; c < fields.length; c++) {
            fields[c] = Field.nullable("c" + c, types.get(c));
            nulls[c] = random.nextInt(3) == 0 ? 0 : 0.15;
            // Small domains make ties in leading columns, so later columns and stability matter.
            domains[c] = random.nextBoolean() ? null : domain(types.get(c), 1 + random.nextInt(5), random);
        }
        SortOrder[] orders = new SortOrder[fields.length];
        for (int c = 0; c < orders.length; c++) {
            orders[c] = ORDERS[random.nextInt(ORDERS.length)];
        }
        RandomValues values = columns.values();
        try (Batch batch = columns.columns(Schema.of(fields), rows, odd, r -> {
            Object[] row = new Object[fields.length];
            for (int c = 0; c < row.length; c++) {
                if (random.nextDouble() < nulls[c]) {
                    row[c] = null;
                } else if (domains[c] != null) {
                    row[c] = domains[c][random.nextInt(domains[c].length)];
                } else {
                    row[c] = fields[c].type().kind() == DataType.Kind.UTF8 && random.nextBoolean()
                            ? "shared-prefix-" + random.nextInt(40) : values.value(Field.notNull("v", fields[c].type()));
                }
            }
            return row;
        })) {
            assertKeysSort(batch, orders, prefix);
        }
    }

    private static Object[] domain(DataType type, int size, Random random) {
        Object[] d = new Object[size];
        for (int i = 0; i < size; i++) {
            int v = random.nextInt(4) - 2;
            d[i] = switch (type.kind()) {
                case BOOLEAN -> v >= 0;
                case INT32 -> v;
                case INT64 -> (long) v;
                case DECIMAL -> BigDecimal.valueOf(v, type.scale());
                case DATE -> LocalDate.ofEpochDay(v);
                case TIMESTAMP -> LocalDateTime.of(2020, 1, 1, 0, 0).plusNanos(v * 1000L);
                case FLOAT32 -> v == 2 ? -0.0f : v == -2 ? Float.NaN : (float) v;
                case FLOAT64 -> v == 2 ? -0.0 : v == -2 ? Double.NaN : (double) v;
                case UTF8 -> "ties-beyond-the-prefix-".repeat(1 + random.nextInt(2)) + v;
            };
        }
        return d;
    }

    /** Encodes and sorts all columns of {@code batch} and checks the permutation; returns it. */
    int[] assertKeysSort(Batch batch, SortOrder[] orders, int prefix) {
        int width = batch.columnCount();
        List<DataType> types = new ArrayList<>();
        ColumnRef[] refs = new ColumnRef[width];
        int[] cols = new int[width];
        for (int c = 0; c < width; c++) {
            types.add(batch.schema().field(c).type());
            refs[c] = ColumnRef.of(batch, c);
            cols[c] = c;
        }
        NormalizedKeys keys = new NormalizedKeys(new KeyLayout(types, Arrays.asList(orders), prefix), batch.rowCount() + 3);
        int[] perm = new int[batch.rowCount()];
        kernels().sort(refs, keys, perm, scratch);
        assertThat(perm).as("%s %s prefix %d, %d rows", batch.schema(), Arrays.toString(orders), prefix, batch.rowCount())
                .isEqualTo(SortReference.order(batch, cols, orders));
        return perm;
    }

    // ------------------------------------------------------------------ merge

    @Test
    void mergingSortedRunsGivesTheStableOrderOfTheWhole() {
        Random random = columns.random();
        Schema schema = Schema.of(Field.nullable("s", DataType.UTF8), Field.nullable("x", DataType.FLOAT64), Field.notNull("i", DataType.INT32));
        for (int k : new int[] {1, 2, 3, 5, 8, 13}) {
            int rows = 200 * k + random.nextInt(300);
            SortOrder[] orders = {ORDERS[random.nextInt(4)], ORDERS[random.nextInt(4)], ORDERS[random.nextInt(4)]};
            KeyLayout layout = new KeyLayout(List.of(DataType.UTF8, DataType.FLOAT64, DataType.INT32), Arrays.asList(orders), 4);
            try (Batch whole = columns.columns(schema, rows, true, r -> new Object[] {
                random.nextInt(8) == 0 ? null : "run-" + random.nextInt(6),
                random.nextInt(8) == 0 ? null : (double) random.nextInt(4),
                random.nextInt(5)})) {
                int[] expected = SortReference.order(whole, new int[] {0, 1, 2}, orders);
                // Split into k consecutive runs of random lengths (some empty).
                int[] bounds = new int[k + 1];
                for (int r = 1; r < k; r++) {
                    bounds[r] = random.nextInt(rows + 1);
                }
                bounds[k] = rows;
                Arrays.sort(bounds);
                List<Batch> slices = new ArrayList<>();
                List<SortedRun> runs = new ArrayList<>();
                try {
                    for (int r = 0; r < k; r++) {
                        Batch slice = whole.slice(bounds[r], bounds[r + 1] - bounds[r]);
                        slices.add(slice);
                        ColumnRef[] refs = {ColumnRef.of(slice, 0), ColumnRef.of(slice, 1), ColumnRef.of(slice, 2)};
                        NormalizedKeys keys = new NormalizedKeys(layout, slice.rowCount());
                        int[] perm = new int[slice.rowCount()];
                        kernels().sort(refs, keys, perm, new SortScratch());
                        runs.add(new SortedRun(keys, perm, refs));
                    }
                    RunMerger merger = new RunMerger(runs);
                    int[] merged = new int[rows];
                    int[] runOut = new int[64];
                    int[] rowOut = new int[64];
                    int total = 0;
                    int got;
                    while ((got = merger.next(runOut, rowOut, 1 + random.nextInt(64))) > 0) {
                        for (int i = 0; i < got; i++) {
                            merged[total++] = bounds[runOut[i]] + rowOut[i];
                        }
                    }
                    assertThat(total).isEqualTo(rows);
                    assertThat(merger.isDone()).isTrue();
                    assertThat(merger.remaining()).isZero();
                    assertThat(merged).as("%d runs", k).isEqualTo(expected);
                } finally {
                    slices.forEach(Batch::close);
                }
            }
        }
    }

    @Test
    void mergerHandlesNoRunsAndRejectsMixedLayouts() {
        assertThat(new RunMerger(List.of()).next(new int[4], new int[4], 4)).isZero();
        NormalizedKeys a = new NormalizedKeys(KeyLayout.of(List.of(DataType.INT32), SortOrder.ASC), 1);
        NormalizedKeys b = new NormalizedKeys(KeyLayout.of(List.of(DataType.INT32), SortOrder.DESC), 1);
        assertThatThrownBy(() -> new RunMerger(List.of(new SortedRun(a, null, null), new SortedRun(b, null, null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layout");
    }
}
