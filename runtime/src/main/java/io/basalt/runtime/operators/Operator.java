package io.basalt.runtime.operators;

import io.basalt.data.Batch;

/**
 * A push-based operator over columnar batches, driven by its task's mailbox loop in one thread.
 * The lifecycle is {@code open}, any number of {@code process} calls interleaved across inputs,
 * {@code endInput} once per input, then {@code close} (always called, also after a failure or a
 * cancellation, and also when {@code open} failed).
 *
 * <p><b>Ownership.</b> Batches passed to {@link #process} are borrowed: the caller closes them
 * after the call returns, so an operator that keeps one must {@link Batch#retain() retain} it.
 * Batches an operator emits through {@link OperatorContext#output()} are borrowed in the same way.
 * Everything an operator allocates comes from {@link OperatorContext#pool()} and is released by
 * {@link #close()}.
 */
public interface Operator extends AutoCloseable {
    /** Prepares the operator; its context stays valid until {@link #close()}. */
    void open(OperatorContext context) throws Exception;

    /** Processes one non-empty batch of input {@code input} (0 for single-input operators). */
    void process(Batch batch, int input) throws Exception;

    /** No more batches will arrive on {@code input}; operators that buffer emit their results here. */
    void endInput(int input) throws Exception;

    /** Releases every resource; must tolerate being called after a failed or partial {@code open}. */
    @Override
    void close() throws Exception;
}
