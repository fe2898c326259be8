package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;

import io.basalt.vectorops.ArithmeticOp;
import io.basalt.vectorops.DatePart;
import io.basalt.vectorops.scalar.ArithmeticChecks.NumericClass;

/**
 * The reference {@link io.basalt.vectorops.ArithmeticKernels}: the plain loops of
 * {@link ScalarNumericLoops}, {@link ScalarDecimalLoops}, {@link ScalarCastLoops} and
 * {@link ScalarDateLoops}; validation, validity and errors come from {@link ArithmeticKernelsBase}.
 * Stateless and thread-safe.
 */
public final class ScalarArithmeticKernels extends ArithmeticKernelsBase {
    public static final ScalarArithmeticKernels INSTANCE = new ScalarArithmeticKernels();

    private ScalarArithmeticKernels() {}

    @Override
    protected int binaryLoop(NumericClass type, ArithmeticOp op, MemorySegment a, long ao, MemorySegment b, long bo,
            MemorySegment out, int n, MemorySegment valid) {
        switch (type) {
            case INT -> {
                switch (op) {
                    case ADD -> ScalarNumericLoops.addInt(a, ao, b, bo, out, 0, n);
                    case SUBTRACT -> ScalarNumericLoops.subtractInt(a, ao, b, bo, out, 0, n);
                    case MULTIPLY -> ScalarNumericLoops.multiplyInt(a, ao, b, bo, out, 0, n);
                    case DIVIDE -> {
                        return ScalarNumericLoops.divideInt(a, ao, b, bo, out, 0, n, valid, 0);
                    }
                }
            }
            case LONG -> {
                switch (op) {
                    case ADD -> ScalarNumericLoops.addLong(a, ao, b, bo, out, 0, n);
                    case SUBTRACT -> ScalarNumericLoops.subtractLong(a, ao, b, bo, out, 0, n);
                    case MULTIPLY -> ScalarNumericLoops.multiplyLong(a, ao, b, bo, out, 0, n);
                    case DIVIDE -> {
                        return ScalarNumericLoops.divideLong(a, ao, b, bo, out, 0, n, valid, 0);
                    }
                }
            }
            case FLOAT -> {
                switch (op) {
                    case ADD -> ScalarNumericLoops.addFloat(a, ao, b, bo, out, 0, n);
                    case SUBTRACT -> ScalarNumericLoops.subtractFloat(a, ao, b, bo, out, 0, n);
                    case MULTIPLY -> ScalarNumericLoops.multiplyFloat(a, ao, b, bo, out, 0, n);
                    case DIVIDE -> ScalarNumericLoops.divideFloat(a, ao, b, bo, out, 0, n);
                }
            }
            case DOUBLE -> {
                switch (op) {
                    case ADD -> ScalarNumericLoops.addDouble(a, ao, b, bo, out, 0, n);
                    case SUBTRACT -> ScalarNumericLoops.subtractDouble(a, ao, b, bo, out, 0, n);
                    case MULTIPLY -> ScalarNumericLoops.multiplyDouble(a, ao, b, bo, out, 0, n);
                    case DIVIDE -> ScalarNumericLoops.divideDouble(a, ao, b, bo, out, 0, n);
                }
            }
        }
        return -1;
    }

    @Override
    protected void integerRightConstantLoop(NumericClass type, ArithmeticOp op, MemorySegment a, long ao, long c,
            MemorySegment out, int n) {
        if (type == NumericClass.INT) {
            int k = (int) c;
            switch (op) {
                case ADD -> ScalarNumericLoops.addIntRightConstant(a, ao, k, out, 0, n);
                case SUBTRACT -> ScalarNumericLoops.subtractIntRightConstant(a, ao, k, out, 0, n);
                case MULTIPLY -> ScalarNumericLoops.multiplyIntRightConstant(a, ao, k, out, 0, n);
                case DIVIDE -> ScalarNumericLoops.divideIntRightConstant(a, ao, k, out, 0, n);
            }
        } else {
            switch (op) {
                case ADD -> ScalarNumericLoops.addLongRightConstant(a, ao, c, out, 0, n);
                case SUBTRACT -> ScalarNumericLoops.subtractLongRightConstant(a, ao, c, out, 0, n);
                case MULTIPLY -> ScalarNumericLoops.multiplyLongRightConstant(a, ao, c, out, 0, n);
                case DIVIDE -> ScalarNumericLoops.divideLongRightConstant(a, ao, c, out, 0, n);
            }
        }
    }

    @Override
    protected void floatRightConstantLoop(NumericClass type, ArithmeticOp op, MemorySegment a, long ao, double c,
            MemorySegment out, int n) {
        if (type == NumericClass.FLOAT) {
            float k = (float) c;
            switch (op) {
                case ADD -> ScalarNumericLoops.addFloatRightConstant(a, ao, k, out, 0, n);
                case SUBTRACT -> ScalarNumericLoops.subtractFloatRightConstant(a, ao, k, out, 0, n);
                case MULTIPLY -> ScalarNumericLoops.multiplyFloatRightConstant(a, ao, k, out, 0, n);
                case DIVIDE -> ScalarNumericLoops.divideFloatRightConstant(a, ao, k, out, 0, n);
            }
        } else {
            switch (op) {
                case ADD -> ScalarNumericLoops.addDoubleRightConstant(a, ao, c, out, 0, n);
                case SUBTRACT -> ScalarNumericLoops.subtractDoubleRightConstant(a, ao, c, out, 0, n);
                case MULTIPLY -> ScalarNumericLoops.multiplyDoubleRightConstant(a, ao, c, out, 0, n);
                case DIVIDE -> ScalarNumericLoops.divideDoubleRightConstant(a, ao, c, out, 0, n);
            }
        }
    }

