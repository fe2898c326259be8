package io.basalt.runtime.operators.io;

import static io.basalt.runtime.operators.io.IoTestSupport.read;
import static io.basalt.runtime.operators.io.IoTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.operators.OperatorHarness;
import io.basalt.runtime.types.Row;

class CsvSourceErrorTest {
    private static final Schema SCHEMA = Schema.of(Field.notNull("id", DataType.INT32), Field.nullable("name", DataType.UTF8),
            Field.nullable("price", DataType.FLOAT64), Field.nullable("amount", DataType.decimal(6, 2)));

    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    /** Asserts the failure with the default read buffer and with a tiny one (records across refills). */
    private AbstractThrowableAssert<?, ? extends Throwable> assertFails(Path file, CsvFormat format, String... fragments) {
        CsvSource tiny = new CsvSource(FileInput.of(file), SCHEMA, format);
        tiny.setBufferBytes(3);
        var t = assertThatThrownBy(() -> read(tiny, 0, 1, 4)).isInstanceOf(CsvParseException.class);
        for (String f : fragments) {
            t.hasMessageContaining(f);
        }
        var a = assertThatThrownBy(() -> read(new CsvSource(FileInput.of(file), SCHEMA, format), 0, 1, 4)).isInstanceOf(CsvParseException.class);
        for (String f : fragments) {
            a.hasMessageContaining(f);
        }
        return a;
    }

    private static final String GOOD = "1,a,1.5,2.25\n2,b,,\n";

    @Test
    void unparsableValueNamesFileLineColumnTypeAndValue() throws Exception {
        Path f = file("data.csv", GOOD.repeat(8) + "17,c,\"12,x\",1\n");
        assertFails(f, CsvFormat.defaults(), f + " line 17, column 'price' (float64): cannot parse \"12,x\"")
                .satisfies(e -> {
                    CsvParseException p = (CsvParseException) e;
                    assertThat(p.file()).isEqualTo(f);
                    assertThat(p.line()).isEqualTo(17);
                });
    }

    @Test
    void lineNumbersCountTheHeaderAndQuotedLineBreaks() throws Exception {
        Path f = file("h.csv", "id,name,price,amount\n1,\"two\nlines\",1,1\n3,x,y,1\n");
        assertFails(f, CsvFormat.defaults().withHeader(true), "h.csv line 4, column 'price' (float64): cannot parse \"y\"");
    }

    @Test
    void wrongFieldCount() throws Exception {
        Path f = file("count.csv", GOOD + "3,c,1\n");
        assertFails(f, CsvFormat.defaults(), "count.csv line 3 has 3 fields, expected 4 (id, name, price, amount)");
        Path g = file("more.csv", "1,a,1,1,extra\n");
        assertFails(g, CsvFormat.defaults(), "more.csv line 1 has 5 fields, expected 4");
        Path quotedEmpty = file("emptyfield.csv", GOOD + "\"\"\n");
        assertFails(quotedEmpty, CsvFormat.defaults(), "emptyfield.csv line 3 has 1 field, expected 4");
    }

    @Test
    void blankLinesAreSkippedForSeveralColumns() throws Exception {
        Path f = file("blank.csv", "\n" + GOOD + "\r\n\n" + GOOD);
        assertThat(read(new CsvSource(f, SCHEMA, CsvFormat.defaults()), 0, 1, 4)).extracting(r -> r.get(0)).containsExactly(1, 2, 1, 2);
    }

    @Test
    void unterminatedQuoteAndTextAfterAClosingQuote() throws Exception {
        Path f = file("quote.csv", GOOD + "3,\"open,1,1\n4,d,1,1\n");
        assertFails(f, CsvFormat.defaults(), "quote.csv line 3, column 'name': unterminated quoted field");
        Path g = file("after.csv", GOOD + "3,\"ab\"c,1,1\n");
        assertFails(g, CsvFormat.defaults(), "after.csv line 3, column 'name': unexpected character 'c' after the closing quote");
    }

