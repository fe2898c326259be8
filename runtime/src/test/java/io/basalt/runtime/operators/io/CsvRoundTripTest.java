package io.basalt.runtime.operators.io;

import static io.basalt.runtime.operators.io.IoTestSupport.ALL_TYPES;
import static io.basalt.runtime.operators.io.IoTestSupport.randomRows;
import static io.basalt.runtime.operators.io.IoTestSupport.readAll;
import static io.basalt.runtime.operators.io.IoTestSupport.sortedById;
import static io.basalt.runtime.operators.io.IoTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.types.Row;

class CsvRoundTripTest {
    @TempDir
    Path dir;

    static List<CsvFormat> formats() {
        CsvFormat d = CsvFormat.defaults();
        return List.of(d, d.withDelimiter(';'), d.withDelimiter('\t').withHeader(true), d.withDelimiter('|').withQuote('\''),
                d.withNullLiteral("\\N"), d.withNullLiteral("null").withLineDelimiter("\r\n").withHeader(true),
                d.withNullLiteral("NaN"), d.withDelimiter('.'), d.withDelimiter('-').withQuote('0'));
    }

    @ParameterizedTest
    @MethodSource("formats")
    void randomRowsOfEveryTypeSurviveAWriteAndRead(CsvFormat format) throws Exception {
        Random rnd = new Random(format.hashCode());
        for (int count : new int[] {0, 1, 2_000}) {
            List<Row> rows = randomRows(rnd, count);
            Path file = dir.resolve("rt-" + count + ".csv");
            write(new CsvSink(file, format, WriteMode.OVERWRITE), ALL_TYPES, rows, 0, 1, 333);
            // quoted fields hold line breaks, so the file must not be split
            FileInput input = FileInput.of(file).withSplitFiles(false);
            assertThat(readAll(() -> new CsvSource(input, ALL_TYPES, format), 1, 500)).as("%s, %d rows", format, count).isEqualTo(rows);
        }
    }

    @Test
    void tinyReadBuffersSplitRecordsAtEveryPossibleByte() throws Exception {
        Random rnd = new Random(5);
        for (CsvFormat format : formats()) {
            List<Row> rows = randomRows(rnd, 40);
            Path file = dir.resolve("tiny.csv");
            write(new CsvSink(file, format, WriteMode.OVERWRITE), ALL_TYPES, rows, 0, 1, 17);
            for (int size : new int[] {1, 2, 3, 4, 5, 7, 11, 16, 23, 32}) {
                int buffer = size;
                List<Row> got = readAll(() -> {
                    CsvSource s = new CsvSource(FileInput.of(file).withSplitFiles(false), ALL_TYPES, format);
                    s.setBufferBytes(size);
                    return s;
                }, 1, 7);
                assertThat(got).as("%s, buffer %d", format, buffer).isEqualTo(rows);
            }
        }
    }

    @Test
    void parallelSinkWritesPartFilesThatReadBackAsADirectory() throws Exception {
        List<Row> rows = randomRows(new Random(7), 3_000);
        Path out = dir.resolve("out");
        int p = 3;
        for (int s = 0; s < p; s++) {
            List<Row> part = rows.subList(rows.size() * s / p, rows.size() * (s + 1) / p);
            write(new CsvSink(out, CsvFormat.defaults(), WriteMode.NO_OVERWRITE), ALL_TYPES, part, s, p, 256);
        }
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly("part-1", "part-2", "part-3");
        }
        FileInput input = FileInput.of(out).withSplitFiles(false);
        for (int readers = 1; readers <= 4; readers++) {
            assertThat(sortedById(readAll(() -> new CsvSource(input, ALL_TYPES, CsvFormat.defaults()), readers, 100))).isEqualTo(rows);
        }
    }

    @Test
    void nullAndEmptyStringStayDistinctInASingleColumn() throws Exception {
        Schema schema = Schema.of(Field.nullable("s", DataType.UTF8));
        List<Row> rows = List.of(Row.of((Object) null), Row.of(""), Row.of("x"), Row.of((Object) null), Row.of("\""), Row.of(""));
        Path file = dir.resolve("single.csv");
        write(new CsvSink(file, CsvFormat.defaults(), WriteMode.OVERWRITE), schema, rows, 0, 1, 4);
        assertThat(Files.readString(file)).isEqualTo("\n\"\"\nx\n\n\"\"\"\"\n\"\"\n");
        assertThat(readAll(() -> new CsvSource(FileInput.of(file), schema, CsvFormat.defaults()), 1, 2)).isEqualTo(rows);
    }

    @Test
    void writtenTextIsPlainAndQuotedOnlyWhereNeeded() throws Exception {
        Schema schema = Schema.of(Field.nullable("n", DataType.INT32), Field.nullable("amount", DataType.decimal(10, 2)),
                Field.nullable("day", DataType.DATE), Field.nullable("at", DataType.TIMESTAMP), Field.nullable("text", DataType.UTF8),
                Field.nullable("ok", DataType.BOOLEAN), Field.nullable("x", DataType.FLOAT64));
        List<Row> rows = List.of(
                IoTestSupport.row(-7, new java.math.BigDecimal("0.05"), java.time.LocalDate.of(2024, 2, 29),
                        java.time.LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6_000), "a,b", true, 1e21),
                IoTestSupport.row(null, new java.math.BigDecimal("-12345678.90"), java.time.LocalDate.of(1, 1, 1),
                        java.time.LocalDateTime.of(1969, 12, 31, 23, 59, 59, 120_000_000), "say \"hi\"\nbye", false, -0.0),
                IoTestSupport.row(0, null, null, java.time.LocalDateTime.of(2000, 1, 1, 0, 0), "plain", null, Double.NaN));
        Path file = dir.resolve("text.csv");
        write(new CsvSink(file, CsvFormat.defaults().withHeader(true), WriteMode.OVERWRITE), schema, rows, 0, 1, 10);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("""
                n,amount,day,at,text,ok,x
                -7,0.05,2024-02-29,2024-01-02T03:04:05.000006,"a,b",true,1.0E21
                ,-12345678.90,0001-01-01,1969-12-31T23:59:59.120,"say ""hi""
                bye",false,-0.0
                0,,,2000-01-01T00:00:00,plain,,NaN
                """);
        assertThat(readAll(() -> new CsvSource(FileInput.of(file), schema, CsvFormat.defaults().withHeader(true)), 1, 10)).isEqualTo(rows);
    }
}
