package io.basalt.runtime;

/**
 * A runnable example, found by {@code basalt run <name>} through {@link java.util.ServiceLoader}:
 * list the implementation in {@code META-INF/services/io.basalt.runtime.BasaltExample}. An instance
 * is created per launch and run once, on the launcher's main thread.
 */
public interface BasaltExample {
    /** The name users type after {@code basalt run}: lower case words joined by '-'. */
    String name();

    /** One line for {@code basalt run --list}. */
    String description();

    /**
     * Runs the example, writing its report to {@link ExampleContext#out()}.
     *
     * @param args the command-line arguments after the example's name, minus the launcher's options
     * @return the process exit code: 0 for success
     * @throws Exception with a message that says what failed; the launcher prints it as one line
     */
    int run(ExampleContext context, String[] args) throws Exception;
}
