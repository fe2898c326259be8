package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The scalar loops behind numeric comparisons, BETWEEN and IN: one static loop per value type over
 * rows {@code [from, to)} of a column whose row 0 is buffer row {@code offset}. They append the
 * selected rows to {@code out} from position {@code n} and return the new {@code n}, ignoring
 * validity (callers drop null rows afterwards with {@link ScalarSelectionLoops#dropNulls}). The
 * selection is branch-free ({@code out[n] = row; n += hit}), so the time does not depend on how
 * predictable the data is. The SIMD backend calls these for its tails. Stateless.
 */
public final class ScalarCompareLoops {
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Up to this many IN values a linear scan beats a binary search. */
    public static final int LINEAR_IN_MAX = 16;

    private ScalarCompareLoops() {}

    // ---- value in [low, high], XOR negate ----

    public static int rangeInt(MemorySegment data, long offset, int from, int to, int low, int high, boolean negate, int[] out, int n) {
        for (int r = from; r < to; r++) {
            int v = data.getAtIndex(INT, offset + r);
            out[n] = r;
            n += (v >= low & v <= high) != negate ? 1 : 0;
        }
        return n;
    }

    public static int rangeLong(MemorySegment data, long offset, int from, int to, long low, long high, boolean negate, int[] out, int n) {
        for (int r = from; r < to; r++) {
            long v = data.getAtIndex(LONG, offset + r);
            out[n] = r;
            n += (v >= low & v <= high) != negate ? 1 : 0;
        }
        return n;
    }

    public static int rangeFloat(MemorySegment data, long offset, int from, int to, float low, float high, boolean negate, int[] out, int n) {
        for (int r = from; r < to; r++) {
            float v = data.getAtIndex(FLOAT, offset + r);
            out[n] = r;
            n += (v >= low & v <= high) != negate ? 1 : 0;
        }
        return n;
    }

    public static int rangeDouble(MemorySegment data, long offset, int from, int to, double low, double high, boolean negate, int[] out, int n) {
        for (int r = from; r < to; r++) {
            double v = data.getAtIndex(DOUBLE, offset + r);
            out[n] = r;
            n += (v >= low & v <= high) != negate ? 1 : 0;
        }
        return n;
    }

    // ---- column op column, the operator given by which orderings it accepts ----

    public static int compareInt(MemorySegment a, long aOffset, MemorySegment b, long bOffset, int from, int to,
            boolean less, boolean equal, boolean greater, int[] out, int n) {
        for (int r = from; r < to; r++) {
            int x = a.getAtIndex(INT, aOffset + r);
            int y = b.getAtIndex(INT, bOffset + r);
            out[n] = r;
            n += (x < y & less) | (x == y & equal) | (x > y & greater) ? 1 : 0;
        }
        return n;
    }

    public static int compareLong(MemorySegment a, long aOffset, MemorySegment b, long bOffset, int from, int to,
            boolean less, boolean equal, boolean greater, int[] out, int n) {
        for (int r = from; r < to; r++) {
            long x = a.getAtIndex(LONG, aOffset + r);
            long y = b.getAtIndex(LONG, bOffset + r);
            out[n] = r;
            n += (x < y & less) | (x == y & equal) | (x > y & greater) ? 1 : 0;
        }
        return n;
    }

    public static int compareFloat(MemorySegment a, long aOffset, MemorySegment b, long bOffset, int from, int to,
            boolean less, boolean equal, boolean greater, boolean unordered, int[] out, int n) {
        for (int r = from; r < to; r++) {
            float x = a.getAtIndex(FLOAT, aOffset + r);
            float y = b.getAtIndex(FLOAT, bOffset + r);
            boolean lt = x < y;
            boolean eq = x == y;
            boolean gt = x > y;
            out[n] = r;
            n += (lt & less) | (eq & equal) | (gt & greater) | (!(lt | eq | gt) & unordered) ? 1 : 0;
        }
        return n;
    }

    public static int compareDouble(MemorySegment a, long aOffset, MemorySegment b, long bOffset, int from, int to,
            boolean less, boolean equal, boolean greater, boolean unordered, int[] out, int n) {
        for (int r = from; r < to; r++) {
            double x = a.getAtIndex(DOUBLE, aOffset + r);
            double y = b.getAtIndex(DOUBLE, bOffset + r);
            boolean lt = x < y;
            boolean eq = x == y;
            boolean gt = x > y;
            out[n] = r;
            n += (lt & less) | (eq & equal) | (gt & greater) | (!(lt | eq | gt) & unordered) ? 1 : 0;
        }
        return n;
    }

    // ---- IN: values distinct and ascending; doubles without NaN or -0.0 ----

    public static int inInt(MemorySegment data, long offset, int from, int to, int[] values, int[] out, int n) {
        boolean linear = values.length <= LINEAR_IN_MAX;
        for (int r = from; r < to; r++) {
            int v = data.getAtIndex(INT, offset + r);
            boolean hit = false;
            if (linear) {
                for (int c : values) {
                    hit |= v == c;
                }
            } else {
                hit = Arrays.binarySearch(values, v) >= 0;
            }
            out[n] = r;
            n += hit ? 1 : 0;
        }
        return n;
    }

    public static int inLong(MemorySegment data, long offset, int from, int to, long[] values, int[] out, int n) {
        boolean linear = values.length <= LINEAR_IN_MAX;
        for (int r = from; r < to; r++) {
            long v = data.getAtIndex(LONG, offset + r);
            boolean hit = false;
            if (linear) {
                for (long c : values) {
                    hit |= v == c;
                }
            } else {
                hit = Arrays.binarySearch(values, v) >= 0;
            }
            out[n] = r;
            n += hit ? 1 : 0;
        }
        return n;
    }

    public static int inFloat(MemorySegment data, long offset, int from, int to, float[] values, int[] out, int n) {
        boolean linear = values.length <= LINEAR_IN_MAX;
        for (int r = from; r < to; r++) {
            float v = data.getAtIndex(FLOAT, offset + r);
            boolean hit = false;
            if (linear) {
                for (float c : values) {
                    hit |= v == c;
                }
            } else {
                // The search orders by Float.compare, so -0.0 must be looked up as 0.0; NaN is never found.
                hit = Arrays.binarySearch(values, v == 0 ? 0.0f : v) >= 0;
            }
            out[n] = r;
            n += hit ? 1 : 0;
        }
        return n;
    }

    public static int inDouble(MemorySegment data, long offset, int from, int to, double[] values, int[] out, int n) {
        boolean linear = values.length <= LINEAR_IN_MAX;
        for (int r = from; r < to; r++) {
            double v = data.getAtIndex(DOUBLE, offset + r);
            boolean hit = false;
            if (linear) {
                for (double c : values) {
                    hit |= v == c;
                }
            } else {
                hit = Arrays.binarySearch(values, v == 0 ? 0.0 : v) >= 0;
            }
            out[n] = r;
            n += hit ? 1 : 0;
        }
        return n;
    }
}
