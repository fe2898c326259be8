package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;

import io.basalt.data.DataType;
import io.basalt.vectorops.ArithmeticKernels;
import io.basalt.vectorops.ArithmeticOp;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.DatePart;
import io.basalt.vectorops.scalar.ArithmeticChecks.NumericClass;

/**
 * What every {@link ArithmeticKernels} backend shares: argument validation, output validity (with
 * {@link Bitmaps}), the commutative rewrites and the error reporting. A backend only supplies the
 * loops through the protected hooks, so backends cannot drift apart in what they accept or how
 * they fail. Hooks get byte offsets and return the first failing row, or -1. Stateless.
 */
public abstract class ArithmeticKernelsBase implements ArithmeticKernels {
    protected ArithmeticKernelsBase() {}

    /** {@code out[i] = a[i] op b[i]} for one numeric class; DIVIDE returns the first valid row dividing by zero. */
    protected abstract int binaryLoop(NumericClass type, ArithmeticOp op, MemorySegment a, long ao, MemorySegment b, long bo,
            MemorySegment out, int n, MemorySegment valid);

    /** {@code out[i] = a[i] op c} for INT (c fits an int) or LONG; never called with DIVIDE by 0. */
    protected abstract void integerRightConstantLoop(NumericClass type, ArithmeticOp op, MemorySegment a, long ao, long c,
            MemorySegment out, int n);

    /** {@code out[i] = a[i] op c} for FLOAT (c narrowed to float) or DOUBLE. */
    protected abstract void floatRightConstantLoop(NumericClass type, ArithmeticOp op, MemorySegment a, long ao, double c,
            MemorySegment out, int n);

    /** {@code out[i] = c op b[i]} for SUBTRACT or DIVIDE on INT or LONG; DIVIDE returns the first valid zero row. */
    protected abstract int integerLeftConstantLoop(NumericClass type, ArithmeticOp op, long c, MemorySegment b, long bo,
            MemorySegment out, int n, MemorySegment valid);

    /** {@code out[i] = c op b[i]} for SUBTRACT or DIVIDE on FLOAT or DOUBLE. */
    protected abstract void floatLeftConstantLoop(NumericClass type, ArithmeticOp op, double c, MemorySegment b, long bo,
            MemorySegment out, int n);

    /** The decimal loop for {@code op} as planned; returns the first failing row. */
    protected abstract int decimalLoop(ArithmeticOp op, DecimalPlan plan, MemorySegment a, long ao, MemorySegment b, long bo,
            MemorySegment out);

    /** The cast loop for {@code plan.kind()} (never COPY); returns the first failing row. */
    protected abstract int castLoop(CastPlan plan, MemorySegment in, long io, MemorySegment out, int n);

    /** Date part of days ({@code micros == false}) or timestamp microseconds. */
    protected abstract void extractLoop(DatePart part, boolean micros, MemorySegment in, long io, MemorySegment out, int n);

    @Override
    public final void binary(ArithmeticOp op, ColumnRef left, ColumnRef right, MemorySegment out, MemorySegment outValidity) {
        NumericClass type = ArithmeticChecks.commonClass(op, left, right);
        int n = left.count();
        ArithmeticChecks.checkOutput(out, outValidity, n, type.width());
        Bitmaps.and(left.validity(), left.offset(), right.validity(), right.offset(), n, outValidity);
        MemorySegment valid = ArithmeticChecks.validOrNull(outValidity, left, right);
        int bad = binaryLoop(type, op, left.data(), (long) left.offset() * type.width(),
                right.data(), (long) right.offset() * type.width(), out, n, valid);
        if (bad >= 0) {
            throw ArithmeticChecks.divisionByZero(bad, ArithmeticChecks.valueAt(left, bad));
        }
    }

    @Override
    public final void binaryRightConstant(ArithmeticOp op, ColumnRef left, long right, MemorySegment out, MemorySegment outValidity) {
        NumericClass type = ArithmeticChecks.numericClass(left.type(), "left operand");
        ArithmeticChecks.checkLongConstant(type, right);
        switch (type) {
            case INT, LONG -> integerRightConstant(type, op, left, right, out, outValidity);
            case FLOAT, DOUBLE -> floatRightConstant(type, op, left, right, out, outValidity);
        }
    }

    @Override
    public final void binaryRightConstant(ArithmeticOp op, ColumnRef left, double right, MemorySegment out, MemorySegment outValidity) {
        NumericClass type = ArithmeticChecks.numericClass(left.type(), "left operand");
        ArithmeticChecks.checkDoubleConstant(type, left);
        floatRightConstant(type, op, left, right, out, outValidity);
    }

