package io.basalt.vectorops.scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;

import io.basalt.data.DataType;
import io.basalt.vectorops.ArithmeticOp;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;

/**
 * Argument validation and error messages shared by every {@code ArithmeticKernels} backend, so
 * they accept the same inputs and report the same errors. Runs once per call, never per row.
 * Stateless and thread-safe.
 */
public final class ArithmeticChecks {
    /** The physical classes numeric operators work on. */
    public enum NumericClass {
        INT(4), LONG(8), FLOAT(4), DOUBLE(8);

        private final int width;

        NumericClass(int width) {
            this.width = width;
        }

        /** Bytes per value. */
        public int width() {
            return width;
        }
    }

    private ArithmeticChecks() {}

    /** The physical class of a numeric kind; IllegalArgumentException for boolean and utf8. */
    public static NumericClass numericClass(DataType type, String role) {
        return switch (type.kind()) {
            case INT32, DATE -> NumericClass.INT;
            case INT64, DECIMAL, TIMESTAMP -> NumericClass.LONG;
            case FLOAT32 -> NumericClass.FLOAT;
            case FLOAT64 -> NumericClass.DOUBLE;
            case BOOLEAN, UTF8 -> throw new IllegalArgumentException("Arithmetic needs a numeric " + role + ", got " + type);
        };
    }

    /** The common physical class of two operands, after checking their counts agree. */
    public static NumericClass commonClass(ArithmeticOp op, ColumnRef left, ColumnRef right) {
        checkSameCount(left, right);
        NumericClass l = numericClass(left.type(), "left operand");
        NumericClass r = numericClass(right.type(), "right operand");
        if (l != r) {
            throw new IllegalArgumentException("Operands of " + op + " must have the same physical type, got " + left.type()
                    + " " + op.symbol() + " " + right.type() + " (cast one of them first)");
        }
        return l;
    }

    public static void checkSameCount(ColumnRef left, ColumnRef right) {
        if (left.count() != right.count()) {
            throw new IllegalArgumentException("Operands have different row counts: " + left.count() + " and " + right.count());
        }
    }

    /** {@code out} must hold {@code count} values of {@code width} bytes, {@code outValidity} a bitmap of {@code count} bits. */
    public static void checkOutput(MemorySegment out, MemorySegment outValidity, int count, int width) {
        if (out == null || outValidity == null) {
            throw new IllegalArgumentException("out and outValidity must not be null");
        }
        if (out.byteSize() < (long) count * width) {
            throw new IllegalArgumentException("Output segment too small: " + count + " rows of " + width + " bytes need "
                    + (long) count * width + " bytes, it has " + out.byteSize());
        }
        if (outValidity.byteSize() < Bitmaps.bytesFor(count)) {
            throw new IllegalArgumentException("Output validity segment too small: " + count + " rows need "
                    + Bitmaps.bytesFor(count) + " bytes, it has " + outValidity.byteSize());
        }
    }

    /** A long constant as an operand of {@code type}: an int column needs it to fit an int. */
    public static void checkLongConstant(NumericClass type, long constant) {
        if (type == NumericClass.INT && constant != (int) constant) {
            throw new IllegalArgumentException("Constant " + constant + " does not fit the int32 operand; cast the column to int64");
        }
    }

    /** A double constant only goes with a float column. */
    public static void checkDoubleConstant(NumericClass type, ColumnRef column) {
        if (type == NumericClass.INT || type == NumericClass.LONG) {
            throw new IllegalArgumentException("A floating-point constant needs a float32 or float64 operand, got " + column.type()
                    + " (cast the column to float64)");
        }
    }

    /**
     * The bitmap checked loops consult to skip null rows: the freshly written output validity, or
     * null (all valid) when no input can have nulls.
     */
    public static MemorySegment validOrNull(MemorySegment outValidity, ColumnRef a, ColumnRef b) {
        return a.mayHaveNulls() || (b != null && b.mayHaveNulls()) ? outValidity : null;
    }

    /** The first non-null row of {@code column} (by its validity), or -1. */
    public static int firstValidRow(ColumnRef column) {
        for (int r = 0; r < column.count(); r++) {
            if (column.isValid(r)) {
                return r;
            }
        }
        return -1;
    }

    /**
     * Validates an {@code extract} call and writes its output validity; returns whether the input
     * holds microseconds (TIMESTAMP, INT64) rather than days (DATE, INT32).
     */
    public static boolean prepareExtract(ColumnRef input, MemorySegment out, MemorySegment outValidity) {
        boolean micros = switch (input.type().kind()) {
            case DATE, INT32 -> false;
            case TIMESTAMP, INT64 -> true;
            default -> throw new IllegalArgumentException("Date parts need a date, timestamp, int32 (days) or int64 (microseconds) column, got "
                    + input.type());
        };
        checkOutput(out, outValidity, input.count(), 4);
        Bitmaps.copy(input.validity(), input.offset(), input.count(), outValidity);
        return micros;
    }

    // ---- error messages (built only on the failure path) ----

    /** The value at {@code row} as text, in the column's own representation. */
    public static String valueAt(ColumnRef column, int row) {
        long buffer = (long) column.offset() + row;
        MemorySegment d = column.data();
        return switch (column.type().kind()) {
            case INT32, DATE -> Integer.toString(d.get(ValueLayout.JAVA_INT_UNALIGNED, buffer * 4));
            case INT64, TIMESTAMP -> Long.toString(d.get(ValueLayout.JAVA_LONG_UNALIGNED, buffer * 8));
            case DECIMAL -> BigDecimal.valueOf(d.get(ValueLayout.JAVA_LONG_UNALIGNED, buffer * 8), column.type().scale()).toPlainString();
            case FLOAT32 -> Float.toString(d.get(ValueLayout.JAVA_FLOAT_UNALIGNED, buffer * 4));
            case FLOAT64 -> Double.toString(d.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, buffer * 8));
            case BOOLEAN, UTF8 -> "?";
        };
    }

    public static ArithmeticException divisionByZero(int row, String dividend) {
        return new ArithmeticException("Division by zero at row " + row + ": " + dividend + " / 0");
    }

    public static ArithmeticException decimalOverflow(int row, ArithmeticOp op, ColumnRef left, ColumnRef right, DataType result) {
        return new ArithmeticException("Decimal overflow at row " + row + ": " + valueAt(left, row) + " " + op.symbol() + " "
                + valueAt(right, row) + " (" + left.type() + " " + op.symbol() + " " + right.type() + ") does not fit " + result);
    }

    public static ArithmeticException castFailure(int row, ColumnRef input, DataType target, String why) {
        return new ArithmeticException("Cannot cast " + valueAt(input, row) + " (" + input.type() + ") to " + target + " at row "
                + row + ": " + why);
    }
}
