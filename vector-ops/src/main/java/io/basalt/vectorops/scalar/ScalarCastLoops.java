package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Scalar loops for the non-decimal casts of {@link ScalarArithmeticKernels#cast}. Checked loops
 * return the first non-null row that cannot be converted (validity bitmap {@code valid} from bit
 * {@code validBit}; null means all valid), or -1. Also the SIMD backend's tails and row-exact
 * fallback. Stateless and thread-safe.
 */
public final class ScalarCastLoops {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** 2^63: doubles in {@code [-2^63, 2^63)} round to a long; nothing else does. */
    static final double TWO_63 = 0x1p63;

    private ScalarCastLoops() {}

    public static void intToLong(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            out.set(LONG, outOff + ((long) i << 3), in.get(INT, inOff + ((long) i << 2)));
        }
    }

    public static void intToDouble(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            out.set(DOUBLE, outOff + ((long) i << 3), in.get(INT, inOff + ((long) i << 2)));
        }
    }

    public static void longToDouble(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(DOUBLE, outOff + o, (double) in.get(LONG, inOff + o));
        }
    }

    public static void floatToDouble(MemorySegment in, long inOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            out.set(DOUBLE, outOff + ((long) i << 3), in.get(FLOAT, inOff + ((long) i << 2)));
        }
    }

    /** Narrows longs to ints; returns the first non-null row outside the int range, or -1. */
    public static int longToInt(MemorySegment in, long inOff, MemorySegment out, long outOff, int count, MemorySegment valid, long validBit) {
        for (int i = 0; i < count; i++) {
            long x = in.get(LONG, inOff + ((long) i << 3));
            if (x != (int) x && ScalarNumericLoops.isValid(valid, validBit + i)) {
                return i;
            }
            out.set(INT, outOff + ((long) i << 2), (int) x);
        }
        return -1;
    }

    /**
     * Rounds doubles half away from zero to longs; returns the first non-null row that is NaN or
     * whose rounded value is outside the long range, or -1.
     */
    public static int doubleToLong(MemorySegment in, long inOff, MemorySegment out, long outOff, int count, MemorySegment valid, long validBit) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            double x = in.get(DOUBLE, inOff + o);
            if (!(x >= -TWO_63 && x < TWO_63) && ScalarNumericLoops.isValid(valid, validBit + i)) {
                return i;
            }
            out.set(LONG, outOff + o, roundHalfAwayFromZero(x));
        }
        return -1;
    }

    /**
     * Rounds half away from zero; for {@code x} in {@code [-2^63, 2^63)}. {@code x - (double) t}
     * is the exact fraction: it is 0 once {@code |x| >= 2^52} (every such double is integral), and
     * exact below that. Adding 0.5 before truncating would be wrong for 0.49999999999999994.
     */
    static long roundHalfAwayFromZero(double x) {
        long t = (long) x;
        double fraction = x - (double) t;
        if (fraction >= 0.5) {
            t++;
        } else if (fraction <= -0.5) {
            t--;
        }
        return t;
    }
}
