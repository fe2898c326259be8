package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import io.basalt.data.DataType;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;

/**
 * The validated shape of one {@code ArithmeticKernels.cast} call, shared by all backends: which
 * loop converts, with which power-of-ten factor and bound. Creating it checks the arguments and
 * writes the output validity (a copy of the input's). Immutable.
 *
 * @param factor power of ten: multiplier for scale-ups, divisor for SCALE_DOWN and DECIMAL_TO_DOUBLE
 * @param bound  SCALE_UP: inputs need {@code |x| < bound}; SCALE_DOWN: results need {@code |r| < bound}
 * @param valid  the output validity, or null when the input has no nulls
 */
public record CastPlan(Kind kind, ColumnRef input, DataType target, int inputWidth, long factor, long bound, MemorySegment valid) {
    /** The conversions; each maps to one loop. */
    public enum Kind {
        COPY, INT_TO_LONG, INT_TO_DOUBLE, LONG_TO_DOUBLE, FLOAT_TO_DOUBLE, LONG_TO_INT, DOUBLE_TO_LONG,
        INT_SCALE_UP, LONG_SCALE_UP, SCALE_DOWN, DECIMAL_TO_DOUBLE
    }

    public static CastPlan of(ColumnRef input, DataType target, MemorySegment out, MemorySegment outValidity) {
        DataType source = input.type();
        Kind kind = kindOf(source, target);
        long factor = 1;
        long bound = 0;
        if (target.kind() == DataType.Kind.DECIMAL) {
            int fromScale = source.kind() == DataType.Kind.DECIMAL ? source.scale() : 0;
            int up = target.scale() - fromScale;
            if (up >= 0) {
                factor = ScalarDecimalLoops.powerOfTen(up);
                int digits = target.precision() - up; // |x| < 10^digits keeps x * 10^up below 10^precision
                bound = digits < 0 ? 1 : ScalarDecimalLoops.powerOfTen(digits);
            } else {
                factor = ScalarDecimalLoops.powerOfTen(-up);
                bound = ScalarDecimalLoops.powerOfTen(target.precision());
            }
        } else if (kind == Kind.SCALE_DOWN) { // decimal to int64
            factor = ScalarDecimalLoops.powerOfTen(source.scale());
            bound = Long.MAX_VALUE;
        } else if (kind == Kind.DECIMAL_TO_DOUBLE) {
            factor = ScalarDecimalLoops.powerOfTen(source.scale());
        }
        int n = input.count();
        ArithmeticChecks.checkOutput(out, outValidity, n, width(target));
        Bitmaps.copy(input.validity(), input.offset(), n, outValidity);
        return new CastPlan(kind, input, target, width(source), factor, bound, ArithmeticChecks.validOrNull(outValidity, input, null));
    }

    private static Kind kindOf(DataType source, DataType target) {
        DataType.Kind from = source.kind();
        DataType.Kind to = target.kind();
        boolean fromInt = from == DataType.Kind.INT32 || from == DataType.Kind.DATE;
        boolean fromLong = from == DataType.Kind.INT64 || from == DataType.Kind.TIMESTAMP;
        boolean fromDecimal = from == DataType.Kind.DECIMAL;
        if (source.equals(target)) {
            return Kind.COPY;
        }
        Kind kind = switch (to) {
            case INT64 -> fromInt ? Kind.INT_TO_LONG
                    : fromLong ? Kind.COPY
                    : from == DataType.Kind.FLOAT64 ? Kind.DOUBLE_TO_LONG
                    : fromDecimal ? (source.scale() == 0 ? Kind.COPY : Kind.SCALE_DOWN)
                    : null;
            case INT32 -> fromLong ? Kind.LONG_TO_INT : fromInt ? Kind.COPY : null;
            case FLOAT64 -> fromInt ? Kind.INT_TO_DOUBLE
                    : fromLong ? Kind.LONG_TO_DOUBLE
                    : from == DataType.Kind.FLOAT32 ? Kind.FLOAT_TO_DOUBLE
                    : fromDecimal ? Kind.DECIMAL_TO_DOUBLE
                    : null;
            case DECIMAL -> fromInt ? Kind.INT_SCALE_UP
                    : fromLong ? Kind.LONG_SCALE_UP
                    : fromDecimal ? decimalRescale(source, target)
                    : null;
            default -> null;
        };
        if (kind == null) {
            throw new IllegalArgumentException("Unsupported cast from " + source + " to " + target);
        }
        return kind;
    }

    private static Kind decimalRescale(DataType source, DataType target) {
        if (target.scale() < source.scale()) {
            return Kind.SCALE_DOWN;
        }
        // same scale and no fewer integer digits: every value fits unchanged
        return target.scale() == source.scale() && target.precision() >= source.precision() ? Kind.COPY : Kind.LONG_SCALE_UP;
    }

    private static int width(DataType type) {
        int w = type.fixedWidth();
        if (w == 0) {
            throw new IllegalArgumentException("Unsupported cast type " + type);
        }
        return w;
    }

    /** {@code factor} as a double (powers of ten up to 10^18 are exact doubles). */
    public double divisor() {
        return factor;
    }

    /** Copies the input values unchanged into {@code out}; returns -1 (no row can fail). */
    public int copy(MemorySegment out) {
        MemorySegment.copy(input.data(), (long) input.offset() * inputWidth, out, 0, (long) input.count() * inputWidth);
        return -1;
    }

    /** The exception for a row a checked loop reported. */
    public ArithmeticException failure(int row) {
        String why = switch (kind) {
            case LONG_TO_INT -> "out of int32 range";
            case DOUBLE_TO_LONG -> Double.isNaN(input.data().get(ValueLayout.JAVA_DOUBLE_UNALIGNED, ((long) input.offset() + row) * 8))
                    ? "NaN has no integer value" : "out of int64 range";
            default -> "does not fit " + target;
        };
        return ArithmeticChecks.castFailure(row, input, target, why);
    }
}
