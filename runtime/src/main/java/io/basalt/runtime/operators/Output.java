package io.basalt.runtime.operators;

import io.basalt.data.Batch;

/**
 * Where an operator sends its results: the next operator of its chain or the task's outgoing
 * exchanges. {@link #emit} borrows the batch (the caller still closes it) and may block while a
 * downstream queue is full; that wait is how backpressure reaches the producer.
 */
@FunctionalInterface
public interface Output {
    /** Sends a batch downstream; empty batches are allowed and dropped. */
    void emit(Batch batch) throws Exception;
}