    @Test
    void decimalScaleAndPrecisionAreExact() throws Exception {
        assertFails(file("scale.csv", "1,a,1,1.234\n"), CsvFormat.defaults(),
                "scale.csv line 1, column 'amount' (decimal(6,2)): cannot parse \"1.234\" (more than 2 fraction digits)");
        assertFails(file("precision.csv", "1,a,1,12345.6\n"), CsvFormat.defaults(),
                "column 'amount' (decimal(6,2)): cannot parse \"12345.6\" (more than 6 digits)");
        assertThat(read(new CsvSource(FileInput.of(file("ok.csv", "1,a,1,1234.500\n2,b,2,-0.1\n3,c,3,1.2e1\n")), SCHEMA, CsvFormat.defaults()), 0, 1, 4))
                .extracting(r -> r.get(3).toString()).containsExactly("1234.50", "-0.10", "12.00");
    }

    @Test
    void intOverflowAndNotNullColumns() throws Exception {
        assertFails(file("big.csv", "3000000000,a,1,1\n"), CsvFormat.defaults(),
                "big.csv line 1, column 'id' (int32 not null): cannot parse \"3000000000\" (out of range for int32)");
        assertFails(file("null.csv", GOOD + ",a,1,1\n"), CsvFormat.defaults(),
                "null.csv line 3, column 'id' (int32 not null): empty field in a NOT NULL column");
        assertFails(file("lit.csv", "\\N,a,1,1\n"), CsvFormat.defaults().withNullLiteral("\\N"),
                "lit.csv line 1, column 'id' (int32 not null): null literal \"\\N\" in a NOT NULL column");
        assertFails(file("quotedempty.csv", "\"\",a,1,1\n"), CsvFormat.defaults(), "column 'id' (int32 not null): cannot parse \"\"");
    }

    @Test
    void invalidUtf8InAStringColumn() throws Exception {
        Path f = dir.resolve("bytes.csv");
        Files.write(f, new byte[] {'1', ',', 'a', (byte) 0xFF, ',', '1', ',', '1', '\n'});
        assertFails(f, CsvFormat.defaults(), "bytes.csv line 1, column 'name' (utf8): invalid UTF-8");
    }

