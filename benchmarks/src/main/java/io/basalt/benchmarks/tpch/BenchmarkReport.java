package io.basalt.benchmarks.tpch;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** Formats benchmark results as a Markdown table and as JSON. Stateless. */
final class BenchmarkReport {
    private BenchmarkReport() {}

    static String markdown(List<QueryTiming> timings) {
        StringBuilder sb = new StringBuilder();
        sb.append("| Query | Basalt median ms | Basalt min ms | Basalt job median ms | DuckDB median ms | DuckDB min ms | Ratio (Basalt/DuckDB) "
                + "| Basalt CPU ms | DuckDB CPU ms | CPU ratio | Results |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (QueryTiming t : timings) {
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f | %s |%n", t.query(), t.basaltMedianMs(),
                    t.basaltMinMs(), t.basaltJobMedianMs(), t.duckDbMedianMs(), t.duckDbMinMs(), t.ratio(), t.basaltCpuMedianMs(), t.duckDbCpuMedianMs(),
                    t.cpuRatio(), t.mismatches().isEmpty() ? "agree" : "DIFFER"));
        }
        return sb.toString();
    }

    static String json(TpchVsDuckDbBenchmark.Options o, long rows, long basaltLoadNanos, long duckDbLoadNanos, List<QueryTiming> timings) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n");
        sb.append(String.format(Locale.ROOT, "  \"scaleFactor\": %s,%n  \"parallelism\": %d,%n  \"warmupRuns\": %d,%n  \"measuredRuns\": %d,%n", o.scaleFactor(),
                o.parallelism(), o.warmup(), o.runs()));
        sb.append(String.format(Locale.ROOT, "  \"basaltMemory\": %s,%n  \"lineitemRows\": %d,%n  \"basaltGenerateMs\": %.1f,%n  \"duckdbLoadMs\": %.1f,%n",
                quote(o.memory()), rows, basaltLoadNanos / 1e6, duckDbLoadNanos / 1e6));
        sb.append(String.format(Locale.ROOT, "  \"jvm\": %s,%n  \"cores\": %d,%n", quote(Runtime.version().toString()),
                Runtime.getRuntime().availableProcessors()));
        sb.append("  \"queries\": [\n");
        for (int i = 0; i < timings.size(); i++) {
            QueryTiming t = timings.get(i);
            sb.append("    {\n");
            sb.append("      \"query\": ").append(quote(t.query())).append(",\n");
            sb.append("      \"basaltMs\": ").append(ms(t.basaltNanos())).append(",\n");
            sb.append("      \"basaltJobMs\": ").append(ms(t.basaltJobNanos())).append(",\n");
            sb.append("      \"duckdbMs\": ").append(ms(t.duckDbNanos())).append(",\n");
            sb.append("      \"basaltCpuMs\": ").append(ms(t.basaltCpuNanos())).append(",\n");
            sb.append("      \"duckdbCpuMs\": ").append(ms(t.duckDbCpuNanos())).append(",\n");
            sb.append(String.format(Locale.ROOT, "      \"basaltMedianMs\": %.3f,%n      \"basaltMinMs\": %.3f,%n      \"basaltJobMedianMs\": %.3f,%n",
                    t.basaltMedianMs(), t.basaltMinMs(), t.basaltJobMedianMs()));
            sb.append(String.format(Locale.ROOT, "      \"duckdbMedianMs\": %.3f,%n      \"duckdbMinMs\": %.3f,%n      \"ratio\": %.4f,%n", t.duckDbMedianMs(),
                    t.duckDbMinMs(), t.ratio()));
            sb.append(String.format(Locale.ROOT, "      \"basaltCpuMedianMs\": %.3f,%n      \"duckdbCpuMedianMs\": %.3f,%n      \"cpuRatio\": %.4f,%n",
                    t.basaltCpuMedianMs(), t.duckDbCpuMedianMs(), t.cpuRatio()));
            sb.append("      \"resultsAgree\": ").append(t.mismatches().isEmpty()).append(",\n");
            sb.append("      \"mismatches\": [")
                    .append(t.mismatches().stream().distinct().map(BenchmarkReport::quote).collect(Collectors.joining(", "))).append("]\n");
            sb.append(i + 1 < timings.size() ? "    },\n" : "    }\n");
        }
        sb.append("  ]\n}\n");
        return sb.toString();
    }

    private static String ms(long[] nanos) {
        return LongStream.of(nanos).mapToObj(n -> String.format(Locale.ROOT, "%.3f", n / 1e6)).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
