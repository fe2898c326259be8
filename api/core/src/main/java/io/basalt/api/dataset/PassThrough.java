package io.basalt.api.dataset;

import io.basalt.data.Batch;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;

/** Forwards every batch unchanged; the operator of a union, whose inputs all feed its one input. */
final class PassThrough implements Operator {
    private OperatorContext context;

    @Override
    public void open(OperatorContext context) {
        this.context = context;
    }

    @Override
    public void process(Batch batch, int input) throws Exception {
        context.output().emit(batch);
    }

    @Override
    public void endInput(int input) {}

    @Override
    public void close() {}
}
