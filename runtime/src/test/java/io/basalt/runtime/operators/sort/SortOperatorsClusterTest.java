package io.basalt.runtime.operators.sort;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.exec.JobResult;
import io.basalt.runtime.exec.LocalCluster;
import io.basalt.runtime.graph.ExchangeMode;
import io.basalt.runtime.graph.JobEdge;
import io.basalt.runtime.graph.JobGraph;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.basic.CollectSink;
import io.basalt.runtime.operators.basic.CollectionSource;
import io.basalt.runtime.operators.join.JoinKind;
import io.basalt.runtime.operators.join.JoinSchemas;
import io.basalt.runtime.types.Row;
import io.basalt.runtime.types.RowCodec;

/** End to end: HASH exchanges on the keys into sort-based operators at parallelism 2 on the local cluster. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SortOperatorsClusterTest {
    private static final Schema LEFT = SortMergeJoinOperatorTest.LEFT;
    private static final Schema RIGHT = SortMergeJoinOperatorTest.RIGHT;
    private LocalCluster cluster;

    @BeforeEach
    void start() {
        cluster = LocalCluster.start(4, 1L << 30);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static OperatorFactory source(String name, List<Row> rows, Schema schema) {
        return OperatorFactory.of(name, 0, () -> new CollectionSource<>(rows, RowCodec.rows(schema)));
    }

    @Test
    void hashPartitionedSortMergeJoin() throws Exception {
        Random rnd = new Random(41);
        List<List<Object>> left = SortMergeJoinOperatorTest.leftRows(rnd, 30_000, 5_000);
        List<List<Object>> right = SortMergeJoinOperatorTest.rightRows(rnd, 20_000, 5_000);
        int[] keys = {1, 0};
        for (JoinKind kind : List.of(JoinKind.FULL_OUTER, JoinKind.ANTI)) {
            Schema out = JoinSchemas.output(LEFT, RIGHT, kind);
            JobGraph.Builder b = JobGraph.builder("smj");
            int l = b.addVertex(2, List.of(source("Left", SortTestSupport.toRows(left), LEFT)));
            int r = b.addVertex(2, List.of(source("Right", SortTestSupport.toRows(right), RIGHT)));
            int join = b.addVertex(2, List.of(SortMergeJoinOperator.factory(kind, keys, keys),
                    OperatorFactory.of("Collect", 1, () -> new CollectSink<>("out", RowCodec.rows(out)))));
            b.addEdge(JobEdge.of(l, join, 0, ExchangeMode.HASH, keys));
            b.addEdge(JobEdge.of(r, join, 1, ExchangeMode.HASH, keys));
            JobResult result = cluster.execute(b.build(), ExecutionConfig.defaults().withBatchRows(777));
            List<Row> rows = CollectSink.collect(result, "out", 2);
            assertThat(SortTestSupport.multiset(rows)).as(kind.toString())
                    .isEqualTo(SortTestSupport.multiset(SortMergeJoinOperatorTest.reference(kind, left, right, keys)));
            assertThat(result.operatorsNamed("SortMergeJoin").getFirst().rowsIn()).isEqualTo(50_000);
        }
        assertThat(cluster.memoryManager().used()).isZero();
    }

    @Test
    void hashPartitionedGroupReduceSpillsWithLittleMemory() throws Exception {
        Random rnd = new Random(42);
        List<List<Object>> input = SortOperatorTest.randomRows(rnd, 150_000, 2_000);
        Schema schema = SortOperatorTest.SCHEMA;
        RowCodec<Row> out = RowCodec.rows(Schema.of(Field.nullable("k", DataType.INT64), Field.notNull("count", DataType.INT64),
                Field.notNull("sum", DataType.INT64)));
        JobGraph.Builder b = JobGraph.builder("group-reduce");
        int src = b.addVertex(2, List.of(source("Source", SortTestSupport.toRows(input), schema)));
        int reduce = b.addVertex(2, List.of(GroupReduceOperator.factory(RowCodec.rows(schema), out, new int[] {0}, (values, collector) -> {
            Object key = null;
            long count = 0;
            long sum = 0;
            for (Row v : values) {
                key = v.get(0);
                count++;
                sum += (Integer) v.get(3);
            }
            collector.collect(Row.of(key, count, sum));
        }), OperatorFactory.of("Collect", 1, () -> new CollectSink<>("out", out))));
        b.addEdge(JobEdge.of(src, reduce, 0, ExchangeMode.HASH, 0));
        JobResult result = cluster.execute(b.build(), ExecutionConfig.defaults().withBatchRows(1000).withMemoryBytes(4L << 20));
        Map<Object, long[]> expected = new HashMap<>();
        for (List<Object> row : input) {
            long[] agg = expected.computeIfAbsent(row.get(0), k -> new long[2]);
            agg[0]++;
            agg[1] += (Integer) row.get(3);
        }
        List<Row> expectedRows = new ArrayList<>();
        expected.forEach((k, agg) -> expectedRows.add(Row.of(k, agg[0], agg[1])));
        List<Row> rows = CollectSink.collect(result, "out", 2);
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expectedRows);
        assertThat(result.operatorsNamed("GroupReduce").getFirst().spillFiles()).as(result.describeMetrics()).isPositive();
        assertThat(cluster.memoryManager().used()).isZero();
    }
}
