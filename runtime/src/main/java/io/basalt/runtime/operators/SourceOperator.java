package io.basalt.runtime.operators;

import io.basalt.data.Batch;

/**
 * An operator without inputs that produces batches when its task asks: each {@link #emitNext()}
 * call emits at most a bounded amount (typically one batch), so the task can react to
 * cancellation between calls. A source instance reads only its own split of the data, chosen from
 * {@link OperatorContext#subtaskIndex()} and {@link OperatorContext#parallelism()}.
 */
public interface SourceOperator extends Operator {
    /** Emits the next batch (or nothing) and returns false once the split is exhausted. */
    boolean emitNext() throws Exception;

    @Override
    default void process(Batch batch, int input) {
        throw new IllegalStateException("A source has no inputs");
    }

    @Override
    default void endInput(int input) {
        throw new IllegalStateException("A source has no inputs");
    }
}
