package io.basalt.vectorops.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.memory.MemoryLimitExceededException;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.AggregateFunction;
import io.basalt.vectorops.AggregationKernels;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.GroupByHashTable;
import io.basalt.vectorops.GroupedAccumulator;
import io.basalt.vectorops.RandomColumns;
import io.basalt.vectorops.RandomKeys;

/**
 * Contract tests of {@link AggregationKernels}, run once per backend: group ids and aggregates
 * against independent Java references on random batches (NULLs, odd offsets, every size of
 * {@link RandomColumns#sizes()}), plus overflow, NULL, memory-limit and input-validation cases.
 */
abstract class AbstractAggregationKernelsTest {
    /** Relative tolerance for float64 sums of well-conditioned data, see {@link AggregationKernels}. */
    static final double FLOAT_SUM_TOLERANCE = 1e-9;

    private MemoryManager manager;
    protected MemoryPool pool;
    protected RandomColumns columns;
    protected RandomKeys keys;
    protected Random random;

    protected abstract AggregationKernels kernels();

    /** Whether float64 sums are computed in row order, hence exactly equal to a sequential reference. */
    protected abstract boolean sequentialFloatSums();

    @BeforeEach
    void setUpPool() {
        manager = MemoryManager.create(1L << 30);
        pool = manager.newPool("test", 512L << 20);
        columns = new RandomColumns(pool, 20240611);
        keys = new RandomKeys(columns);
        random = columns.random();
    }

    @AfterEach
    void closePool() {
        pool.close();
        manager.close();
    }

    static Stream<List<DataType>> keyTypes() {
        return Stream.of(List.of(DataType.INT64), List.of(DataType.INT32), List.of(DataType.DATE), List.of(DataType.decimal(12, 2)),
                List.of(DataType.TIMESTAMP), List.of(DataType.UTF8), List.of(DataType.INT32, DataType.UTF8),
                List.of(DataType.INT64, DataType.DATE, DataType.INT64));
    }

    // ---- group ids ----

