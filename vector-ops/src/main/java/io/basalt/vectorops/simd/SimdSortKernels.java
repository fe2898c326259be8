package io.basalt.vectorops.simd;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.KeyLayout;
import io.basalt.vectorops.NormalizedKeys;
import io.basalt.vectorops.SimdSpecies;
import io.basalt.vectorops.SortKernels;
import io.basalt.vectorops.SortOrder;
import io.basalt.vectorops.SortScratch;
import io.basalt.vectorops.scalar.ScalarSortKernels;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API sort backend. Vectorized: key encoding (order-preserving bit transforms, NaN
 * canonicalisation, direction flips, null flags, packing row indices, compressing away null rows,
 * byte placement of normalized keys). Deliberately scalar, shared with {@link ScalarSortKernels}:
 * the radix histogram and scatter passes (serial dependence on bucket counters), the sort of
 * normalized keys (radix passes, random gathers of later words: a Vector API heap gather measured
 * no faster than scalar loads, both bound by cache misses), utf8 prefixes (variable length) and
 * tie-breaks.
 * Results are bit-identical to the scalar backend. Load only when
 * {@code VectorSupport.isAvailable()}; stateless and thread-safe.
 */
public final class SimdSortKernels implements SortKernels {
    public static final SimdSortKernels INSTANCE = new SimdSortKernels();

    private static final VectorSpecies<Long> L = SimdSpecies.LONG;
    private static final VectorSpecies<Integer> I = SimdSpecies.INT;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private SimdSortKernels() {}

    // ---------------------------------------------------------------- single column

    @Override
    public void sortColumn(ColumnRef column, SortOrder order, int[] perm, SortScratch scratch) {
        int n = column.count();
        boolean narrow = ScalarSortKernels.isNarrow(column.type());
        ScalarSortKernels.checkPerm(perm, n);
        int valid = ScalarSortKernels.validCount(column);
        int nullPos = order.nullsFirst() ? 0 : valid;
        boolean isFloat = ScalarSortKernels.isFloat(column.type());
        long[] keys = scratch.keys(n);
        int written;
        if (narrow) {
            written = encodePacked(column.data(), column.validity(), column.offset(), n, isFloat, ScalarSortKernels.narrowFlip(order),
                    keys, perm, nullPos);
        } else {
            written = encodeWide(column.data(), column.validity(), column.offset(), n, isFloat, ScalarSortKernels.wideFlip(order),
                    keys, scratch.payload(n), perm, nullPos);
        }
        ScalarSortKernels.finishColumnSort(narrow, n, written, order, perm, scratch);
    }

