package io.basalt.runtime.operators.sort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

import io.basalt.runtime.types.RowCodec;

/**
 * The elements of one group, handed to a user function as an {@link Iterable} that reads them
 * lazily from a {@link GroupCursor}, so a group may be larger than memory. It can be iterated
 * once, and only during the call it was passed to. Used by one thread.
 */
final class GroupValues<T> implements Iterable<T>, Iterator<T> {
    private final GroupCursor cursor;
    private final RowCodec<T> codec;
    private final String side;
    private boolean iterated;
    private boolean ended;
    private boolean valid = true;

    /** Values of the group at the cursor's position; {@code side} names them in error messages. */
    GroupValues(GroupCursor cursor, RowCodec<T> codec, String side) {
        this.cursor = cursor;
        this.codec = codec;
        this.side = side;
    }

    @Override
    public Iterator<T> iterator() {
        checkValid();
        if (iterated) {
            throw new IllegalStateException("The " + side + " of a group can be iterated only once (they are streamed from the sorted"
                    + " input, possibly from disk); copy them into a collection to read them again");
        }
        iterated = true;
        return this;
    }

    @Override
    public boolean hasNext() {
        checkValid();
        return !ended;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("No more " + side + " in this group");
        }
        T value = codec.read(cursor.batch(), cursor.row());
        try {
            ended = !cursor.nextRow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return value;
    }

    /** The call is over: moves the cursor past the rest of the group and invalidates this view. */
    void finish() throws IOException {
        valid = false;
        if (!ended) {
            ended = true;
            cursor.skipGroup();
        }
    }

    private void checkValid() {
        if (!valid) {
            throw new IllegalStateException("The " + side + " of a group were used after the function they were passed to returned");
        }
    }
}
