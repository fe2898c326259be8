package io.basalt.runtime.operators.join;

import static io.basalt.runtime.operators.join.JoinTestSupport.assertSameRows;
import static io.basalt.runtime.operators.join.JoinTestSupport.feed;
import static io.basalt.runtime.operators.join.JoinTestSupport.feedInOrder;
import static io.basalt.runtime.operators.join.JoinTestSupport.referenceJoin;
import static io.basalt.runtime.operators.join.JoinTestSupport.row;
import static io.basalt.runtime.operators.join.JoinTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.OperatorHarness;
import io.basalt.vectorops.ExecutionMode;

class HashJoinOperatorTest {
    static final Schema LEFT = Schema.of(Field.nullable("id", DataType.INT32), Field.nullable("k_int", DataType.INT64),
            Field.nullable("k_str", DataType.UTF8), Field.nullable("k_dec", DataType.decimal(12, 2)), Field.nullable("note", DataType.UTF8),
            Field.nullable("ts", DataType.TIMESTAMP));
    static final Schema RIGHT = Schema.of(Field.nullable("rk_int", DataType.INT64), Field.nullable("rk_str", DataType.UTF8),
            Field.nullable("rk_dec", DataType.decimal(12, 2)), Field.nullable("note", DataType.UTF8), Field.nullable("val", DataType.FLOAT64),
            Field.nullable("flag", DataType.BOOLEAN), Field.nullable("day", DataType.DATE));
    private static final String[] STRINGS = {"a", "bb", "ccc", "", "über", "a longer key string of forty characters.."};
    private static final long SPILL_LIMIT = 256 << 10;

    /** Key column sets: left keys, right keys. */
    enum Keys {
        MULTI(new int[] {1, 2, 3}, new int[] {0, 1, 2}),
        INT64(new int[] {1}, new int[] {0}),
        UTF8(new int[] {2}, new int[] {1}),
        INT_AND_STRING(new int[] {1, 2}, new int[] {0, 1});

        final int[] left;
        final int[] right;

        Keys(int[] left, int[] right) {
            this.left = left;
            this.right = right;
        }
    }

