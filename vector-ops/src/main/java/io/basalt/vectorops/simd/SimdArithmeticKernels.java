package io.basalt.vectorops.simd;

import java.lang.foreign.MemorySegment;

import io.basalt.vectorops.ArithmeticOp;
import io.basalt.vectorops.DatePart;
import io.basalt.vectorops.scalar.ArithmeticChecks.NumericClass;
import io.basalt.vectorops.scalar.ArithmeticKernelsBase;
import io.basalt.vectorops.scalar.CastPlan;
import io.basalt.vectorops.scalar.DecimalPlan;

/**
 * The Vector API {@link io.basalt.vectorops.ArithmeticKernels}: the loops of
 * {@link SimdNumericLoops}, {@link SimdDecimalLoops}, {@link SimdCastLoops} and
 * {@link SimdDateLoops}; validation, validity and errors are shared with the scalar reference
 * through {@link ArithmeticKernelsBase}. Only load when {@code VectorSupport.isAvailable()}.
 * Stateless and thread-safe.
 */
public final class SimdArithmeticKernels extends ArithmeticKernelsBase {
    public static final SimdArithmeticKernels INSTANCE = new SimdArithmeticKernels();

    private SimdArithmeticKernels() {}

    @Override
    protected int binaryLoop(NumericClass type, ArithmeticOp op, MemorySegment a, long ao, MemorySegment b, long bo,
            MemorySegment out, int n, MemorySegment valid) {
        switch (type) {
            case INT -> {
                switch (op) {
                    case ADD -> SimdNumericLoops.addInt(a, ao, b, bo, out, 0, n);
                    case SUBTRACT -> SimdNumericLoops.subtractInt(a, ao, b, bo, out, 0, n);
                    case MULTIPLY -> SimdNumericLoops.multiplyInt(a, ao, b, bo, out, 0, n);
                    case DIVIDE -> {
                        return SimdNumericLoops.divideInt(a, ao, b, bo, out, 0, n, valid, 0);
                    }
                }
            }
            case LONG -> {
                switch (op) {
                    case ADD -> SimdNumericLoops.addLong(a, ao, b, bo, out, 0, n);
                    case SUBTRACT -> SimdNumericLoops.subtractLong(a, ao, b, bo, out, 0, n);
                    case MULTIPLY -> SimdNumericLoops.multiplyLong(a, ao, b, bo, out, 0, n);
                    case DIVIDE -> {
                        return SimdNumericLoops.divideLong(a, ao, b, bo, out, 0, n, valid, 0);
                    }
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
        return -1;
    }

    @Override
    protected void integerRightConstantLoop(NumericClass type, ArithmeticOp op, MemorySegment a, long ao, long c,
            MemorySegment out, int n) {
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

    @Override
    protected void floatRightConstantLoop(NumericClass type, ArithmeticOp op, MemorySegment a, long ao, double c,
            MemorySegment out, int n) {
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

    @Override
    protected int integerLeftConstantLoop(NumericClass type, ArithmeticOp op, long c, MemorySegment b, long bo,
            MemorySegment out, int n, MemorySegment valid) {
        if (type == NumericClass.INT) {
            if (op == ArithmeticOp.SUBTRACT) {
                SimdNumericLoops.subtractIntLeftConstant((int) c, b, bo, out, 0, n);
                return -1;
            }
            return SimdNumericLoops.divideIntLeftConstant((int) c, b, bo, out, 0, n, valid, 0);
        }
        if (op == ArithmeticOp.SUBTRACT) {
            SimdNumericLoops.subtractLongLeftConstant(c, b, bo, out, 0, n);
            return -1;
        }
        return SimdNumericLoops.divideLongLeftConstant(c, b, bo, out, 0, n, valid, 0);
    }

    @Override
    protected void floatLeftConstantLoop(NumericClass type, ArithmeticOp op, double c, MemorySegment b, long bo,
            MemorySegment out, int n) {
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
    protected int decimalLoop(ArithmeticOp op, DecimalPlan plan, MemorySegment a, long ao, MemorySegment b, long bo,
            MemorySegment out) {
        int n = plan.count();
        long limit = plan.limit();
        MemorySegment valid = plan.valid();
        return switch (op) {
            case ADD -> plan.sameScale()
                    ? SimdDecimalLoops.add(a, ao, b, bo, out, 0, n, limit, valid, 0)
                    : SimdDecimalLoops.addRescaled(a, ao, plan.leftFactor(), b, bo, plan.rightFactor(), out, 0, n, limit, valid, 0);
            case SUBTRACT -> plan.sameScale()
                    ? SimdDecimalLoops.subtract(a, ao, b, bo, out, 0, n, limit, valid, 0)
                    : SimdDecimalLoops.subtractRescaled(a, ao, plan.leftFactor(), b, bo, plan.rightFactor(), out, 0, n, limit, valid, 0);
            case MULTIPLY -> SimdDecimalLoops.multiply(a, ao, b, bo, out, 0, n, limit, valid, 0);
            case DIVIDE -> SimdDecimalLoops.divide(a, ao, b, bo, out, 0, n, plan.divideShift(), limit, valid, 0);
        };
    }

    @Override
    protected int castLoop(CastPlan plan, MemorySegment in, long io, MemorySegment out, int n) {
        MemorySegment valid = plan.valid();
        return switch (plan.kind()) {
            case COPY -> throw new IllegalStateException("COPY casts are done by the base class");
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
    }

    @Override
    protected void extractLoop(DatePart part, boolean micros, MemorySegment in, long io, MemorySegment out, int n) {
        if (micros) {
            switch (part) {
                case YEAR -> SimdDateLoops.yearOfMicros(in, io, out, 0, n);
                case MONTH -> SimdDateLoops.monthOfMicros(in, io, out, 0, n);
                case DAY -> SimdDateLoops.dayOfMicros(in, io, out, 0, n);
            }
        } else {
            switch (part) {
                case YEAR -> SimdDateLoops.yearOfDays(in, io, out, 0, n);
                case MONTH -> SimdDateLoops.monthOfDays(in, io, out, 0, n);
                case DAY -> SimdDateLoops.dayOfDays(in, io, out, 0, n);
            }
        }
    }
}
