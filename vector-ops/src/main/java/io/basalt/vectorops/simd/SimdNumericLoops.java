package io.basalt.vectorops.simd;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import io.basalt.vectorops.SimdSpecies;
import io.basalt.vectorops.scalar.ScalarNumericLoops;

/**
 * Vector API versions of {@link ScalarNumericLoops}, with the same signatures and results: full
 * vectors first, then the scalar loop for the tail. Integer division finds zero divisors with one
 * vector compare per chunk and hands such chunks to the scalar loop, which reports the exact row.
 * Only load when {@code VectorSupport.isAvailable()}. Stateless and thread-safe.
 *
 * <p>Int division has no vector instruction; it runs in double lanes ({@link #INT_HALF} lanes,
 * one double lane each). Both int32 operands are exact doubles and the correctly rounded double
 * quotient never crosses an integer boundary (its error is below {@code 2^-22 / |y|} while a
 * non-integral quotient is at least {@code 1 / |y|} away from one), so truncating it gives exactly
 * Java's {@code x / y}; the one quotient outside the int range, {@code MIN_VALUE / -1}, is blended
 * back to {@code MIN_VALUE} as Java wraps it. The expression is written out in each loop: C2 does
 * not reliably inline vector-valued helpers, and one that is not inlined boxes its vectors.
 */
public final class SimdNumericLoops {
    private static final VectorSpecies<Integer> INT = SimdSpecies.INT;
    private static final VectorSpecies<Long> LONG = SimdSpecies.LONG;
    private static final VectorSpecies<Float> FLOAT = SimdSpecies.FLOAT;
    private static final VectorSpecies<Double> DOUBLE = SimdSpecies.DOUBLE;
    /** Int division runs in double lanes: one int lane per double lane. */
    private static final VectorSpecies<Integer> INT_HALF = LaneMatchedSpecies.INT;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private SimdNumericLoops() {}

    // ---- int ----

