package io.basalt.vectorops.simd;

import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import io.basalt.vectorops.SimdSpecies;

/**
 * 4-byte-lane species with exactly as many lanes as {@link SimdSpecies#LONG} (half its bits),
 * derived from the preferred shape. Widening int/float lanes to long/double (and narrowing back)
 * through these is a same-lane-count {@code convertShape(op, species, 0)}, which C2 compiles to one
 * instruction; the alternative, {@code convertShape} parts 1 and -1 of a full-width vector, is not
 * intrinsified in JDK 25 and measured about 3x slower. Only load when
 * {@code VectorSupport.isAvailable()}. Immutable.
 */
final class LaneMatchedSpecies {
    static final VectorSpecies<Integer> INT = VectorSpecies.of(int.class, VectorShape.forBitSize(SimdSpecies.LONG.vectorBitSize() / 2));
    static final VectorSpecies<Float> FLOAT = VectorSpecies.of(float.class, VectorShape.forBitSize(SimdSpecies.DOUBLE.vectorBitSize() / 2));

    private LaneMatchedSpecies() {}
}
