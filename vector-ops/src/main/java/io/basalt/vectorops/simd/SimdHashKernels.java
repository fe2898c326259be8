package io.basalt.vectorops.simd;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.HashKernels;
import io.basalt.vectorops.SimdSpecies;
import io.basalt.vectorops.scalar.ScalarHashKernels;

/**
 * The Vector API {@link HashKernels}: the fixed-width hash of {@link ScalarHashKernels} in 64-bit
 * lanes (lane-wise 64-bit multiply, AVX-512DQ {@code vpmullq}), 64 rows per validity word with
 * nulls blended in from a lane mask. Variable-length utf8 rows have no lane structure, so utf8
 * delegates to the scalar xxHash64 loop. Only load when {@code VectorSupport.isAvailable()}.
 * Stateless and thread-safe.
 */
public final class SimdHashKernels implements HashKernels {
    public static final SimdHashKernels INSTANCE = new SimdHashKernels();

    private static final VectorSpecies<Long> LONG = SimdSpecies.LONG;
    private static final VectorSpecies<Integer> INT_HALF = LaneMatchedSpecies.INT;
    private static final VectorSpecies<Float> FLOAT_HALF = LaneMatchedSpecies.FLOAT;
    private static final VectorSpecies<Double> DOUBLE = SimdSpecies.DOUBLE;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Rows per validity word; the main loops step by whole words. */
    private static final int BLOCK = 64;
    /** One bit per 64-bit lane. */
    private static final long LANE_BITS = (1L << LONG.length()) - 1;

    private SimdHashKernels() {}

    @Override
    public void hash(ColumnRef column, long[] out) {
        run(column, out, false);
    }

    @Override
    public void combine(ColumnRef column, long[] out) {
        run(column, out, true);
    }

    private static void run(ColumnRef c, long[] out, boolean combine) {
        ScalarHashKernels.checkOutput(c, out);
        MemorySegment v = c.validity();
        long first = c.offset();
        int n = c.count();
        switch (c.type().kind()) {
            case INT32, DATE -> hashInt(c.data(), first * 4, v, first, n, out, 0, combine);
            case INT64, DECIMAL, TIMESTAMP -> hashLong(c.data(), first * 8, v, first, n, out, 0, combine);
            case FLOAT32 -> hashFloat(c.data(), first * 4, v, first, n, out, 0, combine);
            case FLOAT64 -> hashDouble(c.data(), first * 8, v, first, n, out, 0, combine);
            case BOOLEAN -> hashBoolean(c.data(), first, v, first, n, out, 0, combine);
            // no lane structure in variable-length values: scalar xxHash64
            case UTF8 -> ScalarHashKernels.hashUtf8(c.data(), c.offsets(), first * 4, v, first, n, out, 0, combine);
        }
    }

    // The fixed-width loops spell out fmix64, the null blend and the combine step instead of
    // sharing helper methods: C2 does not reliably inline vector-valued helpers, and one that is
    // not inlined boxes every vector it takes or returns. Each main loop covers whole 64-row
    // validity words; the scalar loop takes the remaining rows.

