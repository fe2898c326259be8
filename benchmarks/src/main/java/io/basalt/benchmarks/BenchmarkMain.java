package io.basalt.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Arrays;
import java.util.jar.Manifest;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Entry point of {@code benchmarks/target/benchmarks.jar}: JMH's command line, with the JVM flags
 * Basalt needs (recorded in the jar manifest by the build) appended to every forked JVM, so users
 * never type them. Example: {@code java -jar benchmarks/target/benchmarks.jar Allocation -f 1}.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {}

    public static void main(String[] args) throws RunnerException, IOException {
        CommandLineOptions cli;
        try {
            cli = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (cli.shouldHelp() || cli.shouldList() || cli.shouldListWithParams() || cli.shouldListProfilers() || cli.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Options options = new OptionsBuilder().parent(cli).jvmArgsAppend(jvmFlags()).build();
        new Runner(options).run();
    }

    /** The JVM flags Basalt needs, from the {@code Basalt-Jvm-Flags} entry the build writes into the jar manifest. */
    public static String[] jvmFlags() throws IOException {
        URL manifestUrl = BenchmarkMain.class.getResource("/META-INF/MANIFEST.MF");
        if (manifestUrl != null) {
            try (InputStream in = manifestUrl.openStream()) {
                String flags = new Manifest(in).getMainAttributes().getValue("Basalt-Jvm-Flags");
                if (flags != null && !flags.isBlank()) {
                    return flags.trim().split("\\s+");
                }
            }
        }
        throw new IllegalStateException("benchmarks.jar has no Basalt-Jvm-Flags manifest entry; build it with ./mvnw package. Found: "
                + Arrays.toString(new String[] {String.valueOf(manifestUrl)}));
    }
}
