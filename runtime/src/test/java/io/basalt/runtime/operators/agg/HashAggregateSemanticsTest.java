package io.basalt.runtime.operators.agg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.OperatorHarness;
import io.basalt.runtime.operators.agg.HashAggregateOperator.Phase;
import io.basalt.runtime.types.Row;
import io.basalt.vectorops.AggregateFunction;

/** Schemas, SQL corner cases and error messages. */
class HashAggregateSemanticsTest {
    private static final Schema INPUT = Schema.of(Field.nullable("k", DataType.UTF8), Field.nullable("i", DataType.INT32),
            Field.nullable("d", DataType.decimal(6, 2)), Field.notNull("f", DataType.FLOAT64), Field.nullable("day", DataType.DATE));
    private static final List<AggregateCall> CALLS = List.of(AggregateCall.sum(1, "s"), AggregateCall.count(2, "c"), AggregateCall.countStar("n"),
            AggregateCall.min(4, "first"), AggregateCall.max(3, "top"), AggregateCall.avg(2, "avg_d"), AggregateCall.avg(1, "avg_i"),
            AggregateCall.sum(2, "sum_d"));

    private static List<Row> run(Phase phase, int[] keys, Schema schema, List<List<Object>> rows) throws Exception {
        try (OperatorHarness h = new OperatorHarness(new HashAggregateOperator(INPUT, keys, CALLS, phase))) {
            h.open();
            if (!rows.isEmpty()) {
                h.process(schema, rows, 0);
            }
            h.endInput(0);
            for (var b : h.outputBatches()) {
                assertThat(b.schema()).isEqualTo(phase == Phase.PARTIAL ? HashAggregateOperator.partialSchema(INPUT, keys, CALLS)
                        : HashAggregateOperator.outputSchema(INPUT, keys, CALLS));
            }
            return h.outputRows();
        }
    }

    @Test
    void outputAndPartialSchemas() {
        int[] keys = {0};
        assertThat(HashAggregateOperator.outputSchema(INPUT, keys, CALLS)).isEqualTo(Schema.of(Field.nullable("k", DataType.UTF8),
                Field.nullable("s", DataType.INT64), Field.notNull("c", DataType.INT64), Field.notNull("n", DataType.INT64),
                Field.nullable("first", DataType.DATE), Field.nullable("top", DataType.FLOAT64), Field.nullable("avg_d", DataType.decimal(6, 2)),
                Field.nullable("avg_i", DataType.FLOAT64), Field.nullable("sum_d", DataType.decimal(18, 2))));
        assertThat(HashAggregateOperator.partialSchema(INPUT, keys, CALLS)).isEqualTo(Schema.of(Field.nullable("k", DataType.UTF8),
                Field.nullable("s", DataType.INT64), Field.notNull("c", DataType.INT64), Field.notNull("n", DataType.INT64),
                Field.nullable("first", DataType.DATE), Field.nullable("top", DataType.FLOAT64),
                Field.nullable("avg_d$sum", DataType.decimal(18, 2)), Field.notNull("avg_d$count", DataType.INT64),
                Field.nullable("avg_i$sum", DataType.INT64), Field.notNull("avg_i$count", DataType.INT64),
                Field.nullable("sum_d", DataType.decimal(18, 2))));
        HashAggregateOperator fin = new HashAggregateOperator(INPUT, keys, CALLS, Phase.FINAL);
        assertThat(fin.inputSchema()).isEqualTo(HashAggregateOperator.partialSchema(INPUT, keys, CALLS));
        assertThat(fin.outputSchema()).isEqualTo(HashAggregateOperator.outputSchema(INPUT, keys, CALLS));
    }

    @Test
    void globalAggregateOfEmptyInputIsOneRowExceptForPartial() throws Exception {
        Row empty = Row.of(null, 0L, 0L, null, null, null, null, null);
        assertThat(run(Phase.COMPLETE, new int[0], INPUT, List.of())).containsExactly(empty);
        assertThat(run(Phase.FINAL, new int[0], INPUT, List.of())).containsExactly(empty);
        assertThat(run(Phase.PARTIAL, new int[0], INPUT, List.of())).isEmpty();
        assertThat(run(Phase.COMPLETE, new int[] {0}, INPUT, List.of())).isEmpty();
        assertThat(run(Phase.FINAL, new int[] {0}, INPUT, List.of())).isEmpty();
        assertThat(run(Phase.PARTIAL, new int[] {0}, INPUT, List.of())).isEmpty();
    }

    @Test
    void globalAggregateOfAllNullValues() throws Exception {
        List<List<Object>> rows = List.of(Arrays.asList("a", null, null, 1.5, null), Arrays.asList(null, null, null, -2.0, null));
        assertThat(run(Phase.COMPLETE, new int[0], INPUT, rows)).containsExactly(Row.of(null, 0L, 2L, null, 1.5, null, null, null));
        List<Row> partial = run(Phase.PARTIAL, new int[0], INPUT, rows);
        assertThat(partial).hasSize(1);
        List<List<Object>> states = new ArrayList<>();
        for (Row r : partial) {
            states.add(r.values());
        }
        states.add(states.getFirst());
        assertThat(run(Phase.FINAL, new int[0], HashAggregateOperator.partialSchema(INPUT, new int[0], CALLS), states))
                .containsExactly(Row.of(null, 0L, 4L, null, 1.5, null, null, null));
    }