    public static void hashLong(MemorySegment data, long dataOff, MemorySegment validity, long validityBit, int count, long[] out,
            int outOff, boolean combine) {
        int i = 0;
        for (; i + BLOCK <= count; i += BLOCK) {
            long valid = validity == null ? -1L : Bitmaps.word(validity, validityBit + i);
            for (int j = 0; j < BLOCK; j += LONG.length()) {
                LongVector key = LongVector.fromMemorySegment(LONG, data, dataOff + ((long) (i + j) << 3), LE);
                LongVector h = key.lanewise(VectorOperators.XOR, ScalarHashKernels.KEY_SEED);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 33)).mul(ScalarHashKernels.FMIX_C1);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 33)).mul(ScalarHashKernels.FMIX_C2);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 33));
                long nullLanes = ~(valid >>> j) & LANE_BITS;
                if (nullLanes != 0) {
                    h = h.blend(NULL_HASH, VectorMask.fromLong(LONG, nullLanes));
                }
                int index = outOff + i + j;
                if (combine) {
                    h = LongVector.fromArray(LONG, out, index).mul(ScalarHashKernels.COMBINE_MULTIPLIER)
                            .lanewise(VectorOperators.ROL, ScalarHashKernels.COMBINE_ROTATION).lanewise(VectorOperators.XOR, h);
                }
                h.intoArray(out, index);
            }
        }
        ScalarHashKernels.hashLong(data, dataOff + ((long) i << 3), validity, validityBit + i, count - i, out, outOff + i, combine);
    }

    public static void hashInt(MemorySegment data, long dataOff, MemorySegment validity, long validityBit, int count, long[] out,
            int outOff, boolean combine) {
        int i = 0;
        for (; i + BLOCK <= count; i += BLOCK) {
            long valid = validity == null ? -1L : Bitmaps.word(validity, validityBit + i);
            for (int j = 0; j < BLOCK; j += INT_HALF.length()) {
                LongVector key = (LongVector) IntVector.fromMemorySegment(INT_HALF, data, dataOff + ((long) (i + j) << 2), LE)
                        .convertShape(VectorOperators.I2L, LONG, 0);
                LongVector h = key.lanewise(VectorOperators.XOR, ScalarHashKernels.KEY_SEED);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 33)).mul(ScalarHashKernels.FMIX_C1);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 33)).mul(ScalarHashKernels.FMIX_C2);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 33));
                long nullLanes = ~(valid >>> j) & LANE_BITS;
                if (nullLanes != 0) {
                    h = h.blend(NULL_HASH, VectorMask.fromLong(LONG, nullLanes));
                }
                int index = outOff + i + j;
                if (combine) {
                    h = LongVector.fromArray(LONG, out, index).mul(ScalarHashKernels.COMBINE_MULTIPLIER)
                            .lanewise(VectorOperators.ROL, ScalarHashKernels.COMBINE_ROTATION).lanewise(VectorOperators.XOR, h);
                }
                h.intoArray(out, index);
            }
        }
        ScalarHashKernels.hashInt(data, dataOff + ((long) i << 2), validity, validityBit + i, count - i, out, outOff + i, combine);
    }

    public static void hashDouble(MemorySegment data, long dataOff, MemorySegment validity, long validityBit, int count, long[] out,
            int outOff, boolean combine) {
        int i = 0;
        for (; i + BLOCK <= count; i += BLOCK) {
            long valid = validity == null ? -1L : Bitmaps.word(validity, validityBit + i);
            for (int j = 0; j < BLOCK; j += DOUBLE.length()) {
                DoubleVector d = DoubleVector.fromMemorySegment(DOUBLE, data, dataOff + ((long) (i + j) << 3), LE);
                // d + 0.0 turns -0.0 into 0.0; every NaN becomes the canonical one
                LongVector key = d.add(0.0).reinterpretAsLongs().blend(ScalarHashKernels.CANONICAL_NAN, d.test(VectorOperators.IS_NAN).cast(LONG));
                LongVector h = key.lanewise(VectorOperators.XOR, ScalarHashKernels.KEY_SEED);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 33)).mul(ScalarHashKernels.FMIX_C1);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 33)).mul(ScalarHashKernels.FMIX_C2);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 33));
                long nullLanes = ~(valid >>> j) & LANE_BITS;
                if (nullLanes != 0) {
                    h = h.blend(NULL_HASH, VectorMask.fromLong(LONG, nullLanes));
                }
                int index = outOff + i + j;
                if (combine) {
                    h = LongVector.fromArray(LONG, out, index).mul(ScalarHashKernels.COMBINE_MULTIPLIER)
                            .lanewise(VectorOperators.ROL, ScalarHashKernels.COMBINE_ROTATION).lanewise(VectorOperators.XOR, h);
                }
                h.intoArray(out, index);
            }
        }
        ScalarHashKernels.hashDouble(data, dataOff + ((long) i << 3), validity, validityBit + i, count - i, out, outOff + i, combine);
    }

    public static void hashFloat(MemorySegment data, long dataOff, MemorySegment validity, long validityBit, int count, long[] out,
            int outOff, boolean combine) {
        int i = 0;
        for (; i + BLOCK <= count; i += BLOCK) {
            long valid = validity == null ? -1L : Bitmaps.word(validity, validityBit + i);
            for (int j = 0; j < BLOCK; j += FLOAT_HALF.length()) {
                DoubleVector d = (DoubleVector) FloatVector.fromMemorySegment(FLOAT_HALF, data, dataOff + ((long) (i + j) << 2), LE)
                        .convertShape(VectorOperators.F2D, DOUBLE, 0);
                LongVector key = d.add(0.0).reinterpretAsLongs().blend(ScalarHashKernels.CANONICAL_NAN, d.test(VectorOperators.IS_NAN).cast(LONG));
                LongVector h = key.lanewise(VectorOperators.XOR, ScalarHashKernels.KEY_SEED);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 33)).mul(ScalarHashKernels.FMIX_C1);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 33)).mul(ScalarHashKernels.FMIX_C2);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 33));
                long nullLanes = ~(valid >>> j) & LANE_BITS;
                if (nullLanes != 0) {
                    h = h.blend(NULL_HASH, VectorMask.fromLong(LONG, nullLanes));
                }
                int index = outOff + i + j;
                if (combine) {
                    h = LongVector.fromArray(LONG, out, index).mul(ScalarHashKernels.COMBINE_MULTIPLIER)
                            .lanewise(VectorOperators.ROL, ScalarHashKernels.COMBINE_ROTATION).lanewise(VectorOperators.XOR, h);
                }
                h.intoArray(out, index);
            }
        }
        ScalarHashKernels.hashFloat(data, dataOff + ((long) i << 2), validity, validityBit + i, count - i, out, outOff + i, combine);
    }

    /** A boolean's hash is one of two constants: select per lane from the data bits. */
    public static void hashBoolean(MemorySegment data, long dataBit, MemorySegment validity, long validityBit, int count, long[] out,
            int outOff, boolean combine) {
        LongVector hashFalse = LongVector.broadcast(LONG, ScalarHashKernels.HASH_FALSE);
        int i = 0;
        for (; i + BLOCK <= count; i += BLOCK) {
            long valid = validity == null ? -1L : Bitmaps.word(validity, validityBit + i);
            long values = Bitmaps.word(data, dataBit + i);
            for (int j = 0; j < BLOCK; j += LONG.length()) {
                LongVector h = hashFalse.blend(ScalarHashKernels.HASH_TRUE, VectorMask.fromLong(LONG, values >>> j));
                long nullLanes = ~(valid >>> j) & LANE_BITS;
                if (nullLanes != 0) {
                    h = h.blend(NULL_HASH, VectorMask.fromLong(LONG, nullLanes));
                }
                int index = outOff + i + j;
                if (combine) {
                    h = LongVector.fromArray(LONG, out, index).mul(ScalarHashKernels.COMBINE_MULTIPLIER)
                            .lanewise(VectorOperators.ROL, ScalarHashKernels.COMBINE_ROTATION).lanewise(VectorOperators.XOR, h);
                }
                h.intoArray(out, index);
            }
        }
        ScalarHashKernels.hashBoolean(data, dataBit + i, validity, validityBit + i, count - i, out, outOff + i, combine);
    }
}
