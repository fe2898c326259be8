package io.basalt.runtime.operators.io;

import static io.basalt.runtime.operators.io.IoTestSupport.read;
import static io.basalt.runtime.operators.io.IoTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.types.Row;

/** Every line of a file is read exactly once, whatever the parallelism and split size. */
class FileSplitReadingTest {
    private static final Schema SCHEMA = Schema.of(Field.notNull("id", DataType.INT64), Field.nullable("text", DataType.UTF8));

    @TempDir
    Path dir;

    /** Lines "id,text" with texts of random length (including empty and quoted-with-delimiter ones). */
    private static List<Row> lines(Random rnd, int count) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int len = rnd.nextInt(5) == 0 ? rnd.nextInt(300) : rnd.nextInt(12);
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < len; k++) {
                sb.append((char) ('a' + rnd.nextInt(26)));
            }
            if (rnd.nextInt(7) == 0) {
                sb.append(",é");
            }
            rows.add(Row.of((long) i, sb.isEmpty() ? null : sb.toString()));
        }
        return rows;
    }

    private Path writeLines(String name, List<Row> rows, String terminator, boolean trailing, boolean header) throws Exception {
        StringBuilder sb = new StringBuilder(header ? "id,text" + terminator : "");
        for (int i = 0; i < rows.size(); i++) {
            String text = (String) rows.get(i).get(1);
            sb.append(rows.get(i).get(0)).append(',').append(text == null ? "" : text.contains(",") ? "\"" + text + "\"" : text);
            if (i < rows.size() - 1 || trailing) {
                sb.append(terminator);
            }
        }
        Path file = dir.resolve(name);
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void everyLineIsReadOnceAtEveryParallelismAndSplitSize() throws Exception {
        Random rnd = new Random(42);
        for (String terminator : List.of("\n", "\r\n")) {
            for (boolean trailing : new boolean[] {true, false}) {
                for (boolean header : new boolean[] {false, true}) {
                    // a larger file at parallelism 1..5, and a small one split at (nearly) every byte
                    checkEveryLineOnce(rnd, 700, terminator, trailing, header, new long[] {7, 300, 1 << 20}, new int[] {1, 2, 3, 4, 5});
                    checkEveryLineOnce(rnd, 40, terminator, trailing, header, new long[] {1, 2, 5}, new int[] {1, 4});
                }
            }
        }
    }

    private void checkEveryLineOnce(Random rnd, int lines, String terminator, boolean trailing, boolean header, long[] maxSplits,
                                    int[] parallelisms) throws Exception {
        List<Row> rows = lines(rnd, lines);
        Path file = writeLines("f.csv", rows, terminator, trailing, header);
        CsvFormat format = CsvFormat.defaults().withHeader(header);
        for (long maxSplit : maxSplits) {
            FileInput input = FileInput.of(file).withSplitBytes(1, maxSplit);
            for (int p : parallelisms) {
                int buffer = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(64) : 1 << 16;
                List<Row> got = readAll(() -> {
                    CsvSource s = new CsvSource(input, SCHEMA, format);
                    s.setBufferBytes(buffer);
                    return s;
                }, p, 64);
                assertThat(IoTestSupport.sortedBy(got, 0)).as("%s trailing=%s header=%s split=%d p=%d buffer=%d",
                        terminator.length(), trailing, header, maxSplit, p, buffer).isEqualTo(rows);
            }
        }
    }

    @Test
    void splitsCoverTheFileInOrderAndAreDealtRoundRobin() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.write(a, new byte[1000]);
        Files.write(b, new byte[10]);
        Files.write(dir.resolve("empty"), new byte[0]);
        FileInput input = FileInput.of(dir).withSplitBytes(1, 1 << 20);
        List<FileSplit> splits = input.splits(4);
        assertThat(splits).extracting(FileSplit::file, FileSplit::start, FileSplit::end).containsExactly(
                org.assertj.core.groups.Tuple.tuple(a, 0L, 250L), org.assertj.core.groups.Tuple.tuple(a, 250L, 500L),
                org.assertj.core.groups.Tuple.tuple(a, 500L, 750L), org.assertj.core.groups.Tuple.tuple(a, 750L, 1000L),
                org.assertj.core.groups.Tuple.tuple(b, 0L, 10L));
        assertThat(input.splitsFor(0, 4)).containsExactly(splits.get(0), splits.get(4));
        assertThat(input.splitsFor(3, 4)).containsExactly(splits.get(3));
        assertThat(input.withSplitFiles(false).splits(4)).extracting(FileSplit::wholeFile).containsExactly(true, true);
        // the default minimum split size keeps small files whole
        assertThat(FileInput.of(dir).splits(4)).hasSize(2);
    }

    @Test
    void directoryInputReadsRegularVisibleFilesInNameOrder() throws Exception {
        Files.writeString(dir.resolve("b.csv"), "2,b\n3,c\n");
        Files.writeString(dir.resolve("a.csv"), "1,a");
        Files.writeString(dir.resolve(".hidden"), "99,x\n");
        Files.writeString(dir.resolve("_SUCCESS"), "");
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub").resolve("c.csv"), "98,y\n");
        assertThat(readAll(() -> new CsvSource(FileInput.of(dir), SCHEMA, CsvFormat.defaults()), 1, 10))
                .containsExactly(Row.of(1L, "a"), Row.of(2L, "b"), Row.of(3L, "c"));
        List<Path> explicit = List.of(dir.resolve("b.csv"), dir.resolve("a.csv"));
        assertThat(readAll(() -> new CsvSource(FileInput.of(explicit), SCHEMA, CsvFormat.defaults()), 1, 10))
                .containsExactly(Row.of(2L, "b"), Row.of(3L, "c"), Row.of(1L, "a"));
    }

    @Test
    void quotedLineBreaksWorkInUnsplitFilesAndAreReportedAtSplitBoundaries() throws Exception {
        StringBuilder sb = new StringBuilder();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String text = "line " + i + "\nsecond \"line\"\r\nthird";
            rows.add(Row.of((long) i, text));
            sb.append(i).append(",\"").append(text.replace("\"", "\"\"")).append("\"\n");
        }
        Path file = dir.resolve("multi.csv");
        Files.writeString(file, sb);
        FileInput unsplit = FileInput.of(file).withSplitFiles(false).withSplitBytes(1, 100);
        assertThat(readAll(() -> new CsvSource(unsplit, SCHEMA, CsvFormat.defaults()), 3, 7)).isEqualTo(rows);
        FileInput split = FileInput.of(file).withSplitBytes(1, 100);
        assertThatThrownBy(() -> readAll(() -> new CsvSource(split, SCHEMA, CsvFormat.defaults()), 3, 7))
                .isInstanceOf(CsvParseException.class)
                .hasMessageContaining("multi.csv line ")
                .hasMessageContaining("crosses the boundary of a parallel split")
                .hasMessageContaining("withSplitFiles(false)");
    }

    @Test
    void quotedLineBreaksAwayFromSplitBoundariesAreFine() throws Exception {
        // one record with a quoted line break, far from the single boundary at the middle
        StringBuilder sb = new StringBuilder("0,\"a\nb\"\n");
        List<Row> rows = new ArrayList<>(List.of(Row.of(0L, "a\nb")));
        for (int i = 1; i < 100; i++) {
            sb.append(i).append(",x\n");
            rows.add(Row.of((long) i, "x"));
        }
        Path file = dir.resolve("one.csv");
        Files.writeString(file, sb);
        FileInput input = FileInput.of(file).withSplitBytes(1, 1 << 20);
        assertThat(IoTestSupport.sortedBy(readAll(() -> new CsvSource(input, SCHEMA, CsvFormat.defaults()), 2, 10), 0)).isEqualTo(rows);
    }

    @Test
    void byteOrderMarkIsSkipped() throws Exception {
        Path file = dir.resolve("bom.csv");
        Files.write(file, "\uFEFF1,x\n".getBytes(StandardCharsets.UTF_8));
        for (int buffer : new int[] {1, 2, 3, 4, 1 << 16}) {
            CsvSource source = new CsvSource(FileInput.of(file), SCHEMA, CsvFormat.defaults());
            source.setBufferBytes(buffer);
            assertThat(read(source, 0, 1, 10)).as("buffer %d", buffer).containsExactly(Row.of(1L, "x"));
        }
    }

    @Test
    void recordsLongerThanTheReadBufferAreAssembled() throws Exception {
        String longText = "y".repeat(3 << 20);
        Path file = dir.resolve("long.csv");
        Files.writeString(file, "1,\"" + longText + "\"\n2," + longText + "\n3,z");
        assertThat(read(new CsvSource(FileInput.of(file), SCHEMA, CsvFormat.defaults()), 0, 1, 10))
                .containsExactly(Row.of(1L, longText), Row.of(2L, longText), Row.of(3L, "z"));
    }

    @Test
    void textSourceReadsEveryLineOnceWithoutTerminators() throws Exception {
        Random rnd = new Random(3);
        for (String terminator : List.of("\n", "\r\n")) {
            for (boolean trailing : new boolean[] {true, false}) {
                List<String> lines = new ArrayList<>();
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 500; i++) {
                    String line = i + ":" + "é,\"".repeat(rnd.nextInt(4)) + (rnd.nextInt(9) == 0 ? "\r" : "");
                    if (i % 50 == 7) {
                        line = "";
                    }
                    if (i == 499) {
                        line = "last\r";
                    }
                    lines.add(line);
                    sb.append(line);
                    if (i < 499 || trailing) {
                        sb.append(terminator);
                    }
                }
                Path file = dir.resolve("t.txt");
                Files.writeString(file, sb);
                for (int p = 1; p <= 5; p++) {
                    FileInput input = FileInput.of(file).withSplitBytes(1, 97);
                    int buffer = p * 3;
                    List<Object> got = new ArrayList<>(readAll(() -> {
                        TextSource s = new TextSource(input);
                        s.setBufferBytes(buffer);
                        return s;
                    }, p, 33).stream().map(r -> r.get(0)).toList());
                    // a '\r' before the line end belongs to the terminator: with \n lines, and on a last line without one
                    List<Object> expected = new ArrayList<>();
                    for (int i = 0; i < lines.size(); i++) {
                        String l = lines.get(i);
                        boolean last = i == lines.size() - 1 && !trailing;
                        boolean strip = l.endsWith("\r") && (terminator.equals("\n") || last);
                        expected.add(strip ? l.substring(0, l.length() - 1) : l);
                    }
                    got.sort(null);
                    expected.sort(null);
                    assertThat(got).as("terminator %d trailing %s p %d", terminator.length(), trailing, p).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void textSourceEmptyFileGivesNoRowsAndInvalidUtf8NamesTheLine() throws Exception {
        Path empty = dir.resolve("empty.txt");
        Files.write(empty, new byte[0]);
        assertThat(read(new TextSource(FileInput.of(empty)), 0, 1, 10)).isEmpty();
        Path bad = dir.resolve("bad.txt");
        Files.write(bad, new byte[] {'a', '\n', 'b', '\n', (byte) 0xC3, '(', '\n'});
        assertThatThrownBy(() -> read(new TextSource(FileInput.of(bad)), 0, 1, 10))
                .isInstanceOf(CsvParseException.class).hasMessageContaining("bad.txt line 3: invalid UTF-8");
    }
}
