package io.basalt.vectorops;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every SIMD kernel uses: the CPU's preferred shape, so 32 and 64-bit kernels
 * process the same number of bytes per step. Only load after {@link VectorSupport#isAvailable()}.
 */
public final class SimdSpecies {
    public static final VectorSpecies<Byte> BYTE = ByteVector.SPECIES_PREFERRED;
    public static final VectorSpecies<Integer> INT = IntVector.SPECIES_PREFERRED;
    public static final VectorSpecies<Long> LONG = LongVector.SPECIES_PREFERRED;
    public static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_PREFERRED;
    public static final VectorSpecies<Double> DOUBLE = DoubleVector.SPECIES_PREFERRED;

    private SimdSpecies() {}

    static int preferredBitSize() {
        return LONG.vectorBitSize();
    }
}
