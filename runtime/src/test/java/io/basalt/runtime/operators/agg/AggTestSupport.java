package io.basalt.runtime.operators.agg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorHarness;
import io.basalt.runtime.operators.OperatorMetrics;
import io.basalt.runtime.types.Row;
import io.basalt.vectorops.AggregateFunction;

/** Random inputs, a Java-collections reference aggregation, and result comparison for the agg tests. */
final class AggTestSupport {
    static final DataType DEC = DataType.decimal(10, 2);

    private AggTestSupport() {}

    /** Value columns appended after the keys: one per aggregatable type, plus utf8 for COUNT. */
    static final List<Field> VALUE_FIELDS = List.of(
            Field.nullable("i32", DataType.INT32), Field.nullable("i64", DataType.INT64), Field.nullable("f64", DataType.FLOAT64),
            Field.nullable("dec", DEC), Field.nullable("day", DataType.DATE), Field.nullable("ts", DataType.TIMESTAMP),
            Field.nullable("s", DataType.UTF8));

    /** Every function over every column that takes it, plus COUNT(*), reading value columns from {@code first}. */
    static List<AggregateCall> allCalls(int first) {
        List<AggregateCall> calls = new ArrayList<>();
        String[] names = {"i32", "i64", "f64", "dec", "day", "ts", "s"};
        for (int v = 0; v < names.length; v++) {
            int col = first + v;
            boolean numeric = v < 4;
            boolean ordered = v < 6;
            if (numeric) {
                calls.add(AggregateCall.sum(col, "sum_" + names[v]));
                calls.add(AggregateCall.avg(col, "avg_" + names[v]));
            }
            if (ordered) {
                calls.add(AggregateCall.min(col, "min_" + names[v]));
                calls.add(AggregateCall.max(col, "max_" + names[v]));
            }
            calls.add(AggregateCall.count(col, "cnt_" + names[v]));
        }
        calls.add(AggregateCall.countStar("cnt_all"));
        return calls;
    }

    /** A random data set: key columns of {@code keyTypes} drawn from {@code groups} groups, then {@link #VALUE_FIELDS}. */
    static Data randomData(Random r, List<DataType> keyTypes, int rows, int groups, double keyNulls, double valueNulls) {
        return randomData(r, keyTypes, rows, groups, keyNulls, valueNulls, false);
    }

