package io.basalt.runtime.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.basalt.memory.ByteSize;
import io.basalt.memory.MemoryLimitExceededException;
import io.basalt.runtime.BasaltExample;
import io.basalt.runtime.ExampleContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code basalt run <name> [args...]}: runs an example found by {@link ExampleCatalog} on the embedded
 * local runtime, turning its failure into one line and an exit code. Runs the example on the calling
 * thread.
 */
@Command(name = "run", sortOptions = false,
        description = {"Runs a named example on the embedded local runtime; without a name, lists the examples.",
                "Options the run command does not know are passed to the example; so is everything after --."})
final class RunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--list", description = "List the available examples and exit.")
    private boolean list;

    @Option(names = "--memory", paramLabel = "<size>", converter = MemoryBudget.class,
            defaultValue = "${sys:basalt.memory.budget:-512m}",
            description = "Off-heap memory budget, such as 256m or 2g. Default: ${DEFAULT-VALUE}, "
                    + "or the system property basalt.memory.budget when set.")
    private long memoryBudget;

    @Option(names = "--verbose", description = "Print the full stack trace when the example fails.")
    private boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<name>", description = "The example to run.")
    private String name;

    @Parameters(index = "1..*", paramLabel = "<args>", description = "Arguments for the example.")
    private List<String> exampleArgs = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExampleCatalog catalog = ExampleCatalog.load(Thread.currentThread().getContextClassLoader());
        for (String problem : catalog.problems()) {
            err.println("basalt: warning: " + problem);
        }
        if (list || name == null) {
            printList(out, catalog);
            return 0;
        }
        if (name.startsWith("-")) {
            throw new ParameterException(spec.commandLine(), "Unknown option: '" + name
                    + "' (options for an example go after its name)");
        }
        BasaltExample example = catalog.find(name);
        if (example == null) {
            err.println("basalt run: unknown example '" + name + "'. Available examples: "
                    + (catalog.names().isEmpty() ? "none" : String.join(", ", catalog.names()))
                    + " (basalt run --list describes them)");
            err.flush();
            return spec.exitCodeOnInvalidInput();
        }
        try {
            int code = example.run(new ExampleContext(out, memoryBudget), exampleArgs.toArray(String[]::new));
            out.flush();
            return code;
        } catch (Exception | LinkageError e) {
            out.flush();
            err.println("basalt run " + name + " failed: " + describe(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return spec.exitCodeOnExecutionException();
        }
    }

    private static void printList(PrintWriter out, ExampleCatalog catalog) {
        if (catalog.names().isEmpty()) {
            out.println("No examples found: none is registered in META-INF/services/" + BasaltExample.class.getName()
                    + " on the class path.");
            out.flush();
            return;
        }
        int width = catalog.names().stream().mapToInt(String::length).max().orElse(0);
        out.println("Examples (run one with: basalt run <name> [--memory <size>] [args...]):");
        for (BasaltExample example : catalog.all()) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %s%n", example.name(), example.description());
        }
        out.flush();
    }

    /**
     * One line: the first line of the message, prefixed by the exception's type where the message
     * alone would not say what went wrong (for example an IOException whose message is a path).
     */
    private String describe(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? null : e.getMessage().lines().findFirst().orElse("");
        boolean selfExplaining = message != null && (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e.getClass().getName().startsWith("io.basalt."));
        String line = message == null ? e.getClass().getName() : selfExplaining ? message : e.getClass().getSimpleName() + ": " + message;
        if (e instanceof MemoryLimitExceededException) {
            line += " This run's budget is " + ByteSize.format(memoryBudget) + "; raise it with --memory.";
        }
        return line;
    }

    /** Parses {@code --memory} with {@link ByteSize}, so the CLI accepts the same sizes as the engine. */
    static final class MemoryBudget implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long bytes;
            try {
                bytes = ByteSize.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            if (bytes <= 0) {
                throw new TypeConversionException("Memory budget must be positive, was '" + value + "'");
            }
            return bytes;
        }
    }
}
