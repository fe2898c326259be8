package io.basalt.runtime.operators.agg;

import static io.basalt.runtime.operators.agg.AggTestSupport.assertSameGroups;
import static io.basalt.runtime.operators.agg.AggTestSupport.config;
import static io.basalt.runtime.operators.agg.AggTestSupport.randomData;
import static io.basalt.runtime.operators.agg.AggTestSupport.reference;
import static io.basalt.runtime.operators.agg.AggTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.basalt.data.DataType;
import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.operators.OperatorHarness;
import io.basalt.runtime.operators.agg.AggTestSupport.Data;
import io.basalt.runtime.operators.agg.AggTestSupport.Result;
import io.basalt.runtime.operators.agg.HashAggregateOperator.Phase;

/** A 256 KiB pool against 200k+ distinct keys: spilling (and PARTIAL's flushing) must not change the results. */
class HashAggregateSpillTest {
    private static final long TINY = 256 << 10;
    /** Key columns first, then AggTestSupport.VALUE_FIELDS: i32, i64, f64, dec, day, ts, s. */
    private static final int[] ONE_KEY = {0};
    private static final int[] TWO_KEYS = {0, 1};

    /** Narrow states (few columns), so that a 256 KiB table holds a useful number of groups. */
    private static List<AggregateCall> narrowCalls(int first) {
        return List.of(AggregateCall.sum(first + 1, "sum_i64"), AggregateCall.avg(first + 2, "avg_f64"), AggregateCall.countStar("cnt"));
    }

    private static List<AggregateCall> calls(int first) {
        return List.of(AggregateCall.sum(first + 1, "sum_i64"), AggregateCall.avg(first, "avg_i32"), AggregateCall.avg(first + 3, "avg_dec"),
                AggregateCall.sum(first + 2, "sum_f64"), AggregateCall.min(first + 4, "min_day"), AggregateCall.max(first + 5, "max_ts"),
                AggregateCall.count(first + 6, "cnt_s"), AggregateCall.countStar("cnt"));
    }

    @Test
    void completeSpillsManyInt64KeysAndMatchesTheInMemoryRun() throws Exception {
        Random r = new Random(1);
        Data data = randomData(r, List.of(DataType.INT64), 210_000, 205_000, 0, 0.1, true);
        List<AggregateCall> calls = narrowCalls(1);
        ExecutionConfig config = config(4096);
        Result inMemory = run(new HashAggregateOperator(data.schema(), ONE_KEY, calls, Phase.COMPLETE), data.schema(), data.rows(), 0, config, r, 4096);
        Result spilled = run(new HashAggregateOperator(data.schema(), ONE_KEY, calls, Phase.COMPLETE), data.schema(), data.rows(), TINY, config, r, 4096);

        assertThat(inMemory.metrics().spillFiles()).isZero();
        assertThat(spilled.metrics().spillFiles()).isPositive();
        assertThat(spilled.metrics().spilledBytes()).isPositive();
        assertThat(spilled.metrics().spilledRows()).isGreaterThanOrEqualTo(205_000);
        assertThat(spilled.rows()).hasSize(205_000);
        assertSameGroups(spilled.rows(), 1, asMap(inMemory.rows(), 1));
        assertSameGroups(spilled.rows(), 1, reference(data, ONE_KEY, calls, true));
    }

    @Test
    void completeSpillsUtf8AndInt32KeysWithNulls() throws Exception {
        Random r = new Random(2);
        Data data = randomData(r, List.of(DataType.UTF8, DataType.INT32), 130_000, 120_000, 0.02, 0.1, true);
        List<AggregateCall> calls = List.of(AggregateCall.min(6, "min_day"), AggregateCall.max(7, "max_ts"), AggregateCall.avg(5, "avg_dec"),
                AggregateCall.count(8, "cnt_s"));
        Result spilled = run(new HashAggregateOperator(data.schema(), TWO_KEYS, calls, Phase.COMPLETE), data.schema(), data.rows(), 1 << 20,
                config(16 * 1024), r, 5000);
        assertThat(spilled.metrics().spillFiles()).isPositive();
        assertSameGroups(spilled.rows(), 2, reference(data, TWO_KEYS, calls, true));
    }

    @Test
    void everyFunctionSurvivesSpilling() throws Exception {
        Random r = new Random(5);
        Data data = randomData(r, List.of(DataType.DATE), 6000, 3000, 0.02, 0.2, false);
        List<AggregateCall> calls = AggTestSupport.allCalls(1);
        Result spilled = run(new HashAggregateOperator(data.schema(), ONE_KEY, calls, Phase.COMPLETE), data.schema(), data.rows(), TINY,
                config(1000), r, 2000);
        assertThat(spilled.metrics().spillFiles()).isPositive();
        assertSameGroups(spilled.rows(), 1, reference(data, ONE_KEY, calls, true));
    }

    @Test
    void finalSpillsAndPartialFlushesUnderATinyPool() throws Exception {
        Random r = new Random(3);
        Data data = randomData(r, List.of(DataType.INT32), 30_000, 25_000, 0.01, 0.1, true);
        List<AggregateCall> calls = calls(1);
        ExecutionConfig config = config(2048);
        Map<List<Object>, List<Object>> expected = reference(data, ONE_KEY, calls, true);

        Result partial = run(new HashAggregateOperator(data.schema(), ONE_KEY, calls, Phase.PARTIAL), data.schema(), data.rows(), TINY, config, r, 4096);
        assertThat(partial.metrics().spillFiles()).as("PARTIAL never spills").isZero();
        assertThat(partial.rows()).as("PARTIAL flushed states and started over").hasSizeGreaterThan(expected.size());

        Result fin = HashAggregateOperatorTest.partialThenFinal(data, ONE_KEY, calls, config, r, TINY, 512 << 10);
        assertThat(fin.metrics().spillFiles()).isPositive();
        assertSameGroups(fin.rows(), 1, expected);
    }

    @Test
    void aPoolTooSmallForOneGroupIsAClearError() {
        Random r = new Random(4);
        Data data = randomData(r, List.of(DataType.INT64), 1000, 1000, 0, 0.1, true);
        assertThatThrownBy(() -> run(new HashAggregateOperator(data.schema(), ONE_KEY, calls(1), Phase.COMPLETE), data.schema(), data.rows(),
                2 << 10, config(1024), r, 100))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("too small to aggregate");
    }

    @Test
    void aFailedOpenReleasesItsMemory() throws Exception {
        Random r = new Random(6);
        Data data = randomData(r, List.of(DataType.INT64), 10, 10, 0, 0.1, true);
        // 20 KiB: the 16 KiB memory reserve fits, the empty hash table next to it does not.
        try (OperatorHarness h = new OperatorHarness(new HashAggregateOperator(data.schema(), ONE_KEY, calls(1), Phase.COMPLETE), 20 << 10,
                config(1024))) {
            assertThatThrownBy(h::open).isInstanceOf(IllegalStateException.class).hasMessageContaining("too small");
        } // closing the harness fails on any buffer left behind
    }

    static Map<List<Object>, List<Object>> asMap(List<List<Object>> rows, int keyCount) {
        Map<List<Object>, List<Object>> map = new HashMap<>();
        for (List<Object> row : rows) {
            map.put(row.subList(0, keyCount), row.subList(keyCount, row.size()));
        }
        return map;
    }
}