    @Override
    public final void binaryLeftConstant(ArithmeticOp op, long left, ColumnRef right, MemorySegment out, MemorySegment outValidity) {
        NumericClass type = ArithmeticChecks.numericClass(right.type(), "right operand");
        ArithmeticChecks.checkLongConstant(type, left);
        switch (type) {
            case INT, LONG -> integerLeftConstant(type, op, left, right, out, outValidity);
            case FLOAT, DOUBLE -> floatLeftConstant(type, op, left, right, out, outValidity);
        }
    }

    @Override
    public final void binaryLeftConstant(ArithmeticOp op, double left, ColumnRef right, MemorySegment out, MemorySegment outValidity) {
        NumericClass type = ArithmeticChecks.numericClass(right.type(), "right operand");
        ArithmeticChecks.checkDoubleConstant(type, right);
        floatLeftConstant(type, op, left, right, out, outValidity);
    }

    private void integerRightConstant(NumericClass type, ArithmeticOp op, ColumnRef left, long c, MemorySegment out,
            MemorySegment outValidity) {
        int n = left.count();
        ArithmeticChecks.checkOutput(out, outValidity, n, type.width());
        Bitmaps.copy(left.validity(), left.offset(), n, outValidity);
        if (op == ArithmeticOp.DIVIDE && c == 0) {
            int row = ArithmeticChecks.firstValidRow(left);
            if (row >= 0) {
                throw ArithmeticChecks.divisionByZero(row, ArithmeticChecks.valueAt(left, row));
            }
            return; // every row is null: nothing to compute
        }
        integerRightConstantLoop(type, op, left.data(), (long) left.offset() * type.width(), c, out, n);
    }

    private void floatRightConstant(NumericClass type, ArithmeticOp op, ColumnRef left, double c, MemorySegment out,
            MemorySegment outValidity) {
        int n = left.count();
        ArithmeticChecks.checkOutput(out, outValidity, n, type.width());
        Bitmaps.copy(left.validity(), left.offset(), n, outValidity);
        floatRightConstantLoop(type, op, left.data(), (long) left.offset() * type.width(), c, out, n);
    }

    private void integerLeftConstant(NumericClass type, ArithmeticOp op, long c, ColumnRef right, MemorySegment out,
            MemorySegment outValidity) {
        if (op == ArithmeticOp.ADD || op == ArithmeticOp.MULTIPLY) {
            integerRightConstant(type, op, right, c, out, outValidity); // commutative (wrapping arithmetic too)
            return;
        }
        int n = right.count();
        ArithmeticChecks.checkOutput(out, outValidity, n, type.width());
        Bitmaps.copy(right.validity(), right.offset(), n, outValidity);
        MemorySegment valid = ArithmeticChecks.validOrNull(outValidity, right, null);
        int bad = integerLeftConstantLoop(type, op, c, right.data(), (long) right.offset() * type.width(), out, n, valid);
        if (bad >= 0) {
            throw ArithmeticChecks.divisionByZero(bad, Long.toString(c));
        }
    }

    private void floatLeftConstant(NumericClass type, ArithmeticOp op, double c, ColumnRef right, MemorySegment out,
            MemorySegment outValidity) {
        if (op == ArithmeticOp.ADD || op == ArithmeticOp.MULTIPLY) {
            floatRightConstant(type, op, right, c, out, outValidity); // IEEE + and * are commutative
            return;
        }
        int n = right.count();
        ArithmeticChecks.checkOutput(out, outValidity, n, type.width());
        Bitmaps.copy(right.validity(), right.offset(), n, outValidity);
        floatLeftConstantLoop(type, op, c, right.data(), (long) right.offset() * type.width(), out, n);
    }

    @Override
    public final void decimal(ArithmeticOp op, ColumnRef left, ColumnRef right, DataType result, MemorySegment out,
            MemorySegment outValidity) {
        DecimalPlan plan = DecimalPlan.of(op, left, right, result, out, outValidity);
        int bad = decimalLoop(op, plan, left.data(), (long) left.offset() * 8, right.data(), (long) right.offset() * 8, out);
        if (bad >= 0) {
            throw plan.failure(bad);
        }
    }

    @Override
    public final void cast(ColumnRef input, DataType target, MemorySegment out, MemorySegment outValidity) {
        CastPlan plan = CastPlan.of(input, target, out, outValidity);
        int bad = plan.kind() == CastPlan.Kind.COPY
                ? plan.copy(out)
                : castLoop(plan, input.data(), (long) input.offset() * plan.inputWidth(), out, input.count());
        if (bad >= 0) {
            throw plan.failure(bad);
        }
    }

    @Override
    public final void extract(DatePart part, ColumnRef input, MemorySegment out, MemorySegment outValidity) {
        boolean micros = ArithmeticChecks.prepareExtract(input, out, outValidity);
        extractLoop(part, micros, input.data(), (long) input.offset() * (micros ? 8 : 4), out, input.count());
    }
}
