package io.basalt.runtime.operators.io;

import static io.basalt.runtime.operators.io.IoTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.operators.OperatorHarness;
import io.basalt.runtime.types.Row;

class FileSinkTest {
    private static final Schema SCHEMA = Schema.of(Field.nullable("id", DataType.INT64), Field.nullable("s", DataType.UTF8));
    private static final List<Row> ROWS = List.of(Row.of(1L, "a"), Row.of(2L, null));

    @TempDir
    Path dir;

    private List<String> names(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void noOverwriteFailsWhenTheTargetExistsAndLeavesItAlone() throws Exception {
        Path file = dir.resolve("out.csv");
        Files.writeString(file, "old");
        assertThatThrownBy(() -> write(new CsvSink(file, CsvFormat.defaults(), WriteMode.NO_OVERWRITE), SCHEMA, ROWS, 0, 1, 10))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining(file.toString()).hasMessageContaining("NO_OVERWRITE");
        assertThat(Files.readString(file)).isEqualTo("old");
        Files.delete(file);
        Files.createDirectory(file);
        assertThatThrownBy(() -> write(new CsvSink(file, CsvFormat.defaults(), WriteMode.NO_OVERWRITE), SCHEMA, ROWS, 0, 1, 10))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(names(dir)).containsExactly("out.csv");
    }

    @Test
    void overwriteReplacesAFileOrADirectory() throws Exception {
        Path file = dir.resolve("out.csv");
        Files.writeString(file, "old\nold\nold\n");
        write(new CsvSink(file, CsvFormat.defaults(), WriteMode.OVERWRITE), SCHEMA, ROWS, 0, 1, 10);
        assertThat(Files.readString(file)).isEqualTo("1,a\n2,\n");
        Path asDir = dir.resolve("was-dir");
        Files.createDirectories(asDir.resolve("nested"));
        Files.writeString(asDir.resolve("nested").resolve("x"), "x");
        write(new CsvSink(asDir, CsvFormat.defaults(), WriteMode.OVERWRITE), SCHEMA, ROWS, 0, 1, 10);
        assertThat(Files.readString(asDir)).isEqualTo("1,a\n2,\n");
        assertThat(names(dir)).containsExactly("out.csv", "was-dir");
    }

    @Test
    void parallelSinksWritePartFilesAndHonourTheWriteMode() throws Exception {
        Path out = dir.resolve("nested").resolve("out");
        for (int s = 0; s < 4; s++) {
            write(new CsvSink(out, CsvFormat.defaults(), WriteMode.NO_OVERWRITE), SCHEMA, List.of(Row.of((long) s, "p" + s)), s, 4, 10);
        }
        assertThat(names(out)).containsExactly("part-1", "part-2", "part-3", "part-4");
        assertThat(Files.readString(out.resolve("part-3"))).isEqualTo("2,p2\n");
        assertThatThrownBy(() -> write(new CsvSink(out, CsvFormat.defaults(), WriteMode.NO_OVERWRITE), SCHEMA, ROWS, 1, 4, 10))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("part-2");
        // a rerun with lower parallelism replaces the parts and removes the stale ones
        for (int s = 0; s < 2; s++) {
            write(new CsvSink(out, CsvFormat.defaults(), WriteMode.OVERWRITE), SCHEMA, List.of(Row.of(10L + s, null)), s, 2, 10);
        }
        assertThat(names(out)).containsExactly("part-1", "part-2");
        assertThat(Files.readString(out.resolve("part-2"))).isEqualTo("11,\n");
        // a file where a directory is wanted
        Path file = dir.resolve("plain");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> write(new CsvSink(file, CsvFormat.defaults(), WriteMode.NO_OVERWRITE), SCHEMA, ROWS, 0, 2, 10))
                .isInstanceOf(FileAlreadyExistsException.class);
        write(new CsvSink(file, CsvFormat.defaults(), WriteMode.OVERWRITE), SCHEMA, ROWS, 0, 2, 10);
        assertThat(names(file)).containsExactly("part-1");
    }

    @Test
    void aSinkThatFailsOrIsClosedWithoutEndOfInputLeavesNoFile() throws Exception {
        Path file = dir.resolve("partial.csv");
        CsvSink sink = new CsvSink(file, CsvFormat.defaults(), WriteMode.NO_OVERWRITE);
        try (OperatorHarness h = new OperatorHarness(sink, 0, IoTestSupport.config(10), 0, 1)) {
            h.open();
            h.process(SCHEMA, ROWS.stream().map(Row::values).toList(), 0);
            assertThat(names(dir)).singleElement().asString().startsWith(".partial.csv.").endsWith(".inprogress");
        }
        assertThat(names(dir)).isEmpty();
        // a failed open (target exists) leaves the existing file and nothing else
        Path existing = dir.resolve("existing");
        Files.writeString(existing, "keep");
        CsvSink failing = new CsvSink(existing, CsvFormat.defaults(), WriteMode.NO_OVERWRITE);
        try (OperatorHarness h = new OperatorHarness(failing, 0, IoTestSupport.config(10), 0, 1)) {
            assertThatThrownBy(h::open).isInstanceOf(FileAlreadyExistsException.class);
        }
        assertThat(names(dir)).containsExactly("existing");
    }

    @Test
    void headerAndEmptyInput() throws Exception {
        Path file = dir.resolve("h.csv");
        Schema odd = Schema.of(Field.nullable("a,b", DataType.INT32), Field.nullable("c", DataType.UTF8));
        write(new CsvSink(file, CsvFormat.defaults().withHeader(true).withLineDelimiter("\r\n"), WriteMode.OVERWRITE), odd,
                List.of(Row.of(1, "x")), 0, 1, 10);
        assertThat(Files.readString(file)).isEqualTo("\"a,b\",c\r\n1,x\r\n");
        write(new CsvSink(file, CsvFormat.defaults().withHeader(true), WriteMode.OVERWRITE), odd, List.of(), 0, 1, 10);
        assertThat(Files.readString(file)).isEmpty();
    }

    @Test
    void textSinkWritesOneValuePerLineAndReadsBackWithTextSource() throws Exception {
        Path file = dir.resolve("lines.txt");
        Schema strings = Schema.of(Field.nullable("line", DataType.UTF8));
        List<Row> rows = List.of(Row.of("hello, \"world\""), Row.of(""), Row.of((Object) null), Row.of("é中😀"));
        write(new TextSink(file, WriteMode.NO_OVERWRITE), strings, rows, 0, 1, 3);
        assertThat(Files.readString(file)).isEqualTo("hello, \"world\"\n\nnull\né中😀\n");
        assertThat(IoTestSupport.read(new TextSource(FileInput.of(file)), 0, 1, 10))
                .containsExactly(Row.of("hello, \"world\""), Row.of(""), Row.of("null"), Row.of("é中😀"));
        Path dates = dir.resolve("dates");
        Schema dateSchema = Schema.of(Field.nullable("d", DataType.DATE));
        for (int s = 0; s < 2; s++) {
            write(new TextSink(dates, WriteMode.OVERWRITE), dateSchema, List.of(Row.of(java.time.LocalDate.of(2020, 1, 1 + s))), s, 2, 3);
        }
        assertThat(Files.readString(dates.resolve("part-2"))).isEqualTo("2020-01-02\n");
        assertThatThrownBy(() -> write(new TextSink(dir.resolve("two"), WriteMode.OVERWRITE), SCHEMA, ROWS, 0, 1, 3))
                .hasMessageContaining("TextSink writes one column");
        assertThat(names(dir)).doesNotContain("two");
    }
}
