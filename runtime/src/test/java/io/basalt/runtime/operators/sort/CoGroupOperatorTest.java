package io.basalt.runtime.operators.sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.functions.CoGroupFunction;
import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.OperatorHarness;
import io.basalt.runtime.types.Row;
import io.basalt.runtime.types.RowCodec;
import io.basalt.vectorops.SortOrder;

class CoGroupOperatorTest {
    private static final Schema LEFT = SortMergeJoinOperatorTest.LEFT;
    private static final Schema RIGHT = SortMergeJoinOperatorTest.RIGHT;
    private static final RowCodec<Row> LEFT_ROWS = RowCodec.rows(LEFT);
    private static final RowCodec<Row> RIGHT_ROWS = RowCodec.rows(RIGHT);
    private static final RowCodec<Row> OUT = RowCodec.rows(Schema.of(Field.notNull("key", DataType.UTF8),
            Field.notNull("left", DataType.UTF8), Field.notNull("right", DataType.UTF8)));
    private static final ExecutionConfig CONFIG = ExecutionConfig.defaults().withParallelism(1).withBatchRows(1024);

    /** Emits (key, left seqs, right seqs); the right side is read first to show the sides are independent. */
    private static CoGroupFunction<Row, Row, Row> describe(int[] keys) {
        return (left, right, out) -> {
            List<Object> key = null;
            StringBuilder r = new StringBuilder();
            for (Row row : right) {
                key = SortTestSupport.key(row.values(), keys);
                r.append(row.get(3)).append(',');
            }
            StringBuilder l = new StringBuilder();
            for (Row row : left) {
                key = SortTestSupport.key(row.values(), keys);
                l.append(row.get(2)).append(',');
            }
            out.collect(Row.of(String.valueOf(key), l.toString(), r.toString()));
        };
    }

    private static List<Row> reference(List<List<Object>> left, List<List<Object>> right, int[] keys) {
        Map<List<Object>, StringBuilder[]> groups = new HashMap<>();
        for (List<Object> l : left) {
            groups.computeIfAbsent(SortTestSupport.key(l, keys), k -> new StringBuilder[] {new StringBuilder(), new StringBuilder()})[0]
                    .append(l.get(2)).append(',');
        }
        for (List<Object> r : right) {
            groups.computeIfAbsent(SortTestSupport.key(r, keys), k -> new StringBuilder[] {new StringBuilder(), new StringBuilder()})[1]
                    .append(r.get(3)).append(',');
        }
        List<List<Object>> order = new ArrayList<>(groups.keySet());
        int[] positions = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            positions[i] = i;
        }
        order.sort(SortTestSupport.comparator(positions, Collections.nCopies(keys.length, SortOrder.ASC)));
        List<Row> expected = new ArrayList<>();
        for (List<Object> key : order) {
            StringBuilder[] g = groups.get(key);
            expected.add(Row.of(String.valueOf(key), g[0].toString(), g[1].toString()));
        }
        return expected;
    }

    private static OperatorHarness run(CoGroupFunction<Row, Row, Row> fn, int[] keys, List<List<Object>> left, List<List<Object>> right,
                                       long poolLimit, long seed) throws Exception {
        OperatorHarness h = new OperatorHarness(new CoGroupOperator<>(LEFT_ROWS, RIGHT_ROWS, OUT, keys, keys, fn), poolLimit, CONFIG).open();
        SortTestSupport.feedTwo(h, LEFT, left, RIGHT, right, new Random(seed), 300);
        return h;
    }

    private static List<Row> coGroups(int[] keys, List<List<Object>> left, List<List<Object>> right, long poolLimit, long seed) throws Exception {
        try (OperatorHarness h = run(describe(keys), keys, left, right, poolLimit, seed)) {
            if (poolLimit > 0) {
                assertThat(h.metrics().spillFiles()).isGreaterThan(3);
            }
            return h.outputRows();
        }
    }

    @Test
    void oneCallPerKeyOfEitherSideWithNullKeysTogether() throws Exception {
        Random rnd = new Random(31);
        for (int[] keys : new int[][] {{0}, {1, 0}}) {
            List<List<Object>> left = SortMergeJoinOperatorTest.leftRows(rnd, 2000, 400);
            List<List<Object>> right = SortMergeJoinOperatorTest.rightRows(rnd, 1500, 400);
            assertThat(coGroups(keys, left, right, 0, rnd.nextLong())).containsExactlyElementsOf(reference(left, right, keys));
        }
    }

    @Test
    void emptySidesAndSingleRows() throws Exception {
        Random rnd = new Random(32);
        List<List<Object>> left = SortMergeJoinOperatorTest.leftRows(rnd, 100, 10);
        List<List<Object>> right = SortMergeJoinOperatorTest.rightRows(rnd, 100, 10);
        int[] keys = {0};
        assertThat(coGroups(keys, List.of(), List.of(), 0, 1)).isEmpty();
        assertThat(coGroups(keys, left, List.of(), 0, 2)).containsExactlyElementsOf(reference(left, List.of(), keys));
        assertThat(coGroups(keys, List.of(), right, 0, 3)).containsExactlyElementsOf(reference(List.of(), right, keys));
        List<List<Object>> oneLeft = left.subList(0, 1);
        List<List<Object>> oneRight = right.subList(0, 1);
        assertThat(coGroups(keys, oneLeft, oneRight, 0, 4)).containsExactlyElementsOf(reference(oneLeft, oneRight, keys));
    }

    @Test
    void aTinyPoolSpillsAndGivesTheSameCoGroups() throws Exception {
        Random rnd = new Random(33);
        List<List<Object>> left = SortMergeJoinOperatorTest.leftRows(rnd, 70_000, 20_000);
        List<List<Object>> right = SortMergeJoinOperatorTest.rightRows(rnd, 70_000, 20_000);
        int[] keys = {1, 0};
        List<Row> inMemory = coGroups(keys, left, right, 0, 5);
        assertThat(coGroups(keys, left, right, 256L << 10, 6)).isEqualTo(inMemory);
        assertThat(inMemory).isEqualTo(reference(left, right, keys));
    }

    @Test
    void eachSideCanBeIteratedOnce() throws Exception {
        List<List<Object>> left = SortMergeJoinOperatorTest.leftRows(new Random(34), 20, 3);
        CoGroupFunction<Row, Row, Row> twice = (l, r, out) -> {
            l.forEach(x -> { });
            l.forEach(x -> { });
        };
        try (OperatorHarness h = new OperatorHarness(new CoGroupOperator<>(LEFT_ROWS, RIGHT_ROWS, OUT, new int[] {0}, new int[] {0}, twice))
                .open()) {
            h.process(LEFT, left, 0);
            h.endInput(0);
            assertThatThrownBy(() -> h.endInput(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("left values of a group can be iterated only once");
        }
    }

    @Test
    void keyTypesMustMatchAndTheFactoryClaimsMemory() {
        assertThatThrownBy(() -> new CoGroupOperator<>(LEFT_ROWS, RIGHT_ROWS, OUT, new int[] {2}, new int[] {0}, describe(new int[] {0})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("left column 'lseq' has type int32");
        OperatorFactory f = CoGroupOperator.factory(LEFT_ROWS, RIGHT_ROWS, OUT, new int[] {0}, new int[] {0}, describe(new int[] {0}));
        assertThat(f.name()).isEqualTo("CoGroup(left keys=[#0], right keys=[#0])");
        assertThat(f.inputCount()).isEqualTo(2);
        assertThat(f.memoryWeight()).isEqualTo(1);
    }
}
