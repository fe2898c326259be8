package io.basalt.benchmarks.tpch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class BenchmarkReportTest {
    private static final QueryTiming Q1 = new QueryTiming("Q1", new long[] {300_000_000, 100_000_000, 200_000_000},
            new long[] {250_000_000, 90_000_000, 150_000_000}, new long[] {50_000_000, 40_000_000, 60_000_000},
            new long[] {400_000_000, 300_000_000, 500_000_000}, new long[] {100_000_000, 100_000_000, 100_000_000}, List.of());
    private static final QueryTiming Q6 = new QueryTiming("Q6", new long[] {10_000_000, 30_000_000}, new long[] {5_000_000, 25_000_000},
            new long[] {20_000_000, 20_000_000}, new long[] {1, 1}, new long[] {1, 1}, List.of("Q6 row 0 revenue: expected 1, got \"2\"", "Q6 row 0 revenue: expected 1, got \"2\""));

    @Test
    void mediansMinimaAndRatio() {
        assertThat(Q1.basaltMedianMs()).isEqualTo(200.0);
        assertThat(Q1.basaltMinMs()).isEqualTo(100.0);
        assertThat(Q1.basaltJobMedianMs()).isEqualTo(150.0);
        assertThat(Q1.duckDbMedianMs()).isEqualTo(50.0);
        assertThat(Q1.ratio()).isEqualTo(4.0);
        assertThat(Q1.basaltCpuMedianMs()).isEqualTo(400.0);
        assertThat(Q1.cpuRatio()).isEqualTo(4.0);
        assertThat(Q6.basaltMedianMs()).isEqualTo(20.0);
    }

    @Test
    void markdownTable() {
        assertThat(BenchmarkReport.markdown(List.of(Q1, Q6)).lines().toList()).containsExactly(
                "| Query | Basalt median ms | Basalt min ms | Basalt job median ms | DuckDB median ms | DuckDB min ms | Ratio (Basalt/DuckDB) "
                        + "| Basalt CPU ms | DuckDB CPU ms | CPU ratio | Results |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
                "| Q1 | 200.0 | 100.0 | 150.0 | 50.0 | 40.0 | 4.00 | 400.0 | 100.0 | 4.00 | agree |",
                "| Q6 | 20.0 | 10.0 | 15.0 | 20.0 | 20.0 | 1.00 | 0.0 | 0.0 | 1.00 | DIFFER |");
    }

    @Test
    void jsonHasEveryRunAndEscapesMessages() {
        TpchVsDuckDbBenchmark.Options o = TpchVsDuckDbBenchmark.Options.parse(new String[] {"--sf", "0.5", "--runs", "3", "--json", "x.json"});
        String json = BenchmarkReport.json(o, 42, 1_000_000, 2_000_000, List.of(Q1, Q6));
        assertThat(json).contains("\"scaleFactor\": 0.5", "\"measuredRuns\": 3", "\"lineitemRows\": 42", "\"basaltMs\": [300.000, 100.000, 200.000]",
                "\"ratio\": 4.0000", "\"basaltCpuMs\": [400.000, 300.000, 500.000]", "\"cpuRatio\": 4.0000", "\"resultsAgree\": false", "\"mismatches\": [\"Q6 row 0 revenue: expected 1, got \\\"2\\\"\"]");
    }

    @Test
    void options() {
        TpchVsDuckDbBenchmark.Options d = TpchVsDuckDbBenchmark.Options.parse(new String[0]);
        assertThat(d).isEqualTo(new TpchVsDuckDbBenchmark.Options(1, 5, 3, 2, "2g", List.of("q1", "q6"), null, false));
        TpchVsDuckDbBenchmark.Options o = TpchVsDuckDbBenchmark.Options.parse(
                new String[] {"--queries", "Q6", "--metrics", "--parallelism", "4", "--warmup", "0", "--memory", "1g", "--json", "r.json"});
        assertThat(o).isEqualTo(new TpchVsDuckDbBenchmark.Options(1, 5, 0, 4, "1g", List.of("q6"), Path.of("r.json"), true));
        assertThatThrownBy(() -> TpchVsDuckDbBenchmark.Options.parse(new String[] {"--sf"})).hasMessageContaining("--sf needs a value");
        assertThatThrownBy(() -> TpchVsDuckDbBenchmark.Options.parse(new String[] {"--queries", "q3"})).hasMessageContaining("Unknown query q3");
        assertThatThrownBy(() -> TpchVsDuckDbBenchmark.Options.parse(new String[] {"--sf", "0"})).hasMessageContaining("--sf > 0");
    }
}
