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

    /** {@link ScalarHashKernels#hashBits} lane-wise. */
    static LongVector hashBits(LongVector key) {
        LongVector x = key.lanewise(VectorOperators.XOR, ScalarHashKernels.KEY_SEED);
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 33)).mul(ScalarHashKernels.FMIX_C1);
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 33)).mul(ScalarHashKernels.FMIX_C2);
        return x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 33));
    }

    /** {@link ScalarHashKernels#doubleKey} lane-wise. */
    static LongVector doubleKey(DoubleVector d) {
        LongVector bits = d.add(0.0).reinterpretAsLongs();
        return bits.blend(ScalarHashKernels.CANONICAL_NAN, d.test(VectorOperators.IS_NAN).cast(LONG));
    }

    /**
     * Replaces null lanes by {@link #NULL_HASH} ({@code validBits}: bit j set = lane j valid) and
     * stores the hashes, or folds them into {@code out} when combining.
     */
    private static void store(LongVector h, long validBits, long[] out, int index, boolean combine) {
        long nullLanes = ~validBits & LANE_BITS;
        if (nullLanes != 0) {
            h = h.blend(NULL_HASH, VectorMask.fromLong(LONG, nullLanes));
        }
        if (combine) {
            LongVector prev = LongVector.fromArray(LONG, out, index);
            h = prev.mul(ScalarHashKernels.COMBINE_MULTIPLIER).lanewise(VectorOperators.ROL, ScalarHashKernels.COMBINE_ROTATION)
                    .lanewise(VectorOperators.XOR, h);
        }
        h.intoArray(out, index);
    }

    private static long validWord(MemorySegment validity, long bit) {
        return validity == null ? -1L : Bitmaps.word(validity, bit);
    }

    public static void hashLong(MemorySegment data, long dataOff, MemorySegment validity, long validityBit, int count, long[] out,
            int outOff, boolean combine) {
        int i = 0;
        for (; i + BLOCK <= count; i += BLOCK) {
            long valid = validWord(validity, validityBit + i);
            for (int j = 0; j < BLOCK; j += LONG.length()) {
                LongVector x = LongVector.fromMemorySegment(LONG, data, dataOff + ((long) (i + j) << 3), LE);
                store(hashBits(x), valid >>> j, out, outOff + i + j, combine);
            }
        }
        ScalarHashKernels.hashLong(data, dataOff + ((long) i << 3), validity, validityBit + i, count - i, out, outOff + i, combine);
    }

    public static void hashInt(MemorySegment data, long dataOff, MemorySegment validity, long validityBit, int count, long[] out,
            int outOff, boolean combine) {
        int i = 0;
        for (; i + BLOCK <= count; i += BLOCK) {
            long valid = validWord(validity, validityBit + i);
            for (int j = 0; j < BLOCK; j += INT_HALF.length()) {
                IntVector x = IntVector.fromMemorySegment(INT_HALF, data, dataOff + ((long) (i + j) << 2), LE);
                store(hashBits((LongVector) x.convertShape(VectorOperators.I2L, LONG, 0)), valid >>> j, out, outOff + i + j, combine);
            }
        }
        ScalarHashKernels.hashInt(data, dataOff + ((long) i << 2), validity, validityBit + i, count - i, out, outOff + i, combine);
    }

    public static void hashDouble(MemorySegment data, long dataOff, MemorySegment validity, long validityBit, int count, long[] out,
            int outOff, boolean combine) {
        int i = 0;
        for (; i + BLOCK <= count; i += BLOCK) {
            long valid = validWord(validity, validityBit + i);
            for (int j = 0; j < BLOCK; j += DOUBLE.length()) {
                DoubleVector x = DoubleVector.fromMemorySegment(DOUBLE, data, dataOff + ((long) (i + j) << 3), LE);
                store(hashBits(doubleKey(x)), valid >>> j, out, outOff + i + j, combine);
            }
        }
        ScalarHashKernels.hashDouble(data, dataOff + ((long) i << 3), validity, validityBit + i, count - i, out, outOff + i, combine);
    }

    public static void hashFloat(MemorySegment data, long dataOff, MemorySegment validity, long validityBit, int count, long[] out,
            int outOff, boolean combine) {
        int i = 0;
        for (; i + BLOCK <= count; i += BLOCK) {
            long valid = validWord(validity, validityBit + i);
            for (int j = 0; j < BLOCK; j += FLOAT_HALF.length()) {
                FloatVector x = FloatVector.fromMemorySegment(FLOAT_HALF, data, dataOff + ((long) (i + j) << 2), LE);
                store(hashBits(doubleKey((DoubleVector) x.convertShape(VectorOperators.F2D, DOUBLE, 0))), valid >>> j, out, outOff + i + j,
                        combine);
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
            long valid = validWord(validity, validityBit + i);
            long values = Bitmaps.word(data, dataBit + i);
            for (int j = 0; j < BLOCK; j += LONG.length()) {
                LongVector h = hashFalse.blend(ScalarHashKernels.HASH_TRUE, VectorMask.fromLong(LONG, values >>> j));
                store(h, valid >>> j, out, outOff + i + j, combine);
            }
        }
        ScalarHashKernels.hashBoolean(data, dataBit + i, validity, validityBit + i, count - i, out, outOff + i, combine);
    }
}
