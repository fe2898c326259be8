package io.basalt.vectorops.simd;

import java.lang.foreign.MemorySegment;

import io.basalt.data.DataType;
import io.basalt.vectorops.ArithmeticKernels;
import io.basalt.vectorops.ArithmeticOp;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.DatePart;
import io.basalt.vectorops.scalar.ArithmeticChecks;
import io.basalt.vectorops.scalar.ArithmeticChecks.NumericClass;
import io.basalt.vectorops.scalar.CastPlan;
import io.basalt.vectorops.scalar.DecimalPlan;

/**
 * The Vector API {@link ArithmeticKernels}: the same validation, validity handling and error
 * reporting as the scalar reference (shared through {@link ArithmeticChecks}, {@link DecimalPlan}
 * and {@link CastPlan}), with the loops of {@link SimdNumericLoops}, {@link SimdDecimalLoops},
 * {@link SimdCastLoops} and {@link SimdDateLoops}. Only load when
 * {@code VectorSupport.isAvailable()}. Stateless and thread-safe.
 */
public final class SimdArithmeticKernels implements ArithmeticKernels {
    public static final SimdArithmeticKernels INSTANCE = new SimdArithmeticKernels();

    private SimdArithmeticKernels() {}

    @Override
    public void binary(ArithmeticOp op, ColumnRef left, ColumnRef right, MemorySegment out, MemorySegment outValidity) {
        NumericClass type = ArithmeticChecks.commonClass(op, left, right);
        int n = left.count();
        ArithmeticChecks.checkOutput(out, outValidity, n, type.width());
        Bitmaps.and(left.validity(), left.offset(), right.validity(), right.offset(), n, outValidity);
        MemorySegment valid = ArithmeticChecks.validOrNull(outValidity, left, right);
        MemorySegment a = left.data();
        MemorySegment b = right.data();
        long ao = (long) left.offset() * type.width();
        long bo = (long) right.offset() * type.width();
        int bad = -1;
        switch (type) {
            case INT -> {
                switch (op) {
                    case ADD -> SimdNumericLoops.addInt(a, ao, b, bo, out, 0, n);
                    case SUBTRACT -> SimdNumericLoops.subtractInt(a, ao, b, bo, out, 0, n);
                    case MULTIPLY -> SimdNumericLoops.multiplyInt(a, ao, b, bo, out, 0, n);
                    case DIVIDE -> bad = SimdNumericLoops.divideInt(a, ao, b, bo, out, 0, n, valid, 0);
                }
            }
            case LONG -> {
                switch (op) {
                    case ADD -> SimdNumericLoops.addLong(a, ao, b, bo, out, 0, n);
                    case SUBTRACT -> SimdNumericLoops.subtractLong(a, ao, b, bo, out, 0, n);
                    case MULTIPLY -> SimdNumericLoops.multiplyLong(a, ao, b, bo, out, 0, n);
                    case DIVIDE -> bad = SimdNumericLoops.divideLong(a, ao, b, bo, out, 0, n, valid, 0);
                }
            }
            case FLOAT -> {
                switch (op) {
                    case ADD -> SimdNumericLoops.addFloat(a, ao, b, bo, out, 0, n);
                    case SUBTRACT -> SimdNumericLoops.subtractFloat(a, ao, b, bo, out, 0, n);
                    case MULTIPLY -> SimdNumericLoops.multiplyFloat(a, ao, b, bo, out, 0, n);
                    case DIVIDE -> SimdNumericLoops.divideFloat(a, ao, b, bo, out, 0, n);
                }
            }
            case DOUBLE -> {
                switch (op) {
                    case ADD -> SimdNumericLoops.addDouble(a, ao, b, bo, out, 0, n);
                    case SUBTRACT -> SimdNumericLoops.subtractDouble(a, ao, b, bo, out, 0, n);
                    case MULTIPLY -> SimdNumericLoops.multiplyDouble(a, ao, b, bo, out, 0, n);
                    case DIVIDE -> SimdNumericLoops.divideDouble(a, ao, b, bo, out, 0, n);
                }
            }
        }
        if (bad >= 0) {
            throw ArithmeticChecks.divisionByZero(bad, ArithmeticChecks.valueAt(left, bad));
        }
    }

