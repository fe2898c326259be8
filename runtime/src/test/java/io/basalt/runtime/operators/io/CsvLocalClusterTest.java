package io.basalt.runtime.operators.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.exec.JobExecutionException;
import io.basalt.runtime.exec.JobResult;
import io.basalt.runtime.exec.LocalCluster;
import io.basalt.runtime.graph.ExchangeMode;
import io.basalt.runtime.graph.JobEdge;
import io.basalt.runtime.graph.JobGraph;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.types.Row;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CsvLocalClusterTest {
    @TempDir
    Path dir;
    private LocalCluster cluster;

    @BeforeEach
    void start() {
        cluster = LocalCluster.start(4, 1L << 30);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private JobResult copy(OperatorFactory source, Path out, ExchangeMode mode) throws Exception {
        JobGraph.Builder b = JobGraph.builder("csv-copy");
        int src = b.addVertex(2, List.of(source));
        int sink = b.addVertex(2, List.of(CsvSink.factory(out, CsvFormat.defaults(), WriteMode.NO_OVERWRITE)));
        b.addEdge(JobEdge.of(src, sink, 0, mode));
        return cluster.execute(b.build(), ExecutionConfig.defaults().withBatchRows(500));
    }

    @Test
    void parallelSourceToParallelSinkCopiesEveryRow() throws Exception {
        List<Row> rows = IoTestSupport.randomRows(new Random(11), 20_000);
        Path input = dir.resolve("in.csv");
        IoTestSupport.write(new CsvSink(input, CsvFormat.defaults(), WriteMode.NO_OVERWRITE), IoTestSupport.ALL_TYPES, rows, 0, 1, 1000);
        // strings hold quoted line breaks: read the file whole, so p=2 also exercises an idle subtask
        OperatorFactory source = CsvSource.factory(FileInput.of(input).withSplitFiles(false), IoTestSupport.ALL_TYPES, CsvFormat.defaults());
        Path out = dir.resolve("out");
        JobResult result = copy(source, out, ExchangeMode.REBALANCE);
        assertThat(result.operatorsNamed("CsvSink").stream().mapToLong(o -> o.rowsIn()).sum()).isEqualTo(rows.size());
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("part-1", "part-2");
        }
        List<Row> back = IoTestSupport.readAll(() -> new CsvSource(FileInput.of(out).withSplitFiles(false), IoTestSupport.ALL_TYPES,
                CsvFormat.defaults()), 1, 1000);
        assertThat(IoTestSupport.sortedById(back)).isEqualTo(rows);
    }

    @Test
    void splitFilesAreReadOnceAcrossSubtasksAndInvalidLinesAreCounted() throws Exception {
        StringBuilder sb = new StringBuilder("id,text\n");
        for (int i = 0; i < 50_000; i++) {
            sb.append(i % 1000 == 999 ? "bad" : Integer.toString(i)).append(",t").append(i).append('\n');
        }
        Path input = dir.resolve("lines.csv");
        Files.writeString(input, sb);
        io.basalt.data.Schema schema = io.basalt.data.Schema.of(io.basalt.data.Field.notNull("id", io.basalt.data.DataType.INT64),
                io.basalt.data.Field.nullable("text", io.basalt.data.DataType.UTF8));
        CsvFormat format = CsvFormat.defaults().withHeader(true).withIgnoreInvalidLines(true);
        OperatorFactory source = CsvSource.factory(FileInput.of(input).withSplitBytes(1, 64 << 10), schema, format);
        Path out = dir.resolve("out");
        JobResult result = copy(source, out, ExchangeMode.FORWARD);
        assertThat(CsvSource.invalidLines(result, source.name(), 2)).isEqualTo(50);
        List<Row> back = IoTestSupport.readAll(() -> new CsvSource(FileInput.of(out), schema, CsvFormat.defaults()), 3, 4096);
        assertThat(back).hasSize(50_000 - 50);
        assertThat(back.stream().mapToLong(r -> (Long) r.get(0)).distinct().count()).isEqualTo(50_000 - 50);
    }

    @Test
    void aBadLineFailsTheJobAndLeavesNoOutput() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            sb.append(i == 25_000 ? "x" : Integer.toString(i)).append(",t\n");
        }
        Path input = dir.resolve("bad.csv");
        Files.writeString(input, sb);
        io.basalt.data.Schema schema = io.basalt.data.Schema.of(io.basalt.data.Field.notNull("id", io.basalt.data.DataType.INT32),
                io.basalt.data.Field.nullable("text", io.basalt.data.DataType.UTF8));
        OperatorFactory source = CsvSource.factory(FileInput.of(input).withSplitBytes(1, 1 << 20), schema, CsvFormat.defaults());
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> copy(source, out, ExchangeMode.REBALANCE))
                .isInstanceOf(JobExecutionException.class)
                .hasMessageContaining("CsvSource")
                .hasMessageContaining("bad.csv line 25001, column 'id' (int32 not null): cannot parse \"x\"");
        assertThat(cluster.memoryManager().used()).isZero();
        if (Files.exists(out)) {
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files.filter(p -> p.getFileName().toString().startsWith("."))).isEmpty();
            }
        }
    }
}
