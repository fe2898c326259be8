package io.basalt.vectorops.simd;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.SimdSpecies;
import io.basalt.vectorops.scalar.ScalarSelectionLoops;

/**
 * Turns match masks into row indices, the step every SIMD filter ends with: a mask over int lanes
 * (straight from a 4-byte compare, or a group of bits of a 64-row match word) compresses a vector
 * of consecutive row numbers, stored whole at the current output position. That is branch-free,
 * so its cost does not depend on selectivity or on how predictable the data is. Also holds the
 * word-at-a-time IS [NOT] NULL and set operations: AND, OR and NOT build each block's membership
 * word from the ascending input lists and emit the combined word. Stateless.
 */
final class SimdSelections {
    private static final VectorSpecies<Integer> INT = SimdSpecies.INT;
    private static final int INT_LANES = INT.length();
    private static final IntVector IOTA = IntVector.zero(INT).addIndex(1);

    private SimdSelections() {}

    /**
     * Appends {@code base + i} for every set lane {@code i} of {@code m} to {@code out} at {@code n},
     * returning the new {@code n}. The store writes a whole vector, which fits because callers only
     * emit rows of full blocks: {@code n <= base} (at most one index per earlier row) and
     * {@code base + lanes <= count <= out.length}.
     */
    static int emit(VectorMask<Integer> m, int base, int[] out, int n) {
        IOTA.add(base).compress(m).intoArray(out, n);
        return n + m.trueCount();
    }

    /** {@link #emit(VectorMask, int, int[], int)} for the 64 rows of a match word starting at row {@code base}. */
    static int emit(long bits, int base, int[] out, int n) {
        for (int k = 0; k < 64; k += INT_LANES) {
            n = emit(VectorMask.fromLong(INT, bits >>> k), base + k, out, n);
        }
        return n;
    }

    /** Null rows (when {@code nulls}) or valid rows, from a validity bitmap. */
    static int validity(MemorySegment validity, long offset, int count, boolean nulls, int[] out) {
        int blocks = count & ~63;
        long flip = nulls ? -1L : 0L;
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            n = emit(Bitmaps.word(validity, offset + base) ^ flip, base, out, n);
        }
        return ScalarSelectionLoops.validity(validity, offset, blocks, count, nulls, out, n);
    }

    static int and(int[] a, int aSize, int[] b, int bSize, int count, int[] out) {
        int blocks = count & ~63;
        int i = 0;
        int j = 0;
        int n = 0;
        for (int base = 0; base < blocks && i < aSize && j < bSize; base += 64) {
            int limit = base + 64;
            long wa = 0;
            long wb = 0;
            // Shifts use the low 6 bits of the row, i.e. its position in the block.
            for (; i < aSize && a[i] < limit; i++) {
                wa |= 1L << a[i];
            }
            for (; j < bSize && b[j] < limit; j++) {
                wb |= 1L << b[j];
            }
            n = emit(wa & wb, base, out, n);
        }
        return ScalarSelectionLoops.and(a, i, aSize, b, j, bSize, out, n);
    }

    static int or(int[] a, int aSize, int[] b, int bSize, int count, int[] out) {
        int blocks = count & ~63;
        int i = 0;
        int j = 0;
        int n = 0;
        for (int base = 0; base < blocks && (i < aSize || j < bSize); base += 64) {
            int limit = base + 64;
            long wa = 0;
            long wb = 0;
            for (; i < aSize && a[i] < limit; i++) {
                wa |= 1L << a[i];
            }
            for (; j < bSize && b[j] < limit; j++) {
                wb |= 1L << b[j];
            }
            n = emit(wa | wb, base, out, n);
        }
        return ScalarSelectionLoops.or(a, i, aSize, b, j, bSize, out, n);
    }

    static int not(int[] a, int aSize, int count, int[] out) {
        int blocks = count & ~63;
        int i = 0;
        int n = 0;
        for (int base = 0; base < blocks; base += 64) {
            int limit = base + 64;
            long wa = 0;
            for (; i < aSize && a[i] < limit; i++) {
                wa |= 1L << a[i];
            }
            n = emit(~wa, base, out, n);
        }
        return ScalarSelectionLoops.not(a, i, aSize, blocks, count, out, n);
    }
}
