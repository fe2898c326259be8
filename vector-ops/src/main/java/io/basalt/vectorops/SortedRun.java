package io.basalt.vectorops;

import java.util.Objects;

/**
 * One sorted run for {@link RunMerger}: the normalized keys of its rows, the permutation that
 * sorts them ({@code null} when the rows are already stored in sorted order, e.g. a run read back
 * from a spill file) and the columns the keys were encoded from (needed only to break ties of
 * truncated strings; may be null when the layout has no utf8 column). Immutable reference holder;
 * the arrays and the columns' memory must stay unchanged while merging.
 */
public record SortedRun(NormalizedKeys keys, int[] perm, ColumnRef[] columns) {
    public SortedRun {
        Objects.requireNonNull(keys, "keys");
        if (perm != null && perm.length < keys.count()) {
            throw new IllegalArgumentException("Run permutation has " + perm.length + " entries for " + keys.count() + " rows");
        }
        if (keys.layout().firstUtf8Column() >= 0) {
            if (columns == null) {
                throw new IllegalArgumentException("A run keyed on a utf8 column needs its columns to break ties of truncated strings");
            }
            if (keys.layout().checkColumns(columns) != keys.count()) {
                throw new IllegalArgumentException("Run columns have " + columns[0].count() + " rows but " + keys.count() + " keys");
            }
        }
    }

    public int rowCount() {
        return keys.count();
    }

    /** The row at sorted position {@code position}. */
    public int rowAt(int position) {
        return perm == null ? position : perm[position];
    }
}