    public static void addInt(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        int bound = INT.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT.length()) {
            long o = (long) i << 2;
            IntVector x = IntVector.fromMemorySegment(INT, a, aOff + o, LE);
            IntVector y = IntVector.fromMemorySegment(INT, b, bOff + o, LE);
            x.add(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.addInt(a, aOff + o, b, bOff + o, out, outOff + o, count - i);
    }

    public static void addIntRightConstant(MemorySegment a, long aOff, int c, MemorySegment out, long outOff, int count) {
        IntVector y = IntVector.broadcast(INT, c);
        int bound = INT.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT.length()) {
            long o = (long) i << 2;
            IntVector x = IntVector.fromMemorySegment(INT, a, aOff + o, LE);
            x.add(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.addIntRightConstant(a, aOff + o, c, out, outOff + o, count - i);
    }

    public static void subtractInt(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        int bound = INT.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT.length()) {
            long o = (long) i << 2;
            IntVector x = IntVector.fromMemorySegment(INT, a, aOff + o, LE);
            IntVector y = IntVector.fromMemorySegment(INT, b, bOff + o, LE);
            x.sub(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.subtractInt(a, aOff + o, b, bOff + o, out, outOff + o, count - i);
    }

    public static void subtractIntRightConstant(MemorySegment a, long aOff, int c, MemorySegment out, long outOff, int count) {
        IntVector y = IntVector.broadcast(INT, c);
        int bound = INT.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT.length()) {
            long o = (long) i << 2;
            IntVector x = IntVector.fromMemorySegment(INT, a, aOff + o, LE);
            x.sub(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.subtractIntRightConstant(a, aOff + o, c, out, outOff + o, count - i);
    }

    public static void subtractIntLeftConstant(int c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        IntVector x = IntVector.broadcast(INT, c);
        int bound = INT.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT.length()) {
            long o = (long) i << 2;
            IntVector y = IntVector.fromMemorySegment(INT, b, bOff + o, LE);
            x.sub(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.subtractIntLeftConstant(c, b, bOff + o, out, outOff + o, count - i);
    }

    public static void multiplyInt(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        int bound = INT.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT.length()) {
            long o = (long) i << 2;
            IntVector x = IntVector.fromMemorySegment(INT, a, aOff + o, LE);
            IntVector y = IntVector.fromMemorySegment(INT, b, bOff + o, LE);
            x.mul(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.multiplyInt(a, aOff + o, b, bOff + o, out, outOff + o, count - i);
    }

    public static void multiplyIntRightConstant(MemorySegment a, long aOff, int c, MemorySegment out, long outOff, int count) {
        IntVector y = IntVector.broadcast(INT, c);
        int bound = INT.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT.length()) {
            long o = (long) i << 2;
            IntVector x = IntVector.fromMemorySegment(INT, a, aOff + o, LE);
            x.mul(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.multiplyIntRightConstant(a, aOff + o, c, out, outOff + o, count - i);
    }

    /** See {@link ScalarNumericLoops#divideInt}; chunks with a zero divisor go to that loop for exact reporting. */
    public static int divideInt(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            MemorySegment valid, long validBit) {
        int bound = INT_HALF.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT_HALF.length()) {
            long o = (long) i << 2;
            IntVector y = IntVector.fromMemorySegment(INT_HALF, b, bOff + o, LE);
            if (y.compare(VectorOperators.EQ, 0).anyTrue()) {
                int bad = ScalarNumericLoops.divideInt(a, aOff + o, b, bOff + o, out, outOff + o, INT_HALF.length(), valid, validBit + i);
                if (bad >= 0) {
                    return i + bad;
                }
                continue;
            }
            IntVector x = IntVector.fromMemorySegment(INT_HALF, a, aOff + o, LE);
            ((IntVector) ((DoubleVector) x.convertShape(VectorOperators.I2D, DOUBLE, 0))
                    .div((DoubleVector) y.convertShape(VectorOperators.I2D, DOUBLE, 0))
                    .convertShape(VectorOperators.D2I, INT_HALF, 0))
                    .blend(Integer.MIN_VALUE, x.compare(VectorOperators.EQ, Integer.MIN_VALUE).and(y.compare(VectorOperators.EQ, -1)))
                    .intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        int bad = ScalarNumericLoops.divideInt(a, aOff + o, b, bOff + o, out, outOff + o, count - i, valid, validBit + i);
        return bad < 0 ? -1 : i + bad;
    }

    /** Precondition: {@code c != 0}. */
    public static void divideIntRightConstant(MemorySegment a, long aOff, int c, MemorySegment out, long outOff, int count) {
        IntVector y = IntVector.broadcast(INT_HALF, c);
        int bound = INT_HALF.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT_HALF.length()) {
            long o = (long) i << 2;
            IntVector x = IntVector.fromMemorySegment(INT_HALF, a, aOff + o, LE);
            ((IntVector) ((DoubleVector) x.convertShape(VectorOperators.I2D, DOUBLE, 0))
                    .div((DoubleVector) y.convertShape(VectorOperators.I2D, DOUBLE, 0))
                    .convertShape(VectorOperators.D2I, INT_HALF, 0))
                    .blend(Integer.MIN_VALUE, x.compare(VectorOperators.EQ, Integer.MIN_VALUE).and(y.compare(VectorOperators.EQ, -1)))
                    .intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.divideIntRightConstant(a, aOff + o, c, out, outOff + o, count - i);
    }

    public static int divideIntLeftConstant(int c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            MemorySegment valid, long validBit) {
        IntVector x = IntVector.broadcast(INT_HALF, c);
        int bound = INT_HALF.loopBound(count);
        int i = 0;
        for (; i < bound; i += INT_HALF.length()) {
            long o = (long) i << 2;
            IntVector y = IntVector.fromMemorySegment(INT_HALF, b, bOff + o, LE);
            if (y.compare(VectorOperators.EQ, 0).anyTrue()) {
                int bad = ScalarNumericLoops.divideIntLeftConstant(c, b, bOff + o, out, outOff + o, INT_HALF.length(), valid, validBit + i);
                if (bad >= 0) {
                    return i + bad;
                }
                continue;
            }
            ((IntVector) ((DoubleVector) x.convertShape(VectorOperators.I2D, DOUBLE, 0))
                    .div((DoubleVector) y.convertShape(VectorOperators.I2D, DOUBLE, 0))
                    .convertShape(VectorOperators.D2I, INT_HALF, 0))
                    .blend(Integer.MIN_VALUE, x.compare(VectorOperators.EQ, Integer.MIN_VALUE).and(y.compare(VectorOperators.EQ, -1)))
                    .intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        int bad = ScalarNumericLoops.divideIntLeftConstant(c, b, bOff + o, out, outOff + o, count - i, valid, validBit + i);
        return bad < 0 ? -1 : i + bad;
    }
    // ---- long ----

    public static void addLong(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long o = (long) i << 3;
            LongVector x = LongVector.fromMemorySegment(LONG, a, aOff + o, LE);
            LongVector y = LongVector.fromMemorySegment(LONG, b, bOff + o, LE);
            x.add(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.addLong(a, aOff + o, b, bOff + o, out, outOff + o, count - i);
    }

    public static void addLongRightConstant(MemorySegment a, long aOff, long c, MemorySegment out, long outOff, int count) {
        LongVector y = LongVector.broadcast(LONG, c);
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long o = (long) i << 3;
            LongVector x = LongVector.fromMemorySegment(LONG, a, aOff + o, LE);
            x.add(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.addLongRightConstant(a, aOff + o, c, out, outOff + o, count - i);
    }

    public static void subtractLong(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long o = (long) i << 3;
            LongVector x = LongVector.fromMemorySegment(LONG, a, aOff + o, LE);
            LongVector y = LongVector.fromMemorySegment(LONG, b, bOff + o, LE);
            x.sub(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.subtractLong(a, aOff + o, b, bOff + o, out, outOff + o, count - i);
    }

    public static void subtractLongRightConstant(MemorySegment a, long aOff, long c, MemorySegment out, long outOff, int count) {
        LongVector y = LongVector.broadcast(LONG, c);
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long o = (long) i << 3;
            LongVector x = LongVector.fromMemorySegment(LONG, a, aOff + o, LE);
            x.sub(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.subtractLongRightConstant(a, aOff + o, c, out, outOff + o, count - i);
    }

    public static void subtractLongLeftConstant(long c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        LongVector x = LongVector.broadcast(LONG, c);
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long o = (long) i << 3;
            LongVector y = LongVector.fromMemorySegment(LONG, b, bOff + o, LE);
            x.sub(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.subtractLongLeftConstant(c, b, bOff + o, out, outOff + o, count - i);
    }

    public static void multiplyLong(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long o = (long) i << 3;
            LongVector x = LongVector.fromMemorySegment(LONG, a, aOff + o, LE);
            LongVector y = LongVector.fromMemorySegment(LONG, b, bOff + o, LE);
            x.mul(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.multiplyLong(a, aOff + o, b, bOff + o, out, outOff + o, count - i);
    }

    public static void multiplyLongRightConstant(MemorySegment a, long aOff, long c, MemorySegment out, long outOff, int count) {
        LongVector y = LongVector.broadcast(LONG, c);
        int bound = LONG.loopBound(count);
        int i = 0;
        for (; i < bound; i += LONG.length()) {
            long o = (long) i << 3;
            LongVector x = LongVector.fromMemorySegment(LONG, a, aOff + o, LE);
            x.mul(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.multiplyLongRightConstant(a, aOff + o, c, out, outOff + o, count - i);
    }

    // x86 has no vector integer division and int64 quotients do not fit a double exactly, so long
    // division stays scalar.
    public static int divideLong(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            MemorySegment valid, long validBit) {
        return ScalarNumericLoops.divideLong(a, aOff, b, bOff, out, outOff, count, valid, validBit);
    }

    public static void divideLongRightConstant(MemorySegment a, long aOff, long c, MemorySegment out, long outOff, int count) {
        ScalarNumericLoops.divideLongRightConstant(a, aOff, c, out, outOff, count);
    }

    public static int divideLongLeftConstant(long c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            MemorySegment valid, long validBit) {
        return ScalarNumericLoops.divideLongLeftConstant(c, b, bOff, out, outOff, count, valid, validBit);
    }
    // ---- float ----

    public static void addFloat(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        int bound = FLOAT.loopBound(count);
        int i = 0;
        for (; i < bound; i += FLOAT.length()) {
            long o = (long) i << 2;
            FloatVector x = FloatVector.fromMemorySegment(FLOAT, a, aOff + o, LE);
            FloatVector y = FloatVector.fromMemorySegment(FLOAT, b, bOff + o, LE);
            x.add(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.addFloat(a, aOff + o, b, bOff + o, out, outOff + o, count - i);
    }

    public static void addFloatRightConstant(MemorySegment a, long aOff, float c, MemorySegment out, long outOff, int count) {
        FloatVector y = FloatVector.broadcast(FLOAT, c);
        int bound = FLOAT.loopBound(count);
        int i = 0;
        for (; i < bound; i += FLOAT.length()) {
            long o = (long) i << 2;
            FloatVector x = FloatVector.fromMemorySegment(FLOAT, a, aOff + o, LE);
            x.add(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.addFloatRightConstant(a, aOff + o, c, out, outOff + o, count - i);
    }

    public static void subtractFloat(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        int bound = FLOAT.loopBound(count);
        int i = 0;
        for (; i < bound; i += FLOAT.length()) {
            long o = (long) i << 2;
            FloatVector x = FloatVector.fromMemorySegment(FLOAT, a, aOff + o, LE);
            FloatVector y = FloatVector.fromMemorySegment(FLOAT, b, bOff + o, LE);
            x.sub(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.subtractFloat(a, aOff + o, b, bOff + o, out, outOff + o, count - i);
    }

    public static void subtractFloatRightConstant(MemorySegment a, long aOff, float c, MemorySegment out, long outOff, int count) {
        FloatVector y = FloatVector.broadcast(FLOAT, c);
        int bound = FLOAT.loopBound(count);
        int i = 0;
        for (; i < bound; i += FLOAT.length()) {
            long o = (long) i << 2;
            FloatVector x = FloatVector.fromMemorySegment(FLOAT, a, aOff + o, LE);
            x.sub(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.subtractFloatRightConstant(a, aOff + o, c, out, outOff + o, count - i);
    }

    public static void subtractFloatLeftConstant(float c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        FloatVector x = FloatVector.broadcast(FLOAT, c);
        int bound = FLOAT.loopBound(count);
        int i = 0;
        for (; i < bound; i += FLOAT.length()) {
            long o = (long) i << 2;
            FloatVector y = FloatVector.fromMemorySegment(FLOAT, b, bOff + o, LE);
            x.sub(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.subtractFloatLeftConstant(c, b, bOff + o, out, outOff + o, count - i);
    }

    public static void multiplyFloat(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        int bound = FLOAT.loopBound(count);
        int i = 0;
        for (; i < bound; i += FLOAT.length()) {
            long o = (long) i << 2;
            FloatVector x = FloatVector.fromMemorySegment(FLOAT, a, aOff + o, LE);
            FloatVector y = FloatVector.fromMemorySegment(FLOAT, b, bOff + o, LE);
            x.mul(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.multiplyFloat(a, aOff + o, b, bOff + o, out, outOff + o, count - i);
    }

    public static void multiplyFloatRightConstant(MemorySegment a, long aOff, float c, MemorySegment out, long outOff, int count) {
        FloatVector y = FloatVector.broadcast(FLOAT, c);
        int bound = FLOAT.loopBound(count);
        int i = 0;
        for (; i < bound; i += FLOAT.length()) {
            long o = (long) i << 2;
            FloatVector x = FloatVector.fromMemorySegment(FLOAT, a, aOff + o, LE);
            x.mul(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.multiplyFloatRightConstant(a, aOff + o, c, out, outOff + o, count - i);
    }

    public static void divideFloat(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        int bound = FLOAT.loopBound(count);
        int i = 0;
        for (; i < bound; i += FLOAT.length()) {
            long o = (long) i << 2;
            FloatVector x = FloatVector.fromMemorySegment(FLOAT, a, aOff + o, LE);
            FloatVector y = FloatVector.fromMemorySegment(FLOAT, b, bOff + o, LE);
            x.div(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.divideFloat(a, aOff + o, b, bOff + o, out, outOff + o, count - i);
    }

    public static void divideFloatRightConstant(MemorySegment a, long aOff, float c, MemorySegment out, long outOff, int count) {
        FloatVector y = FloatVector.broadcast(FLOAT, c);
        int bound = FLOAT.loopBound(count);
        int i = 0;
        for (; i < bound; i += FLOAT.length()) {
            long o = (long) i << 2;
            FloatVector x = FloatVector.fromMemorySegment(FLOAT, a, aOff + o, LE);
            x.div(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.divideFloatRightConstant(a, aOff + o, c, out, outOff + o, count - i);
    }

    public static void divideFloatLeftConstant(float c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        FloatVector x = FloatVector.broadcast(FLOAT, c);
        int bound = FLOAT.loopBound(count);
        int i = 0;
        for (; i < bound; i += FLOAT.length()) {
            long o = (long) i << 2;
            FloatVector y = FloatVector.fromMemorySegment(FLOAT, b, bOff + o, LE);
            x.div(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 2;
        ScalarNumericLoops.divideFloatLeftConstant(c, b, bOff + o, out, outOff + o, count - i);
    }
    // ---- double ----

    public static void addDouble(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        int bound = DOUBLE.loopBound(count);
        int i = 0;
        for (; i < bound; i += DOUBLE.length()) {
            long o = (long) i << 3;
            DoubleVector x = DoubleVector.fromMemorySegment(DOUBLE, a, aOff + o, LE);
            DoubleVector y = DoubleVector.fromMemorySegment(DOUBLE, b, bOff + o, LE);
            x.add(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.addDouble(a, aOff + o, b, bOff + o, out, outOff + o, count - i);
    }

    public static void addDoubleRightConstant(MemorySegment a, long aOff, double c, MemorySegment out, long outOff, int count) {
        DoubleVector y = DoubleVector.broadcast(DOUBLE, c);
        int bound = DOUBLE.loopBound(count);
        int i = 0;
        for (; i < bound; i += DOUBLE.length()) {
            long o = (long) i << 3;
            DoubleVector x = DoubleVector.fromMemorySegment(DOUBLE, a, aOff + o, LE);
            x.add(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.addDoubleRightConstant(a, aOff + o, c, out, outOff + o, count - i);
    }

    public static void subtractDouble(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        int bound = DOUBLE.loopBound(count);
        int i = 0;
        for (; i < bound; i += DOUBLE.length()) {
            long o = (long) i << 3;
            DoubleVector x = DoubleVector.fromMemorySegment(DOUBLE, a, aOff + o, LE);
            DoubleVector y = DoubleVector.fromMemorySegment(DOUBLE, b, bOff + o, LE);
            x.sub(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.subtractDouble(a, aOff + o, b, bOff + o, out, outOff + o, count - i);
    }

    public static void subtractDoubleRightConstant(MemorySegment a, long aOff, double c, MemorySegment out, long outOff, int count) {
        DoubleVector y = DoubleVector.broadcast(DOUBLE, c);
        int bound = DOUBLE.loopBound(count);
        int i = 0;
        for (; i < bound; i += DOUBLE.length()) {
            long o = (long) i << 3;
            DoubleVector x = DoubleVector.fromMemorySegment(DOUBLE, a, aOff + o, LE);
            x.sub(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.subtractDoubleRightConstant(a, aOff + o, c, out, outOff + o, count - i);
    }

    public static void subtractDoubleLeftConstant(double c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        DoubleVector x = DoubleVector.broadcast(DOUBLE, c);
        int bound = DOUBLE.loopBound(count);
        int i = 0;
        for (; i < bound; i += DOUBLE.length()) {
            long o = (long) i << 3;
            DoubleVector y = DoubleVector.fromMemorySegment(DOUBLE, b, bOff + o, LE);
            x.sub(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.subtractDoubleLeftConstant(c, b, bOff + o, out, outOff + o, count - i);
    }

    public static void multiplyDouble(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        int bound = DOUBLE.loopBound(count);
        int i = 0;
        for (; i < bound; i += DOUBLE.length()) {
            long o = (long) i << 3;
            DoubleVector x = DoubleVector.fromMemorySegment(DOUBLE, a, aOff + o, LE);
            DoubleVector y = DoubleVector.fromMemorySegment(DOUBLE, b, bOff + o, LE);
            x.mul(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.multiplyDouble(a, aOff + o, b, bOff + o, out, outOff + o, count - i);
    }

    public static void multiplyDoubleRightConstant(MemorySegment a, long aOff, double c, MemorySegment out, long outOff, int count) {
        DoubleVector y = DoubleVector.broadcast(DOUBLE, c);
        int bound = DOUBLE.loopBound(count);
        int i = 0;
        for (; i < bound; i += DOUBLE.length()) {
            long o = (long) i << 3;
            DoubleVector x = DoubleVector.fromMemorySegment(DOUBLE, a, aOff + o, LE);
            x.mul(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.multiplyDoubleRightConstant(a, aOff + o, c, out, outOff + o, count - i);
    }

    public static void divideDouble(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        int bound = DOUBLE.loopBound(count);
        int i = 0;
        for (; i < bound; i += DOUBLE.length()) {
            long o = (long) i << 3;
            DoubleVector x = DoubleVector.fromMemorySegment(DOUBLE, a, aOff + o, LE);
            DoubleVector y = DoubleVector.fromMemorySegment(DOUBLE, b, bOff + o, LE);
            x.div(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.divideDouble(a, aOff + o, b, bOff + o, out, outOff + o, count - i);
    }

    public static void divideDoubleRightConstant(MemorySegment a, long aOff, double c, MemorySegment out, long outOff, int count) {
        DoubleVector y = DoubleVector.broadcast(DOUBLE, c);
        int bound = DOUBLE.loopBound(count);
        int i = 0;
        for (; i < bound; i += DOUBLE.length()) {
            long o = (long) i << 3;
            DoubleVector x = DoubleVector.fromMemorySegment(DOUBLE, a, aOff + o, LE);
            x.div(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.divideDoubleRightConstant(a, aOff + o, c, out, outOff + o, count - i);
    }

    public static void divideDoubleLeftConstant(double c, MemorySegment b, long bOff, MemorySegment out, long outOff, int count) {
        DoubleVector x = DoubleVector.broadcast(DOUBLE, c);
        int bound = DOUBLE.loopBound(count);
        int i = 0;
        for (; i < bound; i += DOUBLE.length()) {
            long o = (long) i << 3;
            DoubleVector y = DoubleVector.fromMemorySegment(DOUBLE, b, bOff + o, LE);
            x.div(y).intoMemorySegment(out, outOff + o, LE);
        }
        long o = (long) i << 3;
        ScalarNumericLoops.divideDoubleLeftConstant(c, b, bOff + o, out, outOff + o, count - i);
    }
}
