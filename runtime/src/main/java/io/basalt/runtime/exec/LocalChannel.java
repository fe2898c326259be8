package io.basalt.runtime.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.basalt.data.Batch;

/**
 * An in-process channel from one producer subtask to one input of one consumer subtask. Batches are
 * handed over by reference (the channel retains them). A pipelined channel grants its producer a
 * fixed number of credits: each batch in flight takes one and the consumer returns it after
 * processing, so a slow consumer stalls the producer instead of growing a queue. A blocking
 * channel materializes everything and delivers it only once the producer finished.
 * {@link #send} and {@link #finish} are called by the producer's thread only.
 */
final class LocalChannel {
    private final Mailbox target;
    private final int input;
    private final boolean blocking;
    private final Semaphore credits;
    private final List<Batch> materialized = new ArrayList<>();

    LocalChannel(Mailbox target, int input, boolean blocking, int credits) {
        this.target = target;
        this.input = input;
        this.blocking = blocking;
        this.credits = new Semaphore(credits);
    }

    /** Hands over a reference to {@code batch}; waits for a credit while checking {@code cancelled}. */
    void send(Batch batch, BooleanSupplier cancelled) throws InterruptedException {
        if (blocking) {
            materialized.add(batch.retain());
            return;
        }
        while (!credits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
            if (cancelled.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException("cancelled while waiting for downstream capacity");
            }
        }
        target.put(new Mailbox.Data(input, this, batch.retain()));
    }

    /** The producer is done: delivers materialized data (blocking channels) and the end marker. */
    void finish() {
        for (Batch b : materialized) {
            target.put(new Mailbox.Data(input, this, b));
        }
        materialized.clear();
        target.put(new Mailbox.EndOfChannel(input));
    }

    /** Marks the end of the producer's current superstep (iterations; pipelined channels only). */
    void endSuperstep() {
        target.put(new Mailbox.EndOfSuperstep(input));
    }

    /** Drops materialized data that was never delivered (failure path). */
    void discard() {
        materialized.forEach(Batch::close);
        materialized.clear();
    }

    /** Called by the consumer after it processed (and closed) one batch of this channel. */
    void releaseCredit() {
        if (!blocking) {
            credits.release();
        }
    }
}