    @ParameterizedTest
    @MethodSource("keyTypes")
    void groupIdsAreDenseInFirstSeenOrderAcrossBatches(List<DataType> types) {
        // {pool size (0: fresh random keys), NULL fraction}
        double[][] shapes = {{4, 0}, {5, 0.2}, {60, 0}, {0, 0.1}};
        for (int s = 0; s < shapes.length; s++) {
            boolean odd = s % 2 == 1;
            List<Object[]> keyPool = keys.pool(types, (int) shapes[s][0]);
            try (GroupByHashTable table = new GroupByHashTable(types, pool, 4)) {
                Map<List<Object>, Integer> reference = new HashMap<>();
                List<List<Object>> order = new ArrayList<>();
                for (int size : RandomColumns.sizes()) {
                    try (Batch batch = keys.batch(types, size, odd, keyPool, keyPool.isEmpty() ? 0 : 1, shapes[s][1])) {
                        int[] ids = new int[size];
                        int groups = kernels().groupIds(table, RandomKeys.refs(batch), ids);
                        int[] expected = new int[size];
                        for (int r = 0; r < size; r++) {
                            List<Object> key = RandomKeys.key(batch, r);
                            Integer id = reference.get(key);
                            if (id == null) {
                                id = order.size();
                                reference.put(key, id);
                                order.add(key);
                            }
                            expected[r] = id;
                        }
                        assertThat(ids).as("ids of a %d-row batch, shape %s", size, Arrays.toString(shapes[s])).isEqualTo(expected);
                        assertThat(groups).isEqualTo(order.size());
                    }
                }
                assertThat(table.groupCount()).isEqualTo(order.size());
                for (int g = 0; g < order.size(); g++) {
                    assertThat(table.keys(g)).as("key of group %d", g).isEqualTo(order.get(g));
                }
                assertThat(table.memoryUsed()).isPositive().isLessThanOrEqualTo(pool.used());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"int64", "int32"})
    void nullKeyIsOneGroupDistinctFromZero(String typeName) {
        DataType type = DataType.parse(typeName);
        int rows = 1000;
        try (GroupByHashTable table = new GroupByHashTable(List.of(type), pool, 16);
                Batch batch = columns.column(type, rows, true, r -> r % 3 == 0 ? null : (r % 3 == 1 ? zero(type) : one(type)))) {
            int[] ids = new int[rows];
            assertThat(kernels().groupIds(table, RandomKeys.refs(batch), ids)).isEqualTo(3);
            for (int r = 0; r < rows; r++) {
                assertThat(ids[r]).isEqualTo(r % 3);
            }
            assertThat(table.isKeyNull(0, 0)).isTrue();
            assertThat(table.key(0, 1)).isEqualTo(zero(type));
            assertThat(table.key(0, 2)).isEqualTo(one(type));
        }
    }

    private static Object zero(DataType type) {
        return type.kind() == DataType.Kind.INT32 ? (Object) 0 : (Object) 0L;
    }

    private static Object one(DataType type) {
        return type.kind() == DataType.Kind.INT32 ? (Object) 1 : (Object) 1L;
    }

    @Test
    void tableStaysConsistentWhenTheMemoryLimitIsHit() {
        MemoryPool small = pool.newChild("small", 256 << 10);
        List<DataType> types = List.of(DataType.INT64);
        GroupByHashTable table = new GroupByHashTable(types, small, 16);
        try {
            List<Batch> batches = new ArrayList<>();
            List<int[]> assigned = new ArrayList<>();
            boolean limitHit = false;
            try {
                for (int i = 0; i < 100 && !limitHit; i++) {
                    Batch batch = keys.batch(types, 2048, false, List.of(), 0, 0.01);
                    batches.add(batch);
                    int[] ids = new int[2048];
                    try {
                        kernels().groupIds(table, RandomKeys.refs(batch), ids);
                        assigned.add(ids);
                    } catch (MemoryLimitExceededException e) {
                        limitHit = true;
                    }
                }
                assertThat(limitHit).isTrue();
                assertThat(table.memoryUsed()).isLessThanOrEqualTo(256 << 10);
                // Every complete batch still maps to the same ids, without inserting anything.
                int groups = table.groupCount();
                for (int b = 0; b < assigned.size(); b++) {
                    int[] again = new int[2048];
                    assertThat(kernels().groupIds(table, RandomKeys.refs(batches.get(b)), again)).isEqualTo(groups);
                    assertThat(again).isEqualTo(assigned.get(b));
                }
                // Keys inserted before the failing row are intact and findable.
                try (Batch all = columns.column(DataType.INT64, groups, true, r -> table.key(0, r))) {
                    int[] ids = new int[groups];
                    kernels().groupIds(table, RandomKeys.refs(all), ids);
                    for (int g = 0; g < groups; g++) {
                        assertThat(ids[g]).isEqualTo(g);
                    }
                }
                assertThat(table.groupCount()).isEqualTo(groups);
            } finally {
                batches.forEach(Batch::close);
            }
        } finally {
            table.close();
        }
        assertThat(small.used()).isZero();
        small.close();
    }

    @Test
    void groupIdsRejectMismatchedInput() {
        try (GroupByHashTable table = new GroupByHashTable(List.of(DataType.INT64), pool, 16);
                Batch ints = columns.randomColumn(DataType.INT32, 10, 0, false);
                Batch longs = columns.randomColumn(DataType.INT64, 10, 0, false)) {
            assertThatThrownBy(() -> kernels().groupIds(table, RandomKeys.refs(ints), new int[10]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int32");
            assertThatThrownBy(() -> kernels().groupIds(table, RandomKeys.refs(longs), new int[9]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10 rows");
            ColumnRef[] two = {ColumnRef.of(longs, 0), ColumnRef.of(longs, 0)};
            assertThatThrownBy(() -> kernels().groupIds(table, two, new int[10])).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new GroupByHashTable(List.of(DataType.FLOAT64), pool, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float64");
    }

    // ---- aggregates ----

    static Stream<Arguments> aggregates() {
        List<Arguments> list = new ArrayList<>();
        DataType[] numeric = {DataType.INT32, DataType.INT64, DataType.decimal(12, 2), DataType.FLOAT64};
        for (AggregateFunction f : new AggregateFunction[] {AggregateFunction.SUM, AggregateFunction.AVG, AggregateFunction.MIN, AggregateFunction.MAX}) {
            for (DataType t : numeric) {
                list.add(Arguments.of(f, t));
            }
        }
        for (DataType t : new DataType[] {DataType.DATE, DataType.TIMESTAMP}) {
            list.add(Arguments.of(AggregateFunction.MIN, t));
            list.add(Arguments.of(AggregateFunction.MAX, t));
        }
        for (DataType t : new DataType[] {DataType.INT64, DataType.FLOAT64, DataType.UTF8}) {
            list.add(Arguments.of(AggregateFunction.COUNT, t));
            list.add(Arguments.of(AggregateFunction.COUNT_STAR, t));
        }
        return list.stream();
    }

    @ParameterizedTest
    @MethodSource("aggregates")
    void groupedAggregatesMatchReference(AggregateFunction f, DataType type) {
        int[] groupCounts = {1, 4, 8, 9, 300};
        for (int i = 0; i < groupCounts.length; i++) {
            int groupCount = groupCounts[i];
            boolean odd = i % 2 == 1;
            try (GroupedAccumulator acc = new GroupedAccumulator(f, type, pool)) {
                Reference ref = new Reference(f, type, groupCount);
                for (int size : RandomColumns.sizes()) {
                    try (Batch batch = values(f, type, size, size % 3 == 0 ? 0.0 : 0.2, odd)) {
                        int[] groupIds = new int[size];
                        for (int r = 0; r < size; r++) {
                            groupIds[r] = random.nextInt(groupCount);
                        }
                        kernels().accumulate(acc, ColumnRef.of(batch, 0), groupIds, groupCount);
                        ref.add(batch, groupIds);
                    }
                }
                ref.verify(acc, sequentialFloatSums(), "groups=" + groupCount);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("aggregates")
    void ungroupedAggregatesMatchReference(AggregateFunction f, DataType type) {
        for (boolean odd : new boolean[] {false, true}) {
            try (GroupedAccumulator acc = new GroupedAccumulator(f, type, pool)) {
                Reference ref = new Reference(f, type, 1);
                for (int size : RandomColumns.sizes()) {
                    try (Batch batch = values(f, type, size, size % 2 == 0 ? 0.0 : 0.15, odd)) {
                        kernels().accumulateAll(acc, ColumnRef.of(batch, 0));
                        ref.add(batch, new int[size]);
                    }
                }
                ref.verify(acc, sequentialFloatSums(), "ungrouped");
            }
        }
    }

    @Test
    void countRowsCountsEveryRow() {
        try (GroupedAccumulator grouped = new GroupedAccumulator(AggregateFunction.COUNT_STAR, null, pool);
                GroupedAccumulator ungrouped = new GroupedAccumulator(AggregateFunction.COUNT_STAR, null, pool)) {
            int[] ids = {0, 2, 2, 1, 2};
            kernels().countRows(grouped, ids, 5, 4);
            kernels().countRows(grouped, ids, 3, 4);
            assertThat(new long[] {grouped.getLong(0), grouped.getLong(1), grouped.getLong(2), grouped.getLong(3)})
                    .containsExactly(2, 1, 5, 0);
            assertThat(grouped.isNull(3)).isFalse();
            kernels().countRows(ungrouped, null, 70, 1);
            kernels().countRows(ungrouped, null, 5, 1);
            assertThat(ungrouped.getLong(0)).isEqualTo(75);
            try (GroupedAccumulator sum = new GroupedAccumulator(AggregateFunction.SUM, DataType.INT64, pool)) {
                assertThatThrownBy(() -> kernels().countRows(sum, ids, 5, 4)).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 20})
    void groupsWithOnlyNullsAreNull(int groupCount) {
        int rows = 500;
        for (AggregateFunction f : AggregateFunction.values()) {
            try (GroupedAccumulator acc = new GroupedAccumulator(f, DataType.INT64, pool);
                    Batch batch = columns.column(DataType.INT64, rows, true, r -> r % 2 == 0 ? null : (long) r)) {
                int[] ids = new int[rows];
                for (int r = 0; r < rows; r++) {
                    ids[r] = r % 2 == 0 ? 1 : 0; // group 1 sees only NULLs, groups 2.. nothing
                }
                kernels().accumulate(acc, ColumnRef.of(batch, 0), ids, groupCount);
                boolean counting = f == AggregateFunction.COUNT || f == AggregateFunction.COUNT_STAR;
                assertThat(acc.isNull(0)).isFalse();
                assertThat(acc.isNull(1)).as(f.name()).isEqualTo(!counting);
                assertThat(acc.isNull(2)).as(f.name()).isEqualTo(!counting);
                assertThat(acc.count(1)).isEqualTo(f == AggregateFunction.COUNT_STAR ? 250 : 0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 20})
    void sumOverflowNamesTheFirstOverflowingGroupAndRow(int groupCount) {
        for (DataType type : new DataType[] {DataType.INT64, DataType.decimal(18, 0)}) {
            int rows = 5000;
            long big = type.kind() == DataType.Kind.INT64 ? Long.MAX_VALUE / 2 + 10 : 999_999_999_999_999_999L;
            int bigRows = type.kind() == DataType.Kind.INT64 ? 2 : 10;
            int[] ids = new int[rows];
            long[] values = new long[rows];
            for (int r = 0; r < rows; r++) {
                ids[r] = r % groupCount;
                values[r] = r % 7 - 3;
            }
            for (int k = 0; k < bigRows; k++) {
                ids[1000 + 37 * k] = 1;
                values[1000 + 37 * k] = big;
            }
            int expectedRow = 1000 + 37 * (bigRows - 1);
            try (Batch batch = longColumn(type, values);
                    GroupedAccumulator grouped = new GroupedAccumulator(AggregateFunction.SUM, type, pool);
                    GroupedAccumulator ungrouped = new GroupedAccumulator(AggregateFunction.SUM, type, pool)) {
                assertThatThrownBy(() -> kernels().accumulate(grouped, ColumnRef.of(batch, 0), ids, groupCount))
                        .isInstanceOf(ArithmeticException.class)
                        .hasMessageContaining("group 1 at row " + expectedRow);
                assertThatThrownBy(() -> kernels().accumulateAll(ungrouped, ColumnRef.of(batch, 0)))
                        .isInstanceOf(ArithmeticException.class)
                        .hasMessageContaining("at row " + expectedRow);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 20})
    void hugeValuesThatNeverOverflowInRowOrderAreSummedExactly(int groupCount) {
        int rows = 3000;
        long[] values = new long[rows];
        int[] ids = new int[rows];
        for (int r = 0; r < rows; r++) {
            ids[r] = r % groupCount;
        }
        values[100] = Long.MAX_VALUE - 5;
        values[200] = -10;
        values[300] = 10;
        values[2999] = Long.MIN_VALUE + 7;
        ids[100] = ids[200] = ids[300] = 1;
        ids[2999] = 2;
        try (Batch batch = longColumn(DataType.INT64, values);
                GroupedAccumulator grouped = new GroupedAccumulator(AggregateFunction.SUM, DataType.INT64, pool);
                GroupedAccumulator ungrouped = new GroupedAccumulator(AggregateFunction.SUM, DataType.INT64, pool)) {
            kernels().accumulate(grouped, ColumnRef.of(batch, 0), ids, groupCount);
            assertThat(grouped.getLong(1)).isEqualTo(Long.MAX_VALUE - 5);
            assertThat(grouped.getLong(2)).isEqualTo(Long.MIN_VALUE + 7);
            kernels().accumulateAll(ungrouped, ColumnRef.of(batch, 0));
            assertThat(ungrouped.getLong(0)).isEqualTo(1); // (MAX - 5) - 10 + 10 + (MIN + 7)
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 20})
    void floatSpecialsPropagate(int groupCount) {
        int rows = 4000;
        double[] values = new double[rows];
        int[] ids = new int[rows];
        for (int r = 0; r < rows; r++) {
            ids[r] = r % 4;
            values[r] = r * 0.5;
        }
        values[401] = Double.NaN;          // group 1
        values[802] = Double.POSITIVE_INFINITY; // group 2
        values[1203] = Double.POSITIVE_INFINITY; // group 3
        values[2003] = Double.NEGATIVE_INFINITY; // group 3
        try (Batch batch = columns.column(DataType.FLOAT64, rows, true, r -> values[r])) {
            for (AggregateFunction f : new AggregateFunction[] {AggregateFunction.SUM, AggregateFunction.MIN, AggregateFunction.MAX}) {
                try (GroupedAccumulator acc = new GroupedAccumulator(f, DataType.FLOAT64, pool);
                        GroupedAccumulator all = new GroupedAccumulator(f, DataType.FLOAT64, pool)) {
                    kernels().accumulate(acc, ColumnRef.of(batch, 0), ids, groupCount);
                    kernels().accumulateAll(all, ColumnRef.of(batch, 0));
                    assertThat(acc.getDouble(1)).isNaN();
                    assertThat(all.getDouble(0)).isNaN();
                    switch (f) {
                        case SUM -> {
                            assertThat(acc.getDouble(2)).isEqualTo(Double.POSITIVE_INFINITY);
                            assertThat(acc.getDouble(3)).isNaN();
                        }
                        case MIN -> {
                            assertThat(acc.getDouble(2)).isEqualTo(2.0 * 0.5);
                            assertThat(acc.getDouble(3)).isEqualTo(Double.NEGATIVE_INFINITY);
                        }
                        default -> {
                            assertThat(acc.getDouble(2)).isEqualTo(Double.POSITIVE_INFINITY);
                            assertThat(acc.getDouble(3)).isEqualTo(Double.POSITIVE_INFINITY);
                        }
                    }
                }
            }
        }
    }

    @Test
    void accumulatorsRejectUnsupportedInput() {
        assertThatThrownBy(() -> new GroupedAccumulator(AggregateFunction.SUM, DataType.UTF8, pool))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("utf8");
        assertThatThrownBy(() -> new GroupedAccumulator(AggregateFunction.AVG, DataType.DATE, pool))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("date");
        try (GroupedAccumulator acc = new GroupedAccumulator(AggregateFunction.SUM, DataType.INT64, pool);
                Batch doubles = columns.randomColumn(DataType.FLOAT64, 10, 0, false);
                Batch longs = columns.randomColumn(DataType.INT64, 100, 0, false)) {
            assertThatThrownBy(() -> kernels().accumulate(acc, ColumnRef.of(doubles, 0), new int[10], 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float64");
            assertThatThrownBy(() -> kernels().accumulate(acc, ColumnRef.of(longs, 0), new int[50], 1))
                    .isInstanceOf(IllegalArgumentException.class);
            for (int groupCount : new int[] {4, 20}) {
                int[] ids = new int[100];
                ids[77] = groupCount;
                assertThatThrownBy(() -> kernels().accumulate(acc, ColumnRef.of(longs, 0), ids, groupCount))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 77");
                ids[77] = -1;
                assertThatThrownBy(() -> kernels().accumulate(acc, ColumnRef.of(longs, 0), ids, groupCount))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 77");
            }
        }
    }

    @Test
    void accumulatorGrowthFailureLeavesStateIntact() {
        MemoryPool small = pool.newChild("small-acc", 64 << 10);
        try (GroupedAccumulator acc = new GroupedAccumulator(AggregateFunction.SUM, DataType.INT64, small);
                Batch batch = columns.column(DataType.INT64, 3, false, r -> (long) r + 1)) {
            kernels().accumulate(acc, ColumnRef.of(batch, 0), new int[] {0, 1, 1}, 2);
            assertThatThrownBy(() -> acc.ensureGroups(1 << 20)).isInstanceOf(MemoryLimitExceededException.class);
            assertThat(acc.groupCount()).isEqualTo(2);
            assertThat(acc.getLong(0)).isEqualTo(1);
            assertThat(acc.getLong(1)).isEqualTo(5);
            assertThat(acc.memoryUsed()).isPositive();
        }
        assertThat(small.used()).isZero();
        small.close();
    }

    // ---- helpers ----

    private Batch longColumn(DataType type, long[] values) {
        return columns.column(type, values.length, true,
                r -> type.kind() == DataType.Kind.DECIMAL ? BigDecimal.valueOf(values[r], type.scale()) : (Object) values[r]);
    }

    /** Values for {@code f}: bounded integers for sums (no overflow), well-conditioned positive floats for float sums. */
    private Batch values(AggregateFunction f, DataType type, int rows, double nullFraction, boolean odd) {
        boolean sum = f == AggregateFunction.SUM || f == AggregateFunction.AVG;
        return columns.column(type, rows, odd, r -> {
            if (random.nextDouble() < nullFraction) {
                return null;
            }
            if (sum && type.kind() == DataType.Kind.INT64) {
                return random.nextInt(10) == 0 ? (long) random.nextInt(3) - 1 : random.nextLong(-(1L << 40), 1L << 40);
            }
            if (sum && type.kind() == DataType.Kind.FLOAT64) {
                return random.nextDouble() * 1000;
            }
            return columns.values().value(Field.notNull("v", type));
        });
    }

    /** Independent per-group reference over Java values, in row order. */
    static final class Reference {
        private final AggregateFunction f;
        private final boolean floating;
        private final long[] counts;
        private final long[] longs;
        private final double[] doubles;

        Reference(AggregateFunction f, DataType type, int groups) {
            this.f = f;
            this.floating = type.kind() == DataType.Kind.FLOAT64;
            this.counts = new long[groups];
            this.longs = new long[groups];
            this.doubles = new double[groups];
            Arrays.fill(longs, f == AggregateFunction.MIN ? Long.MAX_VALUE : f == AggregateFunction.MAX ? Long.MIN_VALUE : 0);
            Arrays.fill(doubles, f == AggregateFunction.MIN ? Double.POSITIVE_INFINITY
                    : f == AggregateFunction.MAX ? Double.NEGATIVE_INFINITY : 0);
        }

        void add(Batch batch, int[] groupIds) {
            for (int r = 0; r < batch.rowCount(); r++) {
                int g = groupIds[r];
                Object value = batch.getObject(0, r);
                if (value == null) {
                    counts[g] += f == AggregateFunction.COUNT_STAR ? 1 : 0;
                    continue;
                }
                counts[g]++;
                switch (f) {
                    case SUM, AVG -> {
                        if (floating) {
                            doubles[g] += (Double) value;
                        } else {
                            longs[g] = Math.addExact(longs[g], asLong(value));
                        }
                    }
                    case MIN -> {
                        if (floating) {
                            doubles[g] = Math.min(doubles[g], (Double) value);
                        } else {
                            longs[g] = Math.min(longs[g], asLong(value));
                        }
                    }
                    case MAX -> {
                        if (floating) {
                            doubles[g] = Math.max(doubles[g], (Double) value);
                        } else {
                            longs[g] = Math.max(longs[g], asLong(value));
                        }
                    }
                    default -> { }
                }
            }
        }

        void verify(GroupedAccumulator acc, boolean sequentialFloatSums, String what) {
            assertThat(acc.groupCount()).isEqualTo(counts.length);
            for (int g = 0; g < counts.length; g++) {
                String as = what + ", group " + g;
                assertThat(acc.count(g)).as(as).isEqualTo(counts[g]);
                if (f == AggregateFunction.COUNT || f == AggregateFunction.COUNT_STAR) {
                    assertThat(acc.isNull(g)).isFalse();
                    assertThat(acc.getLong(g)).as(as).isEqualTo(counts[g]);
                    continue;
                }
                assertThat(acc.isNull(g)).as(as).isEqualTo(counts[g] == 0);
                if (counts[g] == 0) {
                    continue;
                }
                boolean sum = f == AggregateFunction.SUM || f == AggregateFunction.AVG;
                if (!floating) {
                    assertThat(acc.getLong(g)).as(as).isEqualTo(longs[g]);
                } else if (sum && !sequentialFloatSums) {
                    assertThat(acc.getDouble(g)).as(as).isCloseTo(doubles[g], org.assertj.core.data.Offset.offset(
                            Math.abs(doubles[g]) * FLOAT_SUM_TOLERANCE));
                } else {
                    assertThat(Double.compare(acc.getDouble(g), doubles[g])).as(as + ": " + acc.getDouble(g) + " vs " + doubles[g]).isZero();
                }
                if (f == AggregateFunction.AVG) {
                    double expected = (floating ? doubles[g] : (double) longs[g]) / counts[g];
                    assertThat(acc.average(g)).as(as).isCloseTo(expected, org.assertj.core.data.Offset.offset(Math.abs(expected) * 1e-9));
                }
            }
        }

        private static long asLong(Object value) {
            return switch (value) {
                case Integer i -> i;
                case Long l -> l;
                case BigDecimal d -> d.unscaledValue().longValueExact();
                case LocalDate d -> d.toEpochDay();
                case LocalDateTime t -> t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
                default -> throw new IllegalArgumentException("not an integer value: " + value);
            };
        }
    }
}
