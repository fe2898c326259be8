package io.basalt.runtime.operators.agg;

import java.util.function.Supplier;

import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorFactory;

/** An {@link OperatorFactory} of a one-input operator that buffers, so it claims memory weight 1. */
record BufferingFactory(String name, Supplier<? extends Operator> supplier) implements OperatorFactory {
    @Override
    public int inputCount() {
        return 1;
    }

    @Override
    public Operator create() {
        return supplier.get();
    }

    @Override
    public int memoryWeight() {
        return 1;
    }

    @Override
    public String toString() {
        return name;
    }
}
