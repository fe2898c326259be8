package io.basalt.runtime.iteration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.exec.JobResult;
import io.basalt.runtime.exec.LocalCluster;
import io.basalt.runtime.graph.ExchangeMode;
import io.basalt.runtime.graph.JobEdge;
import io.basalt.runtime.graph.JobGraph;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.basic.CollectSink;
import io.basalt.runtime.operators.basic.FilterOperator;
import io.basalt.runtime.operators.basic.MapOperator;
import io.basalt.runtime.operators.basic.SequenceSource;
import io.basalt.runtime.types.RowCodec;

/** Native bulk iterations on job graphs: supersteps run by long-lived tasks, feedback, criteria, static inputs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IterationRuntimeTest {
    private static final RowCodec<Long> LONGS = RowCodec.of(Long.class);
    private final LocalCluster cluster = LocalCluster.start(4, 1L << 30);

    @AfterEach
    void stop() {
        cluster.close();
    }

    private JobResult run(int maxIterations, boolean criterion, int parallelism) throws Exception {
        IterationSync sync = new IterationSync(parallelism, maxIterations, criterion, false, null, null);
        JobGraph.Builder b = JobGraph.builder("bulk");
        int src = b.addVertex(2, List.of(OperatorFactory.of("Sequence", 0, () -> new SequenceSource(1, 1000))));
        int head = b.addVertex(parallelism, List.of(IterationHeadOperator.factory("Head", sync)), 0);
        int step = b.addVertex(parallelism, List.of(OperatorFactory.of("PlusOne", 1, () -> new MapOperator<>(LONGS, LONGS, x -> x + 1))), 0);
        int tail = b.addVertex(parallelism, List.of(IterationTailOperator.factory(sync, IterationTailOperator.Role.FEEDBACK)), 0);
        b.addEdge(JobEdge.of(src, head, 0, ExchangeMode.REBALANCE));
        b.addEdge(JobEdge.of(head, step, 0, ExchangeMode.FORWARD));
        // a hash exchange inside the step: rows move between subtasks every superstep
        b.addEdge(JobEdge.of(step, tail, 0, ExchangeMode.HASH, 0));
        if (criterion) {
            int filter = b.addVertex(parallelism, List.of(OperatorFactory.of("Below", 1, () -> new FilterOperator<>(LONGS, x -> x < 6))), 0);
            int crit = b.addVertex(parallelism, List.of(IterationTailOperator.factory(sync, IterationTailOperator.Role.CRITERION)), 0);
            b.addEdge(JobEdge.of(step, filter, 0, ExchangeMode.FORWARD));
            b.addEdge(JobEdge.of(filter, crit, 0, ExchangeMode.FORWARD));
        }
        int sink = b.addVertex(1, List.of(OperatorFactory.of("Collect", 1, () -> new CollectSink<>("out", LONGS))));
        b.addEdge(JobEdge.of(head, sink, 0, ExchangeMode.REBALANCE));
        return cluster.execute(b.build(), ExecutionConfig.defaults().withBatchRows(100));
    }

    @Test
    void bulkIterationRunsMaxSupersteps() throws Exception {
        JobResult result = run(10, false, 2);
        List<Long> rows = new ArrayList<>(CollectSink.<Long>collect(result, "out", 1));
        rows.sort(null);
        assertThat(rows).isEqualTo(LongStream.rangeClosed(11, 1010).boxed().toList());
        assertThat(result.operatorsNamed("PlusOne").getFirst().rowsIn()).isEqualTo(10_000);
        assertThat(cluster.memoryManager().used()).isZero();
    }

    @Test
    void terminationCriterionStopsEarly() throws Exception {
        // after superstep k the values are k+1 .. k+1000; "x < 6" is empty from k = 5 on
        JobResult result = run(100, true, 3);
        List<Long> rows = new ArrayList<>(CollectSink.<Long>collect(result, "out", 1));
        rows.sort(null);
        assertThat(rows).isEqualTo(LongStream.rangeClosed(6, 1005).boxed().toList());
    }
}
