package io.basalt.vectorops;

import java.lang.foreign.MemorySegment;

import io.basalt.data.Selection;

/**
 * Gather/compact kernels: copy the values of selected rows of a column, in selection order, into
 * fresh output buffers starting at row 0 (the building blocks of {@link Gather#compact}). Rows are
 * either an index list / permutation ({@code rows[0, n)}, any order, duplicates allowed) or a
 * contiguous range. Fixed-width values are 4 or 8 bytes; booleans and validity are bitmaps (output
 * bit i = row i, bits past n are zero); utf8 goes in two passes: offsets (which yield the byte
 * total, so the caller can size the data buffer) then bytes. Implemented by a scalar and a SIMD
 * backend with identical results; stateless and thread-safe.
 *
 * @throws IllegalArgumentException (all methods) when a row is outside {@code [0, column.count())}, the
 *     column type does not fit the method, or an output segment is too small
 */
public interface GatherKernels {
    /** Values of rows {@code rows[0, n)} of a fixed-width (4/8-byte) or boolean column into {@code out}. */
    void gather(ColumnRef column, int[] rows, int n, MemorySegment out);

    /** Values of rows {@code [start, start + n)} of a fixed-width or boolean column into {@code out}. */
    void copyRange(ColumnRef column, int start, int n, MemorySegment out);

    /**
     * Validity bits of rows {@code rows[0, n)} into {@code out} (all set when the column has no
     * validity bitmap).
     *
     * @return the number of nulls among them
     */
    int gatherValidity(ColumnRef column, int[] rows, int n, MemorySegment out);

    /** Validity bits of rows {@code [start, start + n)}; returns the number of nulls. */
    int copyValidityRange(ColumnRef column, int start, int n, MemorySegment out);

    /**
     * Utf8 pass 1: writes the {@code n + 1} int32 offsets of the gathered strings (starting at 0)
     * into {@code outOffsets}.
     *
     * @return the total byte length, the size the data buffer needs for pass 2
     */
    long gatherUtf8Offsets(ColumnRef column, int[] rows, int n, MemorySegment outOffsets);

    /** Utf8 pass 1 for rows {@code [start, start + n)}; returns the total byte length. */
    long copyUtf8OffsetsRange(ColumnRef column, int start, int n, MemorySegment outOffsets);

    /** Utf8 pass 2: the bytes of rows {@code rows[0, n)} at the offsets written by pass 1. */
    void gatherUtf8Bytes(ColumnRef column, int[] rows, int n, MemorySegment outOffsets, MemorySegment outData);

    /** Utf8 pass 2 for rows {@code [start, start + n)}: one contiguous copy. */
    void copyUtf8BytesRange(ColumnRef column, int start, int n, MemorySegment outData);

    /** {@link #gather} or {@link #copyRange}, by the kind of selection. */
    default void gather(ColumnRef column, Selection selection, MemorySegment out) {
        if (selection.isRange()) {
            copyRange(column, selection.isEmpty() ? 0 : selection.start(), selection.size(), out);
        } else {
            gather(column, selection.indexArray(), selection.size(), out);
        }
    }

    /** {@link #gatherValidity} or {@link #copyValidityRange}, by the kind of selection. */
    default int gatherValidity(ColumnRef column, Selection selection, MemorySegment out) {
        return selection.isRange()
                ? copyValidityRange(column, selection.isEmpty() ? 0 : selection.start(), selection.size(), out)
                : gatherValidity(column, selection.indexArray(), selection.size(), out);
    }
}
