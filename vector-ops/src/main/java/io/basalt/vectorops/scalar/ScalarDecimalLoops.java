package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Scalar loops for decimals stored as unscaled int64 values: exact add, subtract, multiply and
 * HALF_UP divide, and the rescaling used by decimal casts. Overflow detection is exact: a row
 * overflows when its exact result, after rounding, has {@code |unscaled| >= limit} (the caller
 * passes {@code limit = 10^precision}, at most 10^18, so such a result always fits a long when it
 * does not overflow). Checked loops return the first non-null offending row (validity bitmap
 * {@code valid} from bit {@code validBit}; null means all valid), or -1, and leave the message to
 * the caller. Also the SIMD backend's tails and row-exact fallback. Stateless and thread-safe.
 */
public final class ScalarDecimalLoops {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Returned by {@link #divideHalfUp} when the quotient does not fit; no in-range result equals it. */
    public static final long OVERFLOW = Long.MIN_VALUE;

    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private ScalarDecimalLoops() {}

    /** {@code 10^exponent} for {@code 0 <= exponent <= 18}. */
    public static long powerOfTen(int exponent) {
        return POWERS_OF_TEN[exponent];
    }

    /** Operands of equal scale: {@code a + b}. */
    public static int add(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            long limit, MemorySegment valid, long validBit) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            long x = a.get(LONG, aOff + o);
            long y = b.get(LONG, bOff + o);
            long r = x + y;
            boolean bad = ((x ^ r) & (y ^ r)) < 0 | r >= limit | r <= -limit;
            if (bad && ScalarNumericLoops.isValid(valid, validBit + i)) {
                return i;
            }
            out.set(LONG, outOff + o, r);
        }
        return -1;
    }

    /** Operands of equal scale: {@code a - b}. */
    public static int subtract(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            long limit, MemorySegment valid, long validBit) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            long x = a.get(LONG, aOff + o);
            long y = b.get(LONG, bOff + o);
            long r = x - y;
            boolean bad = ((x ^ y) & (x ^ r)) < 0 | r >= limit | r <= -limit;
            if (bad && ScalarNumericLoops.isValid(valid, validBit + i)) {
                return i;
            }
            out.set(LONG, outOff + o, r);
        }
        return -1;
    }

    /** {@code a * aFactor + b * bFactor}, the factors being the powers of ten that align the scales. */
    public static int addRescaled(MemorySegment a, long aOff, long aFactor, MemorySegment b, long bOff, long bFactor,
            MemorySegment out, long outOff, int count, long limit, MemorySegment valid, long validBit) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            long x = a.get(LONG, aOff + o);
            long y = b.get(LONG, bOff + o);
            long xs = x * aFactor;
            long ys = y * bFactor;
            long r = xs + ys;
            boolean bad = Math.multiplyHigh(x, aFactor) != (xs >> 63) | Math.multiplyHigh(y, bFactor) != (ys >> 63)
                    | ((xs ^ r) & (ys ^ r)) < 0 | r >= limit | r <= -limit;
            if (bad && ScalarNumericLoops.isValid(valid, validBit + i)) {
                return i;
            }
            out.set(LONG, outOff + o, r);
        }
        return -1;
    }

    /** {@code a * aFactor - b * bFactor}. */
    public static int subtractRescaled(MemorySegment a, long aOff, long aFactor, MemorySegment b, long bOff, long bFactor,
            MemorySegment out, long outOff, int count, long limit, MemorySegment valid, long validBit) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            long x = a.get(LONG, aOff + o);
            long y = b.get(LONG, bOff + o);
            long xs = x * aFactor;
            long ys = y * bFactor;
            long r = xs - ys;
            boolean bad = Math.multiplyHigh(x, aFactor) != (xs >> 63) | Math.multiplyHigh(y, bFactor) != (ys >> 63)
                    | ((xs ^ ys) & (xs ^ r)) < 0 | r >= limit | r <= -limit;
            if (bad && ScalarNumericLoops.isValid(valid, validBit + i)) {
                return i;
            }
            out.set(LONG, outOff + o, r);
        }
        return -1;
    }

    /** {@code a * b}; the result scale is the sum of the operand scales, so no rescaling is needed. */
    public static int multiply(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            long limit, MemorySegment valid, long validBit) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            long x = a.get(LONG, aOff + o);
            long y = b.get(LONG, bOff + o);
            long r = x * y;
            boolean bad = Math.multiplyHigh(x, y) != (r >> 63) | r >= limit | r <= -limit;
            if (bad && ScalarNumericLoops.isValid(valid, validBit + i)) {
                return i;
            }
            out.set(LONG, outOff + o, r);
        }
        return -1;
    }

    /**
     * {@code round_half_up(a * 10^shift / b)}: the quotient of two decimals at the result scale when
     * {@code shift = resultScale - aScale + bScale} ({@code -18 <= shift <= 36}). Returns the first
     * non-null row that divides by zero or overflows (the caller tells them apart by the divisor).
     */
    public static int divide(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment out, long outOff, int count,
            int shift, long limit, MemorySegment valid, long validBit) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            long y = b.get(LONG, bOff + o);
            long r = y == 0 ? OVERFLOW : divideHalfUp(a.get(LONG, aOff + o), y, shift, limit);
            if (r == OVERFLOW) {
                if (ScalarNumericLoops.isValid(valid, validBit + i)) {
                    return i;
                }
                r = 0;
            }
            out.set(LONG, outOff + o, r);
        }
        return -1;
    }

    /**
     * {@code round_half_up(x * 10^shift / y)} for {@code y != 0} and {@code -18 <= shift <= 36}, or
     * {@link #OVERFLOW} when its magnitude is not below {@code limit} ({@code limit <= 10^18}).
     * Works on magnitudes as unsigned 128-bit numbers, so no intermediate can overflow.
     */
    public static long divideHalfUp(long x, long y, int shift, long limit) {
        boolean negative = (x ^ y) < 0;
        long ux = Math.abs(x); // as unsigned: Math.abs(MIN_VALUE) is 2^63, the right magnitude
        long uy = Math.abs(y);
        long q;
        boolean roundUp;
        if (shift >= 0) {
            int first = Math.min(shift, 18);
            long hi = Math.unsignedMultiplyHigh(ux, POWERS_OF_TEN[first]);
            long lo = ux * POWERS_OF_TEN[first];
            if (shift > 18) {
                long m = POWERS_OF_TEN[shift - 18];
                if (Math.unsignedMultiplyHigh(hi, m) != 0) {
                    return OVERFLOW;
                }
                long carry = Math.unsignedMultiplyHigh(lo, m);
                long newHi = hi * m + carry;
                if (Long.compareUnsigned(newHi, carry) < 0) {
                    return OVERFLOW;
                }
                hi = newHi;
                lo *= m;
            }
            if (Long.compareUnsigned(hi, uy) >= 0) {
                return OVERFLOW; // the quotient needs more than 64 bits
            }
            q = divideUnsigned128(hi, lo, uy);
            long rem = lo - q * uy;
            roundUp = Long.compareUnsigned(rem, uy - rem) >= 0;
        } else {
            long m = POWERS_OF_TEN[-shift];
            long dHi = Math.unsignedMultiplyHigh(uy, m);
            long dLo = uy * m;
            if (dHi != 0) {
                // divisor >= 2^64 > |x|: quotient 0, rounds up iff 2|x| >= divisor (2|x| <= 2^64)
                q = 0;
                long twoHi = ux >>> 63;
                long twoLo = ux << 1;
                roundUp = twoHi > dHi || (twoHi == dHi && Long.compareUnsigned(twoLo, dLo) >= 0);
            } else {
                q = Long.divideUnsigned(ux, dLo);
                long rem = ux - q * dLo;
                roundUp = Long.compareUnsigned(rem, dLo - rem) >= 0;
            }
        }
        if (Long.compareUnsigned(q, limit) >= 0) {
            return OVERFLOW;
        }
        if (roundUp) {
            q++;
            if (q >= limit) {
                return OVERFLOW;
            }
        }
        return negative ? -q : q;
    }

    /**
     * {@code (hi:lo) / d} for unsigned 64-bit words with {@code hi < d} (so the quotient fits 64 bits):
     * Knuth's algorithm D with two 32-bit digits (Hacker's Delight, divlu).
     */
    static long divideUnsigned128(long hi, long lo, long d) {
        final long base = 1L << 32;
        int s = Long.numberOfLeadingZeros(d);
        long v = d << s;
        long vn1 = v >>> 32;
        long vn0 = v & 0xFFFFFFFFL;
        long un32 = (hi << s) | (s == 0 ? 0 : lo >>> (64 - s));
        long un10 = lo << s;
        long un1 = un10 >>> 32;
        long un0 = un10 & 0xFFFFFFFFL;
        long q1 = Long.divideUnsigned(un32, vn1);
        long rhat = un32 - q1 * vn1;
        while (Long.compareUnsigned(q1, base) >= 0 || Long.compareUnsigned(q1 * vn0, base * rhat + un1) > 0) {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, base) >= 0) {
                break;
            }
        }
        long un21 = un32 * base + un1 - q1 * v;
        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (Long.compareUnsigned(q0, base) >= 0 || Long.compareUnsigned(q0 * vn0, base * rhat + un0) > 0) {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, base) >= 0) {
                break;
            }
        }
        return q1 * base + q0;
    }

    // ---- rescaling (casts) ----

    /**
     * {@code out = in * factor} for long inputs, exact: a row overflows iff {@code |in| >= maxAbs},
     * where {@code maxAbs = 10^(precision - log10(factor))} (1 when that exponent is negative).
     */
    public static int scaleUp(MemorySegment in, long inOff, MemorySegment out, long outOff, int count, long factor, long maxAbs,
            MemorySegment valid, long validBit) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            long x = in.get(LONG, inOff + o);
            if ((x >= maxAbs | x <= -maxAbs) && ScalarNumericLoops.isValid(valid, validBit + i)) {
                return i;
            }
            out.set(LONG, outOff + o, x * factor);
        }
        return -1;
    }

    /** {@link #scaleUp} for int inputs. */
    public static int scaleUpInt(MemorySegment in, long inOff, MemorySegment out, long outOff, int count, long factor, long maxAbs,
            MemorySegment valid, long validBit) {
        for (int i = 0; i < count; i++) {
            long x = in.get(INT, inOff + ((long) i << 2));
            if ((x >= maxAbs | x <= -maxAbs) && ScalarNumericLoops.isValid(valid, validBit + i)) {
                return i;
            }
            out.set(LONG, outOff + ((long) i << 3), x * factor);
        }
        return -1;
    }

    /**
     * {@code out = round_half_up(in / divisor)} ({@code divisor} a power of ten >= 10); a row
     * overflows iff the rounded magnitude is {@code >= limit}.
     */
    public static int scaleDown(MemorySegment in, long inOff, MemorySegment out, long outOff, int count, long divisor, long limit,
            MemorySegment valid, long validBit) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            long x = in.get(LONG, inOff + o);
            long q = x / divisor;
            long rem = x - q * divisor;
            // |rem| < divisor <= 10^18, so doubling it cannot overflow; the remainder has x's sign
            if (Math.abs(rem) * 2 >= divisor) {
                q += (x >> 63) | 1;
            }
            if ((q >= limit | q <= -limit) && ScalarNumericLoops.isValid(valid, validBit + i)) {
                return i;
            }
            out.set(LONG, outOff + o, q);
        }
        return -1;
    }

    /** {@code out = (double) in / divisor}, {@code divisor} being {@code 10^scale} (exact in a double). */
    public static void toDouble(MemorySegment in, long inOff, MemorySegment out, long outOff, int count, double divisor) {
        for (int i = 0; i < count; i++) {
            long o = (long) i << 3;
            out.set(DOUBLE, outOff + o, (double) in.get(LONG, inOff + o) / divisor);
        }
    }
}
