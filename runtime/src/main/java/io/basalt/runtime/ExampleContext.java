package io.basalt.runtime;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * What the embedded local runtime gives an example: where to write its report and how much
 * off-heap memory it may use in total. Immutable; the writer belongs to the launching thread.
 *
 * @param out the example's report stream (the launcher's standard output)
 * @param memoryBudgetBytes the budget for the example's {@link io.basalt.memory.MemoryManager}
 */
public record ExampleContext(PrintWriter out, long memoryBudgetBytes) {
    public ExampleContext {
        Objects.requireNonNull(out, "out");
        if (memoryBudgetBytes <= 0) {
            throw new IllegalArgumentException("Memory budget must be positive, was " + memoryBudgetBytes);
        }
    }
}
