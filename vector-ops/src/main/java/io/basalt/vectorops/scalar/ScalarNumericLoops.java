package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import io.basalt.vectorops.Bitmaps;

/**
 * The scalar loops behind {@link ScalarArithmeticKernels#binary} and its constant variants: one
 * static loop per operator, type and operand shape, over byte offsets into foreign memory. They
 * are also the SIMD backend's tails and its fallback for vector chunks that need row-exact error
 * reporting. Stateless and thread-safe.
 *
 * <p>Integer division loops skip (write 0 for) rows whose divisor is zero when that row is null in
 * {@code valid} (a validity bitmap read from bit {@code validBit}; null means all rows valid) and
 * return the first non-null such row instead of throwing, so the caller can build the message.
 */
public final class ScalarNumericLoops {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private ScalarNumericLoops() {}

    static boolean isValid(MemorySegment valid, long bit) {
        return valid == null || Bitmaps.get(valid, bit);
    }
    // ---- int ----

    public static void addInt(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(INT, outOff + o, a.get(INT, aOff + o) + b.get(INT, bOff + o));
        }
    }

    public static void addIntRightConstant(MemorySegment a, long aOff, int c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(INT, outOff + o, a.get(INT, aOff + o) + c);
        }
    }

    public static void subtractInt(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(INT, outOff + o, a.get(INT, aOff + o) - b.get(INT, bOff + o));
        }
    }

    public static void subtractIntRightConstant(MemorySegment a, long aOff, int c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(INT, outOff + o, a.get(INT, aOff + o) - c);
        }
    }

    public static void subtractIntLeftConstant(int c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(INT, outOff + o, c - b.get(INT, bOff + o));
        }
    }

    public static void multiplyInt(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(INT, outOff + o, a.get(INT, aOff + o) * b.get(INT, bOff + o));
        }
    }

    public static void multiplyIntRightConstant(MemorySegment a, long aOff, int c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(INT, outOff + o, a.get(INT, aOff + o) * c);
        }
    }

    /** int / int with Java semantics; returns the first non-null row with a zero divisor, or -1. */
    public static int divideInt(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            MemorySegment valid, long validBit) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            int y = b.get(INT, bOff + o);
            int q;
            if (y == 0) {
                if (isValid(valid, validBit + i)) {
                    return i;
                }
                q = 0;
            } else {
                q = a.get(INT, aOff + o) / y;
            }
            out.set(INT, outOff + o, q);
        }
        return -1;
    }

    /** Precondition: {@code c != 0} (the caller reports a zero constant divisor). */
    public static void divideIntRightConstant(MemorySegment a, long aOff, int c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(INT, outOff + o, a.get(INT, aOff + o) / c);
        }
    }

    /** c / b[i]; returns the first non-null row with a zero divisor, or -1. */
    public static int divideIntLeftConstant(int c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            MemorySegment valid, long validBit) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            int y = b.get(INT, bOff + o);
            int q;
            if (y == 0) {
                if (isValid(valid, validBit + i)) {
                    return i;
                }
                q = 0;
            } else {
                q = c / y;
            }
            out.set(INT, outOff + o, q);
        }
        return -1;
    }
    // ---- long ----

    public static void addLong(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(LONG, outOff + o, a.get(LONG, aOff + o) + b.get(LONG, bOff + o));
        }
    }

    public static void addLongRightConstant(MemorySegment a, long aOff, long c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(LONG, outOff + o, a.get(LONG, aOff + o) + c);
        }
    }

    public static void subtractLong(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(LONG, outOff + o, a.get(LONG, aOff + o) - b.get(LONG, bOff + o));
        }
    }

    public static void subtractLongRightConstant(MemorySegment a, long aOff, long c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(LONG, outOff + o, a.get(LONG, aOff + o) - c);
        }
    }

    public static void subtractLongLeftConstant(long c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(LONG, outOff + o, c - b.get(LONG, bOff + o));
        }
    }

    public static void multiplyLong(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(LONG, outOff + o, a.get(LONG, aOff + o) * b.get(LONG, bOff + o));
        }
    }

    public static void multiplyLongRightConstant(MemorySegment a, long aOff, long c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(LONG, outOff + o, a.get(LONG, aOff + o) * c);
        }
    }

    /** long / long with Java semantics; returns the first non-null row with a zero divisor, or -1. */
    public static int divideLong(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            MemorySegment valid, long validBit) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            long y = b.get(LONG, bOff + o);
            long q;
            if (y == 0) {
                if (isValid(valid, validBit + i)) {
                    return i;
                }
                q = 0;
            } else {
                q = a.get(LONG, aOff + o) / y;
            }
            out.set(LONG, outOff + o, q);
        }
        return -1;
    }

    /** Precondition: {@code c != 0} (the caller reports a zero constant divisor). */
    public static void divideLongRightConstant(MemorySegment a, long aOff, long c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(LONG, outOff + o, a.get(LONG, aOff + o) / c);
        }
    }

    /** c / b[i]; returns the first non-null row with a zero divisor, or -1. */
    public static int divideLongLeftConstant(long c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            MemorySegment valid, long validBit) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            long y = b.get(LONG, bOff + o);
            long q;
            if (y == 0) {
                if (isValid(valid, validBit + i)) {
                    return i;
                }
                q = 0;
            } else {
                q = c / y;
            }
            out.set(LONG, outOff + o, q);
        }
        return -1;
    }
    // ---- float ----

    public static void addFloat(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(FLOAT, outOff + o, a.get(FLOAT, aOff + o) + b.get(FLOAT, bOff + o));
        }
    }

    public static void addFloatRightConstant(MemorySegment a, long aOff, float c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(FLOAT, outOff + o, a.get(FLOAT, aOff + o) + c);
        }
    }

    public static void subtractFloat(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(FLOAT, outOff + o, a.get(FLOAT, aOff + o) - b.get(FLOAT, bOff + o));
        }
    }

    public static void subtractFloatRightConstant(MemorySegment a, long aOff, float c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(FLOAT, outOff + o, a.get(FLOAT, aOff + o) - c);
        }
    }

    public static void subtractFloatLeftConstant(float c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(FLOAT, outOff + o, c - b.get(FLOAT, bOff + o));
        }
    }

    public static void multiplyFloat(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(FLOAT, outOff + o, a.get(FLOAT, aOff + o) * b.get(FLOAT, bOff + o));
        }
    }

    public static void multiplyFloatRightConstant(MemorySegment a, long aOff, float c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(FLOAT, outOff + o, a.get(FLOAT, aOff + o) * c);
        }
    }

    public static void divideFloat(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(FLOAT, outOff + o, a.get(FLOAT, aOff + o) / b.get(FLOAT, bOff + o));
        }
    }

    public static void divideFloatRightConstant(MemorySegment a, long aOff, float c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(FLOAT, outOff + o, a.get(FLOAT, aOff + o) / c);
        }
    }

    public static void divideFloatLeftConstant(float c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 2;
            out.set(FLOAT, outOff + o, c / b.get(FLOAT, bOff + o));
        }
    }
    // ---- double ----

    public static void addDouble(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(DOUBLE, outOff + o, a.get(DOUBLE, aOff + o) + b.get(DOUBLE, bOff + o));
        }
    }

    public static void addDoubleRightConstant(MemorySegment a, long aOff, double c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(DOUBLE, outOff + o, a.get(DOUBLE, aOff + o) + c);
        }
    }

    public static void subtractDouble(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(DOUBLE, outOff + o, a.get(DOUBLE, aOff + o) - b.get(DOUBLE, bOff + o));
        }
    }

    public static void subtractDoubleRightConstant(MemorySegment a, long aOff, double c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(DOUBLE, outOff + o, a.get(DOUBLE, aOff + o) - c);
        }
    }

    public static void subtractDoubleLeftConstant(double c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(DOUBLE, outOff + o, c - b.get(DOUBLE, bOff + o));
        }
    }

    public static void multiplyDouble(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(DOUBLE, outOff + o, a.get(DOUBLE, aOff + o) * b.get(DOUBLE, bOff + o));
        }
    }

    public static void multiplyDoubleRightConstant(MemorySegment a, long aOff, double c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(DOUBLE, outOff + o, a.get(DOUBLE, aOff + o) * c);
        }
    }

    public static void divideDouble(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(DOUBLE, outOff + o, a.get(DOUBLE, aOff + o) / b.get(DOUBLE, bOff + o));
        }
    }

    public static void divideDoubleRightConstant(MemorySegment a, long aOff, double c, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(DOUBLE, outOff + o, a.get(DOUBLE, aOff + o) / c);
        }
    }

    public static void divideDoubleLeftConstant(double c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(DOUBLE, outOff + o, c / b.get(DOUBLE, bOff + o));
        }
    }
}