    @Test
    void nullKeysFormOneGroup() throws Exception {
        List<List<Object>> rows = List.of(Arrays.asList(null, 1, null, 0.0, null), Arrays.asList("x", 2, null, 0.0, null),
                Arrays.asList(null, 3, null, 0.0, null));
        Map<Object, Object> sums = new HashMap<>();
        for (Row r : run(Phase.COMPLETE, new int[] {0}, INPUT, rows)) {
            sums.put(r.get(0), r.get(1));
        }
        Map<Object, Object> expected = new HashMap<>();
        expected.put(null, 4L);
        expected.put("x", 2L);
        assertThat(sums).isEqualTo(expected);
    }

    @Test
    void decimalAverageRoundsHalfAwayFromZero() throws Exception {
        List<List<Object>> rows = List.of(
                Arrays.asList("p", 0, new BigDecimal("0.01"), 0.0, null), Arrays.asList("p", 0, new BigDecimal("0.02"), 0.0, null),
                Arrays.asList("n", 0, new BigDecimal("-0.01"), 0.0, null), Arrays.asList("n", 0, new BigDecimal("-0.02"), 0.0, null),
                Arrays.asList("t", 0, new BigDecimal("1.00"), 0.0, null), Arrays.asList("t", 0, new BigDecimal("0.00"), 0.0, null),
                Arrays.asList("t", 0, new BigDecimal("0.00"), 0.0, null));
        Map<Object, Object> avg = new HashMap<>();
        for (Row r : run(Phase.COMPLETE, new int[] {0}, INPUT, rows)) {
            avg.put(r.get(0), r.get(6));
        }
        assertThat(avg).isEqualTo(Map.of("p", new BigDecimal("0.02"), "n", new BigDecimal("-0.02"), "t", new BigDecimal("0.33")));
        assertThat(GroupedAggregation.divideHalfUp(5, 2)).isEqualTo(3);
        assertThat(GroupedAggregation.divideHalfUp(-5, 2)).isEqualTo(-3);
        assertThat(GroupedAggregation.divideHalfUp(-4, 3)).isEqualTo(-1);
        assertThat(GroupedAggregation.divideHalfUp(Long.MAX_VALUE, Long.MAX_VALUE - 1)).isEqualTo(1);
    }

    @Test
    void floatKeysGroupZeroesAndNaNsTogether() throws Exception {
        Schema schema = Schema.of(Field.nullable("f64", DataType.FLOAT64), Field.nullable("f32", DataType.FLOAT32), Field.notNull("v", DataType.INT64));
        double otherNaN = Double.longBitsToDouble(0x7FF8000000000123L);
        float otherNaN32 = Float.intBitsToFloat(0x7FC00123);
        List<List<Object>> rows = List.of(Arrays.asList(0.0, 0.0f, 1L), Arrays.asList(-0.0, -0.0f, 2L), Arrays.asList(Double.NaN, Float.NaN, 4L),
                Arrays.asList(otherNaN, otherNaN32, 8L), Arrays.asList(1.5, 1.5f, 16L), Arrays.asList(null, null, 32L), Arrays.asList(1.5, 1.5f, 64L));
        List<AggregateCall> calls = List.of(AggregateCall.sum(2, "s"));
        for (int[] keys : new int[][] {{0}, {1}, {0, 1}}) {
            try (OperatorHarness h = new OperatorHarness(new HashAggregateOperator(schema, keys, calls, Phase.COMPLETE))) {
                h.open().process(schema, rows, 0).endInput(0);
                Map<Object, Object> sums = new HashMap<>();
                for (Row r : h.outputRows()) {
                    sums.put(r.get(0), r.get(keys.length));
                }
                Object zero = keys[0] == 0 ? (Object) 0.0 : (Object) 0.0f;
                Object nan = keys[0] == 0 ? (Object) Double.NaN : (Object) Float.NaN;
                Object oneHalf = keys[0] == 0 ? (Object) 1.5 : (Object) 1.5f;
                Map<Object, Object> expected = new HashMap<>();
                expected.put(zero, 3L);
                expected.put(nan, 12L);
                expected.put(oneHalf, 80L);
                expected.put(null, 32L);
                assertThat(sums).as(Arrays.toString(keys)).isEqualTo(expected);
                for (Row r : h.outputRows()) {
                    if (r.get(0) instanceof Double d) {
                        assertThat(Double.doubleToRawLongBits(d)).isNotEqualTo(Double.doubleToRawLongBits(-0.0));
                    }
                }
            }
        }
    }

