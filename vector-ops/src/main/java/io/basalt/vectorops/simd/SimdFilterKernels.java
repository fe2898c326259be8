package io.basalt.vectorops.simd;

import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.CompareOp;
import io.basalt.vectorops.FilterKernelsBase;
import io.basalt.vectorops.LikePattern;
import io.basalt.vectorops.scalar.ScalarCompareLoops;
import io.basalt.vectorops.scalar.ScalarFilterKernels;
import io.basalt.vectorops.scalar.ScalarSelectionLoops;
import io.basalt.vectorops.scalar.ScalarUtf8Loops;

/**
 * The JDK Vector API {@link io.basalt.vectorops.FilterKernels} backend, with results identical to
 * {@link ScalarFilterKernels}. Comparisons, BETWEEN, short IN lists, IS [NOT] NULL, AND/OR/NOT and
 * the literal string predicates are vectorised ({@link SimdCompareLoops}, {@link SimdSelections},
 * {@link SimdUtf8Loops}); IN lists longer than 16 values and
 * general LIKE patterns use the scalar loops. Load only when
 * {@link io.basalt.vectorops.VectorSupport#isAvailable()}. Stateless and thread-safe.
 */
public final class SimdFilterKernels extends FilterKernelsBase {
    public static final SimdFilterKernels INSTANCE = new SimdFilterKernels();

    private SimdFilterKernels() {}

    @Override
    protected int selectRange(ColumnRef c, Layout layout, long low, long high, boolean negate, int[] out) {
        return switch (layout) {
            case INT -> SimdCompareLoops.rangeInt(c.data(), c.offset(), c.validity(), c.count(), (int) low, (int) high, negate, out);
            case LONG -> SimdCompareLoops.rangeLong(c.data(), c.offset(), c.validity(), c.count(), low, high, negate, out);
            case FLOAT, DOUBLE -> throw new IllegalStateException("integer range on " + layout);
        };
    }

    @Override
    protected int selectRange(ColumnRef c, Layout layout, double low, double high, boolean negate, int[] out) {
        return switch (layout) {
            case FLOAT -> SimdCompareLoops.rangeFloat(c.data(), c.offset(), c.validity(), c.count(), (float) low, (float) high, negate, out);
            case DOUBLE -> SimdCompareLoops.rangeDouble(c.data(), c.offset(), c.validity(), c.count(), low, high, negate, out);
            case INT, LONG -> throw new IllegalStateException("floating-point range on " + layout);
        };
    }

    @Override
    protected int selectCompare(ColumnRef l, CompareOp op, ColumnRef r, Layout layout, int[] out) {
        boolean lt = op.acceptsLess();
        boolean eq = op.acceptsEqual();
        boolean gt = op.acceptsGreater();
        boolean un = op.acceptsUnordered();
        return switch (layout) {
            case INT -> SimdCompareLoops.compareInt(l.data(), l.offset(), l.validity(), r.data(), r.offset(), r.validity(), l.count(), lt, eq, gt, out);
            case LONG -> SimdCompareLoops.compareLong(l.data(), l.offset(), l.validity(), r.data(), r.offset(), r.validity(), l.count(), lt, eq, gt, out);
            case FLOAT -> SimdCompareLoops.compareFloat(l.data(), l.offset(), l.validity(), r.data(), r.offset(), r.validity(), l.count(),
                    lt, eq, gt, un, out);
            case DOUBLE -> SimdCompareLoops.compareDouble(l.data(), l.offset(), l.validity(), r.data(), r.offset(), r.validity(), l.count(),
                    lt, eq, gt, un, out);
        };
    }