    @Test
    void missingFileOrDirectory() {
        Path missing = dir.resolve("nope.csv");
        assertThatThrownBy(() -> read(new CsvSource(FileInput.of(missing), SCHEMA, CsvFormat.defaults()), 0, 1, 4))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void errorsInLaterSplitsReportAbsoluteLineNumbers() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 500; i++) {
            sb.append(i == 431 ? "431,x,oops,1\n" : i + ",n" + i + "," + i + ".5,1\n");
        }
        Path f = file("big.csv", sb.toString());
        FileInput input = FileInput.of(f).withSplitBytes(1, 1000);
        assertThat(input.splits(1).size()).isGreaterThan(5);
        assertThatThrownBy(() -> readAll(() -> new CsvSource(input, SCHEMA, CsvFormat.defaults()), 3, 16))
                .isInstanceOf(CsvParseException.class).hasMessageContaining("big.csv line 431, column 'price' (float64): cannot parse \"oops\"");
    }

    @Test
    void ignoreInvalidLinesSkipsAndCountsThem() throws Exception {
        String text = "id,name,price,amount\n" + GOOD + "x,a,1,1\n" + "3,c,1\n" + "4,\"d\"e,1,1\n" + "5,e,5,5\n" + ",f,1,1\n"
                + "6,\"unterminated,1,1\n" + "7,g,7,7";
        Path f = file("skip.csv", text);
        CsvFormat format = CsvFormat.defaults().withHeader(true).withIgnoreInvalidLines(true);
        for (int buffer : new int[] {1, 2, 3, 5, 8, 13, 1 << 20}) {
            CsvSource source = new CsvSource(FileInput.of(f), SCHEMA, format);
            source.setBufferBytes(buffer);
            try (OperatorHarness h = new OperatorHarness(source, 0, IoTestSupport.config(2), 0, 1)) {
                h.open();
                while (source.emitNext()) {
                    // read all
                }
                assertThat(h.outputRows()).as("buffer %d", buffer).extracting(r -> r.get(0)).containsExactly(1, 2, 5, 7);
                assertThat(h.published()).containsEntry(CsvSource.invalidLinesKey("test-operator", 0), 5L);
            }
        }
    }

    @Test
    void ignoredInvalidLinesAcrossSplitsAreCountedOnce() throws Exception {
        StringBuilder sb = new StringBuilder();
        int bad = 0;
        for (int i = 0; i < 400; i++) {
            if (i % 13 == 0) {
                sb.append(i).append(",x,notanumber,1\n");
                bad++;
            } else {
                sb.append(i).append(",x,1,1\n");
            }
        }
        Path f = file("many.csv", sb.toString());
        FileInput input = FileInput.of(f).withSplitBytes(1, 300);
        CsvFormat format = CsvFormat.defaults().withIgnoreInvalidLines(true);
        long skipped = 0;
        int rows = 0;
        for (int s = 0; s < 3; s++) {
            CsvSource source = new CsvSource(input, SCHEMA, format);
            try (OperatorHarness h = new OperatorHarness(source, 0, IoTestSupport.config(50), s, 3)) {
                h.open();
                while (source.emitNext()) {
                    // read all
                }
                rows += h.outputRows().size();
                skipped += (Long) h.published().get(CsvSource.invalidLinesKey("test-operator", s));
            }
        }
        assertThat(skipped).isEqualTo(bad);
        assertThat(rows).isEqualTo(400 - bad);
    }

    @Test
    void formatValidation() {
        assertThatThrownBy(() -> CsvFormat.defaults().withDelimiter('"')).hasMessageContaining("delimiter and quote must differ");
        assertThatThrownBy(() -> CsvFormat.defaults().withDelimiter('\n')).hasMessageContaining("other than CR and LF");
        assertThatThrownBy(() -> CsvFormat.defaults().withDelimiter('é')).hasMessageContaining("ASCII");
        assertThatThrownBy(() -> CsvFormat.defaults().withNullLiteral("a,b")).hasMessageContaining("null literal");
        assertThatThrownBy(() -> CsvFormat.defaults().withLineDelimiter("\r")).hasMessageContaining("line delimiter");
    }

    @Test
    void valuesOfEveryTypeParse() throws Exception {
        Schema schema = Schema.of(Field.nullable("b", DataType.BOOLEAN), Field.nullable("f", DataType.FLOAT32),
                Field.nullable("day", DataType.DATE), Field.nullable("ts", DataType.TIMESTAMP), Field.nullable("l", DataType.INT64));
        Path f = file("types.csv", """
                TRUE,NaN,2024-02-29,2024-02-29 23:59,-9223372036854775808
                False,-Infinity,+10000-01-01,2024-02-29T23:59:58.5,+9223372036854775807
                true,1e-3,-0001-12-31,1970-01-01T00:00:00.123456000,0
                """);
        List<Row> rows = read(new CsvSource(FileInput.of(f), schema, CsvFormat.defaults()), 0, 1, 10);
        assertThat(rows).containsExactly(
                Row.of(true, Float.NaN, java.time.LocalDate.of(2024, 2, 29), java.time.LocalDateTime.of(2024, 2, 29, 23, 59), Long.MIN_VALUE),
                Row.of(false, Float.NEGATIVE_INFINITY, java.time.LocalDate.of(10000, 1, 1),
                        java.time.LocalDateTime.of(2024, 2, 29, 23, 59, 58, 500_000_000), Long.MAX_VALUE),
                Row.of(true, 0.001f, java.time.LocalDate.of(-1, 12, 31), java.time.LocalDateTime.of(1970, 1, 1, 0, 0, 0, 123_456_000), 0L));
        for (String[] bad : new String[][] {{"yes", "b"}, {"2023-02-29", "day"}, {"2024-1-01", "day"}, {"2024-01-01T24:00", "ts"},
            {"2024-01-01T00:00:00.1234567", "ts"}, {" 1.5", "f"}, {"1.5.", "f"}, {"9223372036854775808", "l"}, {"1_000", "l"}}) {
            String line = switch (bad[1]) {
                case "b" -> bad[0] + ",1,2024-01-01,2024-01-01T00:00,1";
                case "f" -> "true," + bad[0] + ",2024-01-01,2024-01-01T00:00,1";
                case "day" -> "true,1," + bad[0] + ",2024-01-01T00:00,1";
                case "ts" -> "true,1,2024-01-01," + bad[0] + ",1";
                default -> "true,1,2024-01-01,2024-01-01T00:00," + bad[0];
            };
            Path g = file("bad.csv", line + "\n");
            assertThatThrownBy(() -> read(new CsvSource(FileInput.of(g), schema, CsvFormat.defaults()), 0, 1, 10))
                    .as(bad[0]).hasMessageContaining("column '" + bad[1] + "'").hasMessageContaining("cannot parse \"" + bad[0] + "\"");
        }
    }
}
