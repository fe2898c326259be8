package io.basalt.runtime.operators.sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.functions.GroupReduceFunction;
import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.OperatorHarness;
import io.basalt.runtime.types.Row;
import io.basalt.runtime.types.RowCodec;
import io.basalt.vectorops.SortOrder;

class GroupReduceOperatorTest {
    private static final Schema SCHEMA = SortOperatorTest.SCHEMA;
    private static final RowCodec<Row> IN = RowCodec.rows(SCHEMA);
    private static final Schema OUT_SCHEMA = Schema.of(Field.notNull("key", DataType.UTF8), Field.notNull("count", DataType.INT64),
            Field.notNull("seqs", DataType.UTF8));
    private static final RowCodec<Row> OUT = RowCodec.rows(OUT_SCHEMA);
    private static final ExecutionConfig CONFIG = ExecutionConfig.defaults().withParallelism(1).withBatchRows(1024);

    /** Emits (key, count, the group's seq numbers in iteration order). */
    private static GroupReduceFunction<Row, Row> describe(int[] keys) {
        return (values, out) -> {
            List<Object> key = null;
            long count = 0;
            StringBuilder seqs = new StringBuilder();
            for (Row r : values) {
                if (key == null) {
                    key = SortTestSupport.key(r.values(), keys);
                }
                count++;
                seqs.append(r.get(3)).append(',');
            }
            out.collect(Row.of(String.valueOf(key), count, seqs.toString()));
        };
    }