    @Override
    protected int selectIn(ColumnRef c, Layout layout, long[] values, int[] out) {
        if (values.length > SimdCompareLoops.VECTOR_IN_MAX) {
            // One lane-wise compare per value stops paying off; the scalar loop binary-searches instead.
            int n = switch (layout) {
                case INT -> ScalarCompareLoops.inInt(c.data(), c.offset(), 0, c.count(), ScalarFilterKernels.toInts(values), out, 0);
                case LONG -> ScalarCompareLoops.inLong(c.data(), c.offset(), 0, c.count(), values, out, 0);
                case FLOAT, DOUBLE -> throw new IllegalStateException("integer IN on " + layout);
            };
            return ScalarSelectionLoops.dropNulls(c.validity(), c.offset(), out, 0, n);
        }
        return switch (layout) {
            case INT -> SimdCompareLoops.inInt(c.data(), c.offset(), c.validity(), c.count(), ScalarFilterKernels.toInts(values), out);
            case LONG -> SimdCompareLoops.inLong(c.data(), c.offset(), c.validity(), c.count(), values, out);
            case FLOAT, DOUBLE -> throw new IllegalStateException("integer IN on " + layout);
        };
    }

    @Override
    protected int selectIn(ColumnRef c, Layout layout, double[] values, int[] out) {
        if (values.length > SimdCompareLoops.VECTOR_IN_MAX) {
            int n = switch (layout) {
                case FLOAT -> ScalarCompareLoops.inFloat(c.data(), c.offset(), 0, c.count(), ScalarFilterKernels.toFloats(values), out, 0);
                case DOUBLE -> ScalarCompareLoops.inDouble(c.data(), c.offset(), 0, c.count(), values, out, 0);
                case INT, LONG -> throw new IllegalStateException("floating-point IN on " + layout);
            };
            return ScalarSelectionLoops.dropNulls(c.validity(), c.offset(), out, 0, n);
        }
        return switch (layout) {
            case FLOAT -> SimdCompareLoops.inFloat(c.data(), c.offset(), c.validity(), c.count(), ScalarFilterKernels.toFloats(values), out);
            case DOUBLE -> SimdCompareLoops.inDouble(c.data(), c.offset(), c.validity(), c.count(), values, out);
            case INT, LONG -> throw new IllegalStateException("floating-point IN on " + layout);
        };
    }

    @Override
    protected int selectValidity(ColumnRef c, boolean nulls, int[] out) {
        return SimdSelections.validity(c.validity(), c.offset(), c.count(), nulls, out);
    }

    @Override
    protected int selectUtf8(ColumnRef c, LikePattern.Kind kind, byte[] literal, int[] out) {
        return switch (kind) {
            case EXACT -> SimdUtf8Loops.equal(c.offsets(), c.data(), c.offset(), c.validity(), c.count(), literal, out);
            case PREFIX, SUFFIX -> SimdUtf8Loops.affix(c.offsets(), c.data(), c.offset(), c.validity(), c.count(),
                    kind == LikePattern.Kind.SUFFIX, literal, out);
            case CONTAINS -> SimdUtf8Loops.contains(c.offsets(), c.data(), c.offset(), c.validity(), c.count(), literal, out);
            case ANY, GENERAL -> throw new IllegalStateException("no literal loop for " + kind);
        };
    }

    @Override
    protected int selectLike(ColumnRef c, LikePattern pattern, int[] out) {
        // Backtracking over variable-length code points does not map onto lanes; this stays scalar.
        int n = ScalarUtf8Loops.like(c.offsets(), c.data(), c.offset(), 0, c.count(),
                pattern.segments(), pattern.anchoredStart(), pattern.anchoredEnd(), out, 0);
        return ScalarSelectionLoops.dropNulls(c.validity(), c.offset(), out, 0, n);
    }

    @Override
    protected int intersect(int[] a, int aSize, int[] b, int bSize, int count, int[] out) {
        return SimdSelections.and(a, aSize, b, bSize, count, out);
    }

    @Override
    protected int union(int[] a, int aSize, int[] b, int bSize, int count, int[] out) {
        return SimdSelections.or(a, aSize, b, bSize, count, out);
    }

    @Override
    protected int complement(int[] a, int aSize, int count, int[] out) {
        return SimdSelections.not(a, aSize, count, out);
    }
}