    static Stream<Arguments> kindsAndSides() {
        List<Arguments> out = new ArrayList<>();
        for (JoinKind kind : JoinKind.values()) {
            for (boolean buildLeft : new boolean[] {true, false}) {
                out.add(Arguments.of(kind, buildLeft));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> randomCases() {
        List<Arguments> out = new ArrayList<>();
        int seed = 0;
        for (JoinKind kind : JoinKind.values()) {
            for (boolean buildLeft : new boolean[] {true, false}) {
                out.add(Arguments.of(kind, buildLeft, seed % 2 == 0 ? Keys.MULTI : Keys.UTF8, seed++));
            }
        }
        return out.stream();
    }

    static List<List<Object>> leftRows(Random random, int n, int keyRange, double nulls) {
        List<List<Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(row(i, maybe(random, nulls, (long) random.nextInt(keyRange)), maybe(random, nulls, STRINGS[random.nextInt(3)]),
                    maybe(random, nulls, BigDecimal.valueOf(random.nextInt(3) * 125L - 100, 2)),
                    maybe(random, 0.2, STRINGS[random.nextInt(STRINGS.length)] + i),
                    maybe(random, 0.2, LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(random.nextInt(1_000_000)))));
        }
        return rows;
    }

    static List<List<Object>> rightRows(Random random, int n, int keyRange, double nulls) {
        List<List<Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(row(maybe(random, nulls, (long) random.nextInt(keyRange)), maybe(random, nulls, STRINGS[random.nextInt(3)]),
                    maybe(random, nulls, BigDecimal.valueOf(random.nextInt(3) * 125L - 100, 2)),
                    maybe(random, 0.2, STRINGS[random.nextInt(STRINGS.length)]), maybe(random, 0.2, random.nextDouble()),
                    maybe(random, 0.2, random.nextBoolean()), maybe(random, 0.2, LocalDate.of(2020, 1, 1).plusDays(random.nextInt(2000)))));
        }
        return rows;
    }

    private static Object maybe(Random random, double nulls, Object value) {
        return random.nextDouble() < nulls ? null : value;
    }

    private static ExecutionConfig config(int batchRows, ExecutionMode mode) {
        return ExecutionConfig.defaults().withParallelism(1).withBatchRows(batchRows).withMode(mode);
    }

    private static HashJoinOperator join(JoinKind kind, Keys keys, boolean buildLeft) {
        return new HashJoinOperator(LEFT, RIGHT, kind, keys.left, keys.right, buildLeft);
    }

    /** Runs the join with inputs fed in random interleaved order; returns the harness (closed) and rows. */
    private static List<List<Object>> run(JoinKind kind, Keys keys, boolean buildLeft, List<List<Object>> left, List<List<Object>> right,
            long limit, ExecutionConfig config, Random random, int maxBatch, long[] spilled) throws Exception {
        try (OperatorHarness h = new OperatorHarness(join(kind, keys, buildLeft), limit, config).open()) {
            feed(h, LEFT, left, RIGHT, right, random, maxBatch);
            if (spilled != null) {
                spilled[0] = h.metrics().spilledBytes();
            }
            for (var b : h.outputBatches()) {
                assertThat(b.schema()).isEqualTo(JoinSchemas.output(LEFT, RIGHT, kind));
            }
            return rows(h);
        }
    }

    @ParameterizedTest(name = "{0} buildLeft={1} keys={2} seed={3}")
    @MethodSource("randomCases")
    void matchesTheReferenceOnRandomInputs(JoinKind kind, boolean buildLeft, Keys keys, int seed) throws Exception {
        Random random = new Random(seed);
        int[][] shapes = {{0, 0}, {0, 50}, {50, 0}, {1, 1}, {1, 80}, {80, 1}, {150, 120}, {100, 200}};
        for (int[] shape : shapes) {
            int keyRange = 3 + random.nextInt(30);
            double nulls = random.nextInt(3) * 0.1;
            List<List<Object>> left = leftRows(random, shape[0], keyRange, nulls);
            List<List<Object>> right = rightRows(random, shape[1], keyRange, nulls);
            ExecutionMode mode = random.nextBoolean() ? ExecutionMode.SCALAR : ExecutionMode.AUTO;
            List<List<Object>> actual = run(kind, keys, buildLeft, left, right, 0, config(64 + random.nextInt(200), mode), random,
                    1 + random.nextInt(60), null);
            assertSameRows(actual, referenceJoin(left, right, LEFT.size(), RIGHT.size(), keys.left, keys.right, kind),
                    kind + " " + shape[0] + "x" + shape[1]);
        }
    }

    /** Every key type combination on one join kind with outer rows on both sides. */
    @ParameterizedTest
    @EnumSource(Keys.class)
    void everyKeyLayoutMatchesTheReference(Keys keys) throws Exception {
        Random random = new Random(keys.ordinal());
        for (boolean buildLeft : new boolean[] {true, false}) {
            List<List<Object>> left = leftRows(random, 300, 8, 0.1);
            List<List<Object>> right = rightRows(random, 200, 8, 0.1);
            List<List<Object>> actual = run(JoinKind.FULL_OUTER, keys, buildLeft, left, right, 0, config(256, ExecutionMode.AUTO), random,
                    50, null);
            assertSameRows(actual, referenceJoin(left, right, LEFT.size(), RIGHT.size(), keys.left, keys.right, JoinKind.FULL_OUTER),
                    keys + " buildLeft=" + buildLeft);
        }
    }

    @ParameterizedTest(name = "{0} buildLeft={1}")
    @MethodSource("kindsAndSides")
    void spillingGivesTheSameRowsAsTheInMemoryJoin(JoinKind kind, boolean buildLeft) throws Exception {
        Random random = new Random(kind.ordinal() * 2 + (buildLeft ? 1 : 0));
        List<List<Object>> big;
        List<List<Object>> small;
        List<List<Object>> left;
        List<List<Object>> right;
        if (buildLeft) {
            left = big = leftRows(random, 6_000, 2_500, 0.02);
            right = small = rightRows(random, 2_000, 3_000, 0.02);
        } else {
            left = small = leftRows(random, 2_000, 3_000, 0.02);
            right = big = rightRows(random, 6_000, 2_500, 0.02);
        }
        assertThat(big).isNotSameAs(small);
        ExecutionConfig config = config(4096, ExecutionMode.AUTO);
        long[] spilled = new long[1];
        List<List<Object>> spilledRows = run(kind, Keys.INT_AND_STRING, buildLeft, left, right, SPILL_LIMIT, config, new Random(1), 1000,
                spilled);
        assertThat(spilled[0]).as("spilled bytes").isPositive();
        List<List<Object>> inMemory = run(kind, Keys.INT_AND_STRING, buildLeft, left, right, 0, config, new Random(2), 1000, spilled);
        assertThat(spilled[0]).as("spilled bytes without a limit").isZero();
        assertSameRows(spilledRows, inMemory, "spilled vs in-memory");
        assertSameRows(spilledRows, referenceJoin(left, right, LEFT.size(), RIGHT.size(), Keys.INT_AND_STRING.left,
                Keys.INT_AND_STRING.right, kind), "spilled vs reference");
    }

    @Test
    void twoHundredThousandBuildRowsInAQuarterMebibyteRecurseIntoSubPartitions() throws Exception {
        Random random = new Random(99);
        List<List<Object>> left = leftRows(random, 10_000, 200_000, 0.02);
        List<List<Object>> right = rightRows(random, 200_000, 60_000, 0.02);
        try (OperatorHarness h = new OperatorHarness(join(JoinKind.LEFT_OUTER, Keys.INT64, false), SPILL_LIMIT,
                config(4096, ExecutionMode.AUTO)).open()) {
            feed(h, LEFT, left, RIGHT, right, new Random(4), 4096);
            // 16 partitions per side at the first level; more files mean partitions were split again
            assertThat(h.metrics().spillFiles()).isGreaterThan(2 * HashPartitioner.MAX_FANOUT + 1);
            assertSameRows(rows(h), referenceJoin(left, right, LEFT.size(), RIGHT.size(), Keys.INT64.left, Keys.INT64.right,
                    JoinKind.LEFT_OUTER), "200k build rows");
        }
    }

    @ParameterizedTest(name = "{0} buildLeft={1}")
    @MethodSource("kindsAndSides")
    void skewedBuildSideWithOneKeyIsJoinedInChunks(JoinKind kind, boolean buildLeft) throws Exception {
        Random random = new Random(7);
        List<List<Object>> skewed = new ArrayList<>();
        List<List<Object>> other;
        if (buildLeft) {
            for (List<Object> r : leftRows(random, 3_000, 1, 0)) {
                skewed.add(row(r.get(0), 7L, "x", r.get(3), r.get(4), r.get(5)));
            }
            other = rightRows(random, 1_000, 1000, 0.05);
            other.set(10, row(7L, "x", new BigDecimal("1.25"), "s", 1.0, true, null));
            other.set(20, row(7L, "x", new BigDecimal("1.25"), "t", 2.0, false, null));
        } else {
            for (List<Object> r : rightRows(random, 3_000, 1, 0)) {
                skewed.add(row(7L, "x", r.get(2), r.get(3), r.get(4), r.get(5), r.get(6)));
            }
            other = leftRows(random, 1_000, 1000, 0.05);
            other.set(10, row(10, 7L, "x", new BigDecimal("1.25"), "s", null));
            other.set(20, row(20, 7L, "x", new BigDecimal("-1.00"), "t", null));
        }
        List<List<Object>> left = buildLeft ? skewed : other;
        List<List<Object>> right = buildLeft ? other : skewed;
        long[] spilled = new long[1];
        List<List<Object>> actual = run(kind, Keys.INT_AND_STRING, buildLeft, left, right, SPILL_LIMIT, config(4096, ExecutionMode.AUTO),
                new Random(3), 2000, spilled);
        assertThat(spilled[0]).as("spilled bytes").isPositive();
        assertSameRows(actual, referenceJoin(left, right, LEFT.size(), RIGHT.size(), Keys.INT_AND_STRING.left, Keys.INT_AND_STRING.right,
                kind), "skewed " + kind);
    }

    @ParameterizedTest
    @EnumSource(value = JoinKind.class, names = {"INNER", "FULL_OUTER", "ANTI"})
    void probeRowsArrivingBeforeTheBuildSideAreSpilledAndProbedLater(JoinKind kind) throws Exception {
        Random random = new Random(11);
        List<List<Object>> left = leftRows(random, 6_000, 3000, 0.05);
        List<List<Object>> right = rightRows(random, 1_000, 3000, 0.05);
        try (OperatorHarness h = new OperatorHarness(join(kind, Keys.INT64, false), SPILL_LIMIT, config(2048, ExecutionMode.AUTO)).open()) {
            feedInOrder(h, 0, LEFT, left, RIGHT, right, 1000);
            assertThat(h.metrics().spilledBytes()).isPositive();
            assertSameRows(rows(h), referenceJoin(left, right, LEFT.size(), RIGHT.size(), Keys.INT64.left, Keys.INT64.right, kind),
                    "probe first " + kind);
        }
    }

    @ParameterizedTest(name = "{0} buildLeft={1}")
    @MethodSource("kindsAndSides")
    void learnsTheInputSchemasFromTheirFirstBatches(JoinKind kind, boolean buildLeft) throws Exception {
        Random random = new Random(31 + kind.ordinal());
        List<List<Object>> left = leftRows(random, 120, 10, 0.1);
        List<List<Object>> right = rightRows(random, 90, 10, 0.1);
        HashJoinOperator join = new HashJoinOperator(kind, Keys.MULTI.left, Keys.MULTI.right, buildLeft);
        try (OperatorHarness h = new OperatorHarness(join, 0, config(100, ExecutionMode.AUTO)).open()) {
            feed(h, LEFT, left, RIGHT, right, random, 40);
            assertThat(join.outputSchema()).isEqualTo(JoinSchemas.output(LEFT, RIGHT, kind));
            assertSameRows(rows(h), referenceJoin(left, right, LEFT.size(), RIGHT.size(), Keys.MULTI.left, Keys.MULTI.right, kind),
                    "schemas from batches");
        }
    }

    @ParameterizedTest(name = "{0} buildLeft={1}")
    @MethodSource("kindsAndSides")
    void withoutSchemasAnEmptySideIsFineUnlessItsColumnsMustBePadded(JoinKind kind, boolean buildLeft) throws Exception {
        List<List<Object>> left = leftRows(new Random(3), 50, 10, 0.1);
        try (OperatorHarness h = new OperatorHarness(new HashJoinOperator(kind, Keys.INT64.left, Keys.INT64.right, buildLeft)).open()) {
            for (List<Object> row : left) {
                h.process(LEFT, List.of(row), 0);
            }
            h.endInput(0);
            if (kind == JoinKind.LEFT_OUTER || kind == JoinKind.FULL_OUTER) {
                assertThatThrownBy(() -> h.endInput(1)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("right input, which delivered no batch").hasMessageContaining("give the input schemas");
            } else {
                h.endInput(1);
                assertSameRows(rows(h), kind == JoinKind.ANTI ? left : List.of(), kind + " with an empty right input");
            }
        }
    }

    @Test
    void outputSchemaNamesAndNullability() {
        Schema left = Schema.of(Field.notNull("k", DataType.INT64), Field.notNull("v", DataType.UTF8));
        Schema right = Schema.of(Field.notNull("k", DataType.INT64), Field.notNull("w", DataType.INT32));
        assertThat(new HashJoinOperator(left, right, JoinKind.INNER, new int[] {0}, new int[] {0}, true).outputSchema()).isEqualTo(
                Schema.of(Field.notNull("k", DataType.INT64), Field.notNull("v", DataType.UTF8), Field.notNull("k_right", DataType.INT64),
                        Field.notNull("w", DataType.INT32)));
        assertThat(JoinSchemas.output(left, right, JoinKind.LEFT_OUTER).fields().subList(2, 4)).allMatch(Field::nullable);
        assertThat(JoinSchemas.output(left, right, JoinKind.LEFT_OUTER).fields().subList(0, 2)).noneMatch(Field::nullable);
        assertThat(JoinSchemas.output(left, right, JoinKind.RIGHT_OUTER).fields().subList(0, 2)).allMatch(Field::nullable);
        assertThat(JoinSchemas.output(left, right, JoinKind.FULL_OUTER).fields()).allMatch(Field::nullable);
        assertThat(JoinSchemas.output(left, right, JoinKind.SEMI)).isEqualTo(left);
        assertThat(JoinSchemas.output(left, right, JoinKind.ANTI)).isEqualTo(left);
    }

    @Test
    void badKeysAreClearErrors() {
        assertThatThrownBy(() -> new HashJoinOperator(LEFT, RIGHT, JoinKind.INNER, new int[] {1}, new int[] {1}, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k_int'").hasMessageContaining("'rk_str'");
        assertThatThrownBy(() -> new HashJoinOperator(LEFT, RIGHT, JoinKind.INNER, new int[] {1, 2}, new int[] {0}, true))
                .hasMessageContaining("as many left key columns as right key columns");
        assertThatThrownBy(() -> new HashJoinOperator(LEFT, RIGHT, JoinKind.INNER, new int[] {9}, new int[] {0}, true))
                .hasMessageContaining("left key column index 9 is outside");
        assertThatThrownBy(() -> new HashJoinOperator(RIGHT, RIGHT, JoinKind.INNER, new int[] {4}, new int[] {4}, true))
                .hasMessageContaining("'val'").hasMessageContaining("float64");
        Schema otherScale = Schema.of(Field.nullable("d", DataType.decimal(12, 3)));
        assertThatThrownBy(() -> new HashJoinOperator(LEFT, otherScale, JoinKind.INNER, new int[] {3}, new int[] {0}, true))
                .hasMessageContaining("decimal(12,2)").hasMessageContaining("decimal(12,3)");
    }

    @Test
    void aBatchOfTheWrongSchemaIsAClearError() throws Exception {
        try (OperatorHarness h = new OperatorHarness(join(JoinKind.INNER, Keys.INT64, true)).open()) {
            assertThatThrownBy(() -> h.process(RIGHT, List.of(row(1L, "a", null, null, null, null, null)), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("left input of HashJoin(INNER, k_int = rk_int");
        }
    }

    @Test
    void factoryDescribesTheJoinAndClaimsMemory() {
        OperatorFactory f = HashJoinOperator.factory(LEFT, RIGHT, JoinKind.LEFT_OUTER, new int[] {1, 2}, new int[] {0, 1}, false);
        assertThat(f.name()).isEqualTo("HashJoin(LEFT_OUTER, k_int = rk_int and k_str = rk_str, build=right)");
        assertThat(f.inputCount()).isEqualTo(2);
        assertThat(f.memoryWeight()).isEqualTo(1);
        assertThat(f.create()).isInstanceOf(HashJoinOperator.class).isNotSameAs(f.create());
    }

    @Test
    void closeAfterAFailureReleasesEverything() throws Exception {
        Random random = new Random(5);
        List<List<Object>> left = leftRows(random, 20_000, 100, 0.1);
        OperatorHarness h = new OperatorHarness(join(JoinKind.FULL_OUTER, Keys.MULTI, true), SPILL_LIMIT, config(1024, ExecutionMode.AUTO))
                .open();
        for (int from = 0; from < left.size(); from += 1000) {
            h.process(LEFT, left.subList(from, from + 1000), 0);
            h.process(RIGHT, rightRows(random, 100, 100, 0.1), 1);
        }
        assertThat(h.metrics().spilledBytes()).isPositive();
        h.close(); // checks that the pool is empty
    }
}