    /**
     * Like {@link #randomData(Random, List, int, int, double, double)}; with {@code cycle}, row i
     * falls into group {@code i * 2654435761 mod groups} instead of a random one, so the first
     * {@code groups} rows already hit every group (2654435761 is prime).
     */
    static Data randomData(Random r, List<DataType> keyTypes, int rows, int groups, double keyNulls, double valueNulls, boolean cycle) {
        List<Field> fields = new ArrayList<>();
        for (int k = 0; k < keyTypes.size(); k++) {
            fields.add(Field.nullable("k" + k, keyTypes.get(k)));
        }
        fields.addAll(VALUE_FIELDS);
        List<List<Object>> data = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            List<Object> row = new ArrayList<>(fields.size());
            int g = cycle ? (int) (i * 2654435761L % groups) : r.nextInt(groups);
            for (int k = 0; k < keyTypes.size(); k++) {
                row.add(r.nextDouble() < keyNulls ? null : keyValue(keyTypes.get(k), k == 0 ? g : (int) ((g * 2654435761L + k) % groups)));
            }
            row.add(r.nextDouble() < valueNulls ? null : r.nextInt(-1000, 1001));
            row.add(r.nextDouble() < valueNulls ? null : r.nextLong(-1_000_000_000_000L, 1_000_000_000_000L));
            row.add(r.nextDouble() < valueNulls ? null : r.nextDouble() * 1000);
            row.add(r.nextDouble() < valueNulls ? null : BigDecimal.valueOf(r.nextLong(-100_000_000L, 100_000_000L), 2));
            row.add(r.nextDouble() < valueNulls ? null : LocalDate.ofEpochDay(r.nextInt(-5000, 30000)));
            row.add(r.nextDouble() < valueNulls ? null : LocalDateTime.ofEpochSecond(r.nextLong(0, 2_000_000_000L), r.nextInt(1000) * 1000, ZoneOffset.UTC));
            row.add(r.nextDouble() < valueNulls ? null : "v" + r.nextInt(100));
            data.add(row);
        }
        return new Data(new Schema(fields), data);
    }

    static Object keyValue(DataType type, int v) {
        return switch (type.kind()) {
            case INT32 -> v - 1000;
            case INT64 -> v * 1_000_003L - 7;
            case FLOAT64 -> v * 0.5 - 3;
            case FLOAT32 -> v * 0.25f - 2;
            case DECIMAL -> BigDecimal.valueOf(v * 7L - 100, type.scale());
            case UTF8 -> v % 7 == 0 ? "ключ-" + v : v % 11 == 0 ? "a-much-longer-key-string-to-cross-sixteen-bytes-" + v : "k" + v;
            case DATE -> LocalDate.ofEpochDay(v - 500);
            case TIMESTAMP -> LocalDateTime.ofEpochSecond(v * 3600L - 100_000, 0, ZoneOffset.UTC);
            case BOOLEAN -> v % 2 == 0;
        };
    }

    record Data(Schema schema, List<List<Object>> rows) {}

    /** What an operator emitted, and its metrics. */
    record Result(List<List<Object>> rows, OperatorMetrics metrics) {}

    /** Runs {@code operator} over {@code rows} fed in random batches of up to {@code maxBatch} rows. */
    static Result run(Operator operator, Schema schema, List<List<Object>> rows, long poolLimit, ExecutionConfig config,
                      Random r, int maxBatch) throws Exception {
        try (OperatorHarness h = new OperatorHarness(operator, poolLimit, config)) {
            h.open();
            int i = 0;
            while (i < rows.size()) {
                int n = Math.min(rows.size() - i, 1 + r.nextInt(maxBatch));
                h.process(schema, rows.subList(i, i + n), 0);
                i += n;
            }
            h.endInput(0);
            List<List<Object>> out = new ArrayList<>();
            for (Row row : h.outputRows()) {
                out.add(row.values());
            }
            for (var b : h.outputBatches()) {
                assertThat(b.rowCount()).isLessThanOrEqualTo(config.batchRows());
            }
            return new Result(out, h.metrics());
        }
    }

    static ExecutionConfig config(int batchRows) {
        return ExecutionConfig.defaults().withParallelism(1).withBatchRows(batchRows);
    }

    // ---- reference ----

    /** Normalises a key value as SQL grouping compares it: -0.0 equals 0.0, all NaNs are one. */
    static Object normalizeKey(Object v) {
        if (v instanceof Double d) {
            return d == 0.0 ? 0.0 : d.isNaN() ? Double.NaN : d;
        }
        if (v instanceof Float f) {
            return f == 0.0f ? 0.0f : f.isNaN() ? Float.NaN : f;
        }
        return v;
    }

    /** The expected result rows (keys then calls) of an aggregation, keyed by their key columns. */
    static Map<List<Object>, List<Object>> reference(Data data, int[] keys, List<AggregateCall> calls, boolean emptyGlobalRow) {
        Map<List<Object>, List<List<Object>>> groups = new LinkedHashMap<>();
        for (List<Object> row : data.rows()) {
            List<Object> key = new ArrayList<>();
            for (int k : keys) {
                key.add(normalizeKey(row.get(k)));
            }
            groups.computeIfAbsent(key, x -> new ArrayList<>()).add(row);
        }
        if (keys.length == 0 && groups.isEmpty() && emptyGlobalRow) {
            groups.put(List.of(), List.of());
        }
        Map<List<Object>, List<Object>> result = new HashMap<>();
        groups.forEach((key, rows) -> {
            List<Object> values = new ArrayList<>();
            for (AggregateCall call : calls) {
                values.add(aggregate(call, data.schema(), rows));
            }
            result.put(key, values);
        });
        return result;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object aggregate(AggregateCall call, Schema schema, List<List<Object>> rows) {
        if (call.function() == AggregateFunction.COUNT_STAR) {
            return (long) rows.size();
        }
        DataType type = schema.field(call.inputColumn()).type();
        List<Object> values = new ArrayList<>();
        for (List<Object> row : rows) {
            if (row.get(call.inputColumn()) != null) {
                values.add(row.get(call.inputColumn()));
            }
        }
        if (call.function() == AggregateFunction.COUNT) {
            return (long) values.size();
        }
        if (values.isEmpty()) {
            return null;
        }
        switch (call.function()) {
            case MIN, MAX -> {
                Object best = values.getFirst();
                for (Object v : values) {
                    if (v instanceof Double d) {
                        best = call.function() == AggregateFunction.MIN ? Math.min((Double) best, d) : Math.max((Double) best, d);
                    } else {
                        int cmp = ((Comparable) v).compareTo(best);
                        if (call.function() == AggregateFunction.MIN ? cmp < 0 : cmp > 0) {
                            best = v;
                        }
                    }
                }
                return best;
            }
            case SUM, AVG -> {
                long n = values.size();
                switch (type.kind()) {
                    case INT32, INT64 -> {
                        long sum = 0;
                        for (Object v : values) {
                            sum = Math.addExact(sum, ((Number) v).longValue());
                        }
                        return call.function() == AggregateFunction.SUM ? (Object) sum : (Object) ((double) sum / n);
                    }
                    case FLOAT64 -> {
                        double sum = 0;
                        for (Object v : values) {
                            sum += (Double) v;
                        }
                        return call.function() == AggregateFunction.SUM ? sum : sum / n;
                    }
                    case DECIMAL -> {
                        BigDecimal sum = BigDecimal.ZERO.setScale(type.scale());
                        for (Object v : values) {
                            sum = sum.add((BigDecimal) v);
                        }
                        return call.function() == AggregateFunction.SUM ? sum
                                : sum.divide(BigDecimal.valueOf(n), type.scale(), RoundingMode.HALF_UP);
                    }
                    default -> throw new IllegalArgumentException(type.toString());
                }
            }
            default -> throw new IllegalArgumentException(call.toString());
        }
    }

    /** Asserts that {@code rows} (keys then values) hold each expected group exactly once, doubles within 1e-9 relative. */
    static void assertSameGroups(List<List<Object>> rows, int keyCount, Map<List<Object>, List<Object>> expected) {
        Map<List<Object>, List<Object>> actual = new HashMap<>();
        for (List<Object> row : rows) {
            List<Object> key = new ArrayList<>(row.subList(0, keyCount));
            if (actual.put(key, row.subList(keyCount, row.size())) != null) {
                fail("Group " + key + " appears more than once");
            }
        }
        Set<List<Object>> missing = new HashSet<>(expected.keySet());
        missing.removeAll(actual.keySet());
        Set<List<Object>> extra = new HashSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        assertThat(missing).as("missing groups").isEmpty();
        assertThat(extra).as("unexpected groups").isEmpty();
        expected.forEach((key, values) -> {
            List<Object> got = actual.get(key);
            assertThat(got).as("values of group %s", key).hasSize(values.size());
            for (int i = 0; i < values.size(); i++) {
                if (!close(values.get(i), got.get(i))) {
                    fail("Group " + key + " column " + (keyCount + i) + ": expected " + values.get(i) + " but got " + got.get(i)
                            + " (all: expected " + values + ", got " + got + ")");
                }
            }
        });
    }

    static boolean close(Object expected, Object actual) {
        if (expected instanceof Double e && actual instanceof Double a) {
            if (e.isNaN() || a.isNaN() || e.isInfinite() || a.isInfinite()) {
                return e.equals(a);
            }
            return Math.abs(e - a) <= 1e-9 * Math.max(1.0, Math.max(Math.abs(e), Math.abs(a)));
        }
        return Objects.equals(expected, actual);
    }

    /** The rows of {@code rows} as a multiset (for DISTINCT): each distinct row once, asserting no duplicates. */
    static Set<List<Object>> asSet(List<List<Object>> rows) {
        Set<List<Object>> set = new HashSet<>();
        for (List<Object> row : rows) {
            if (!set.add(row)) {
                fail("Row " + row + " appears more than once");
            }
        }
        return set;
    }
}
