package io.basalt.examples.wordcount;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.basalt.api.dataset.DataSet;
import io.basalt.api.dataset.ExecutionEnvironment;
import io.basalt.examples.ExampleOptions;
import io.basalt.runtime.BasaltExample;
import io.basalt.runtime.ExampleContext;

/**
 * Counts words: {@code basalt run wordcount [--input file] [--lines N] [--parallelism N]}. Without
 * an input file it generates N lines of text from a fixed vocabulary. Prints the 20 most frequent
 * words and the job's metrics.
 */
public final class WordCountExample implements BasaltExample {
    /** One word and how often it occurred. */
    public record WordCount(String word, long count) {}

    @Override
    public String name() {
        return "wordcount";
    }

    @Override
    public String description() {
        return "Counts words of a text file (--input) or of generated text (--lines N, default 100000)";
    }

    /** The WordCount program: split lines into lower-case words, count per word. */
    public static DataSet<WordCount> wordCount(DataSet<String> lines) {
        return lines
                .flatMap((String line, io.basalt.functions.Collector<WordCount> out) -> {
                    for (String w : line.toLowerCase(java.util.Locale.ROOT).split("\\W+")) {
                        if (!w.isEmpty()) {
                            out.collect(new WordCount(w, 1));
                        }
                    }
                }, WordCount.class)
                .groupBy("word")
                .sum("count");
    }

    /** Deterministic text: {@code lines} lines of 8 words drawn with a skewed distribution from a vocabulary. */
    public static List<String> generateText(int lines) {
        String[] vocabulary = ("the quick brown fox jumps over lazy dog basalt stream batch column arrow vector memory spill join "
                + "sort hash group window state time event watermark checkpoint").split(" ");
        List<String> text = new ArrayList<>(lines);
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int i = 0; i < lines; i++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < 8; w++) {
                double u = random.nextDouble();
                sb.append(w == 0 ? "" : " ").append(vocabulary[(int) (u * u * vocabulary.length)]);
            }
            text.add(sb.toString());
        }
        return text;
    }

    @Override
    public int run(ExampleContext context, String[] args) throws Exception {
        ExecutionEnvironment env = ExecutionEnvironment.getExecutionEnvironment().setMemory(context.memoryBudgetBytes() + "");
        String input = null;
        int lines = 100_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--input" -> input = ExampleOptions.value(args, ++i, "--input");
                case "--lines" -> lines = ExampleOptions.positiveInt(ExampleOptions.value(args, ++i, "--lines"), "--lines");
                case "--parallelism" -> env.setParallelism(ExampleOptions.positiveInt(ExampleOptions.value(args, ++i, "--parallelism"), "--parallelism"));
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; expected --input <file>, --lines <n> or --parallelism <n>");
            }
        }
        DataSet<String> text = input != null ? env.readTextFile(input) : env.fromCollection(generateText(lines), String.class);
        List<WordCount> counts = new ArrayList<>(wordCount(text).collect());
        counts.sort(Comparator.comparingLong(WordCount::count).reversed().thenComparing(WordCount::word));
        PrintWriter out = context.out();
        out.printf("%d distinct words; the most frequent:%n", counts.size());
        for (WordCount wc : counts.subList(0, Math.min(20, counts.size()))) {
            out.printf("  %-12s %,d%n", wc.word(), wc.count());
        }
        out.print(env.getLastJobExecutionResult().describeMetrics());
        out.flush();
        return 0;
    }
}
