package io.basalt.vectorops.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.ArithmeticKernels;
import io.basalt.vectorops.ArithmeticOp;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.DatePart;
import io.basalt.vectorops.RandomColumns;
import io.basalt.vectorops.scalar.ScalarArithmeticKernels;

/**
 * The {@link ArithmeticKernels} contract, run once per backend. Every result is checked against a
 * reference computed here from Java values (Java operators, {@link BigDecimal}, {@code java.time});
 * backends other than scalar are also compared with the scalar backend bit for bit.
 */
public abstract class AbstractArithmeticKernelsTest {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final DataType[] NUMERIC = {DataType.INT32, DataType.INT64, DataType.FLOAT32, DataType.FLOAT64};

    private MemoryManager manager;
    private MemoryPool pool;
    private Arena arena;
    private RandomColumns columns;
    private Random random;

    /** The backend under test. */
    protected abstract ArithmeticKernels kernels();

    /** Whether to also compare every result with the scalar backend. */
    protected boolean compareWithScalar() {
        return false;
    }

    @BeforeEach
    void setUp() {
        manager = MemoryManager.create(1L << 30);
        pool = manager.newPool("arithmetic-test", 1L << 29);
        arena = Arena.ofConfined();
        columns = new RandomColumns(pool, 20240611L);
        random = columns.random();
    }

    @AfterEach
    void tearDown() {
        arena.close();
        pool.close();
        manager.close();
    }

    // ---- harness ----

    /** One kernel invocation writing {@code out} and {@code outValidity}. */
    @FunctionalInterface
    interface Call {
        void run(ArithmeticKernels kernels, MemorySegment out, MemorySegment outValidity);
    }

    /** Output of one call: values and validity. */
    record Output(MemorySegment values, MemorySegment validity, int count, int width) {
        boolean valid(int row) {
            return Bitmaps.get(validity, row);
        }
    }

    /** Runs {@code call} on the backend (garbage-filled outputs) and, if asked, on scalar to compare. */
    private Output run(int count, int width, Call call) {
        Output out = allocate(count, width);
        call.run(kernels(), out.values(), out.validity());
        if (compareWithScalar()) {
            Output ref = allocate(count, width);
            call.run(ScalarArithmeticKernels.INSTANCE, ref.values(), ref.validity());
            for (int r = 0; r < count; r++) {
                boolean valid = ref.valid(r);
                long from = (long) r * width;
                if (out.valid(r) != valid
                        || valid && MemorySegment.mismatch(out.values(), from, from + width, ref.values(), from, from + width) >= 0) {
                    throw new AssertionError("row " + r + " differs from the scalar backend (valid: " + out.valid(r) + " vs " + valid + ")");
                }
            }
        }
        return out;
    }

    private Output allocate(int count, int width) {
        MemorySegment values = arena.allocate(Math.max(1, (long) count * width), 64);
        MemorySegment validity = arena.allocate(Math.max(8, Bitmaps.bytesFor(count)), 64);
        values.fill((byte) 0x5A);
        validity.fill((byte) 0x5A);
        return new Output(values, validity, count, width);
    }

    /** Asserts the call fails with an ArithmeticException naming {@code row} (on scalar too when comparing). */
    private void assertFailsAt(int count, int width, int row, Call call) {
        Output out = allocate(count, width);
        String message = catchArithmetic(() -> call.run(kernels(), out.values(), out.validity()));
        assertThat(message).contains("at row " + row + ":");
        if (compareWithScalar()) {
            Output ref = allocate(count, width);
            assertThat(catchArithmetic(() -> call.run(ScalarArithmeticKernels.INSTANCE, ref.values(), ref.validity()))).isEqualTo(message);
        }
    }

