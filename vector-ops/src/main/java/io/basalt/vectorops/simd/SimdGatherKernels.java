package io.basalt.vectorops.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.GatherKernels;
import io.basalt.vectorops.SimdSpecies;
import io.basalt.vectorops.scalar.ScalarGatherKernels;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API gather backend. The Vector API cannot gather from off-heap memory, so the index-list
 * gather of fixed-width values looks at one vector of row indices at a time: when they are
 * consecutive (a range inside a selection) it copies one vector; when they fall inside a window of
 * two vectors of rows (a dense, e.g. sorted filter selection) it loads the window and permutes it
 * with a two-vector {@code selectFrom}; otherwise (random permutations) it falls back to the scalar
 * loop, which is bound by cache misses anyway. Range copies of utf8 offsets are rebased with vector
 * subtraction. Delegated to the scalar loops, which are already optimal or inherently serial:
 * contiguous fixed-width copies (memcpy), bitmaps, utf8 lengths and bytes. Results are identical to
 * the scalar backend. Load only when {@code VectorSupport.isAvailable()}; stateless and thread-safe.
 */
public final class SimdGatherKernels implements GatherKernels {
    public static final SimdGatherKernels INSTANCE = new SimdGatherKernels();

    private static final VectorSpecies<Integer> I = SimdSpecies.INT;
    private static final VectorSpecies<Long> L = SimdSpecies.LONG;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private SimdGatherKernels() {}

    @Override
    public void gather(ColumnRef column, int[] rows, int n, MemorySegment out) {
        int width = ScalarGatherKernels.fixedWidth(column.type());
        ScalarGatherKernels.checkRows(rows, n, column.count());
        ScalarGatherKernels.checkOut(out, ScalarGatherKernels.outBytes(width, n), "buffer");
        switch (width) {
            case 4 -> gather4(column.data(), column.offset(), rows, n, out);
            case 8 -> gather8(column.data(), column.offset(), rows, n, out);
            default -> ScalarGatherKernels.gatherBits(column.data(), column.offset(), rows, n, out); // bit extraction is serial
        }
    }

    /** 4-byte gather, one vector of indices (I lanes) per step: run copy, window permute or scalar. */
    static void gather4(MemorySegment src, long srcRow0, int[] rows, int n, MemorySegment out) {
        int step = I.length();
        int bound = I.loopBound(n);
        long srcRows = src.byteSize() >>> 2;
        IntVector iota = IntVector.zero(I).addIndex(1);
        for (int i = 0; i < bound; i += step) {
            int first = rows[i];
            IntVector rel = IntVector.fromArray(I, rows, i).sub(first);
            long s = (srcRow0 + first) << 2;
            if (rel.compare(VectorOperators.EQ, iota).allTrue()) {
                IntVector.fromMemorySegment(I, src, s, LE).intoMemorySegment(out, (long) i << 2, LE);
            } else if (rel.compare(VectorOperators.ULT, 2 * step).allTrue() && srcRow0 + first + 2L * step <= srcRows) {
                IntVector w0 = IntVector.fromMemorySegment(I, src, s, LE);
                IntVector w1 = IntVector.fromMemorySegment(I, src, s + ((long) step << 2), LE);
                rel.selectFrom(w0, w1).intoMemorySegment(out, (long) i << 2, LE);
            } else {
                ScalarGatherKernels.gather4(src, srcRow0, rows, i, i + step, out);
            }
        }
        ScalarGatherKernels.gather4(src, srcRow0, rows, bound, n, out);
    }

    /** 8-byte gather: indices are loaded I lanes at a time and widened into two halves of L lanes. */
    static void gather8(MemorySegment src, long srcRow0, int[] rows, int n, MemorySegment out) {
        int step = I.length();
        int half = L.length();
        int bound = I.loopBound(n);
        long srcRows = src.byteSize() >>> 3;
        LongVector iota = LongVector.zero(L).addIndex(1);
        for (int i = 0; i < bound; i += step) {
            IntVector idx = IntVector.fromArray(I, rows, i);
            for (int part = 0; part < 2; part++) {
                int at = i + part * half;
                int first = rows[at];
                LongVector rel = ((LongVector) idx.convertShape(VectorOperators.I2L, L, part)).sub(first);
                long s = (srcRow0 + first) << 3;
                if (rel.compare(VectorOperators.EQ, iota).allTrue()) {
                    LongVector.fromMemorySegment(L, src, s, LE).intoMemorySegment(out, (long) at << 3, LE);
                } else if (rel.compare(VectorOperators.ULT, 2L * half).allTrue() && srcRow0 + first + 2L * half <= srcRows) {
                    LongVector w0 = LongVector.fromMemorySegment(L, src, s, LE);
                    LongVector w1 = LongVector.fromMemorySegment(L, src, s + ((long) half << 3), LE);
                    rel.selectFrom(w0, w1).intoMemorySegment(out, (long) at << 3, LE);
                } else {
                    ScalarGatherKernels.gather8(src, srcRow0, rows, at, at + half, out);
                }
            }
        }
        ScalarGatherKernels.gather8(src, srcRow0, rows, bound, n, out);
    }

    @Override
    public void copyRange(ColumnRef column, int start, int n, MemorySegment out) {
        ScalarGatherKernels.INSTANCE.copyRange(column, start, n, out); // memcpy / word realignment: nothing to add
    }

    @Override
    public int gatherValidity(ColumnRef column, int[] rows, int n, MemorySegment out) {
        return ScalarGatherKernels.INSTANCE.gatherValidity(column, rows, n, out); // per-row bit extraction is serial
    }

    @Override
    public int copyValidityRange(ColumnRef column, int start, int n, MemorySegment out) {
        return ScalarGatherKernels.INSTANCE.copyValidityRange(column, start, n, out); // 64 bits per step already
    }

    @Override
    public long gatherUtf8Offsets(ColumnRef column, int[] rows, int n, MemorySegment outOffsets) {
        return ScalarGatherKernels.INSTANCE.gatherUtf8Offsets(column, rows, n, outOffsets); // serial running sum of random reads
    }

    @Override
    public long copyUtf8OffsetsRange(ColumnRef column, int start, int n, MemorySegment outOffsets) {
        ScalarGatherKernels.checkUtf8(column.type());
        ScalarGatherKernels.checkRange(start, n, column.count());
        ScalarGatherKernels.checkOut(outOffsets, (n + 1L) << 2, "offsets");
        MemorySegment offsets = column.offsets();
        long first = (column.offset() + (long) start) << 2;
        int base = offsets.get(INT, first);
        int entries = n + 1;
        int bound = I.loopBound(entries);
        for (int i = 0; i < bound; i += I.length()) {
            IntVector.fromMemorySegment(I, offsets, first + ((long) i << 2), LE).sub(base).intoMemorySegment(outOffsets, (long) i << 2, LE);
        }
        ScalarGatherKernels.rebaseOffsets(offsets, first, base, bound, entries, outOffsets);
        return offsets.get(INT, first + ((long) n << 2)) - base;
    }

    @Override
    public void gatherUtf8Bytes(ColumnRef column, int[] rows, int n, MemorySegment outOffsets, MemorySegment outData) {
        ScalarGatherKernels.INSTANCE.gatherUtf8Bytes(column, rows, n, outOffsets, outData); // variable-length copies
    }

    @Override
    public void copyUtf8BytesRange(ColumnRef column, int start, int n, MemorySegment outData) {
        ScalarGatherKernels.INSTANCE.copyUtf8BytesRange(column, start, n, outData); // one memcpy
    }
}
