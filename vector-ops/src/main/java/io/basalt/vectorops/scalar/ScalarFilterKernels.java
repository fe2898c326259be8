package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;

import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.CompareOp;
import io.basalt.vectorops.FilterKernelsBase;
import io.basalt.vectorops.LikePattern;

/**
 * The reference {@link io.basalt.vectorops.FilterKernels} backend: plain Java loops (in
 * {@link ScalarCompareLoops}, {@link ScalarUtf8Loops}, {@link ScalarSelectionLoops}) that run on any
 * JVM. Null rows are evaluated like any other and dropped in a second pass over the (cache-hot)
 * selected indices. Stateless and thread-safe.
 */
public final class ScalarFilterKernels extends FilterKernelsBase {
    public static final ScalarFilterKernels INSTANCE = new ScalarFilterKernels();

    private ScalarFilterKernels() {}

    @Override
    protected int selectRange(ColumnRef c, Layout layout, long low, long high, boolean negate, int[] out) {
        int n = switch (layout) {
            case INT -> ScalarCompareLoops.rangeInt(c.data(), c.offset(), 0, c.count(), (int) low, (int) high, negate, out, 0);
            case LONG -> ScalarCompareLoops.rangeLong(c.data(), c.offset(), 0, c.count(), low, high, negate, out, 0);
            case FLOAT, DOUBLE -> throw new IllegalStateException("integer range on " + layout);
        };
        return ScalarSelectionLoops.dropNulls(c.validity(), c.offset(), out, 0, n);
    }

    @Override
    protected int selectRange(ColumnRef c, Layout layout, double low, double high, boolean negate, int[] out) {
        int n = switch (layout) {
            case FLOAT -> ScalarCompareLoops.rangeFloat(c.data(), c.offset(), 0, c.count(), (float) low, (float) high, negate, out, 0);
            case DOUBLE -> ScalarCompareLoops.rangeDouble(c.data(), c.offset(), 0, c.count(), low, high, negate, out, 0);
            case INT, LONG -> throw new IllegalStateException("floating-point range on " + layout);
        };
        return ScalarSelectionLoops.dropNulls(c.validity(), c.offset(), out, 0, n);
    }

    @Override
    protected int selectCompare(ColumnRef left, CompareOp op, ColumnRef right, Layout layout, int[] out) {
        MemorySegment a = left.data();
        MemorySegment b = right.data();
        long ao = left.offset();
        long bo = right.offset();
        int count = left.count();
        boolean lt = op.acceptsLess();
        boolean eq = op.acceptsEqual();
        boolean gt = op.acceptsGreater();
        boolean un = op.acceptsUnordered();
        int n = switch (layout) {
            case INT -> ScalarCompareLoops.compareInt(a, ao, b, bo, 0, count, lt, eq, gt, out, 0);
            case LONG -> ScalarCompareLoops.compareLong(a, ao, b, bo, 0, count, lt, eq, gt, out, 0);
            case FLOAT -> ScalarCompareLoops.compareFloat(a, ao, b, bo, 0, count, lt, eq, gt, un, out, 0);
            case DOUBLE -> ScalarCompareLoops.compareDouble(a, ao, b, bo, 0, count, lt, eq, gt, un, out, 0);
        };
        n = ScalarSelectionLoops.dropNulls(left.validity(), ao, out, 0, n);
        return ScalarSelectionLoops.dropNulls(right.validity(), bo, out, 0, n);
    }

    @Override
    protected int selectIn(ColumnRef c, Layout layout, long[] values, int[] out) {
        int n = switch (layout) {
            case INT -> ScalarCompareLoops.inInt(c.data(), c.offset(), 0, c.count(), toInts(values), out, 0);
            case LONG -> ScalarCompareLoops.inLong(c.data(), c.offset(), 0, c.count(), values, out, 0);
            case FLOAT, DOUBLE -> throw new IllegalStateException("integer IN on " + layout);
        };
        return ScalarSelectionLoops.dropNulls(c.validity(), c.offset(), out, 0, n);
    }

    @Override
    protected int selectIn(ColumnRef c, Layout layout, double[] values, int[] out) {
        int n = switch (layout) {
            case FLOAT -> ScalarCompareLoops.inFloat(c.data(), c.offset(), 0, c.count(), toFloats(values), out, 0);
            case DOUBLE -> ScalarCompareLoops.inDouble(c.data(), c.offset(), 0, c.count(), values, out, 0);
            case INT, LONG -> throw new IllegalStateException("floating-point IN on " + layout);
        };
        return ScalarSelectionLoops.dropNulls(c.validity(), c.offset(), out, 0, n);
    }

    @Override
    protected int selectValidity(ColumnRef c, boolean nulls, int[] out) {
        return ScalarSelectionLoops.validity(c.validity(), c.offset(), 0, c.count(), nulls, out, 0);
    }

    @Override
    protected int selectUtf8(ColumnRef c, LikePattern.Kind kind, byte[] literal, int[] out) {
        MemorySegment offsets = c.offsets();
        MemorySegment data = c.data();
        int n = switch (kind) {
            case EXACT -> ScalarUtf8Loops.equal(offsets, data, c.offset(), 0, c.count(), literal, out, 0);
            case PREFIX -> ScalarUtf8Loops.prefix(offsets, data, c.offset(), 0, c.count(), literal, out, 0);
            case SUFFIX -> ScalarUtf8Loops.suffix(offsets, data, c.offset(), 0, c.count(), literal, out, 0);
            case CONTAINS -> ScalarUtf8Loops.contains(offsets, data, c.offset(), 0, c.count(), literal, out, 0);
            case ANY, GENERAL -> throw new IllegalStateException("no literal loop for " + kind);
        };
        return ScalarSelectionLoops.dropNulls(c.validity(), c.offset(), out, 0, n);
    }

    @Override
    protected int selectLike(ColumnRef c, LikePattern pattern, int[] out) {
        int n = ScalarUtf8Loops.like(c.offsets(), c.data(), c.offset(), 0, c.count(),
                pattern.segments(), pattern.anchoredStart(), pattern.anchoredEnd(), out, 0);
        return ScalarSelectionLoops.dropNulls(c.validity(), c.offset(), out, 0, n);
    }

    @Override
    protected int intersect(int[] a, int aSize, int[] b, int bSize, int count, int[] out) {
        return ScalarSelectionLoops.and(a, 0, aSize, b, 0, bSize, out, 0);
    }

    @Override
    protected int union(int[] a, int aSize, int[] b, int bSize, int count, int[] out) {
        return ScalarSelectionLoops.or(a, 0, aSize, b, 0, bSize, out, 0);
    }

    @Override
    protected int complement(int[] a, int aSize, int count, int[] out) {
        return ScalarSelectionLoops.not(a, 0, aSize, 0, count, out, 0);
    }

    /** The values narrowed to ints (the caller guarantees they fit). */
    public static int[] toInts(long[] values) {
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ints[i] = (int) values[i];
        }
        return ints;
    }

    /** The values narrowed to floats (the caller guarantees they are exact). */
    public static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }
}