    @Override
    public void binaryRightConstant(ArithmeticOp op, ColumnRef left, long right, MemorySegment out, MemorySegment outValidity) {
        NumericClass type = ArithmeticChecks.numericClass(left.type(), "left operand");
        ArithmeticChecks.checkLongConstant(type, right);
        switch (type) {
            case INT, LONG -> integerRightConstant(type, op, left, right, out, outValidity);
            case FLOAT, DOUBLE -> floatRightConstant(type, op, left, right, out, outValidity);
        }
    }

    @Override
    public void binaryRightConstant(ArithmeticOp op, ColumnRef left, double right, MemorySegment out, MemorySegment outValidity) {
        NumericClass type = ArithmeticChecks.numericClass(left.type(), "left operand");
        ArithmeticChecks.checkDoubleConstant(type, left);
        floatRightConstant(type, op, left, right, out, outValidity);
    }

    @Override
    public void binaryLeftConstant(ArithmeticOp op, long left, ColumnRef right, MemorySegment out, MemorySegment outValidity) {
        NumericClass type = ArithmeticChecks.numericClass(right.type(), "right operand");
        ArithmeticChecks.checkLongConstant(type, left);
        switch (type) {
            case INT, LONG -> integerLeftConstant(type, op, left, right, out, outValidity);
            case FLOAT, DOUBLE -> floatLeftConstant(type, op, left, right, out, outValidity);
        }
    }

    @Override
    public void binaryLeftConstant(ArithmeticOp op, double left, ColumnRef right, MemorySegment out, MemorySegment outValidity) {
        NumericClass type = ArithmeticChecks.numericClass(right.type(), "right operand");
        ArithmeticChecks.checkDoubleConstant(type, right);
        floatLeftConstant(type, op, left, right, out, outValidity);
    }

    private static void integerRightConstant(NumericClass type, ArithmeticOp op, ColumnRef left, long c, MemorySegment out,
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
        MemorySegment a = left.data();
        long ao = (long) left.offset() * type.width();
        if (type == NumericClass.INT) {
            int k = (int) c;
            switch (op) {
                case ADD -> SimdNumericLoops.addIntRightConstant(a, ao, k, out, 0, n);
                case SUBTRACT -> SimdNumericLoops.subtractIntRightConstant(a, ao, k, out, 0, n);
                case MULTIPLY -> SimdNumericLoops.multiplyIntRightConstant(a, ao, k, out, 0, n);
                case DIVIDE -> SimdNumericLoops.divideIntRightConstant(a, ao, k, out, 0, n);
            }
        } else {
            switch (op) {
                case ADD -> SimdNumericLoops.addLongRightConstant(a, ao, c, out, 0, n);
                case SUBTRACT -> SimdNumericLoops.subtractLongRightConstant(a, ao, c, out, 0, n);
                case MULTIPLY -> SimdNumericLoops.multiplyLongRightConstant(a, ao, c, out, 0, n);
                case DIVIDE -> SimdNumericLoops.divideLongRightConstant(a, ao, c, out, 0, n);
            }
        }
    }

    private static void floatRightConstant(NumericClass type, ArithmeticOp op, ColumnRef left, double c, MemorySegment out,
            MemorySegment outValidity) {
        int n = left.count();
        ArithmeticChecks.checkOutput(out, outValidity, n, type.width());
        Bitmaps.copy(left.validity(), left.offset(), n, outValidity);
        MemorySegment a = left.data();
        long ao = (long) left.offset() * type.width();
        if (type == NumericClass.FLOAT) {
            float k = (float) c;
            switch (op) {
                case ADD -> SimdNumericLoops.addFloatRightConstant(a, ao, k, out, 0, n);
                case SUBTRACT -> SimdNumericLoops.subtractFloatRightConstant(a, ao, k, out, 0, n);
                case MULTIPLY -> SimdNumericLoops.multiplyFloatRightConstant(a, ao, k, out, 0, n);
                case DIVIDE -> SimdNumericLoops.divideFloatRightConstant(a, ao, k, out, 0, n);
            }
        } else {
            switch (op) {
                case ADD -> SimdNumericLoops.addDoubleRightConstant(a, ao, c, out, 0, n);
                case SUBTRACT -> SimdNumericLoops.subtractDoubleRightConstant(a, ao, c, out, 0, n);
                case MULTIPLY -> SimdNumericLoops.multiplyDoubleRightConstant(a, ao, c, out, 0, n);
                case DIVIDE -> SimdNumericLoops.divideDoubleRightConstant(a, ao, c, out, 0, n);
            }
        }
    }