    private static String catchArithmetic(Runnable r) {
        try {
            r.run();
        } catch (ArithmeticException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an ArithmeticException");
    }

    /** Row counts and offsets every test covers, with and without nulls. */
    private interface Shape {
        void accept(int rows, boolean oddOffset, double nullFraction);
    }

    private static void forAllShapes(Shape shape) {
        int k = 0;
        for (int rows : RandomColumns.sizes()) {
            for (boolean odd : new boolean[] {false, true}) {
                shape.accept(rows, odd, k++ % 3 == 0 ? 0.0 : 0.2);
            }
        }
    }

    /**
     * Fewer shapes for the many secondary type combinations: every size up to a few vector chunks
     * and past the 64-row validity words, alternating offsets, and one large batch.
     */
    private static void forSomeShapes(Shape shape) {
        int k = 0;
        for (int rows : RandomColumns.sizes()) {
            if (rows <= 4099 || k == 0) {
                shape.accept(rows, k % 2 == 1, k % 3 == 0 ? 0.0 : 0.2);
            }
            k++;
        }
        shape.accept(20_000, true, 0.1);
    }

    private Batch column(DataType type, int rows, boolean odd, double nullFraction, IntFunction<Object> value) {
        return columns.column(type, rows, odd, r -> random.nextDouble() < nullFraction ? null : value.apply(r));
    }

    private Object randomValue(DataType type) {
        return switch (type.kind()) {
            case INT32 -> columns.values().int32();
            case INT64 -> columns.values().int64();
            case FLOAT32 -> columns.values().float32();
            case FLOAT64 -> columns.values().float64();
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    /** Column 0 as Java values (null for null rows), read once per batch rather than per operator. */
    private static Number[] numbers(Batch b) {
        Number[] values = new Number[b.rowCount()];
        for (int r = 0; r < values.length; r++) {
            values[r] = (Number) b.getObject(0, r);
        }
        return values;
    }

    // ---- numeric operators ----

    /** The reference: Java's own operators on the column's Java type (division by zero excluded). */
    private static Number apply(DataType type, ArithmeticOp op, Number x, Number y) {
        return switch (type.kind()) {
            case INT32 -> {
                int a = x.intValue();
                int b = y.intValue();
                yield switch (op) {
                    case ADD -> a + b;
                    case SUBTRACT -> a - b;
                    case MULTIPLY -> a * b;
                    case DIVIDE -> a / b;
                };
            }
            case INT64 -> {
                long a = x.longValue();
                long b = y.longValue();
                yield switch (op) {
                    case ADD -> a + b;
                    case SUBTRACT -> a - b;
                    case MULTIPLY -> a * b;
                    case DIVIDE -> a / b;
                };
            }
            case FLOAT32 -> {
                float a = x.floatValue();
                float b = y.floatValue();
                yield switch (op) {
                    case ADD -> a + b;
                    case SUBTRACT -> a - b;
                    case MULTIPLY -> a * b;
                    case DIVIDE -> a / b;
                };
            }
            default -> {
                double a = x.doubleValue();
                double b = y.doubleValue();
                yield switch (op) {
                    case ADD -> a + b;
                    case SUBTRACT -> a - b;
                    case MULTIPLY -> a * b;
                    case DIVIDE -> a / b;
                };
            }
        };
    }

    private static Number read(Output out, DataType type, int row) {
        return switch (type.kind()) {
            case INT32, DATE -> out.values().get(INT, row * 4L);
            case INT64, TIMESTAMP, DECIMAL -> out.values().get(LONG, row * 8L);
            case FLOAT32 -> out.values().get(FLOAT, row * 4L);
            default -> out.values().get(DOUBLE, row * 8L);
        };
    }

    /** Exact equality (floats by bits, every NaN alike); reported through AssertJ only on mismatch. */
    private static void assertNumber(Number actual, Number expected, String what) {
        boolean equal = expected instanceof Float f ? Float.floatToIntBits(actual.floatValue()) == Float.floatToIntBits(f)
                : expected instanceof Double d ? Double.doubleToLongBits(actual.doubleValue()) == Double.doubleToLongBits(d)
                : actual.longValue() == expected.longValue();
        if (!equal) {
            assertThat(actual).as(what).isEqualTo(expected);
        }
    }

    private static boolean isInteger(DataType type) {
        return type.kind() == DataType.Kind.INT32 || type.kind() == DataType.Kind.INT64;
    }

    @Test
    void columnOperatorsMatchJavaArithmetic() {
        forAllShapes((rows, odd, nulls) -> {
            for (DataType type : NUMERIC) {
                int width = type.fixedWidth();
                try (Batch left = column(type, rows, odd, nulls, r -> randomValue(type));
                        Batch right = column(type, rows, !odd, nulls / 2, r -> nonZero(randomValue(type)))) {
                    ColumnRef a = ColumnRef.of(left, 0);
                    ColumnRef b = ColumnRef.of(right, 0);
                    Number[] x = numbers(left);
                    Number[] y = numbers(right);
                    for (ArithmeticOp op : ArithmeticOp.values()) {
                        Output out = run(rows, width, (k, o, v) -> k.binary(op, a, b, o, v));
                        for (int r = 0; r < rows; r++) {
                            boolean valid = x[r] != null && y[r] != null;
                            assertThat(out.valid(r)).as("validity row %d", r).isEqualTo(valid);
                            if (valid) {
                                assertNumber(read(out, type, r), apply(type, op, x[r], y[r]), type + " " + op + " row " + r);
                            }
                        }
                    }
                }
            }
        });
    }

    private static Object nonZero(Object value) {
        return switch (value) {
            case Integer i when i == 0 -> 7;
            case Long l when l == 0 -> 7L;
            default -> value;
        };
    }

    @Test
    void constantOperandsOnEitherSideMatchJavaArithmetic() {
        forAllShapes((rows, odd, nulls) -> {
            for (DataType type : NUMERIC) {
                int width = type.fixedWidth();
                try (Batch column = column(type, rows, odd, nulls, r -> nonZero(randomValue(type)))) {
                    ColumnRef c = ColumnRef.of(column, 0);
                    Number[] x = numbers(column);
                    Number constant = (Number) nonZero(randomValue(type));
                    for (ArithmeticOp op : ArithmeticOp.values()) {
                        Output right = run(rows, width, (k, o, v) -> {
                            if (isInteger(type)) {
                                k.binaryRightConstant(op, c, constant.longValue(), o, v);
                            } else {
                                k.binaryRightConstant(op, c, constant.doubleValue(), o, v);
                            }
                        });
                        Output left = run(rows, width, (k, o, v) -> {
                            if (isInteger(type)) {
                                k.binaryLeftConstant(op, constant.longValue(), c, o, v);
                            } else {
                                k.binaryLeftConstant(op, constant.doubleValue(), c, o, v);
                            }
                        });
                        for (int r = 0; r < rows; r++) {
                            boolean valid = x[r] != null;
                            assertThat(right.valid(r)).isEqualTo(valid);
                            assertThat(left.valid(r)).isEqualTo(valid);
                            if (valid) {
                                assertNumber(read(right, type, r), apply(type, op, x[r], constant), type + " col " + op + " const");
                                assertNumber(read(left, type, r), apply(type, op, constant, x[r]), type + " const " + op + " col");
                            }
                        }
                    }
                }
            }
        });
    }

    @Test
    void integerDivisionByZeroFailsOnlyForNonNullRows() {
        for (DataType type : new DataType[] {DataType.INT32, DataType.INT64}) {
            for (int rows : new int[] {1, 17, 100, 1000}) {
                for (int zeroRow : new int[] {0, rows / 2, rows - 1}) {
                    int nullZero = (zeroRow + 1) % rows;
                    Object one = type.kind() == DataType.Kind.INT32 ? (Object) 1 : (Object) 1L;
                    Object zero = type.kind() == DataType.Kind.INT32 ? (Object) 0 : (Object) 0L;
                    try (Batch num = columns.column(type, rows, true, r -> one);
                            Batch denFails = columns.column(type, rows, false, r -> r == zeroRow ? zero : r == nullZero ? null : one);
                            Batch denNull = columns.column(type, rows, true, r -> r == zeroRow ? null : one)) {
                        ColumnRef n = ColumnRef.of(num, 0);
                        ColumnRef bad = ColumnRef.of(denFails, 0);
                        assertFailsAt(rows, type.fixedWidth(), zeroRow, (k, o, v) -> k.binary(ArithmeticOp.DIVIDE, n, bad, o, v));
                        assertFailsAt(rows, type.fixedWidth(), zeroRow, (k, o, v) -> k.binaryLeftConstant(ArithmeticOp.DIVIDE, 5, bad, o, v));
                        // a zero (here: garbage) divisor in a null row is not an error
                        ColumnRef nullDivisor = ColumnRef.of(denNull, 0);
                        Output out = run(rows, type.fixedWidth(), (k, o, v) -> k.binary(ArithmeticOp.DIVIDE, n, nullDivisor, o, v));
                        assertThat(out.valid(zeroRow)).isFalse();
                    }
                }
            }
            try (Batch col = columns.column(type, 10, true, r -> r < 3 ? null : type.kind() == DataType.Kind.INT32 ? (Object) r : (Object) (long) r)) {
                ColumnRef c = ColumnRef.of(col, 0);
                assertFailsAt(10, type.fixedWidth(), 3, (k, o, v) -> k.binaryRightConstant(ArithmeticOp.DIVIDE, c, 0, o, v));
            }
        }
    }

    @Test
    void integerEdgeCasesWrapLikeJava() {
        int[] ints = {Integer.MIN_VALUE, -1, Integer.MAX_VALUE, 1, 0, -7, 7, Integer.MIN_VALUE + 1};
        long[] longs = {Long.MIN_VALUE, -1, Long.MAX_VALUE, 1, 0, -7, 7, Long.MIN_VALUE + 1};
        int rows = 64;
        try (Batch a = columns.column(DataType.INT32, rows, false, r -> ints[r % ints.length]);
                Batch b = columns.column(DataType.INT32, rows, true, r -> ints[(r / ints.length + 1) % ints.length] == 0 ? -1 : ints[(r / ints.length + 1) % ints.length]);
                Batch c = columns.column(DataType.INT64, rows, false, r -> longs[r % longs.length]);
                Batch d = columns.column(DataType.INT64, rows, true, r -> longs[(r / longs.length + 1) % longs.length] == 0 ? -1L : longs[(r / longs.length + 1) % longs.length])) {
            for (ArithmeticOp op : ArithmeticOp.values()) {
                Output oi = run(rows, 4, (k, o, v) -> k.binary(op, ColumnRef.of(a, 0), ColumnRef.of(b, 0), o, v));
                Output ol = run(rows, 8, (k, o, v) -> k.binary(op, ColumnRef.of(c, 0), ColumnRef.of(d, 0), o, v));
                for (int r = 0; r < rows; r++) {
                    assertNumber(read(oi, DataType.INT32, r), apply(DataType.INT32, op, a.getInt(0, r), b.getInt(0, r)), "int " + op);
                    assertNumber(read(ol, DataType.INT64, r), apply(DataType.INT64, op, c.getLong(0, r), d.getLong(0, r)), "long " + op);
                }
            }
        }
    }

    @Test
    void operandsMustShareAPhysicalType() {
        try (Batch i = columns.randomColumn(DataType.INT32, 10, 0, false);
                Batch l = columns.randomColumn(DataType.INT64, 10, 0, false);
                Batch d = columns.randomColumn(DataType.DATE, 10, 0, false);
                Batch s = columns.randomColumn(DataType.UTF8, 10, 0, false);
                Batch shorter = columns.randomColumn(DataType.INT32, 9, 0, false)) {
            MemorySegment out = arena.allocate(80);
            MemorySegment valid = arena.allocate(8);
            ArithmeticKernels k = kernels();
            assertThatThrownBy(() -> k.binary(ArithmeticOp.ADD, ColumnRef.of(i, 0), ColumnRef.of(l, 0), out, valid))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int32").hasMessageContaining("int64");
            assertThatThrownBy(() -> k.binary(ArithmeticOp.ADD, ColumnRef.of(s, 0), ColumnRef.of(s, 0), out, valid))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("utf8");
            assertThatThrownBy(() -> k.binary(ArithmeticOp.ADD, ColumnRef.of(i, 0), ColumnRef.of(shorter, 0), out, valid))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row counts");
            assertThatThrownBy(() -> k.binary(ArithmeticOp.ADD, ColumnRef.of(i, 0), ColumnRef.of(i, 0), arena.allocate(39), valid))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too small");
            assertThatThrownBy(() -> k.binaryRightConstant(ArithmeticOp.ADD, ColumnRef.of(i, 0), 1L << 40, out, valid))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
            assertThatThrownBy(() -> k.binaryRightConstant(ArithmeticOp.ADD, ColumnRef.of(l, 0), 1.5, out, valid))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float");
            // date (days) plus int32 shares the 4-byte int class
            k.binary(ArithmeticOp.ADD, ColumnRef.of(d, 0), ColumnRef.of(i, 0), out, valid);
            assertThat(out.get(INT, 0)).isEqualTo(d.getInt(0, 0) + i.getInt(0, 0));
        }
    }

    // ---- decimals ----

    private Batch decimals(DataType type, int rows, boolean odd, double nulls, long maxAbs) {
        return column(type, rows, odd, nulls, r -> {
            long unscaled = switch (random.nextInt(8)) {
                case 0 -> maxAbs - 1;
                case 1 -> 1 - maxAbs;
                case 2 -> 0;
                default -> random.nextLong() % maxAbs;
            };
            return BigDecimal.valueOf(unscaled, type.scale());
        });
    }

    private static long pow10(int e) {
        return BigDecimal.TEN.pow(e).longValueExact();
    }

    /** The exact SQL result at the result scale, or null when it overflows or divides by zero. */
    private static BigDecimal decimalReference(ArithmeticOp op, BigDecimal a, BigDecimal b, DataType result) {
        BigDecimal r = switch (op) {
            case ADD -> a.add(b);
            case SUBTRACT -> a.subtract(b);
            case MULTIPLY -> a.multiply(b);
            case DIVIDE -> b.signum() == 0 ? null : a.divide(b, result.scale(), RoundingMode.HALF_UP);
        };
        if (r == null) {
            return null;
        }
        r = r.setScale(result.scale(), RoundingMode.UNNECESSARY);
        return r.unscaledValue().abs().compareTo(BigDecimal.TEN.pow(result.precision()).toBigInteger()) >= 0 ? null : r;
    }

    private void checkDecimal(ArithmeticOp op, DataType lt, DataType rt, DataType result, long leftMax, long rightMax) {
        forSomeShapes((rows, odd, nulls) -> {
            try (Batch left = decimals(lt, rows, odd, nulls, leftMax);
                    Batch right = decimals(rt, rows, !odd, nulls, rightMax)) {
                ColumnRef a = ColumnRef.of(left, 0);
                ColumnRef b = ColumnRef.of(right, 0);
                BigDecimal[] expected = new BigDecimal[rows];
                int firstBad = -1;
                for (int r = 0; r < rows && firstBad < 0; r++) {
                    if (!left.isNull(0, r) && !right.isNull(0, r)) {
                        expected[r] = decimalReference(op, left.getDecimal(0, r), right.getDecimal(0, r), result);
                        firstBad = expected[r] == null ? r : -1;
                    }
                }
                Call call = (k, o, v) -> k.decimal(op, a, b, result, o, v);
                if (firstBad >= 0) {
                    assertFailsAt(rows, 8, firstBad, call);
                    return;
                }
                Output out = run(rows, 8, call);
                for (int r = 0; r < rows; r++) {
                    assertThat(out.valid(r)).isEqualTo(expected[r] != null);
                    if (expected[r] != null) {
                        assertThat(BigDecimal.valueOf(out.values().get(LONG, r * 8L), result.scale()))
                                .as("%s %s %s row %d", left.getDecimal(0, r), op.symbol(), right.getDecimal(0, r), r).isEqualTo(expected[r]);
                    }
                }
            }
        });
    }

    @Test
    void decimalAddAndSubtractRescaleAndDetectOverflow() {
        for (ArithmeticOp op : new ArithmeticOp[] {ArithmeticOp.ADD, ArithmeticOp.SUBTRACT}) {
            // fits: no overflow possible
            checkDecimal(op, DataType.decimal(12, 2), DataType.decimal(12, 2), DataType.decimal(13, 2), pow10(12), pow10(12));
            checkDecimal(op, DataType.decimal(9, 2), DataType.decimal(12, 6), DataType.decimal(18, 6), pow10(9), pow10(12));
            checkDecimal(op, DataType.decimal(15, 5), DataType.decimal(3, 0), DataType.decimal(16, 5), pow10(15), pow10(3));
            // overflow at the extremes: sums of two 18-digit values, and rescaling 18 digits up
            checkDecimal(op, DataType.decimal(18, 2), DataType.decimal(18, 2), DataType.decimal(18, 2), pow10(18), pow10(18));
            checkDecimal(op, DataType.decimal(18, 0), DataType.decimal(18, 9), DataType.decimal(18, 9), pow10(18), pow10(18));
            checkDecimal(op, DataType.decimal(10, 0), DataType.decimal(18, 18), DataType.decimal(18, 18), pow10(10), pow10(18));
        }
    }

    @Test
    void decimalMultiplyChecksTheResultPrecision() {
        checkDecimal(ArithmeticOp.MULTIPLY, DataType.decimal(9, 2), DataType.decimal(9, 3), DataType.decimal(18, 5), pow10(9), pow10(9));
        checkDecimal(ArithmeticOp.MULTIPLY, DataType.decimal(6, 2), DataType.decimal(5, 2), DataType.decimal(12, 4), pow10(6), pow10(5));
        checkDecimal(ArithmeticOp.MULTIPLY, DataType.decimal(18, 2), DataType.decimal(18, 2), DataType.decimal(18, 4), pow10(18), pow10(18));
        checkDecimal(ArithmeticOp.MULTIPLY, DataType.decimal(10, 1), DataType.decimal(10, 1), DataType.decimal(12, 2), pow10(10), pow10(4));
        checkDecimal(ArithmeticOp.MULTIPLY, DataType.decimal(12, 0), DataType.decimal(12, 0), DataType.decimal(18, 0), pow10(9), pow10(9));
    }

    @Test
    void decimalDivideRoundsHalfUp() {
        checkDecimal(ArithmeticOp.DIVIDE, DataType.decimal(12, 2), DataType.decimal(6, 2), DataType.decimal(18, 6), pow10(12), pow10(6));
        checkDecimal(ArithmeticOp.DIVIDE, DataType.decimal(18, 2), DataType.decimal(18, 2), DataType.decimal(18, 6), pow10(18), pow10(18));
        checkDecimal(ArithmeticOp.DIVIDE, DataType.decimal(10, 0), DataType.decimal(18, 18), DataType.decimal(18, 10), pow10(3), pow10(18));
        checkDecimal(ArithmeticOp.DIVIDE, DataType.decimal(18, 18), DataType.decimal(5, 0), DataType.decimal(18, 0), pow10(18), pow10(5));
        checkDecimal(ArithmeticOp.DIVIDE, DataType.decimal(18, 9), DataType.decimal(3, 3), DataType.decimal(18, 0), pow10(18), 1000);
        checkDecimal(ArithmeticOp.DIVIDE, DataType.decimal(5, 5), DataType.decimal(7, 0), DataType.decimal(4, 4), 100_000, 10);
    }

    @Test
    void decimalErrorsNameTheRowAndValues() {
        DataType t = DataType.decimal(18, 2);
        try (Batch a = columns.column(t, 40, true, r -> r == 20 ? null : new BigDecimal(r == 33 ? "9999999999999999.99" : "1.00"));
                Batch b = columns.column(t, 40, false, r -> new BigDecimal(r == 20 || r == 33 ? "9999999999999999.99" : "2.50"))) {
            ColumnRef x = ColumnRef.of(a, 0);
            ColumnRef y = ColumnRef.of(b, 0);
            assertFailsAt(40, 8, 33, (k, o, v) -> k.decimal(ArithmeticOp.ADD, x, y, t, o, v));
            Output out = allocate(40, 8);
            assertThatThrownBy(() -> kernels().decimal(ArithmeticOp.ADD, x, y, t, out.values(), out.validity()))
                    .hasMessageContaining("9999999999999999.99 + 9999999999999999.99").hasMessageContaining("decimal(18,2)");
            assertThatThrownBy(() -> kernels().decimal(ArithmeticOp.MULTIPLY, x, y, t, out.values(), out.validity()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale 4");
        }
        try (Batch a = columns.column(t, 20, false, r -> new BigDecimal("1.00"));
                Batch b = columns.column(t, 20, true, r -> new BigDecimal(r == 11 ? "0.00" : "3.00"))) {
            assertThat(catchArithmetic(() -> kernels().decimal(ArithmeticOp.DIVIDE, ColumnRef.of(a, 0), ColumnRef.of(b, 0), t,
                    allocate(20, 8).values(), allocate(20, 8).validity()))).isEqualTo("Division by zero at row 11: 1.00 / 0");
        }
    }

    // ---- casts ----

    /** Checks a cast against {@code reference} (null result: the row must fail). */
    private void checkCast(DataType from, DataType to, IntFunction<Object> values, Function<Object, Object> reference) {
        forSomeShapes((rows, odd, nulls) -> {
            try (Batch in = column(from, rows, odd, nulls, values)) {
                ColumnRef c = ColumnRef.of(in, 0);
                Object[] expected = new Object[rows];
                int firstBad = -1;
                for (int r = 0; r < rows && firstBad < 0; r++) {
                    if (!in.isNull(0, r)) {
                        expected[r] = reference.apply(in.getObject(0, r));
                        firstBad = expected[r] == null ? r : -1;
                    }
                }
                Call call = (k, o, v) -> k.cast(c, to, o, v);
                if (firstBad >= 0) {
                    assertFailsAt(rows, to.fixedWidth(), firstBad, call);
                    return;
                }
                Output out = run(rows, to.fixedWidth(), call);
                for (int r = 0; r < rows; r++) {
                    assertThat(out.valid(r)).isEqualTo(!in.isNull(0, r));
                    if (expected[r] != null) {
                        Object actual = to.kind() == DataType.Kind.DECIMAL
                                ? BigDecimal.valueOf(out.values().get(LONG, r * 8L), to.scale()) : read(out, to, r);
                        if (expected[r] instanceof Number n && !(expected[r] instanceof BigDecimal)) {
                            assertNumber((Number) actual, n, from + "->" + to + " of " + in.getObject(0, r));
                        } else {
                            assertThat(actual).as("%s->%s of %s", from, to, in.getObject(0, r)).isEqualTo(expected[r]);
                        }
                    }
                }
            }
        });
    }

    private static BigDecimal fitOrNull(BigDecimal v, DataType t) {
        BigDecimal r = v.setScale(t.scale(), RoundingMode.HALF_UP);
        return r.precision() - r.scale() > t.precision() - t.scale() ? null : r;
    }

    @Test
    void wideningCastsAreExact() {
        checkCast(DataType.INT32, DataType.INT64, r -> columns.values().int32(), v -> (long) (Integer) v);
        checkCast(DataType.INT32, DataType.FLOAT64, r -> columns.values().int32(), v -> (double) (Integer) v);
        checkCast(DataType.INT64, DataType.FLOAT64, r -> columns.values().int64(), v -> (double) (Long) v);
        checkCast(DataType.FLOAT32, DataType.FLOAT64, r -> columns.values().float32(), v -> (double) (Float) v);
        checkCast(DataType.DATE, DataType.INT64, r -> columns.values().date(), v -> ((LocalDate) v).toEpochDay());
    }

    @Test
    void longToIntFailsOutsideTheIntRange() {
        checkCast(DataType.INT64, DataType.INT32, r -> (long) columns.values().int32(), v -> (int) (long) (Long) v);
        checkCast(DataType.INT64, DataType.INT32, r -> random.nextInt(500) == 0 ? (random.nextBoolean() ? 1L << 31 : -(1L << 31) - 1)
                : (long) columns.values().int32(), v -> (Long) v == (int) (long) (Long) v ? (Object) (int) (long) (Long) v : null);
    }

    @Test
    void doubleToLongRoundsHalfAwayFromZero() {
        double[] edges = {0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994, 4503599627370495.5,
            -4503599627370495.5, 0x1p62, -0x1p63, 0x1p63 - 1024, -0.0, Double.MIN_VALUE};
        IntFunction<Object> values = r -> random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)]
                : random.nextBoolean() ? Math.round(random.nextGaussian() * 1e6) + 0.5 : random.nextGaussian() * 1e15;
        Function<Object, Object> halfUp = v -> new BigDecimal((Double) v).setScale(0, RoundingMode.HALF_UP).longValueExact();
        checkCast(DataType.FLOAT64, DataType.INT64, values, halfUp);
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0x1p63, -0x1p63 - 2048, 1e300};
        checkCast(DataType.FLOAT64, DataType.INT64, r -> random.nextInt(300) == 0 ? bad[random.nextInt(bad.length)] : values.apply(r),
                v -> Double.isNaN((Double) v) || Math.abs((Double) v) >= 0x1p63 && (Double) v != -0x1p63 ? null : halfUp.apply(v));
    }

    @Test
    void integersToDecimalCheckThePrecision() {
        DataType d104 = DataType.decimal(10, 4);
        checkCast(DataType.INT32, d104, r -> random.nextInt(200_000) - 100_000, v -> fitOrNull(BigDecimal.valueOf((Integer) v), d104));
        checkCast(DataType.INT32, d104, r -> columns.values().int32(), v -> fitOrNull(BigDecimal.valueOf((Integer) v), d104));
        DataType d182 = DataType.decimal(18, 2);
        checkCast(DataType.INT64, d182, r -> random.nextLong() % 10_000_000_000_000_000L, v -> fitOrNull(BigDecimal.valueOf((Long) v), d182));
        checkCast(DataType.INT64, d182, r -> columns.values().int64(), v -> fitOrNull(BigDecimal.valueOf((Long) v), d182));
        DataType d1818 = DataType.decimal(18, 18);
        checkCast(DataType.INT32, d1818, r -> random.nextInt(3) == 0 ? 0 : 1, v -> fitOrNull(BigDecimal.valueOf((Integer) v), d1818));
    }

    @Test
    void decimalRescalesRoundHalfUpAndCheckPrecision() {
        DataType from = DataType.decimal(12, 4);
        IntFunction<Object> values = r -> BigDecimal.valueOf(random.nextBoolean() ? random.nextLong() % 1_000_000_000_000L
                : (random.nextLong() % 100_000) * 50, 4);
        for (DataType to : new DataType[] {DataType.decimal(18, 6), DataType.decimal(12, 6), DataType.decimal(12, 2), DataType.decimal(6, 1),
            DataType.decimal(9, 0), DataType.decimal(18, 18), DataType.decimal(10, 4)}) {
            checkCast(from, to, values, v -> fitOrNull((BigDecimal) v, to));
        }
        checkCast(DataType.decimal(18, 0), DataType.decimal(18, 3), r -> BigDecimal.valueOf(random.nextLong() % 1_000_000_000_000_000L),
                v -> fitOrNull((BigDecimal) v, DataType.decimal(18, 3)));
    }

    @Test
    void decimalToFloat64AndInt64() {
        for (int scale : new int[] {0, 2, 9, 18}) {
            DataType from = DataType.decimal(18, scale);
            IntFunction<Object> values = r -> BigDecimal.valueOf(random.nextLong() % 1_000_000_000_000_000_000L, scale);
            checkCast(from, DataType.INT64, values, v -> ((BigDecimal) v).setScale(0, RoundingMode.HALF_UP).longValueExact());
            forSomeShapes((rows, odd, nulls) -> {
                try (Batch in = column(from, rows, odd, nulls, values)) {
                    Output out = run(rows, 8, (k, o, v) -> k.cast(ColumnRef.of(in, 0), DataType.FLOAT64, o, v));
                    for (int r = 0; r < rows; r++) {
                        if (!in.isNull(0, r)) {
                            // correctly rounded while the unscaled value is an exact double (one rounding, in the
                            // division); two roundings above 2^53 stay within 2 ulps
                            double exact = in.getDecimal(0, r).doubleValue();
                            double actual = out.values().get(DOUBLE, r * 8L);
                            if (Math.abs(in.getLong(0, r)) <= 1L << 53) {
                                assertThat(actual).as("%s", in.getDecimal(0, r)).isEqualTo(exact);
                            } else {
                                assertThat(Math.abs(actual - exact)).as("%s", in.getDecimal(0, r)).isLessThanOrEqualTo(2 * Math.ulp(exact));
                            }
                        }
                    }
                }
            });
        }
    }

    @Test
    void unsupportedCastsAreRejected() {
        try (Batch s = columns.randomColumn(DataType.UTF8, 4, 0, false);
                Batch d = columns.randomColumn(DataType.FLOAT64, 4, 0, false)) {
            MemorySegment out = arena.allocate(64);
            MemorySegment valid = arena.allocate(8);
            assertThatThrownBy(() -> kernels().cast(ColumnRef.of(s, 0), DataType.INT64, out, valid))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("utf8 to int64");
            assertThatThrownBy(() -> kernels().cast(ColumnRef.of(d, 0), DataType.INT32, out, valid))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float64 to int32");
        }
    }

    // ---- date parts ----

    private static int part(DatePart part, LocalDate date) {
        return switch (part) {
            case YEAR -> date.getYear();
            case MONTH -> date.getMonthValue();
            case DAY -> date.getDayOfMonth();
        };
    }

    @Test
    void datePartsOfRandomDatesAndTimestampsMatchJavaTime() {
        forAllShapes((rows, odd, nulls) -> {
            try (Batch dates = column(DataType.DATE, rows, odd, nulls, r -> columns.values().date());
                    Batch stamps = column(DataType.TIMESTAMP, rows, odd, nulls, r -> columns.values().timestamp())) {
                for (DatePart p : DatePart.values()) {
                    Output d = run(rows, 4, (k, o, v) -> k.extract(p, ColumnRef.of(dates, 0), o, v));
                    Output t = run(rows, 4, (k, o, v) -> k.extract(p, ColumnRef.of(stamps, 0), o, v));
                    for (int r = 0; r < rows; r++) {
                        assertThat(d.valid(r)).isEqualTo(!dates.isNull(0, r));
                        assertThat(t.valid(r)).isEqualTo(!stamps.isNull(0, r));
                        if (!dates.isNull(0, r)) {
                            assertThat(d.values().get(INT, r * 4L)).as("%s of %s", p, dates.getDate(0, r)).isEqualTo(part(p, dates.getDate(0, r)));
                        }
                        if (!stamps.isNull(0, r)) {
                            assertThat(t.values().get(INT, r * 4L)).as("%s of %s", p, stamps.getTimestamp(0, r))
                                    .isEqualTo(part(p, stamps.getTimestamp(0, r).toLocalDate()));
                        }
                    }
                }
            }
        });
    }

    /**
     * Every day of years 0001-9999, then the first and last 5000 days of the SIMD backend's vector
     * range (blocks of in-range values only), then the range edges and int extremes mixed with
     * ordinary days, against LocalDate.
     */
    @Test
    void datePartsOfEveryDayMatchLocalDate() {
        int first = (int) LocalDate.of(1, 1, 1).toEpochDay();
        int last = (int) LocalDate.of(9999, 12, 31).toEpochDay();
        int years = last - first + 1;
        int edge = 5000;
        int span = years + 2 * edge;
        int[] extra = {-(1 << 25) - 1, -(1 << 25), -(1 << 25) + 1, (1 << 25) - 1, 1 << 25, (1 << 25) + 1, Integer.MIN_VALUE,
            Integer.MAX_VALUE, Integer.MIN_VALUE + 1, -1, 0, 59, 60, -719_468, -719_469};
        int n = span + extra.length * 17;
        MemorySegment days = arena.allocate((long) n * 4);
        for (int i = 0; i < years; i++) {
            days.set(INT, i * 4L, first + i);
        }
        for (int i = 0; i < edge; i++) {
            days.set(INT, (years + i) * 4L, -(1 << 25) + i);
            days.set(INT, (years + edge + i) * 4L, (1 << 25) - edge + i);
        }
        for (int i = span; i < n; i++) {
            // each extreme value lands in many lane positions among ordinary days
            days.set(INT, i * 4L, (i - span) % 17 == 0 ? extra[(i - span) / 17] : (i - span) % 17 * 1000);
        }
        ColumnRef column = ColumnRef.of(DataType.DATE, days, n);
        for (DatePart p : DatePart.values()) {
            Output out = run(n, 4, (k, o, v) -> k.extract(p, column, o, v));
            for (int i = 0; i < n; i++) {
                int day = days.get(INT, i * 4L);
                int actual = out.values().get(INT, i * 4L);
                if (actual != part(p, LocalDate.ofEpochDay(day))) {
                    assertThat(actual).as("%s of day %d (%s)", p, day, LocalDate.ofEpochDay(day)).isEqualTo(part(p, LocalDate.ofEpochDay(day)));
                }
            }
        }
    }

    @Test
    void datePartsOfExtremeTimestampsMatchJavaTime() {
        long[] edges = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1, 86_400_000_000L - 1, 86_400_000_000L, -86_400_000_000L, -86_400_000_000L - 1,
            (1L << 25) * 86_400_000_000L, -(1L << 25) * 86_400_000_000L, -(1L << 25) * 86_400_000_000L - 1};
        int n = 5000;
        MemorySegment micros = arena.allocate((long) n * 8);
        for (int i = 0; i < n; i++) {
            long v = switch (i % 4) {
                case 0 -> edges[(i / 4) % edges.length];
                case 1 -> random.nextLong();
                case 2 -> (random.nextLong() % 200_000) * 86_400_000_000L + random.nextInt(3) - 1;
                default -> columns.values().timestampMicros();
            };
            micros.set(LONG, i * 8L, v);
        }
        // and blocks holding only values within the SIMD backend's vector range, up to its edges
        long day = 86_400_000_000L;
        long low = -(1L << 25) * day;
        long high = (1L << 25) * day;
        MemorySegment inRange = arena.allocate((long) n * 8);
        for (int i = 0; i < n; i++) {
            long v = switch (i % 6) {
                case 0 -> low + random.nextInt(3) * day + random.nextInt(2);
                case 1 -> high - 1 - random.nextInt(3) * day - random.nextInt(2);
                case 2 -> random.nextLong(low, high);
                case 3 -> random.nextLong(-1000, 1000) * day + random.nextInt(3) - 1;
                // just below a day boundary far from the epoch, where a double estimate of the day rounds up
                case 4 -> random.nextLong(-(1L << 25) + 1, 1L << 25) * day - 1 - random.nextInt(2);
                default -> columns.values().timestampMicros();
            };
            inRange.set(LONG, i * 8L, v);
        }
        for (MemorySegment values : new MemorySegment[] {micros, inRange}) {
            ColumnRef column = ColumnRef.of(DataType.TIMESTAMP, values, n);
            for (DatePart p : DatePart.values()) {
                Output out = run(n, 4, (k, o, v) -> k.extract(p, column, o, v));
                for (int i = 0; i < n; i++) {
                    long m = values.get(LONG, i * 8L);
                    LocalDate date = LocalDateTime.ofEpochSecond(Math.floorDiv(m, 1_000_000L), (int) Math.floorMod(m, 1_000_000L) * 1000,
                            ZoneOffset.UTC).toLocalDate();
                    assertThat(out.values().get(INT, i * 4L)).as("%s of %d micros", p, m).isEqualTo(part(p, date));
                }
            }
        }
    }
}
