package io.basalt.runtime.operators.join;

import static io.basalt.runtime.operators.join.JoinTestSupport.assertSameRows;
import static io.basalt.runtime.operators.join.JoinTestSupport.referenceJoin;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
import io.basalt.runtime.types.Row;
import io.basalt.runtime.types.RowCodec;

/** End to end: HASH exchanges on the keys into a hash join at parallelism 2 on the local cluster. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JoinClusterTest {
    private static final Schema LEFT = HashJoinOperatorTest.LEFT;
    private static final Schema RIGHT = HashJoinOperatorTest.RIGHT;
    private static final int[] LEFT_KEYS = {1, 2};
    private static final int[] RIGHT_KEYS = {0, 1};
    private LocalCluster cluster;

    @BeforeEach
    void start() {
        cluster = LocalCluster.start(6, 1L << 30);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static OperatorFactory source(String name, List<List<Object>> rows, Schema schema) {
        List<Row> elements = new ArrayList<>(rows.size());
        rows.forEach(r -> elements.add(Row.ofList(r)));
        return OperatorFactory.of(name, 0, () -> new CollectionSource<>(elements, RowCodec.rows(schema)));
    }

    private JobResult run(JoinKind kind, boolean buildLeft, List<List<Object>> left, List<List<Object>> right, ExecutionConfig config)
            throws Exception {
        Schema out = JoinSchemas.output(LEFT, RIGHT, kind);
        JobGraph.Builder b = JobGraph.builder("hash-join");
        int l = b.addVertex(2, List.of(source("Left", left, LEFT)));
        int r = b.addVertex(2, List.of(source("Right", right, RIGHT)));
        int join = b.addVertex(2, List.of(HashJoinOperator.factory(LEFT, RIGHT, kind, LEFT_KEYS, RIGHT_KEYS, buildLeft),
                OperatorFactory.of("Collect", 1, () -> new CollectSink<>("out", RowCodec.rows(out)))));
        b.addEdge(JobEdge.of(l, join, 0, ExchangeMode.HASH, LEFT_KEYS));
        b.addEdge(JobEdge.of(r, join, 1, ExchangeMode.HASH, RIGHT_KEYS));
        return cluster.execute(b.build(), config);
    }

    private static void check(JobResult result, JoinKind kind, List<List<Object>> left, List<List<Object>> right) {
        List<List<Object>> rows = new ArrayList<>();
        for (Object row : CollectSink.collect(result, "out", 2)) {
            rows.add(((Row) row).values());
        }
        assertSameRows(rows, referenceJoin(left, right, LEFT.size(), RIGHT.size(), LEFT_KEYS, RIGHT_KEYS, kind), kind.toString());
        assertThat(result.operatorsNamed("HashJoin").getFirst().rowsIn()).isEqualTo(left.size() + right.size());
    }

    @Test
    void hashPartitionedJoinMatchesTheReference() throws Exception {
        Random random = new Random(21);
        List<List<Object>> left = HashJoinOperatorTest.leftRows(random, 20_000, 6_000, 0.05);
        List<List<Object>> right = HashJoinOperatorTest.rightRows(random, 15_000, 6_000, 0.05);
        for (JoinKind kind : List.of(JoinKind.FULL_OUTER, JoinKind.SEMI)) {
            JobResult result = run(kind, kind == JoinKind.SEMI, left, right, ExecutionConfig.defaults().withBatchRows(777));
            check(result, kind, left, right);
            assertThat(result.spilled()).isFalse();
        }
        assertThat(cluster.memoryManager().used()).isZero();
    }

    @Test
    void hashPartitionedJoinSpillsWithLittleMemory() throws Exception {
        Random random = new Random(22);
        List<List<Object>> left = HashJoinOperatorTest.leftRows(random, 10_000, 20_000, 0.05);
        List<List<Object>> right = HashJoinOperatorTest.rightRows(random, 60_000, 20_000, 0.05);
        // 4 MiB for the whole job: the join gets about 1.4 MiB per subtask, less than its build side
        JobResult result = run(JoinKind.LEFT_OUTER, false, left, right,
                ExecutionConfig.defaults().withBatchRows(1000).withMemoryBytes(4L << 20));
        check(result, JoinKind.LEFT_OUTER, left, right);
        assertThat(result.operatorsNamed("HashJoin").getFirst().spillFiles()).as(result.describeMetrics()).isPositive();
        assertThat(cluster.memoryManager().used()).isZero();
    }
}
