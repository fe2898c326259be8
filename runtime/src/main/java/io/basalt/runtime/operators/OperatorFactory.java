package io.basalt.runtime.operators;

/**
 * Creates the operator instances of one logical operator, one per parallel subtask. Factories are
 * immutable descriptions built by the planner; {@link #name()} appears in plans, metrics and error
 * messages.
 */
public interface OperatorFactory {
    /** A short, human-readable name such as {@code "HashAggregate(keys=[word], sum(count))"}. */
    String name();

    /** The number of inputs: 0 for sources, 1 or 2 otherwise. */
    int inputCount();

    /** A fresh operator for one subtask. */
    Operator create();

    /**
     * This operator's relative claim on the job's managed memory: 0 for operators that only stream
     * batches through (their pool has no limit of its own), 1 for operators that buffer (sort,
     * aggregation, join), which get a share of the budget as their pool limit and spill beyond it.
     */
    default int memoryWeight() {
        return 0;
    }

    /** A factory from a name, an input count and a supplier. */
    static OperatorFactory of(String name, int inputCount, java.util.function.Supplier<? extends Operator> supplier) {
        return of(name, inputCount, 0, supplier);
    }

    /** A factory of operators that buffer (sort, aggregation, join): memory weight 1. */
    static OperatorFactory buffering(String name, int inputCount, java.util.function.Supplier<? extends Operator> supplier) {
        return of(name, inputCount, 1, supplier);
    }

    /** A factory from a name, an input count, a memory weight and a supplier. */
    static OperatorFactory of(String name, int inputCount, int memoryWeight, java.util.function.Supplier<? extends Operator> supplier) {
        return new OperatorFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int inputCount() {
                return inputCount;
            }

            @Override
            public Operator create() {
                return supplier.get();
            }

            @Override
            public int memoryWeight() {
                return memoryWeight;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