    @Override
    protected int integerLeftConstantLoop(NumericClass type, ArithmeticOp op, long c, MemorySegment b, long bo,
            MemorySegment out, int n, MemorySegment valid) {
        if (type == NumericClass.INT) {
            if (op == ArithmeticOp.SUBTRACT) {
                ScalarNumericLoops.subtractIntLeftConstant((int) c, b, bo, out, 0, n);
                return -1;
            }
            return ScalarNumericLoops.divideIntLeftConstant((int) c, b, bo, out, 0, n, valid, 0);
        }
        if (op == ArithmeticOp.SUBTRACT) {
            ScalarNumericLoops.subtractLongLeftConstant(c, b, bo, out, 0, n);
            return -1;
        }
        return ScalarNumericLoops.divideLongLeftConstant(c, b, bo, out, 0, n, valid, 0);
    }

    @Override
    protected void floatLeftConstantLoop(NumericClass type, ArithmeticOp op, double c, MemorySegment b, long bo,
            MemorySegment out, int n) {
        if (type == NumericClass.FLOAT) {
            if (op == ArithmeticOp.SUBTRACT) {
                ScalarNumericLoops.subtractFloatLeftConstant((float) c, b, bo, out, 0, n);
            } else {
                ScalarNumericLoops.divideFloatLeftConstant((float) c, b, bo, out, 0, n);
            }
        } else {
            if (op == ArithmeticOp.SUBTRACT) {
                ScalarNumericLoops.subtractDoubleLeftConstant(c, b, bo, out, 0, n);
            } else {
                ScalarNumericLoops.divideDoubleLeftConstant(c, b, bo, out, 0, n);
            }
        }
    }

    @Override
    protected int decimalLoop(ArithmeticOp op, DecimalPlan plan, MemorySegment a, long ao, MemorySegment b, long bo,
            MemorySegment out) {
        int n = plan.count();
        long limit = plan.limit();
        MemorySegment valid = plan.valid();
        return switch (op) {
            case ADD -> plan.sameScale()
                    ? ScalarDecimalLoops.add(a, ao, b, bo, out, 0, n, limit, valid, 0)
                    : ScalarDecimalLoops.addRescaled(a, ao, plan.leftFactor(), b, bo, plan.rightFactor(), out, 0, n, limit, valid, 0);
            case SUBTRACT -> plan.sameScale()
                    ? ScalarDecimalLoops.subtract(a, ao, b, bo, out, 0, n, limit, valid, 0)
                    : ScalarDecimalLoops.subtractRescaled(a, ao, plan.leftFactor(), b, bo, plan.rightFactor(), out, 0, n, limit, valid, 0);
            case MULTIPLY -> ScalarDecimalLoops.multiply(a, ao, b, bo, out, 0, n, limit, valid, 0);
            case DIVIDE -> ScalarDecimalLoops.divide(a, ao, b, bo, out, 0, n, plan.divideShift(), limit, valid, 0);
        };
    }

    @Override
    protected int castLoop(CastPlan plan, MemorySegment in, long io, MemorySegment out, int n) {
        MemorySegment valid = plan.valid();
        return switch (plan.kind()) {
            case COPY -> throw new IllegalStateException("COPY casts are done by the base class");
            case INT_TO_LONG -> {
                ScalarCastLoops.intToLong(in, io, out, 0, n);
                yield -1;
            }
            case INT_TO_DOUBLE -> {
                ScalarCastLoops.intToDouble(in, io, out, 0, n);
                yield -1;
            }
            case LONG_TO_DOUBLE -> {
                ScalarCastLoops.longToDouble(in, io, out, 0, n);
                yield -1;
            }
            case FLOAT_TO_DOUBLE -> {
                ScalarCastLoops.floatToDouble(in, io, out, 0, n);
                yield -1;
            }
            case LONG_TO_INT -> ScalarCastLoops.longToInt(in, io, out, 0, n, valid, 0);
            case DOUBLE_TO_LONG -> ScalarCastLoops.doubleToLong(in, io, out, 0, n, valid, 0);
            case INT_SCALE_UP -> ScalarDecimalLoops.scaleUpInt(in, io, out, 0, n, plan.factor(), plan.bound(), valid, 0);
            case LONG_SCALE_UP -> ScalarDecimalLoops.scaleUp(in, io, out, 0, n, plan.factor(), plan.bound(), valid, 0);
            case SCALE_DOWN -> ScalarDecimalLoops.scaleDown(in, io, out, 0, n, plan.factor(), plan.bound(), valid, 0);
            case DECIMAL_TO_DOUBLE -> {
                ScalarDecimalLoops.toDouble(in, io, out, 0, n, plan.divisor());
                yield -1;
            }
        };
    }

    @Override
    protected void extractLoop(DatePart part, boolean micros, MemorySegment in, long io, MemorySegment out, int n) {
        if (micros) {
            switch (part) {
                case YEAR -> ScalarDateLoops.yearOfMicros(in, io, out, 0, n);
                case MONTH -> ScalarDateLoops.monthOfMicros(in, io, out, 0, n);
                case DAY -> ScalarDateLoops.dayOfMicros(in, io, out, 0, n);
            }
        } else {
            switch (part) {
                case YEAR -> ScalarDateLoops.yearOfDays(in, io, out, 0, n);
                case MONTH -> ScalarDateLoops.monthOfDays(in, io, out, 0, n);
                case DAY -> ScalarDateLoops.dayOfDays(in, io, out, 0, n);
            }
        }
    }
}