    /** Lane-wise {@link ScalarSortKernels#intKey}/{@link ScalarSortKernels#floatKey} in the int domain (not yet masked to 32 bits). */
    private static IntVector narrowKeys(IntVector v, boolean isFloat, int flip) {
        IntVector key;
        if (isFloat) {
            VectorMask<Integer> nan = v.and(0x7FFF_FFFF).compare(VectorOperators.GT, 0x7F80_0000);
            IntVector b = v.blend(0x7FC0_0000, nan);
            key = b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.ASHR, 31).or(0x8000_0000));
        } else {
            key = v.lanewise(VectorOperators.XOR, 0x8000_0000);
        }
        return key.lanewise(VectorOperators.XOR, flip);
    }

    /** Lane-wise {@link ScalarSortKernels#longKey}/{@link ScalarSortKernels#doubleKey}, then the direction flip. */
    private static LongVector wideKeys(LongVector v, boolean isFloat, long flip) {
        LongVector key;
        if (isFloat) {
            VectorMask<Long> nan = v.and(Long.MAX_VALUE).compare(VectorOperators.GT, 0x7FF0_0000_0000_0000L);
            LongVector b = v.blend(0x7FF8_0000_0000_0000L, nan);
            key = b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.ASHR, 63).or(Long.MIN_VALUE));
        } else {
            key = v.lanewise(VectorOperators.XOR, Long.MIN_VALUE);
        }
        return key.lanewise(VectorOperators.XOR, flip);
    }

    /** SIMD {@link ScalarSortKernels#encodePacked}: null rows are squeezed out with a lane compress. */
    static int encodePacked(MemorySegment data, MemorySegment validity, int offset, int n, boolean isFloat, long flip,
            long[] keys, int[] perm, int nullPos) {
        int step = I.length();
        int half = L.length();
        int bound = I.loopBound(n);
        long stepMask = step == 64 ? -1L : (1L << step) - 1;
        LongVector iota = LongVector.zero(L).addIndex(1);
        int k = 0;
        int np = nullPos;
        for (int r = 0; r < bound; r += step) {
            IntVector key = narrowKeys(IntVector.fromMemorySegment(I, data, (offset + (long) r) << 2, LE), isFloat, (int) flip);
            LongVector lo = ((LongVector) key.convertShape(VectorOperators.I2L, L, 0)).lanewise(VectorOperators.LSHL, 32).or(iota.add(r));
            LongVector hi = ((LongVector) key.convertShape(VectorOperators.I2L, L, 1)).lanewise(VectorOperators.LSHL, 32).or(iota.add(r + half));
            if (validity == null) {
                lo.intoArray(keys, k);
                hi.intoArray(keys, k + half);
                k += step;
            } else {
                long bits = Bitmaps.word(validity, offset + (long) r);
                VectorMask<Long> mlo = VectorMask.fromLong(L, bits);
                VectorMask<Long> mhi = VectorMask.fromLong(L, bits >>> half);
                lo.compress(mlo).intoArray(keys, k);
                k += mlo.trueCount();
                hi.compress(mhi).intoArray(keys, k);
                k += mhi.trueCount();
                np = appendNullRows(~bits & stepMask, r, perm, np);
            }
        }
        return ScalarSortKernels.encodePacked(data, validity, offset, bound, n, isFloat, flip, keys, k, perm, np);
    }

    /** SIMD {@link ScalarSortKernels#encodeWide}. */
    static int encodeWide(MemorySegment data, MemorySegment validity, int offset, int n, boolean isFloat, long flip,
            long[] keys, int[] rows, int[] perm, int nullPos) {
        int step = L.length();
        int bound = L.loopBound(n);
        long stepMask = (1L << step) - 1;
        int k = 0;
        int np = nullPos;
        for (int r = 0; r < bound; r += step) {
            LongVector key = wideKeys(LongVector.fromMemorySegment(L, data, (offset + (long) r) << 3, LE), isFloat, flip);
            if (validity == null) {
                key.intoArray(keys, k);
                for (int j = 0; j < step; j++) {
                    rows[k + j] = r + j;
                }
                k += step;
            } else {
                long bits = Bitmaps.word(validity, offset + (long) r) & stepMask;
                VectorMask<Long> m = VectorMask.fromLong(L, bits);
                key.compress(m).intoArray(keys, k);
                for (long b = bits; b != 0; b &= b - 1) {
                    rows[k++] = r + Long.numberOfTrailingZeros(b);
                }
                np = appendNullRows(~bits & stepMask, r, perm, np);
            }
        }
        return ScalarSortKernels.encodeWide(data, validity, offset, bound, n, isFloat, flip, keys, rows, k, perm, np);
    }

    private static int appendNullRows(long nullBits, int r, int[] perm, int np) {
        for (long b = nullBits; b != 0; b &= b - 1) {
            perm[np++] = r + Long.numberOfTrailingZeros(b);
        }
        return np;
    }

    // ---------------------------------------------------------------- normalized keys

    @Override
    public void encodeKeys(ColumnRef[] columns, NormalizedKeys keys) {
        KeyLayout layout = keys.layout();
        int n = layout.checkColumns(columns);
        keys.reset(n);
        for (int c = 0; c < columns.length; c++) {
            encodeColumn(layout, c, columns[c], keys, n);
        }
    }

    private static void encodeColumn(KeyLayout layout, int c, ColumnRef col, NormalizedKeys keys, int n) {
        SortOrder order = layout.order(c);
        long nbValid = order.nullsFirst() ? 1 : 0;
        long nbNull = 1 - nbValid;
        int o = layout.nullByteOffset(c);
        long[] words = keys.words();
        int cap = keys.capacity();
        long[] mute = ScalarSortKernels.muteBits(layout, c, keys);
        MemorySegment data = col.data();
        MemorySegment validity = col.validity();
        int off = col.offset();
        int bound = switch (col.type().kind()) {
            case BOOLEAN -> encodeBooleanField(data, validity, off, n, order.descending() ? 1 : 0, nbValid, nbNull, o, words, cap, mute);
            case INT32, DATE -> encodeIntField(data, validity, off, n, false, ScalarSortKernels.narrowFlip(order), nbValid, nbNull, o, words, cap, mute);
            case FLOAT32 -> encodeIntField(data, validity, off, n, true, ScalarSortKernels.narrowFlip(order), nbValid, nbNull, o, words, cap, mute);
            case INT64, DECIMAL, TIMESTAMP -> encodeLongField(data, validity, off, n, false, ScalarSortKernels.wideFlip(order), nbValid, nbNull, o, words, cap, mute);
            case FLOAT64 -> encodeLongField(data, validity, off, n, true, ScalarSortKernels.wideFlip(order), nbValid, nbNull, o, words, cap, mute);
            case UTF8 -> 0; // variable-length values: the scalar loop below does all rows
        };
        ScalarSortKernels.encodeColumn(layout, c, col, keys, bound, n);
    }

    /** Lane-wise {@link ScalarSortKernels#put} for rows {@code [r, r + L)}. */
    private static void put(long[] words, int cap, int r, int byteOffset, int len, LongVector v) {
        int index = (byteOffset >>> 3) * cap + r;
        int end = (byteOffset & 7) + len;
        if (end <= 8) {
            LongVector.fromArray(L, words, index).or(v.lanewise(VectorOperators.LSHL, (8 - end) << 3)).intoArray(words, index);
        } else {
            int over = end - 8;
            LongVector.fromArray(L, words, index).or(v.lanewise(VectorOperators.LSHR, over << 3)).intoArray(words, index);
            LongVector.fromArray(L, words, index + cap).or(v.lanewise(VectorOperators.LSHL, (8 - over) << 3)).intoArray(words, index + cap);
        }
    }

    /** The L validity bits of rows {@code [r, r + L)} as a lane mask (all set without a bitmap). */
    private static VectorMask<Long> validMask(MemorySegment validity, int offset, int r) {
        return validity == null ? L.maskAll(true) : VectorMask.fromLong(L, Bitmaps.word(validity, offset + (long) r));
    }

    /** Zeroes the lanes of rows muted by an earlier truncated string; r is a multiple of L, so the bits share one word. */
    private static LongVector applyMute(LongVector field, long[] mute, int r) {
        return mute == null ? field : field.blend(0L, VectorMask.fromLong(L, mute[r >>> 6] >>> (r & 63)));
    }

    private static int encodeBooleanField(MemorySegment data, MemorySegment validity, int offset, int n, long flip,
            long nbValid, long nbNull, int o, long[] words, int cap, long[] mute) {
        int step = L.length();
        int bound = L.loopBound(n);
        LongVector validField = LongVector.broadcast(L, nbValid << 8);
        for (int r = 0; r < bound; r += step) {
            VectorMask<Long> bit = VectorMask.fromLong(L, Bitmaps.word(data, offset + (long) r));
            LongVector field = validField.or(LongVector.zero(L).blend(1L, bit).lanewise(VectorOperators.XOR, flip))
                    .blend(nbNull << 8, validMask(validity, offset, r).not());
            put(words, cap, r, o, 2, applyMute(field, mute, r));
        }
        return bound;
    }

    private static int encodeIntField(MemorySegment data, MemorySegment validity, int offset, int n, boolean isFloat, long flip,
            long nbValid, long nbNull, int o, long[] words, int cap, long[] mute) {
        int step = I.length();
        int half = L.length();
        int bound = I.loopBound(n);
        long validHigh = nbValid << 32;
        long nullField = nbNull << 32;
        for (int r = 0; r < bound; r += step) {
            IntVector key = narrowKeys(IntVector.fromMemorySegment(I, data, (offset + (long) r) << 2, LE), isFloat, (int) flip);
            for (int part = 0; part < 2; part++) {
                int row = r + part * half;
                LongVector field = ((LongVector) key.convertShape(VectorOperators.I2L, L, part)).and(0xFFFF_FFFFL).or(validHigh)
                        .blend(nullField, validMask(validity, offset, row).not());
                put(words, cap, row, o, 5, applyMute(field, mute, row));
            }
        }
        return bound;
    }

    private static int encodeLongField(MemorySegment data, MemorySegment validity, int offset, int n, boolean isFloat, long flip,
            long nbValid, long nbNull, int o, long[] words, int cap, long[] mute) {
        int step = L.length();
        int bound = L.loopBound(n);
        LongVector nbValidVector = LongVector.broadcast(L, nbValid);
        for (int r = 0; r < bound; r += step) {
            VectorMask<Long> nulls = validMask(validity, offset, r).not();
            LongVector key = wideKeys(LongVector.fromMemorySegment(L, data, (offset + (long) r) << 3, LE), isFloat, flip).blend(0L, nulls);
            put(words, cap, r, o, 1, applyMute(nbValidVector.blend(nbNull, nulls), mute, r));
            put(words, cap, r, o + 1, 8, applyMute(key, mute, r));
        }
        return bound;
    }

    /** Scalar on purpose: see {@link ScalarSortKernels#sortNormalized}. */
    @Override
    public void sortKeys(NormalizedKeys keys, ColumnRef[] columns, int[] perm, SortScratch scratch) {
        ScalarSortKernels.sortNormalized(keys, columns, perm, scratch);
    }
}
