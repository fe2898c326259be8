package io.basalt.runtime.operators.agg;

import static io.basalt.runtime.operators.agg.AggTestSupport.DEC;
import static io.basalt.runtime.operators.agg.AggTestSupport.allCalls;
import static io.basalt.runtime.operators.agg.AggTestSupport.assertSameGroups;
import static io.basalt.runtime.operators.agg.AggTestSupport.config;
import static io.basalt.runtime.operators.agg.AggTestSupport.randomData;
import static io.basalt.runtime.operators.agg.AggTestSupport.reference;
import static io.basalt.runtime.operators.agg.AggTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.basalt.data.DataType;
import io.basalt.data.Schema;
import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.operators.agg.AggTestSupport.Data;
import io.basalt.runtime.operators.agg.AggTestSupport.Result;
import io.basalt.runtime.operators.agg.HashAggregateOperator.Phase;
import io.basalt.vectorops.ExecutionMode;

/** Random data against the Java-collections reference, in memory: every key type, every function, every phase. */
class HashAggregateOperatorTest {
    static Stream<List<DataType>> keyTypes() {
        return Stream.of(List.of(), List.of(DataType.INT32), List.of(DataType.INT64), List.of(DataType.FLOAT64), List.of(DEC),
                List.of(DataType.UTF8), List.of(DataType.DATE), List.of(DataType.TIMESTAMP), List.of(DataType.BOOLEAN),
                List.of(DataType.FLOAT32), List.of(DataType.UTF8, DataType.INT32), List.of(DataType.INT64, DataType.DATE, DEC),
                List.of(DataType.FLOAT64, DataType.UTF8, DataType.BOOLEAN));
    }

    private static int[] keys(int n) {
        int[] k = new int[n];
        for (int i = 0; i < n; i++) {
            k[i] = i;
        }
        return k;
    }

    /** (rows, groups) shapes: empty, one row, one group, few, many, about one row per group. */
    private static final int[][] SHAPES = {{0, 1}, {1, 1}, {1000, 1}, {1500, 7}, {1500, 300}, {1500, 3000}};

    @ParameterizedTest
    @MethodSource("keyTypes")
    void completeAndPartialThenFinalMatchTheReference(List<DataType> keyTypes) throws Exception {
        Random r = new Random(keyTypes.hashCode());
        int[] keys = keys(keyTypes.size());
        List<AggregateCall> calls = allCalls(keyTypes.size());
        for (int s = 0; s < SHAPES.length; s++) {
            int[] shape = SHAPES[s];
            ExecutionMode mode = s % 2 == 0 ? ExecutionMode.SCALAR : ExecutionMode.AUTO;
            double keyNulls = shape[1] == 1 ? 0 : 0.05;
            Data data = randomData(r, keyTypes, shape[0], shape[1], keyNulls, 0.2);
            String what = keyTypes + " rows=" + shape[0] + " groups=" + shape[1] + " " + mode;
            ExecutionConfig config = config(1 + r.nextInt(700)).withMode(mode);
            Map<List<Object>, List<Object>> expected = reference(data, keys, calls, true);

            Result complete = run(new HashAggregateOperator(data.schema(), keys, calls, Phase.COMPLETE), data.schema(), data.rows(), 0,
                    config, r, 1000);
            assertSameGroupsAs(what + " COMPLETE", complete, keys.length, expected);

            Result merged = partialThenFinal(data, keys, calls, config, r, 0, 0);
            assertSameGroupsAs(what + " PARTIAL->FINAL", merged, keys.length, expected);
        }
    }

    private static void assertSameGroupsAs(String what, Result result, int keyCount, Map<List<Object>, List<Object>> expected) {
        try {
            assertSameGroups(result.rows(), keyCount, expected);
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
        assertThat(result.metrics().spillFiles()).as(what).isZero();
    }

    /** Two PARTIAL operators over two halves of the rows, their outputs concatenated into one FINAL operator. */
    static Result partialThenFinal(Data data, int[] keys, List<AggregateCall> calls, ExecutionConfig config, Random r,
                                   long partialLimit, long finalLimit) throws Exception {
        int half = data.rows().isEmpty() ? 0 : r.nextInt(data.rows().size() + 1);
        List<List<Object>> partials = new ArrayList<>();
        for (List<List<Object>> part : List.of(data.rows().subList(0, half), data.rows().subList(half, data.rows().size()))) {
            Result p = run(new HashAggregateOperator(data.schema(), keys, calls, Phase.PARTIAL), data.schema(), part, partialLimit,
                    config, r, 600);
            if (part.isEmpty()) {
                assertThat(p.rows()).as("PARTIAL of empty input").isEmpty();
            }
            partials.addAll(p.rows());
        }
        Collections.shuffle(partials, r);
        Schema partialSchema = HashAggregateOperator.partialSchema(data.schema(), keys, calls);
        return run(new HashAggregateOperator(data.schema(), keys, calls, Phase.FINAL), partialSchema, partials, finalLimit, config, r, 300);
    }
}
