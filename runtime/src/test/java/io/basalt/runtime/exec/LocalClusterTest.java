package io.basalt.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.basalt.data.Batch;
import io.basalt.functions.MapFunction;
import io.basalt.runtime.graph.ExchangeMode;
import io.basalt.runtime.graph.JobEdge;
import io.basalt.runtime.graph.JobGraph;
import io.basalt.runtime.graph.PartitionType;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.basic.CollectSink;
import io.basalt.runtime.operators.basic.MapOperator;
import io.basalt.runtime.operators.basic.SequenceSource;
import io.basalt.runtime.types.RowCodec;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalClusterTest {
    private static final RowCodec<Long> LONGS = RowCodec.of(Long.class);
    private LocalCluster cluster;

    @BeforeEach
    void start() {
        cluster = LocalCluster.start(4, 1L << 30);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static OperatorFactory map(String name, MapFunction<Long, Long> f) {
        return OperatorFactory.of(name, 1, () -> new MapOperator<>(LONGS, LONGS, f));
    }

    private static OperatorFactory collect(String key) {
        return OperatorFactory.of("Collect", 1, () -> new CollectSink<>(key, LONGS));
    }

    private JobGraph pipeline(ExchangeMode mode, PartitionType type, int sourceParallelism, int sinkParallelism, MapFunction<Long, Long> f) {
        JobGraph.Builder b = JobGraph.builder("test");
        int src = b.addVertex(sourceParallelism, List.of(OperatorFactory.of("Sequence", 0, () -> new SequenceSource(1, 100_000)), map("Square", f)));
        int sink = b.addVertex(sinkParallelism, List.of(collect("out")));
        int[] keys = mode == ExchangeMode.HASH ? new int[] {0} : new int[0];
        b.addEdge(new JobEdge(src, sink, 0, mode, keys, null, type));
        return b.build();
    }

    @Test
    void everyExchangeModeDeliversEveryRowOnce() throws Exception {
        ExecutionConfig config = ExecutionConfig.defaults().withBatchRows(1000).withExchangeCredits(2);
        List<Long> expected = LongStream.rangeClosed(1, 100_000).map(x -> x * 3).boxed().toList();
        for (ExchangeMode mode : List.of(ExchangeMode.HASH, ExchangeMode.REBALANCE, ExchangeMode.FORWARD)) {
            for (PartitionType type : PartitionType.values()) {
                int sinkParallelism = mode == ExchangeMode.FORWARD ? 2 : 3;
                JobResult result = cluster.execute(pipeline(mode, type, 2, sinkParallelism, x -> x * 3), config);
                List<Long> rows = new ArrayList<>(CollectSink.<Long>collect(result, "out", sinkParallelism));
                rows.sort(null);
                assertThat(rows).as("%s %s", mode, type).isEqualTo(expected);
                assertThat(result.operatorsNamed("Square").getFirst().rowsIn()).isEqualTo(100_000);
            }
        }
    }

    @Test
    void hashExchangeSendsEqualKeysToOneSubtask() throws Exception {
        JobResult result = cluster.execute(pipeline(ExchangeMode.HASH, PartitionType.PIPELINED, 2, 3, x -> x % 10),
                ExecutionConfig.defaults().withBatchRows(777));
        for (int s = 0; s < 3; s++) {
            @SuppressWarnings("unchecked")
            List<Long> part = (List<Long>) result.result("out#" + s);
            for (int other = s + 1; other < 3; other++) {
                @SuppressWarnings("unchecked")
                List<Long> o = (List<Long>) result.result("out#" + other);
                assertThat(part).doesNotContainAnyElementsOf(o);
            }
        }
    }

    @Test
    void rangeExchangeSplitsKeysIntoOrderedRanges() throws Exception {
        for (io.basalt.vectorops.SortOrder order : List.of(io.basalt.vectorops.SortOrder.ASC, io.basalt.vectorops.SortOrder.DESC)) {
            JobGraph.Builder b = JobGraph.builder("range");
            int src = b.addVertex(2, List.of(OperatorFactory.of("Sequence", 0, () -> new SequenceSource(1, 100_000)),
                    map("Scramble", x -> x * 7919 % 100_003)));
            int sink = b.addVertex(3, List.of(collect("out")));
            b.addEdge(new JobEdge(src, sink, 0, ExchangeMode.RANGE, new int[] {0}, List.of(order), PartitionType.PIPELINED));
            JobResult result = cluster.execute(b.build(), ExecutionConfig.defaults().withBatchRows(1000));
            List<Long> all = new ArrayList<>();
            long previousEdge = order.descending() ? Long.MAX_VALUE : Long.MIN_VALUE;
            for (int s = 0; s < 3; s++) {
                @SuppressWarnings("unchecked")
                List<Long> part = new ArrayList<>((List<Long>) result.result("out#" + s));
                part.sort(null);
                assertThat(part.size()).as("partition %d is balanced", s).isBetween(20_000, 47_000);
                if (order.descending()) {
                    assertThat(part.getLast()).isLessThanOrEqualTo(previousEdge);
                    previousEdge = part.getFirst();
                } else {
                    assertThat(part.getFirst()).isGreaterThanOrEqualTo(previousEdge);
                    previousEdge = part.getLast();
                }
                all.addAll(part);
            }
            all.sort(null);
            assertThat(all).isEqualTo(LongStream.rangeClosed(1, 100_000).map(x -> x * 7919 % 100_003).sorted().boxed().toList());
        }
        assertThat(cluster.memoryManager().used()).isZero();
    }

    @Test
    void broadcastReachesEverySubtask() throws Exception {
        JobResult result = cluster.execute(pipeline(ExchangeMode.BROADCAST, PartitionType.PIPELINED, 2, 3, x -> x), ExecutionConfig.defaults());
        assertThat(CollectSink.<Long>collect(result, "out", 3)).hasSize(300_000);
    }

    @Test
    void failingUserFunctionFailsTheJobNamingTheOperatorAndReleasesMemory() {
        MapFunction<Long, Long> bad = x -> {
            if (x == 77_777) {
                throw new IllegalStateException("bad value " + x);
            }
            return x;
        };
        assertThatThrownBy(() -> cluster.execute(pipeline(ExchangeMode.HASH, PartitionType.PIPELINED, 2, 2, bad), ExecutionConfig.defaults().withBatchRows(100)))
                .isInstanceOf(JobExecutionException.class)
                .hasMessageContaining("operator 'Square'")
                .hasMessageContaining("bad value 77777")
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(cluster.memoryManager().used()).isZero();
    }

    @Test
    void cancellationStopsAJobBlockedByBackpressure() throws Exception {
        JobGraph.Builder b = JobGraph.builder("stuck");
        int src = b.addVertex(2, List.of(OperatorFactory.of("Sequence", 0, () -> new SequenceSource(1, Long.MAX_VALUE / 2))));
        int sink = b.addVertex(1, List.of(OperatorFactory.of("Slow", 1, SlowSink::new)));
        b.addEdge(JobEdge.of(src, sink, 0, ExchangeMode.REBALANCE));
        JobExecution job = cluster.submit(b.build(), ExecutionConfig.defaults().withExchangeCredits(2).withBatchRows(1000));
        Thread.sleep(300);
        // bounded: 2 producers x 1 channel x 2 credits of ~8 KiB batches, plus batches being built
        assertThat(cluster.memoryManager().used()).isLessThan(1 << 20);
        job.cancel();
        assertThatThrownBy(job::await).isInstanceOf(JobExecutionException.class).hasMessageContaining("cancelled");
        assertThat(cluster.memoryManager().used()).isZero();
    }

    @Test
    void tooFewSlotsIsAClearError() {
        assertThatThrownBy(() -> cluster.execute(pipeline(ExchangeMode.HASH, PartitionType.PIPELINED, 8, 2, x -> x), ExecutionConfig.defaults()))
                .hasMessageContaining("needs 8 slots but the local cluster has 4");
    }

    static final class SlowSink implements Operator {
        @Override
        public void open(OperatorContext context) {}

        @Override
        public void process(Batch batch, int input) throws Exception {
            Thread.sleep(20);
        }

        @Override
        public void endInput(int input) {}

        @Override
        public void close() {}
    }
}