    /** Groups in ascending key order (NULLs last), elements in arrival order. */
    private static List<Row> reference(List<List<Object>> rows, int[] keys) {
        Map<List<Object>, List<List<Object>>> groups = new HashMap<>();
        for (List<Object> r : rows) {
            groups.computeIfAbsent(SortTestSupport.key(r, keys), k -> new ArrayList<>()).add(r);
        }
        List<List<Object>> order = new ArrayList<>(groups.keySet());
        int[] positions = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            positions[i] = i;
        }
        order.sort(SortTestSupport.comparator(positions, Collections.nCopies(keys.length, SortOrder.ASC)));
        List<Row> expected = new ArrayList<>();
        for (List<Object> key : order) {
            StringBuilder seqs = new StringBuilder();
            for (List<Object> r : groups.get(key)) {
                seqs.append(r.get(3)).append(',');
            }
            expected.add(Row.of(String.valueOf(key), (long) groups.get(key).size(), seqs.toString()));
        }
        return expected;
    }

    private static OperatorHarness run(Operator op, List<List<Object>> rows, long poolLimit, long seed) throws Exception {
        OperatorHarness h = new OperatorHarness(op, poolLimit, CONFIG).open();
        SortTestSupport.feed(h, SCHEMA, rows, 0, new Random(seed), 300);
        h.endInput(0);
        return h;
    }

    private static List<Row> groups(List<List<Object>> rows, int[] keys, long poolLimit, long seed) throws Exception {
        try (OperatorHarness h = run(new GroupReduceOperator<>(IN, OUT, keys, describe(keys)), rows, poolLimit, seed)) {
            if (poolLimit > 0) {
                assertThat(h.metrics().spillFiles()).as("spill files").isGreaterThan(3);
            }
            return h.outputRows();
        }
    }

    @Test
    void oneCallPerGroupWithNullKeysTogetherAndValuesInArrivalOrder() throws Exception {
        Random rnd = new Random(11);
        for (int[] keys : new int[][] {{0}, {1, 0}, {4}, {2, 4, 1}}) {
            List<List<Object>> rows = SortOperatorTest.randomRows(rnd, 3000, 20);
            assertThat(groups(rows, keys, 0, rnd.nextLong())).containsExactlyElementsOf(reference(rows, keys));
        }
    }

    @Test
    void emptyInputCallsNothingAndOneRowIsOneGroup() throws Exception {
        for (int[] keys : new int[][] {{}, {0}}) {
            assertThat(groups(List.of(), keys, 0, 1)).isEmpty();
            List<List<Object>> one = SortOperatorTest.randomRows(new Random(12), 1, 5);
            assertThat(groups(one, keys, 0, 1)).containsExactlyElementsOf(reference(one, keys));
        }
    }

    @Test
    void withoutKeysTheWholeInputIsOneGroupInArrivalOrder() throws Exception {
        List<List<Object>> rows = SortOperatorTest.randomRows(new Random(13), 5000, 20);
        assertThat(groups(rows, new int[0], 0, 2)).containsExactlyElementsOf(reference(rows, new int[0]));
    }

    @Test
    void aTinyPoolSpillsAndGivesTheSameGroups() throws Exception {
        List<List<Object>> rows = SortOperatorTest.randomRows(new Random(14), 200_000, 3000);
        int[] keys = {1, 0};
        List<Row> inMemory = groups(rows, keys, 0, 3);
        assertThat(groups(rows, keys, 256L << 10, 4)).isEqualTo(inMemory);
        assertThat(inMemory).isEqualTo(reference(rows, keys));
    }

    @Test
    void aFunctionMayStopEarlyOrIgnoreTheValues() throws Exception {
        List<List<Object>> rows = SortOperatorTest.randomRows(new Random(15), 4000, 30);
        int[] keys = {0};
        GroupReduceFunction<Row, Row> firstTwo = (values, out) -> {
            Iterator<Row> it = values.iterator();
            Row first = it.next();
            if (it.hasNext()) {
                it.next();
            }
            out.collect(Row.of(String.valueOf(SortTestSupport.key(first.values(), keys)), 0L, ""));
        };
        List<Row> expected = new ArrayList<>();
        for (Row r : reference(rows, keys)) {
            expected.add(Row.of(r.get(0), 0L, ""));
        }
        try (OperatorHarness h = run(new GroupReduceOperator<>(IN, OUT, keys, firstTwo), rows, 0, 5)) {
            assertThat(h.outputRows()).containsExactlyElementsOf(expected);
        }
        AtomicInteger calls = new AtomicInteger();
        try (OperatorHarness h = run(new GroupReduceOperator<Row, Row>(IN, OUT, keys, (values, out) -> calls.incrementAndGet()), rows, 0, 6)) {
            assertThat(h.outputRows()).isEmpty();
            assertThat(calls).hasValue(expected.size());
        }
    }

    @Test
    void valuesCanBeIteratedOnceAndOnlyDuringTheCall() throws Exception {
        List<List<Object>> rows = SortOperatorTest.randomRows(new Random(16), 10, 3);
        GroupReduceFunction<Row, Row> twice = (values, out) -> {
            values.forEach(v -> { });
            values.iterator();
        };
        try (OperatorHarness h = new OperatorHarness(new GroupReduceOperator<>(IN, OUT, new int[] {0}, twice)).open()) {
            h.process(SCHEMA, rows, 0);
            assertThatThrownBy(() -> h.endInput(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("iterated only once");
        }
        AtomicReference<Iterable<Row>> leaked = new AtomicReference<>();
        try (OperatorHarness h = new OperatorHarness(new GroupReduceOperator<Row, Row>(IN, OUT, new int[] {0}, (values, out) -> leaked.set(values)))
                .open()) {
            h.process(SCHEMA, rows, 0);
            h.endInput(0);
        }
        assertThatThrownBy(() -> leaked.get().iterator()).isInstanceOf(IllegalStateException.class).hasMessageContaining("after the function");
    }

    @Test
    void reduceFoldsEachGroupPairwise() throws Exception {
        List<List<Object>> rows = SortOperatorTest.randomRows(new Random(17), 20_000, 50);
        for (long limit : new long[] {0, 256L << 10}) {
            for (int[] keys : new int[][] {{0}, {}}) {
                // keeps the group's first key columns and sums seq, checked against a map of sums
                ReduceOperator<Row> op = new ReduceOperator<>(IN, keys, (a, b) -> Row.of(a.get(0), a.get(1), a.get(2),
                        (Integer) a.get(3) + (Integer) b.get(3), a.get(4)));
                Map<List<Object>, Integer> sums = new HashMap<>();
                Map<List<Object>, List<Object>> firsts = new HashMap<>();
                for (List<Object> r : rows) {
                    List<Object> key = SortTestSupport.key(r, keys);
                    sums.merge(key, (Integer) r.get(3), Integer::sum);
                    firsts.putIfAbsent(key, r);
                }
                List<Row> expected = new ArrayList<>();
                firsts.forEach((key, first) -> expected.add(Row.of(first.get(0), first.get(1), first.get(2), sums.get(key), first.get(4))));
                try (OperatorHarness h = run(op, rows, limit, 7)) {
                    assertThat(h.outputRows()).containsExactlyInAnyOrderElementsOf(expected);
                }
            }
        }
    }

    @Test
    void keysOutsideTheSchemaAreRejectedAndFactoriesClaimMemory() {
        assertThatThrownBy(() -> new GroupReduceOperator<>(IN, OUT, new int[] {5}, describe(new int[] {5})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Key column index 5");
        OperatorFactory f = GroupReduceOperator.factory(IN, OUT, new int[] {1, 0}, describe(new int[] {1, 0}));
        assertThat(f.name()).isEqualTo("GroupReduce(keys=[#1, #0])");
        assertThat(f.memoryWeight()).isEqualTo(1);
        OperatorFactory r = ReduceOperator.factory(IN, new int[] {0}, (a, b) -> a);
        assertThat(r.name()).isEqualTo("Reduce(keys=[#0])");
        assertThat(r.memoryWeight()).isEqualTo(1);
    }
}
