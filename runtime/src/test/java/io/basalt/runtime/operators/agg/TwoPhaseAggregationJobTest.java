package io.basalt.runtime.operators.agg;

import static io.basalt.runtime.operators.agg.AggTestSupport.assertSameGroups;
import static io.basalt.runtime.operators.agg.AggTestSupport.randomData;
import static io.basalt.runtime.operators.agg.AggTestSupport.reference;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.basalt.data.DataType;
import io.basalt.data.Schema;
import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.exec.JobResult;
import io.basalt.runtime.exec.LocalCluster;
import io.basalt.runtime.graph.ExchangeMode;
import io.basalt.runtime.graph.JobEdge;
import io.basalt.runtime.graph.JobGraph;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.agg.AggTestSupport.Data;
import io.basalt.runtime.operators.agg.HashAggregateOperator.Phase;
import io.basalt.runtime.operators.basic.CollectSink;
import io.basalt.runtime.operators.basic.CollectionSource;
import io.basalt.runtime.types.Row;
import io.basalt.runtime.types.RowCodec;

/** End to end on a local cluster: source + PARTIAL (parallelism 2) -> HASH exchange on the keys -> FINAL (parallelism 2) + sink. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwoPhaseAggregationJobTest {
    private LocalCluster cluster;

    @BeforeEach
    void start() {
        cluster = LocalCluster.start(4, 1L << 30);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private JobResult runJob(Data data, int[] keys, List<AggregateCall> calls, ExecutionConfig config) throws Exception {
        List<Row> rows = new ArrayList<>(data.rows().size());
        for (List<Object> row : data.rows()) {
            rows.add(Row.ofList(row));
        }
        Schema input = data.schema();
        Schema output = HashAggregateOperator.outputSchema(input, keys, calls);
        JobGraph.Builder b = JobGraph.builder("two-phase-agg");
        int pre = b.addVertex(2, List.of(OperatorFactory.of("Source", 0, () -> new CollectionSource<>(rows, RowCodec.rows(input))),
                HashAggregateOperator.factory(input, keys, calls, Phase.PARTIAL)));
        int fin = b.addVertex(2, List.of(HashAggregateOperator.factory(input, keys, calls, Phase.FINAL),
                OperatorFactory.of("Collect", 1, () -> new CollectSink<>("out", RowCodec.rows(output)))));
        int[] partialKeys = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            partialKeys[i] = i;
        }
        b.addEdge(JobEdge.of(pre, fin, 0, ExchangeMode.HASH, partialKeys));
        return cluster.execute(b.build(), config);
    }

    private static List<List<Object>> collected(JobResult result) {
        List<List<Object>> out = new ArrayList<>();
        for (Row row : CollectSink.<Row>collect(result, "out", 2)) {
            out.add(row.values());
        }
        return out;
    }

    @Test
    void partialThenHashExchangeThenFinalEqualsTheReference() throws Exception {
        Random r = new Random(21);
        Data data = randomData(r, List.of(DataType.UTF8, DataType.INT32), 50_000, 3000, 0.02, 0.1);
        int[] keys = {1, 0};
        List<AggregateCall> calls = AggTestSupport.allCalls(2);
        JobResult result = runJob(data, keys, calls, ExecutionConfig.defaults().withBatchRows(1000));
        assertSameGroups(collected(result), 2, reference(data, keys, calls, true));
        assertThat(result.spilled()).isFalse();
        assertThat(result.operatorsNamed("HashAggregate[PARTIAL]").getFirst().rowsIn()).isEqualTo(50_000);
    }

    @Test
    void finalSpillsUnderASmallMemoryBudget() throws Exception {
        Random r = new Random(22);
        Data data = randomData(r, List.of(DataType.INT64), 150_000, 120_000, 0.01, 0.1, true);
        int[] keys = {0};
        List<AggregateCall> calls = List.of(AggregateCall.sum(2, "sum_i64"), AggregateCall.avg(1, "avg_i32"), AggregateCall.countStar("n"));
        // 8 MiB for the job: each of the four aggregation subtasks gets the 1 MiB minimum and spills.
        JobResult result = runJob(data, keys, calls, ExecutionConfig.defaults().withBatchRows(2048).withMemoryBytes(8L << 20));
        assertSameGroups(collected(result), 1, reference(data, keys, calls, true));
        assertThat(result.operatorsNamed("HashAggregate[FINAL]").getFirst().spilled()).as(result.describeMetrics()).isTrue();
        assertThat(cluster.memoryManager().used()).isZero();
    }

    @Test
    void globalAggregateAcrossSubtasksGivesOneRow() throws Exception {
        Random r = new Random(23);
        Data data = randomData(r, List.of(), 10_000, 1, 0, 0.1);
        List<AggregateCall> calls = AggTestSupport.allCalls(0);
        Schema input = data.schema();
        List<Row> rows = new ArrayList<>();
        for (List<Object> row : data.rows()) {
            rows.add(Row.ofList(row));
        }
        JobGraph.Builder b = JobGraph.builder("global-agg");
        int pre = b.addVertex(2, List.of(OperatorFactory.of("Source", 0, () -> new CollectionSource<>(rows, RowCodec.rows(input))),
                HashAggregateOperator.factory(input, new int[0], calls, Phase.PARTIAL)));
        int fin = b.addVertex(1, List.of(HashAggregateOperator.factory(input, new int[0], calls, Phase.FINAL),
                OperatorFactory.of("Collect", 1, () -> new CollectSink<>("out", RowCodec.rows(HashAggregateOperator.outputSchema(input, new int[0], calls))))));
        b.addEdge(JobEdge.of(pre, fin, 0, ExchangeMode.REBALANCE));
        JobResult result = cluster.execute(b.build(), ExecutionConfig.defaults());
        List<List<Object>> out = new ArrayList<>();
        for (Row row : CollectSink.<Row>collect(result, "out", 1)) {
            out.add(row.values());
        }
        assertSameGroups(out, 0, reference(data, new int[0], calls, true));
    }
}