    @Test
    void overflowingSumsFailClearly() throws Exception {
        Schema schema = Schema.of(Field.notNull("k", DataType.INT32), Field.notNull("d", DataType.decimal(18, 0)), Field.notNull("l", DataType.INT64));
        BigDecimal big = new BigDecimal("900000000000000000");
        List<List<Object>> rows = List.of(List.of(1, big, Long.MAX_VALUE), List.of(1, big, 1L));
        try (OperatorHarness h = new OperatorHarness(new HashAggregateOperator(schema, new int[] {0}, List.of(AggregateCall.sum(1, "s")), Phase.COMPLETE))) {
            h.open().process(schema, rows, 0);
            assertThatThrownBy(() -> h.endInput(0)).isInstanceOf(ArithmeticException.class).hasMessageContaining("'s'")
                    .hasMessageContaining("decimal(18,0)");
        }
        try (OperatorHarness h = new OperatorHarness(new HashAggregateOperator(schema, new int[] {0}, List.of(AggregateCall.sum(2, "s")), Phase.COMPLETE))) {
            h.open();
            assertThatThrownBy(() -> h.process(schema, rows, 0)).isInstanceOf(ArithmeticException.class);
        }
    }

    @Test
    void invalidAggregationsAreClearErrors() {
        assertThatThrownBy(() -> new HashAggregateOperator(INPUT, new int[0], List.of(AggregateCall.sum(0, "s")), Phase.COMPLETE))
                .hasMessageContaining("SUM does not support column 'k' of type utf8");
        assertThatThrownBy(() -> new HashAggregateOperator(INPUT, new int[0], List.of(AggregateCall.min(9, "m")), Phase.COMPLETE))
                .hasMessageContaining("input column 9 does not exist");
        assertThatThrownBy(() -> new HashAggregateOperator(INPUT, new int[] {7}, CALLS, Phase.COMPLETE))
                .hasMessageContaining("Group key column 7 does not exist");
        assertThatThrownBy(() -> new HashAggregateOperator(INPUT, new int[] {0}, List.of(AggregateCall.countStar("k")), Phase.COMPLETE))
                .hasMessageContaining("clashing output column names");
        assertThatThrownBy(() -> new HashAggregateOperator(INPUT, new int[0], List.of(), Phase.COMPLETE))
                .hasMessageContaining("needs group keys or aggregate calls");
        assertThatThrownBy(() -> new AggregateCall(AggregateFunction.COUNT_STAR, 2, "n")).hasMessageContaining("input column -1");
        assertThatThrownBy(() -> new AggregateCall(AggregateFunction.SUM, -1, "n")).hasMessageContaining("an input column >= 0");
        assertThatThrownBy(() -> new AggregateCall(AggregateFunction.SUM, 1, "")).hasMessageContaining("non-empty output name");
        assertThat(new AggregateCall(AggregateFunction.COUNT, -1, "n").function()).isEqualTo(AggregateFunction.COUNT_STAR);
    }

    @Test
    void batchesOfTheWrongSchemaAreRejected() throws Exception {
        try (OperatorHarness h = new OperatorHarness(new HashAggregateOperator(INPUT, new int[] {0}, CALLS, Phase.FINAL))) {
            h.open();
            assertThatThrownBy(() -> h.process(INPUT, List.of(Arrays.asList("a", 1, null, 1.0, null)), 0))
                    .hasMessageContaining("HashAggregate[FINAL] expects input columns");
        }
    }

    @Test
    void factoryDescribesTheOperatorAndBuffers() {
        OperatorFactory f = HashAggregateOperator.factory(INPUT, new int[] {0}, List.of(AggregateCall.sum(1, "s"), AggregateCall.countStar("n")), Phase.PARTIAL);
        assertThat(f.name()).isEqualTo("HashAggregate[PARTIAL](keys=[k], sum($1) AS s, count(*) AS n)");
        assertThat(f.memoryWeight()).isEqualTo(1);
        assertThat(f.inputCount()).isEqualTo(1);
        assertThat(f.create()).isInstanceOf(HashAggregateOperator.class);
        assertThatThrownBy(() -> HashAggregateOperator.factory(INPUT, new int[] {9}, CALLS, Phase.PARTIAL)).hasMessageContaining("does not exist");
    }

    @Test
    void closeWithoutOpenOrAfterAFailureReleasesEverything() throws Exception {
        new HashAggregateOperator(INPUT, new int[] {0}, CALLS, Phase.COMPLETE).close();
        Schema schema = Schema.of(Field.notNull("k", DataType.INT32), Field.notNull("l", DataType.INT64));
        try (OperatorHarness h = new OperatorHarness(new HashAggregateOperator(schema, new int[] {0}, List.of(AggregateCall.sum(1, "s")), Phase.COMPLETE),
                64 << 10, AggTestSupport.config(1024))) {
            h.open();
            List<List<Object>> rows = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                rows.add(List.of(i, i == 4999 ? Long.MAX_VALUE : 1L));
            }
            h.process(schema, rows, 0);
            // Key 4999 overflows when added again, or when its spilled partial sums are merged.
            assertThatThrownBy(() -> {
                h.process(schema, rows, 0);
                h.endInput(0);
            }).isInstanceOf(ArithmeticException.class);
            assertThat(h.metrics().spillFiles()).isPositive();
        } // closing the harness checks that the operator gave all its memory back
    }
}
