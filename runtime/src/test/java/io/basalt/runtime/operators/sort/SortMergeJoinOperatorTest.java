package io.basalt.runtime.operators.sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.OperatorHarness;
import io.basalt.runtime.operators.join.JoinKind;
import io.basalt.runtime.operators.join.JoinSchemas;
import io.basalt.runtime.types.Row;

class SortMergeJoinOperatorTest {
    static final Schema LEFT = Schema.of(Field.nullable("id", DataType.INT64), Field.nullable("name", DataType.UTF8),
            Field.notNull("lseq", DataType.INT32));
    static final Schema RIGHT = Schema.of(Field.nullable("id", DataType.INT64), Field.nullable("name", DataType.UTF8),
            Field.nullable("amount", DataType.FLOAT64), Field.notNull("rseq", DataType.INT32));
    private static final ExecutionConfig CONFIG = ExecutionConfig.defaults().withParallelism(1).withBatchRows(1024);
    private static final int[][] KEYS = {{0}, {1, 0}};

    static List<List<Object>> leftRows(Random rnd, int n, int keyRange) {
        List<List<Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(Arrays.asList(SortTestSupport.maybeNull(rnd, 0.05, (long) rnd.nextInt(keyRange)),
                    SortTestSupport.maybeNull(rnd, 0.05, SortTestSupport.word(rnd)), i));
        }
        return rows;
    }

    static List<List<Object>> rightRows(Random rnd, int n, int keyRange) {
        List<List<Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(Arrays.asList(SortTestSupport.maybeNull(rnd, 0.05, (long) rnd.nextInt(keyRange)),
                    SortTestSupport.maybeNull(rnd, 0.05, SortTestSupport.word(rnd)), SortTestSupport.maybeNull(rnd, 0.1, rnd.nextInt(100) / 8.0), i));
        }
        return rows;
    }

    /** Nested-loop semantics through a hash map of the right rows by key. */
    static List<Row> reference(JoinKind kind, List<List<Object>> left, List<List<Object>> right, int[] keys) {
        Map<List<Object>, List<List<Object>>> byKey = new HashMap<>();
        for (List<Object> r : right) {
            List<Object> key = SortTestSupport.key(r, keys);
            if (!SortTestSupport.hasNull(key)) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
        }
        List<Object> leftNulls = Collections.nCopies(LEFT.size(), null);
        List<Object> rightNulls = Collections.nCopies(RIGHT.size(), null);
        Map<List<Object>, Boolean> matchedKeys = new HashMap<>();
        List<Row> out = new ArrayList<>();
        for (List<Object> l : left) {
            List<Object> key = SortTestSupport.key(l, keys);
            List<List<Object>> matches = SortTestSupport.hasNull(key) ? List.of() : byKey.getOrDefault(key, List.of());
            if (!matches.isEmpty()) {
                matchedKeys.put(key, true);
            }
            switch (kind) {
                case SEMI -> {
                    if (!matches.isEmpty()) {
                        out.add(Row.ofList(l));
                    }
                }
                case ANTI -> {
                    if (matches.isEmpty()) {
                        out.add(Row.ofList(l));
                    }
                }
                default -> {
                    for (List<Object> r : matches) {
                        out.add(concat(l, r));
                    }
                    if (matches.isEmpty() && kind.keepsUnmatchedLeft()) {
                        out.add(concat(l, rightNulls));
                    }
                }
            }
        }
        if (kind.keepsUnmatchedRight()) {
            for (List<Object> r : right) {
                if (!matchedKeys.containsKey(SortTestSupport.key(r, keys))) {
                    out.add(concat(leftNulls, r));
                }
            }
        }
        return out;
    }

    private static Row concat(List<Object> a, List<Object> b) {
        List<Object> all = new ArrayList<>(a);
        all.addAll(b);
        return Row.ofList(all);
    }

    private record Result(List<Row> rows, long spillFiles, Schema schema) {}

    private static Result run(SortMergeJoinOperator op, List<List<Object>> left, List<List<Object>> right, long poolLimit, long seed)
            throws Exception {
        try (OperatorHarness h = new OperatorHarness(op, poolLimit, CONFIG).open()) {
            SortTestSupport.feedTwo(h, LEFT, left, RIGHT, right, new Random(seed), 300);
            Schema schema = h.outputBatches().isEmpty() ? null : h.outputBatches().getFirst().schema();
            return new Result(h.outputRows(), h.metrics().spillFiles(), schema);
        }
    }

    private static void check(JoinKind kind, List<List<Object>> left, List<List<Object>> right, int[] keys, long seed) throws Exception {
        Result r = run(new SortMergeJoinOperator(kind, LEFT, RIGHT, keys, keys), left, right, 0, seed);
        assertThat(SortTestSupport.multiset(r.rows())).as("%s on %s", kind, Arrays.toString(keys))
                .isEqualTo(SortTestSupport.multiset(reference(kind, left, right, keys)));
        if (r.schema() != null) {
            assertThat(r.schema()).isEqualTo(JoinSchemas.output(LEFT, RIGHT, kind));
        }
    }

    @Test
    void everyKindMatchesTheReferenceWithNullKeysAndDuplicates() throws Exception {
        Random rnd = new Random(21);
        for (int[] keys : KEYS) {
            List<List<Object>> left = leftRows(rnd, 2000, 300);
            List<List<Object>> right = rightRows(rnd, 1500, 300);
            for (JoinKind kind : JoinKind.values()) {
                check(kind, left, right, keys, rnd.nextLong());
            }
        }
    }

    @Test
    void manyDuplicatesPerKey() throws Exception {
        Random rnd = new Random(22);
        List<List<Object>> left = leftRows(rnd, 600, 6);
        List<List<Object>> right = rightRows(rnd, 500, 8);
        for (JoinKind kind : JoinKind.values()) {
            check(kind, left, right, new int[] {0}, rnd.nextLong());
        }
    }

    @Test
    void emptyAndSingleRowInputs() throws Exception {
        Random rnd = new Random(23);
        List<List<Object>> some = leftRows(rnd, 50, 10);
        List<List<Object>> someRight = rightRows(rnd, 40, 10);
        List<List<Object>> oneLeft = leftRows(rnd, 1, 1);
        List<List<Object>> oneRight = rightRows(rnd, 1, 1);
        for (JoinKind kind : JoinKind.values()) {
            check(kind, List.of(), List.of(), new int[] {0}, 1);
            check(kind, some, List.of(), new int[] {0}, 2);
            check(kind, List.of(), someRight, new int[] {0}, 3);
            check(kind, oneLeft, oneRight, new int[] {0}, 4);
            check(kind, oneLeft, someRight, new int[] {1, 0}, 5);
        }
    }

    @Test
    void schemasCanBeLearntFromTheFirstBatches() throws Exception {
        Random rnd = new Random(24);
        List<List<Object>> left = leftRows(rnd, 500, 50);
        List<List<Object>> right = rightRows(rnd, 500, 50);
        for (JoinKind kind : JoinKind.values()) {
            Result r = run(new SortMergeJoinOperator(kind, new int[] {1, 0}, new int[] {1, 0}), left, right, 0, 6);
            assertThat(SortTestSupport.multiset(r.rows())).isEqualTo(SortTestSupport.multiset(reference(kind, left, right, new int[] {1, 0})));
        }
        assertThat(run(new SortMergeJoinOperator(JoinKind.INNER, new int[] {0}, new int[] {0}), left, List.of(), 0, 7).rows()).isEmpty();
        assertThat(run(new SortMergeJoinOperator(JoinKind.ANTI, new int[] {0}, new int[] {0}), left, List.of(), 0, 7).rows()).hasSize(500);
        assertThatThrownBy(() -> run(new SortMergeJoinOperator(JoinKind.LEFT_OUTER, new int[] {0}, new int[] {0}), left, List.of(), 0, 8))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("right input of the LEFT_OUTER join delivered no batch");
    }

    @Test
    void aTinyPoolSpillsBothSidesAndGivesTheSameRows() throws Exception {
        Random rnd = new Random(25);
        List<List<Object>> left = leftRows(rnd, 70_000, 40_000);
        List<List<Object>> right = rightRows(rnd, 70_000, 40_000);
        for (JoinKind kind : List.of(JoinKind.FULL_OUTER)) {
            Result inMemory = run(new SortMergeJoinOperator(kind, LEFT, RIGHT, new int[] {1, 0}, new int[] {1, 0}), left, right, 0, 9);
            Result spilled = run(new SortMergeJoinOperator(kind, LEFT, RIGHT, new int[] {1, 0}, new int[] {1, 0}), left, right, 256L << 10, 10);
            assertThat(inMemory.spillFiles()).isZero();
            assertThat(spilled.spillFiles()).isGreaterThan(3);
            assertThat(spilled.rows()).isEqualTo(inMemory.rows());
            assertThat(SortTestSupport.multiset(inMemory.rows())).isEqualTo(SortTestSupport.multiset(reference(kind, left, right, new int[] {1, 0})));
        }
    }

    @Test
    void aKeyGroupLargerThanItsBufferIsSpilled() throws Exception {
        Random rnd = new Random(26);
        List<List<Object>> left = leftRows(rnd, 40, 2);
        List<List<Object>> right = rightRows(rnd, 4000, 2);
        for (JoinKind kind : List.of(JoinKind.INNER, JoinKind.RIGHT_OUTER)) {
            Result spilled = run(new SortMergeJoinOperator(kind, LEFT, RIGHT, new int[] {0}, new int[] {0}), left, right, 256L << 10, 11);
            assertThat(spilled.spillFiles()).isPositive();
            assertThat(SortTestSupport.multiset(spilled.rows())).isEqualTo(SortTestSupport.multiset(reference(kind, left, right, new int[] {0})));
        }
    }

    @Test
    void keyTypesMustMatch() {
        assertThatThrownBy(() -> new SortMergeJoinOperator(JoinKind.INNER, LEFT, RIGHT, new int[] {0}, new int[] {2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("left column 'id' has type int64").hasMessageContaining("right column 'amount' has type float64");
        assertThatThrownBy(() -> {
            try (OperatorHarness h = new OperatorHarness(new SortMergeJoinOperator(JoinKind.INNER, new int[] {1}, new int[] {0})).open()) {
                h.process(LEFT, leftRows(new Random(1), 3, 3), 0);
                h.process(RIGHT, rightRows(new Random(1), 3, 3), 1);
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("left column 'name' has type utf8");
        assertThatThrownBy(() -> new SortMergeJoinOperator(JoinKind.INNER, new int[] {0, 1}, new int[] {0}))
                .hasMessageContaining("same number");
    }

    @Test
    void factoryDescribesTheJoin() {
        OperatorFactory f = SortMergeJoinOperator.factory(JoinKind.LEFT_OUTER, new int[] {0}, new int[] {1});
        assertThat(f.name()).isEqualTo("SortMergeJoin(LEFT_OUTER, left keys=[#0], right keys=[#1])");
        assertThat(f.inputCount()).isEqualTo(2);
        assertThat(f.memoryWeight()).isEqualTo(1);
    }
}
