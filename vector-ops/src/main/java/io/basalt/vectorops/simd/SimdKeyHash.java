package io.basalt.vectorops.simd;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.SimdSpecies;
import io.basalt.vectorops.scalar.KeyHash;

/**
 * Vector API version of {@link KeyHash}, bit-identical to it: fmix64 over whole vectors of int64
 * (or widened int32) keys, NULL lanes blended to {@link KeyHash#NULL_HASH}. Utf8 keys are hashed by
 * the scalar loop (variable-length rows do not fit lanes). Stateless; load only when
 * {@link io.basalt.vectorops.VectorSupport#isAvailable()}.
 */
public final class SimdKeyHash {
    static final VectorSpecies<Long> LONGS = SimdSpecies.LONG;
    /**
     * Int lanes as many as {@link SimdSpecies#LONG} has (half its width), so int32 keys widen to
     * int64 lane for lane. Derived from SimdSpecies, not a shape of its own.
     */
    static final VectorSpecies<Integer> HALF_INTS =
            VectorSpecies.of(int.class, VectorShape.forBitSize(SimdSpecies.LONG.vectorBitSize() / 2));
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private SimdKeyHash() {}

    /** Same contract as {@link KeyHash#hashColumn}. */
    public static void hashColumn(ColumnRef key, long[] out, int from, int to, boolean combine) {
        switch (key.type().kind()) {
            case INT64, DECIMAL, TIMESTAMP -> hashLongs(key.data(), key.offset(), key.validity(), out, from, to, combine);
            case INT32, DATE -> hashInts(key.data(), key.offset(), key.validity(), out, from, to, combine);
            case UTF8 -> KeyHash.hashUtf8(key.data(), key.offsets(), key.offset(), key.validity(), out, from, to, combine);
            default -> throw new IllegalArgumentException("Unsupported hash key type " + key.type());
        }
    }

    /** Same as {@link KeyHash#hashLong}, lane-wise. */
    static LongVector mix(LongVector v) {
        v = v.lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.LSHR, 33)).mul(KeyHash.C1);
        v = v.lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.LSHR, 33)).mul(KeyHash.C2);
        return v.lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.LSHR, 33));
    }

    /** Int32 keys at rows {@code [row, row + lanes)} widened to int64 lanes. */
    static LongVector loadIntsAsLongs(MemorySegment data, long bufferRow) {
        return (LongVector) IntVector.fromMemorySegment(HALF_INTS, data, bufferRow * 4, LE)
                .convertShape(VectorOperators.I2L, LONGS, 0);
    }

    /** Validity of rows {@code [row, row + lanes)} as a lane mask. */
    static VectorMask<Long> validLanes(MemorySegment validity, long bufferRow) {
        return VectorMask.fromLong(LONGS, Bitmaps.word(validity, bufferRow));
    }

    public static void hashLongs(MemorySegment data, int rowOffset, MemorySegment validity, long[] out, int from, int to, boolean combine) {
        int lanes = LONGS.length();
        int i = from;
        int bound = from + LONGS.loopBound(to - from);
        LongVector nullHash = LongVector.broadcast(LONGS, KeyHash.NULL_HASH);
        for (; i < bound; i += lanes) {
            long row = rowOffset + (long) i;
            LongVector h = mix(LongVector.fromMemorySegment(LONGS, data, row * 8, LE));
            if (validity != null) {
                h = nullHash.blend(h, validLanes(validity, row));
            }
            if (combine) {
                h = LongVector.fromArray(LONGS, out, i).mul(KeyHash.COMBINE).add(h);
            }
            h.intoArray(out, i);
        }
        KeyHash.hashLongs(data, rowOffset, validity, out, i, to, combine);
    }

    public static void hashInts(MemorySegment data, int rowOffset, MemorySegment validity, long[] out, int from, int to, boolean combine) {
        int lanes = LONGS.length();
        int i = from;
        int bound = from + LONGS.loopBound(to - from);
        LongVector nullHash = LongVector.broadcast(LONGS, KeyHash.NULL_HASH);
        for (; i < bound; i += lanes) {
            long row = rowOffset + (long) i;
            LongVector h = mix(loadIntsAsLongs(data, row));
            if (validity != null) {
                h = nullHash.blend(h, validLanes(validity, row));
            }
            if (combine) {
                h = LongVector.fromArray(LONGS, out, i).mul(KeyHash.COMBINE).add(h);
            }
            h.intoArray(out, i);
        }
        KeyHash.hashInts(data, rowOffset, validity, out, i, to, combine);
    }
}
