package io.basalt.runtime.operators.io;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorHarness;
import io.basalt.runtime.operators.SourceOperator;
import io.basalt.runtime.types.Row;

/** Runs file sources and sinks in the {@link OperatorHarness} and generates random rows of every type. */
final class IoTestSupport {
    static final Schema ALL_TYPES = Schema.of(
            Field.nullable("b", DataType.BOOLEAN),
            Field.nullable("i", DataType.INT32),
            Field.nullable("l", DataType.INT64),
            Field.nullable("f", DataType.FLOAT32),
            Field.nullable("d", DataType.FLOAT64),
            Field.nullable("dec", DataType.decimal(12, 3)),
            Field.nullable("day", DataType.DATE),
            Field.nullable("ts", DataType.TIMESTAMP),
            Field.nullable("s", DataType.UTF8),
            Field.notNull("id", DataType.INT64));

    private static final String[] PIECES = {"a", "b", "xyz", " ", ",", ";", "|", "\t", "\"", "\"\"", "\n", "\r\n", "\r", "é", "中文",
        "😀", "\\N", "null", "NULL", "''", "0", "-1.5"};

    private IoTestSupport() {}

    static ExecutionConfig config(int batchRows) {
        return ExecutionConfig.defaults().withParallelism(1).withBatchRows(batchRows);
    }

    /** Runs one source subtask to the end and returns its rows. */
    static List<Row> read(SourceOperator source, int subtask, int parallelism, int batchRows) throws Exception {
        try (OperatorHarness h = new OperatorHarness(source, 0, config(batchRows), subtask, parallelism)) {
            h.open();
            while (source.emitNext()) {
                // keep reading
            }
            return h.outputRows();
        }
    }

    /** Runs every subtask of a source and returns their rows in subtask order. */
    static List<Row> readAll(Supplier<? extends SourceOperator> source, int parallelism, int batchRows) throws Exception {
        List<Row> all = new ArrayList<>();
        for (int s = 0; s < parallelism; s++) {
            all.addAll(read(source.get(), s, parallelism, batchRows));
        }
        return all;
    }

    /** Feeds rows in batches of {@code batchRows} to one sink subtask and ends its input. */
    static void write(Operator sink, Schema schema, List<Row> rows, int subtask, int parallelism, int batchRows) throws Exception {
        try (OperatorHarness h = new OperatorHarness(sink, 0, config(batchRows), subtask, parallelism)) {
            h.open();
            for (int from = 0; from < rows.size(); from += batchRows) {
                List<List<Object>> chunk = rows.subList(from, Math.min(rows.size(), from + batchRows)).stream().map(Row::values).toList();
                h.process(schema, chunk, 0);
            }
            h.endInput(0);
        }
    }

    static List<Row> randomRows(Random rnd, int count) {
        List<Row> rows = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            Object[] v = new Object[ALL_TYPES.size()];
            v[0] = rnd.nextBoolean();
            v[1] = rnd.nextInt(4) == 0 ? rnd.nextInt() : rnd.nextInt(2000) - 1000;
            v[2] = rnd.nextInt(4) == 0 ? rnd.nextLong() : (long) rnd.nextInt(100_000);
            v[3] = randomFloat(rnd);
            v[4] = randomDouble(rnd);
            long unscaled = rnd.nextInt(3) == 0 ? rnd.nextLong() % 1_000_000_000_000L : rnd.nextInt(200_000) - 100_000;
            v[5] = BigDecimal.valueOf(unscaled, 3);
            v[6] = LocalDate.ofEpochDay(rnd.nextInt(10) == 0 ? rnd.nextInt(4_000_000) - 1_000_000 : rnd.nextInt(40_000));
            long seconds = rnd.nextInt(10) == 0 ? rnd.nextLong() % (1L << 40) : rnd.nextInt(2_000_000_000);
            int micros = switch (rnd.nextInt(3)) {
                case 0 -> 0;
                case 1 -> rnd.nextInt(1000) * 1000;
                default -> rnd.nextInt(1_000_000);
            };
            v[7] = LocalDateTime.ofEpochSecond(seconds, micros * 1000, ZoneOffset.UTC);
            v[8] = randomString(rnd);
            for (int c = 0; c < 9; c++) {
                if (rnd.nextInt(8) == 0) {
                    v[c] = null;
                }
            }
            v[9] = (long) r;
            rows.add(Row.of(v));
        }
        return rows;
    }

    static String randomString(Random rnd) {
        if (rnd.nextInt(10) == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[rnd.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    static float randomFloat(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> Float.intBitsToFloat(rnd.nextInt());
            case 1 -> new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0f, Float.MIN_VALUE, Float.MAX_VALUE}[rnd.nextInt(7)];
            case 2 -> (rnd.nextInt(20000) - 10000) / 100f;
            default -> rnd.nextFloat() * 1000;
        };
    }

    static double randomDouble(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> Double.longBitsToDouble(rnd.nextLong());
            case 1 -> new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0, Double.MIN_VALUE, Double.MAX_VALUE}[rnd.nextInt(7)];
            case 2 -> (rnd.nextInt(2_000_000) - 1_000_000) / 1000.0;
            default -> rnd.nextDouble() * 1e6;
        };
    }

    /** Rows sorted by their last column (a unique id), for comparing parallel reads. */
    static List<Row> sortedById(List<Row> rows) {
        return rows.isEmpty() ? rows : sortedBy(rows, rows.getFirst().size() - 1);
    }

    /** Rows sorted by an int64 column. */
    static List<Row> sortedBy(List<Row> rows, int column) {
        List<Row> copy = new ArrayList<>(rows);
        copy.sort((a, b) -> Long.compare((Long) a.get(column), (Long) b.get(column)));
        return copy;
    }

    static Row row(Object... values) {
        return Row.ofList(Arrays.asList(values));
    }
}
