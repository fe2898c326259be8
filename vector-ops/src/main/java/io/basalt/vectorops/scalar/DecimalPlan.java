package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import io.basalt.data.DataType;
import io.basalt.vectorops.ArithmeticOp;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;

/**
 * The validated shape of one {@code ArithmeticKernels.decimal} call, shared by all backends:
 * rescale factors, the overflow limit {@code 10^precision}, and the bitmap of non-null rows.
 * Creating it checks the arguments and writes the output validity. Immutable.
 *
 * @param leftFactor  power of ten aligning the left operand to the result scale (ADD, SUBTRACT)
 * @param rightFactor power of ten aligning the right operand to the result scale (ADD, SUBTRACT)
 * @param divideShift {@code resultScale - leftScale + rightScale} (DIVIDE)
 * @param valid       the output validity, or null when no input has nulls
 */
public record DecimalPlan(ArithmeticOp op, ColumnRef left, ColumnRef right, DataType result, int count, long limit,
        long leftFactor, long rightFactor, int divideShift, MemorySegment valid) {

    public static DecimalPlan of(ArithmeticOp op, ColumnRef left, ColumnRef right, DataType result, MemorySegment out,
            MemorySegment outValidity) {
        requireDecimal(left.type(), "left operand");
        requireDecimal(right.type(), "right operand");
        requireDecimal(result, "result type");
        ArithmeticChecks.checkSameCount(left, right);
        int sl = left.type().scale();
        int sr = right.type().scale();
        int s = result.scale();
        int expected = switch (op) {
            case ADD, SUBTRACT -> Math.max(sl, sr);
            case MULTIPLY -> sl + sr;
            case DIVIDE -> s;
        };
        if (s != expected) {
            throw new IllegalArgumentException("Decimal " + op + " of " + left.type() + " and " + right.type()
                    + " must produce scale " + expected + ", but the result type is " + result);
        }
        int n = left.count();
        ArithmeticChecks.checkOutput(out, outValidity, n, 8);
        Bitmaps.and(left.validity(), left.offset(), right.validity(), right.offset(), n, outValidity);
        boolean aligns = op == ArithmeticOp.ADD || op == ArithmeticOp.SUBTRACT;
        return new DecimalPlan(op, left, right, result, n, ScalarDecimalLoops.powerOfTen(result.precision()),
                aligns ? ScalarDecimalLoops.powerOfTen(s - sl) : 1, aligns ? ScalarDecimalLoops.powerOfTen(s - sr) : 1,
                s - sl + sr, ArithmeticChecks.validOrNull(outValidity, left, right));
    }

    private static void requireDecimal(DataType type, String role) {
        if (type.kind() != DataType.Kind.DECIMAL) {
            throw new IllegalArgumentException("Decimal arithmetic needs a decimal " + role + ", got " + type);
        }
    }

    /** Whether ADD and SUBTRACT can skip rescaling. */
    public boolean sameScale() {
        return leftFactor == 1 && rightFactor == 1;
    }

    /** The exception for a row a checked loop reported. */
    public ArithmeticException failure(int row) {
        if (op == ArithmeticOp.DIVIDE && right.data().get(ValueLayout.JAVA_LONG_UNALIGNED, ((long) right.offset() + row) * 8) == 0) {
            return ArithmeticChecks.divisionByZero(row, ArithmeticChecks.valueAt(left, row));
        }
        return ArithmeticChecks.decimalOverflow(row, op, left, right, result);
    }
}
