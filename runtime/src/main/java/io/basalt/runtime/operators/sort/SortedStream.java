package io.basalt.runtime.operators.sort;

import java.io.IOException;

import io.basalt.data.Batch;

/**
 * A sequence of batches whose rows are in sort order across batch boundaries (a sorted run, or
 * the merge of several), pulled one batch at a time by one thread. Closing releases whatever the
 * stream still holds (batches, readers, spill files).
 */
interface SortedStream extends AutoCloseable {
    /** The next non-empty batch, owned by the caller, or null at the end. */
    Batch next() throws IOException;

    @Override
    void close() throws IOException;
}
