package io.basalt.runtime.operators.join;

import java.util.function.Supplier;

import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorFactory;

/** The factory of a join operator: buffers its input, so it claims a share of managed memory (weight 1). */
record BufferingFactory(String name, int inputCount, Supplier<? extends Operator> supplier) implements OperatorFactory {
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
