package io.basalt.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** Runs the basalt command line in-process with captured output, a fresh parser per command. */
class BasaltCliTest {
    /** Small enough to keep the test fast, large enough for several batches with a partial last one. */
    private static final String[] SMALL_RUN = {"--rows", "20000", "--batch-rows", "6000"};

    private record Result(int exitCode, String out, String err) {}

    private static Result basalt(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BasaltCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private static String[] concat(String[] first, String... second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    @Test
    void versionReportsJavaAndTheVectorApi() {
        Result r = basalt("version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Basalt", "Java", Runtime.version().toString(), "Vector API", "Native access");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void listShowsTheSelfTestWithItsDescription() {
        Result r = basalt("run", "--list");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).containsPattern("memory-selftest +Builds");
    }

    @Test
    void runWithoutANameLists() {
        Result r = basalt("run");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("memory-selftest");
    }

    @Test
    void selfTestPassesWithinTheBudget() {
        Result r = basalt(concat(new String[] {"run", "memory-selftest", "--memory", "256m"}, SMALL_RUN));

        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("memory budget 256.0 MiB", "refused as expected", "accounting after close")
                .contains("memory-selftest: OK (");
    }

    @Test
    void unknownExampleIsAUsageErrorListingTheAvailableOnes() {
        Result r = basalt("run", "no-such-example");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown example 'no-such-example'", "Available examples: memory-selftest");
    }

    @Test
    void tooSmallBudgetFailsWithOneLineNamingTheLimit() {
        Result r = basalt("run", "memory-selftest", "--memory", "1m");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("basalt run memory-selftest failed: Memory limit of pool 'basalt/")
                .contains("raise it with --memory")
                .doesNotContain("\tat ");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void verboseAddsTheStackTrace() {
        Result r = basalt("run", "memory-selftest", "--memory", "1m", "--verbose");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("MemoryLimitExceededException", "\tat ");
    }

    @Test
    void invalidMemorySizeIsAUsageError() {
        Result r = basalt("run", "memory-selftest", "--memory", "lots");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--memory", "'lots'");
    }

    @Test
    void badExampleArgumentFailsWithTheExamplesMessage() {
        Result r = basalt("run", "memory-selftest", "--rows", "many");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("basalt run memory-selftest failed: --rows must be a whole number, was 'many'" + System.lineSeparator());
    }

    @Test
    void noCommandIsAUsageError() {
        Result r = basalt();

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing command", "Usage: basalt");
    }
}