    private static void integerLeftConstant(NumericClass type, ArithmeticOp op, long c, ColumnRef right, MemorySegment out,
            MemorySegment outValidity) {
        if (op == ArithmeticOp.ADD || op == ArithmeticOp.MULTIPLY) {
            integerRightConstant(type, op, right, c, out, outValidity); // commutative (wrapping arithmetic too)
            return;
        }
        int n = right.count();
        ArithmeticChecks.checkOutput(out, outValidity, n, type.width());
        Bitmaps.copy(right.validity(), right.offset(), n, outValidity);
        MemorySegment valid = ArithmeticChecks.validOrNull(outValidity, right, null);
        MemorySegment b = right.data();
        long bo = (long) right.offset() * type.width();
        int bad = -1;
        if (type == NumericClass.INT) {
            if (op == ArithmeticOp.SUBTRACT) {
                SimdNumericLoops.subtractIntLeftConstant((int) c, b, bo, out, 0, n);
            } else {
                bad = SimdNumericLoops.divideIntLeftConstant((int) c, b, bo, out, 0, n, valid, 0);
            }
        } else {
            if (op == ArithmeticOp.SUBTRACT) {
                SimdNumericLoops.subtractLongLeftConstant(c, b, bo, out, 0, n);
            } else {
                bad = SimdNumericLoops.divideLongLeftConstant(c, b, bo, out, 0, n, valid, 0);
            }
        }
        if (bad >= 0) {
            throw ArithmeticChecks.divisionByZero(bad, Long.toString(c));
        }
    }

    private static void floatLeftConstant(NumericClass type, ArithmeticOp op, double c, ColumnRef right, MemorySegment out,
            MemorySegment outValidity) {
        if (op == ArithmeticOp.ADD || op == ArithmeticOp.MULTIPLY) {
            floatRightConstant(type, op, right, c, out, outValidity); // IEEE + and * are commutative
            return;
        }
        int n = right.count();
        ArithmeticChecks.checkOutput(out, outValidity, n, type.width());
        Bitmaps.copy(right.validity(), right.offset(), n, outValidity);
        MemorySegment b = right.data();
        long bo = (long) right.offset() * type.width();
        if (type == NumericClass.FLOAT) {
            if (op == ArithmeticOp.SUBTRACT) {
                SimdNumericLoops.subtractFloatLeftConstant((float) c, b, bo, out, 0, n);
            } else {
                SimdNumericLoops.divideFloatLeftConstant((float) c, b, bo, out, 0, n);
            }
        } else {
            if (op == ArithmeticOp.SUBTRACT) {
                SimdNumericLoops.subtractDoubleLeftConstant(c, b, bo, out, 0, n);
            } else {
                SimdNumericLoops.divideDoubleLeftConstant(c, b, bo, out, 0, n);
            }
        }
    }

