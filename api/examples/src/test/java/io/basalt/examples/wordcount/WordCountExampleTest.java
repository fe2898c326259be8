package io.basalt.examples.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.basalt.api.dataset.ExecutionEnvironment;
import io.basalt.examples.wordcount.WordCountExample.WordCount;
import io.basalt.runtime.ExampleContext;

class WordCountExampleTest {
    @Test
    void countsEqualAHashMapCount(@TempDir Path dir) throws Exception {
        List<String> text = WordCountExample.generateText(5000);
        Path file = dir.resolve("text.txt");
        Files.write(file, text);
        Map<String, Long> expected = new HashMap<>();
        for (String line : text) {
            for (String w : line.toLowerCase(Locale.ROOT).split("\\W+")) {
                if (!w.isEmpty()) {
                    expected.merge(w, 1L, Long::sum);
                }
            }
        }
        ExecutionEnvironment env = ExecutionEnvironment.createLocalEnvironment(2).setMemory("128m");
        Map<String, Long> actual = new HashMap<>();
        for (WordCount wc : WordCountExample.wordCount(env.readTextFile(file.toString())).collect()) {
            assertThat(actual.put(wc.word(), wc.count())).as("word %s appears once", wc.word()).isNull();
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void exampleRunsAndReports() throws Exception {
        StringWriter out = new StringWriter();
        int code = new WordCountExample().run(new ExampleContext(new PrintWriter(out), 128L << 20), new String[] {"--lines", "2000", "--parallelism", "2"});
        assertThat(code).isZero();
        assertThat(out.toString()).contains("distinct words").contains("the").contains("finished in");
    }
}
