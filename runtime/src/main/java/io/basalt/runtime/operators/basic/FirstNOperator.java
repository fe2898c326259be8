package io.basalt.runtime.operators.basic;

import io.basalt.data.Batch;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;

/** Passes on the first {@code n} rows it receives and drops the rest (as views, no copy). */
public final class FirstNOperator implements Operator {
    private final long limit;
    private long emitted;
    private OperatorContext context;

    public FirstNOperator(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("first(n) needs n >= 0, got " + limit);
        }
        this.limit = limit;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
    }

    @Override
    public void process(Batch batch, int input) throws Exception {
        long left = limit - emitted;
        if (left <= 0) {
            return;
        }
        if (batch.rowCount() <= left) {
            emitted += batch.rowCount();
            context.output().emit(batch);
        } else {
            try (Batch head = batch.slice(0, (int) left)) {
                emitted += left;
                context.output().emit(head);
            }
        }
    }

    @Override
    public void endInput(int input) {}

    @Override
    public void close() {}
}
