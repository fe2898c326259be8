package io.basalt.runtime.operators.agg;

import static io.basalt.runtime.operators.agg.AggTestSupport.asSet;
import static io.basalt.runtime.operators.agg.AggTestSupport.config;
import static io.basalt.runtime.operators.agg.AggTestSupport.normalizeKey;
import static io.basalt.runtime.operators.agg.AggTestSupport.randomData;
import static io.basalt.runtime.operators.agg.AggTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.operators.OperatorHarness;
import io.basalt.runtime.operators.agg.AggTestSupport.Data;
import io.basalt.runtime.operators.agg.AggTestSupport.Result;

class DistinctOperatorTest {
    private static Set<List<Object>> expected(Data data, int[] keys) {
        Set<List<Object>> set = new HashSet<>();
        for (List<Object> row : data.rows()) {
            List<Object> key = new ArrayList<>();
            for (int k : keys) {
                key.add(normalizeKey(row.get(k)));
            }
            set.add(key);
        }
        return set;
    }

    @Test
    void emitsEachDistinctKeyCombinationOnce() throws Exception {
        Random r = new Random(11);
        List<List<DataType>> keyTypes = List.of(List.of(DataType.INT32), List.of(DataType.UTF8, DataType.FLOAT64),
                List.of(DataType.BOOLEAN, DataType.DATE, AggTestSupport.DEC));
        for (List<DataType> types : keyTypes) {
            for (int[] shape : new int[][] {{0, 1}, {1, 1}, {2000, 1}, {2000, 50}, {2000, 3000}}) {
                Data data = randomData(r, types, shape[0], shape[1], 0.05, 0.3);
                int[] keys = types.size() == 1 ? new int[] {0} : new int[] {types.size() - 1, 0};
                Result result = run(new DistinctOperator(keys), data.schema(), data.rows(), 0, config(1 + r.nextInt(500)), r, 700);
                assertThat(asSet(result.rows())).as("%s %d rows", types, shape[0]).isEqualTo(expected(data, keys));
            }
        }
    }

    @Test
    void everyColumnAsKeyIsAPlainDistinct() throws Exception {
        Random r = new Random(12);
        Data data = randomData(r, List.of(DataType.INT64), 3000, 20, 0.1, 0.0);
        // Few distinct values per column, so whole rows repeat.
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : data.rows()) {
            rows.add(List.of(row.get(0) == null ? -1L : (Long) row.get(0) % 3, r.nextInt(3), "s" + r.nextInt(2)));
        }
        Schema schema = Schema.of(Field.notNull("a", DataType.INT64), Field.notNull("b", DataType.INT32), Field.notNull("c", DataType.UTF8));
        Result result = run(new DistinctOperator(new int[] {0, 1, 2}), schema, rows, 0, config(100), r, 300);
        assertThat(asSet(result.rows())).isEqualTo(new HashSet<>(rows));
    }

    @Test
    void spillsUnderATinyPoolWithoutChangingTheResult() throws Exception {
        Random r = new Random(13);
        Data data = randomData(r, List.of(DataType.UTF8, DataType.INT64), 120_000, 100_000, 0.01, 0.0, true);
        int[] keys = {0, 1};
        Result result = run(new DistinctOperator(keys), data.schema(), data.rows(), 256 << 10, config(8192), r, 4096);
        assertThat(result.metrics().spillFiles()).isPositive();
        assertThat(asSet(result.rows())).isEqualTo(expected(data, keys));
    }

    @Test
    void outputsTheKeyColumnsInKeyOrder() throws Exception {
        Schema schema = Schema.of(Field.nullable("a", DataType.INT32), Field.notNull("b", DataType.UTF8));
        try (OperatorHarness h = new OperatorHarness(new DistinctOperator(new int[] {1, 0}))) {
            h.open().process(schema, List.of(List.of(1, "x"), List.of(1, "x"), List.of(2, "x")), 0).endInput(0);
            assertThat(h.outputBatches()).isNotEmpty();
            assertThat(h.outputBatches().getFirst().schema()).isEqualTo(Schema.of(Field.notNull("b", DataType.UTF8), Field.nullable("a", DataType.INT32)));
            assertThat(new DistinctOperator(new int[] {1, 0}).outputSchema(schema)).isEqualTo(h.outputBatches().getFirst().schema());
        }
    }

    @Test
    void badKeysAreClearErrors() throws Exception {
        assertThatThrownBy(() -> new DistinctOperator(new int[0])).hasMessageContaining("at least one key column");
        assertThatThrownBy(() -> DistinctOperator.factory(new int[] {-1})).hasMessageContaining("negative");
        Schema schema = Schema.of(Field.nullable("a", DataType.INT32));
        try (OperatorHarness h = new OperatorHarness(new DistinctOperator(new int[] {3}))) {
            h.open();
            assertThatThrownBy(() -> h.process(schema, List.of(List.of(1)), 0)).hasMessageContaining("Group key column 3 does not exist");
        }
        assertThat(DistinctOperator.factory(new int[] {0}).memoryWeight()).isEqualTo(1);
    }
}
