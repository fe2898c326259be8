package io.basalt.data;

import java.util.Arrays;

/**
 * The rows of a batch that survive a filter: either a contiguous range or a list of row indices.
 * Travels beside a {@link Batch} instead of copying it. Immutable, except that {@link #wrap} and
 * {@link #indexArray()} share an array whose owner promises not to modify it.
 */
public final class Selection {
    private static final Selection EMPTY = new Selection(0, 0, null);

    private final int start;
    private final int size;
    private final int[] indices; // null for a range

    private Selection(int start, int size, int[] indices) {
        this.start = start;
        this.size = size;
        this.indices = indices;
    }

    /** Rows {@code [startInclusive, endExclusive)}. */
    public static Selection range(int startInclusive, int endExclusive) {
        if (startInclusive < 0 || endExclusive < startInclusive) {
            throw new IllegalArgumentException("Invalid selection range [" + startInclusive + ", " + endExclusive + ")");
        }
        return startInclusive == endExclusive ? EMPTY : new Selection(startInclusive, endExclusive - startInclusive, null);
    }

    /** Every row of a batch with {@code rowCount} rows. */
    public static Selection all(int rowCount) {
        return range(0, rowCount);
    }

    public static Selection empty() {
        return EMPTY;
    }

    /** A copy of the given row indices, in the given order. */
    public static Selection of(int... indices) {
        return wrap(indices.clone(), indices.length);
    }

    /**
     * The first {@code size} entries of {@code indices}, without copying: the caller hands the array
     * over and must not modify it afterwards. Used by filter kernels.
     */
    public static Selection wrap(int[] indices, int size) {
        if (size < 0 || size > indices.length) {
            throw new IllegalArgumentException("Selection size " + size + " outside [0, " + indices.length + "]");
        }
        for (int i = 0; i < size; i++) {
            if (indices[i] < 0) {
                throw new IllegalArgumentException("Negative row index " + indices[i] + " at selection position " + i);
            }
        }
        return size == 0 ? EMPTY : new Selection(0, size, indices);
    }

    public boolean isRange() {
        return indices == null;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The i-th selected row index. */
    public int get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("Selection position " + i + " outside [0, " + size + ")");
        }
        return indices == null ? start + i : indices[i];
    }

    /** First row of a range selection. */
    public int start() {
        if (indices != null) {
            throw new IllegalStateException("Not a range selection");
        }
        return start;
    }

    /** The backing index array of a list selection (only the first {@link #size()} entries count); do not modify. */
    public int[] indexArray() {
        if (indices == null) {
            throw new IllegalStateException("A range selection has no index array");
        }
        return indices;
    }

    /** A fresh array with the selected row indices. */
    public int[] toArray() {
        if (indices != null) {
            return Arrays.copyOf(indices, size);
        }
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = start + i;
        }
        return out;
    }

    /** @throws IndexOutOfBoundsException naming the first index that is not a row of a batch of {@code rowCount} rows */
    public void checkWithin(int rowCount) {
        if (indices == null) {
            if (start + size > rowCount) {
                throw new IndexOutOfBoundsException("Selection [" + start + ", " + (start + size) + ") exceeds the batch's " + rowCount + " rows");
            }
            return;
        }
        for (int i = 0; i < size; i++) {
            if (indices[i] >= rowCount) {
                throw new IndexOutOfBoundsException("Selected row " + indices[i] + " at position " + i + " exceeds the batch's " + rowCount + " rows");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Selection other) || other.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (get(i) != other.get(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int i = 0; i < size; i++) {
            h = 31 * h + get(i);
        }
        return h;
    }

    @Override
    public String toString() {
        if (indices == null) {
            return "Selection[" + start + ", " + (start + size) + ")";
        }
        return "Selection" + Arrays.toString(size <= 16 ? Arrays.copyOf(indices, size) : Arrays.copyOf(indices, 16)).replace("]", size > 16 ? ", ... (" + size + " rows)]" : "]");
    }
}
