package io.basalt.runtime.operators.sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.OperatorHarness;
import io.basalt.runtime.types.Row;
import io.basalt.vectorops.ExecutionMode;
import io.basalt.vectorops.SortOrder;

class SortOperatorTest {
    static final Schema SCHEMA = Schema.of(Field.nullable("k", DataType.INT64), Field.nullable("s", DataType.UTF8),
            Field.nullable("d", DataType.FLOAT64), Field.notNull("seq", DataType.INT32), Field.nullable("b", DataType.BOOLEAN));
    private static final double[] SPECIAL = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5, -2.25};
    private static final ExecutionConfig CONFIG = ExecutionConfig.defaults().withParallelism(1).withBatchRows(1024);
    private static final long TINY_POOL = 256L << 10;

    static List<List<Object>> randomRows(Random rnd, int n, int keyRange) {
        List<List<Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double d = rnd.nextInt(3) == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)] : rnd.nextInt(50) / 4.0;
            rows.add(Arrays.asList(SortTestSupport.maybeNull(rnd, 0.1, (long) rnd.nextInt(keyRange) - keyRange / 2),
                    SortTestSupport.maybeNull(rnd, 0.1, SortTestSupport.word(rnd)), SortTestSupport.maybeNull(rnd, 0.1, d), i,
                    SortTestSupport.maybeNull(rnd, 0.2, rnd.nextBoolean())));
        }
        return rows;
    }

    private record Result(List<Row> rows, long spillFiles, int largestBatch) {}

    private static Result run(List<List<Object>> rows, int[] keys, List<SortOrder> orders, long limit, long poolLimit, ExecutionConfig config,
                              long seed) throws Exception {
        try (OperatorHarness h = new OperatorHarness(new SortOperator(keys, orders, limit), poolLimit, config).open()) {
            SortTestSupport.feed(h, SCHEMA, rows, 0, new Random(seed), 300);
            h.endInput(0);
            int largest = h.outputBatches().stream().mapToInt(Batch::rowCount).max().orElse(0);
            return new Result(h.outputRows(), h.metrics().spillFiles(), largest);
        }
    }

    private static List<Row> reference(List<List<Object>> rows, int[] keys, List<SortOrder> orders, long limit) {
        List<List<Object>> sorted = new ArrayList<>(rows);
        sorted.sort(SortTestSupport.comparator(keys, orders));
        if (limit >= 0 && limit < sorted.size()) {
            sorted = sorted.subList(0, (int) limit);
        }
        return SortTestSupport.toRows(sorted);
    }

    private static void check(List<List<Object>> rows, int[] keys, List<SortOrder> orders, long limit, ExecutionConfig config, long seed)
            throws Exception {
        Result result = run(rows, keys, orders, limit, 0, config, seed);
        assertThat(result.rows()).as("keys %s %s limit %d", Arrays.toString(keys), orders, limit)
                .containsExactlyElementsOf(reference(rows, keys, orders, limit));
        assertThat(result.largestBatch()).isLessThanOrEqualTo(config.batchRows());
    }

    @Test
    void oneNumericKeyInEveryDirectionAndNullPlacementIsStable() throws Exception {
        Random rnd = new Random(1);
        for (SortOrder order : List.of(SortOrder.ASC, SortOrder.DESC, SortOrder.ASC_NULLS_FIRST, SortOrder.DESC_NULLS_LAST)) {
            List<List<Object>> rows = randomRows(rnd, 3000, 40);
            check(rows, new int[] {0}, List.of(order), -1, CONFIG, rnd.nextLong());
            check(rows, new int[] {2}, List.of(order), -1, CONFIG, rnd.nextLong());
        }
    }

    @Test
    void severalKeysWithStringsBooleansAndMixedOrders() throws Exception {
        Random rnd = new Random(2);
        List<List<Object>> rows = randomRows(rnd, 5000, 6);
        check(rows, new int[] {1, 0}, List.of(SortOrder.ASC, SortOrder.DESC), -1, CONFIG, 3);
        check(rows, new int[] {4, 2, 1}, List.of(SortOrder.DESC_NULLS_LAST, SortOrder.ASC_NULLS_FIRST, SortOrder.DESC), -1, CONFIG, 4);
        check(rows, new int[] {1}, List.of(SortOrder.ASC_NULLS_FIRST), -1, CONFIG.withMode(ExecutionMode.SCALAR), 5);
        check(rows, new int[] {1, 2}, List.of(SortOrder.DESC, SortOrder.ASC), -1, CONFIG.withMode(ExecutionMode.SCALAR), 6);
    }

    @Test
    void topNKeepsTheFirstRowsOfTheStableOrder() throws Exception {
        Random rnd = new Random(3);
        List<List<Object>> rows = randomRows(rnd, 4000, 30);
        for (long limit : new long[] {0, 1, 17, 1500, 4000, 4005}) {
            check(rows, new int[] {0, 1}, List.of(SortOrder.DESC, SortOrder.ASC), limit, CONFIG, limit);
        }
    }

    @Test
    void emptyInputEmitsNothingAndOneRowEmitsIt() throws Exception {
        check(List.of(), new int[] {0}, List.of(SortOrder.ASC), -1, CONFIG, 1);
        try (OperatorHarness h = new OperatorHarness(new SortOperator(new int[] {0}, List.of(SortOrder.ASC), -1)).open()) {
            h.endInput(0);
            assertThat(h.outputBatches()).isEmpty();
        }
        List<List<Object>> one = randomRows(new Random(4), 1, 10);
        check(one, new int[] {1, 0}, List.of(SortOrder.ASC, SortOrder.ASC), -1, CONFIG, 2);
        check(one, new int[] {1}, List.of(SortOrder.ASC), 0, CONFIG, 2);
    }

    @Test
    void aTinyPoolSpillsToSeveralFilesAndGivesTheSameOrder() throws Exception {
        Random rnd = new Random(5);
        List<List<Object>> rows = randomRows(rnd, 200_000, 5000);
        int[] keys = {1, 0};
        List<SortOrder> orders = List.of(SortOrder.ASC, SortOrder.DESC);
        Result inMemory = run(rows, keys, orders, -1, 0, CONFIG, 7);
        Result spilled = run(rows, keys, orders, -1, TINY_POOL, CONFIG, 8);
        assertThat(inMemory.spillFiles()).isZero();
        assertThat(spilled.spillFiles()).isGreaterThan(3);
        assertThat(spilled.rows()).isEqualTo(inMemory.rows());
        assertThat(spilled.rows()).isEqualTo(reference(rows, keys, orders, -1));
    }

    @Test
    void topNWithATinyPool() throws Exception {
        Random rnd = new Random(6);
        List<List<Object>> rows = randomRows(rnd, 60_000, 100_000);
        int[] keys = {0};
        List<SortOrder> orders = List.of(SortOrder.DESC_NULLS_LAST);
        Result small = run(rows, keys, orders, 100, TINY_POOL, CONFIG, 9);
        assertThat(small.rows()).isEqualTo(reference(rows, keys, orders, 100));
        assertThat(small.spillFiles()).as("a small top-N is kept in memory").isZero();
        Result large = run(rows, keys, orders, 30_000, TINY_POOL, CONFIG, 10);
        assertThat(large.rows()).isEqualTo(reference(rows, keys, orders, 30_000));
        assertThat(large.spillFiles()).isPositive();
    }

    @Test
    void batchesOfAnotherSchemaAreRejected() throws Exception {
        try (OperatorHarness h = new OperatorHarness(new SortOperator(new int[] {0}, List.of(SortOrder.ASC), -1)).open()) {
            h.process(SCHEMA, randomRows(new Random(7), 3, 5), 0);
            Schema other = Schema.of(Field.nullable("k", DataType.INT32));
            assertThatThrownBy(() -> h.process(other, List.of(List.of(1)), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expects");
        }
    }

    @Test
    void badArgumentsAreClearErrors() {
        assertThatThrownBy(() -> new SortOperator(new int[0], List.of(), -1)).hasMessageContaining("at least one key");
        assertThatThrownBy(() -> new SortOperator(new int[] {0, 1}, List.of(SortOrder.ASC), -1)).hasMessageContaining("one order per key");
        assertThatThrownBy(() -> {
            try (OperatorHarness h = new OperatorHarness(new SortOperator(new int[] {9}, List.of(SortOrder.ASC), -1)).open()) {
                h.process(SCHEMA, randomRows(new Random(7), 3, 5), 0);
            }
        }).hasMessageContaining("column index 9");
    }

    @Test
    void factoryDescribesTheSortAndClaimsMemory() {
        OperatorFactory f = SortOperator.factory(new int[] {2, 0}, List.of(SortOrder.DESC, SortOrder.ASC), 10);
        assertThat(f.name()).isEqualTo("Sort(keys=[#2 DESC NULLS FIRST, #0 ASC NULLS LAST], limit=10)");
        assertThat(f.memoryWeight()).isEqualTo(1);
        assertThat(f.inputCount()).isEqualTo(1);
        assertThat(f.create()).isInstanceOf(SortOperator.class);
    }
}