    @Override
    public void decimal(ArithmeticOp op, ColumnRef left, ColumnRef right, DataType result, MemorySegment out, MemorySegment outValidity) {
        DecimalPlan plan = DecimalPlan.of(op, left, right, result, out, outValidity);
        MemorySegment a = left.data();
        MemorySegment b = right.data();
        long ao = (long) left.offset() * 8;
        long bo = (long) right.offset() * 8;
        int n = plan.count();
        long limit = plan.limit();
        MemorySegment valid = plan.valid();
        int bad = switch (op) {
            case ADD -> plan.sameScale()
                    ? SimdDecimalLoops.add(a, ao, b, bo, out, 0, n, limit, valid, 0)
                    : SimdDecimalLoops.addRescaled(a, ao, plan.leftFactor(), b, bo, plan.rightFactor(), out, 0, n, limit, valid, 0);
            case SUBTRACT -> plan.sameScale()
                    ? SimdDecimalLoops.subtract(a, ao, b, bo, out, 0, n, limit, valid, 0)
                    : SimdDecimalLoops.subtractRescaled(a, ao, plan.leftFactor(), b, bo, plan.rightFactor(), out, 0, n, limit, valid, 0);
            case MULTIPLY -> SimdDecimalLoops.multiply(a, ao, b, bo, out, 0, n, limit, valid, 0);
            case DIVIDE -> SimdDecimalLoops.divide(a, ao, b, bo, out, 0, n, plan.divideShift(), limit, valid, 0);
        };
        if (bad >= 0) {
            throw plan.failure(bad);
        }
    }

    @Override
    public void cast(ColumnRef input, DataType target, MemorySegment out, MemorySegment outValidity) {
        CastPlan plan = CastPlan.of(input, target, out, outValidity);
        MemorySegment in = input.data();
        long io = (long) input.offset() * plan.inputWidth();
        int n = input.count();
        MemorySegment valid = plan.valid();
        int bad = switch (plan.kind()) {
            case COPY -> plan.copy(out);
            case INT_TO_LONG -> {
                SimdCastLoops.intToLong(in, io, out, 0, n);
                yield -1;
            }
            case INT_TO_DOUBLE -> {
                SimdCastLoops.intToDouble(in, io, out, 0, n);
                yield -1;
            }
            case LONG_TO_DOUBLE -> {
                SimdCastLoops.longToDouble(in, io, out, 0, n);
                yield -1;
            }
            case FLOAT_TO_DOUBLE -> {
                SimdCastLoops.floatToDouble(in, io, out, 0, n);
                yield -1;
            }
            case LONG_TO_INT -> SimdCastLoops.longToInt(in, io, out, 0, n, valid, 0);
            case DOUBLE_TO_LONG -> SimdCastLoops.doubleToLong(in, io, out, 0, n, valid, 0);
            case INT_SCALE_UP -> SimdDecimalLoops.scaleUpInt(in, io, out, 0, n, plan.factor(), plan.bound(), valid, 0);
            case LONG_SCALE_UP -> SimdDecimalLoops.scaleUp(in, io, out, 0, n, plan.factor(), plan.bound(), valid, 0);
            case SCALE_DOWN -> SimdDecimalLoops.scaleDown(in, io, out, 0, n, plan.factor(), plan.bound(), valid, 0);
            case DECIMAL_TO_DOUBLE -> {
                SimdDecimalLoops.toDouble(in, io, out, 0, n, plan.divisor());
                yield -1;
            }
        };
        if (bad >= 0) {
            throw plan.failure(bad);
        }
    }

    @Override
    public void extract(DatePart part, ColumnRef input, MemorySegment out, MemorySegment outValidity) {
        boolean micros = ArithmeticChecks.prepareExtract(input, out, outValidity);
        MemorySegment in = input.data();
        int n = input.count();
        if (micros) {
            long io = (long) input.offset() * 8;
            switch (part) {
                case YEAR -> SimdDateLoops.yearOfMicros(in, io, out, 0, n);
                case MONTH -> SimdDateLoops.monthOfMicros(in, io, out, 0, n);
                case DAY -> SimdDateLoops.dayOfMicros(in, io, out, 0, n);
            }
        } else {
            long io = (long) input.offset() * 4;
            switch (part) {
                case YEAR -> SimdDateLoops.yearOfDays(in, io, out, 0, n);
                case MONTH -> SimdDateLoops.monthOfDays(in, io, out, 0, n);
                case DAY -> SimdDateLoops.dayOfDays(in, io, out, 0, n);
            }
        }
    }
}
