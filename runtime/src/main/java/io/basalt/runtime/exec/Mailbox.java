package io.basalt.runtime.exec;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.basalt.data.Batch;

/**
 * A task's single inbox: data from its input channels, end-of-channel markers and control actions,
 * consumed in arrival order by the task thread. The queue itself is unbounded; memory is bounded
 * by the credits each pipelined {@link LocalChannel} grants its producer. Thread-safe.
 */
final class Mailbox {
    /** One message. */
    sealed interface Mail permits Data, EndOfChannel, EndOfSuperstep, Action {}

    /** A batch for input {@code input}; the mailbox owns one reference until it is processed. */
    record Data(int input, LocalChannel channel, Batch batch) implements Mail {}

    /** One channel of input {@code input} has delivered everything. */
    record EndOfChannel(int input) implements Mail {}

    /** One channel of input {@code input} has delivered everything of the current superstep (iterations only). */
    record EndOfSuperstep(int input) implements Mail {}

    /** A control action to run in the task thread. */
    record Action(Runnable action) implements Mail {}

    private final LinkedBlockingQueue<Mail> queue = new LinkedBlockingQueue<>();

    void put(Mail mail) {
        queue.add(mail);
    }

    /** The next mail, waiting up to {@code timeoutMillis}; null on timeout. */
    Mail poll(long timeoutMillis) throws InterruptedException {
        return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Releases every queued batch (after the task stopped); returns how many were dropped. */
    int drain() {
        int dropped = 0;
        Mail mail;
        while ((mail = queue.poll()) != null) {
            if (mail instanceof Data data) {
                data.batch().close();
                data.channel().releaseCredit();
                dropped++;
            }
        }
        return dropped;
    }
}
