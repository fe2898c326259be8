package io.basalt.benchmarks.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.basalt.data.DataType;
import io.basalt.vectorops.ArithmeticKernels;
import io.basalt.vectorops.ArithmeticOp;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.DatePart;
import io.basalt.vectorops.VectorSupport;
import io.basalt.vectorops.scalar.ScalarArithmeticKernels;
import io.basalt.vectorops.simd.SimdArithmeticKernels;

/**
 * Scalar vs SIMD {@link ArithmeticKernels} on 16M-row columns without nulls: numeric operators,
 * checked decimal arithmetic, casts and date parts. Each operation runs over the whole column in
 * calls of {@code batchRows} rows: with 16M one call streams every input and output through
 * memory; with 64K the output buffer is reused per call and stays in cache while the inputs still
 * stream from memory, as in a pipeline that consumes each projected batch at once. Time per
 * operation covers all 16M rows: rows/s = rows / time, bytes = rows * (input + output widths).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ArithmeticBenchmark {
    private static final DataType PRICE = DataType.decimal(15, 2);
    private static final DataType RATE = DataType.decimal(4, 2);
    private static final DataType AMOUNT = DataType.decimal(18, 4);

    @Param({"scalar", "simd"})
    public String backend;

    @Param({"16777216"})
    public int rows;

    @Param({"16777216", "65536"})
    public int batchRows;

    private Arena arena;
    private ArithmeticKernels kernels;
    private MemorySegment int32A;
    private MemorySegment int32B;
    private MemorySegment int64A;
    private MemorySegment int64B;
    private MemorySegment float64A;
    private MemorySegment float64B;
    private MemorySegment prices;
    private MemorySegment pricesB;
    private MemorySegment rates;
    private MemorySegment dates;
    private MemorySegment timestamps;
    private MemorySegment out;
    private MemorySegment outValidity;

    @Setup
    public void setUp() {
        if (backend.equals("simd") && !VectorSupport.isAvailable()) {
            throw new IllegalStateException("SIMD unavailable: " + VectorSupport.unavailabilityCause());
        }
        kernels = backend.equals("simd") ? SimdArithmeticKernels.INSTANCE : ScalarArithmeticKernels.INSTANCE;
        arena = Arena.ofShared();
        SplittableRandom random = new SplittableRandom(7);
        int32A = arena.allocate(4L * rows, 64);
        int32B = arena.allocate(4L * rows, 64);
        int64A = arena.allocate(8L * rows, 64);
        int64B = arena.allocate(8L * rows, 64);
        float64A = arena.allocate(8L * rows, 64);
        float64B = arena.allocate(8L * rows, 64);
        prices = arena.allocate(8L * rows, 64);
        pricesB = arena.allocate(8L * rows, 64);
        rates = arena.allocate(8L * rows, 64);
        dates = arena.allocate(4L * rows, 64);
        timestamps = arena.allocate(8L * rows, 64);
        for (long i = 0; i < rows; i++) {
            int32A.setAtIndex(ValueLayout.JAVA_INT, i, random.nextInt());
            int32B.setAtIndex(ValueLayout.JAVA_INT, i, random.nextInt(1, Integer.MAX_VALUE));
            int64A.setAtIndex(ValueLayout.JAVA_LONG, i, random.nextLong());
            int64B.setAtIndex(ValueLayout.JAVA_LONG, i, random.nextLong());
            float64A.setAtIndex(ValueLayout.JAVA_DOUBLE, i, random.nextDouble() * 1e12 - 5e11);
            float64B.setAtIndex(ValueLayout.JAVA_DOUBLE, i, random.nextDouble() + 0.5);
            prices.setAtIndex(ValueLayout.JAVA_LONG, i, random.nextLong(100_000_000_000L)); // up to 1e9.00
            pricesB.setAtIndex(ValueLayout.JAVA_LONG, i, random.nextLong(-100_000_000_000L, 100_000_000_000L));
            rates.setAtIndex(ValueLayout.JAVA_LONG, i, random.nextLong(100)); // 0.00 .. 0.99
            dates.setAtIndex(ValueLayout.JAVA_INT, i, random.nextInt(-25_000, 25_000)); // about 1901 .. 2038
            timestamps.setAtIndex(ValueLayout.JAVA_LONG, i, random.nextLong(-2_000_000_000_000_000L, 2_000_000_000_000_000L));
        }
        out = arena.allocate(8L * batchRows, 64);
        outValidity = arena.allocate(Bitmaps.bytesFor(batchRows), 64);
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    private static ColumnRef slice(DataType type, MemorySegment data, int from, int count) {
        return new ColumnRef(type, data, null, null, from, count);
    }

    private int batch(int from) {
        return Math.min(batchRows, rows - from);
    }

    @Benchmark
    public MemorySegment addInt64() {
        for (int from = 0; from < rows; from += batchRows) {
            int n = batch(from);
            kernels.binary(ArithmeticOp.ADD, slice(DataType.INT64, int64A, from, n), slice(DataType.INT64, int64B, from, n), out, outValidity);
        }
        return out;
    }

    @Benchmark
    public MemorySegment multiplyInt64ByConstant() {
        for (int from = 0; from < rows; from += batchRows) {
            kernels.binaryRightConstant(ArithmeticOp.MULTIPLY, slice(DataType.INT64, int64A, from, batch(from)), 1_000_003L, out, outValidity);
        }
        return out;
    }

    @Benchmark
    public MemorySegment addInt32() {
        for (int from = 0; from < rows; from += batchRows) {
            int n = batch(from);
            kernels.binary(ArithmeticOp.ADD, slice(DataType.INT32, int32A, from, n), slice(DataType.INT32, int32B, from, n), out, outValidity);
        }
        return out;
    }

    @Benchmark
    public MemorySegment divideInt32() {
        for (int from = 0; from < rows; from += batchRows) {
            int n = batch(from);
            kernels.binary(ArithmeticOp.DIVIDE, slice(DataType.INT32, int32A, from, n), slice(DataType.INT32, int32B, from, n), out, outValidity);
        }
        return out;
    }

    @Benchmark
    public MemorySegment multiplyFloat64() {
        for (int from = 0; from < rows; from += batchRows) {
            int n = batch(from);
            kernels.binary(ArithmeticOp.MULTIPLY, slice(DataType.FLOAT64, float64A, from, n), slice(DataType.FLOAT64, float64B, from, n),
                    out, outValidity);
        }
        return out;
    }

    @Benchmark
    public MemorySegment divideFloat64() {
        for (int from = 0; from < rows; from += batchRows) {
            int n = batch(from);
            kernels.binary(ArithmeticOp.DIVIDE, slice(DataType.FLOAT64, float64A, from, n), slice(DataType.FLOAT64, float64B, from, n),
                    out, outValidity);
        }
        return out;
    }

    /** decimal(15,2) + decimal(15,2) into decimal(18,2), overflow-checked. */
    @Benchmark
    public MemorySegment decimalAdd() {
        DataType result = DataType.decimal(18, 2);
        for (int from = 0; from < rows; from += batchRows) {
            int n = batch(from);
            kernels.decimal(ArithmeticOp.ADD, slice(PRICE, prices, from, n), slice(PRICE, pricesB, from, n), result, out, outValidity);
        }
        return out;
    }

    /** decimal(15,2) + decimal(6,4) into decimal(18,4): the left operand is rescaled by 100, overflow-checked. */
    @Benchmark
    public MemorySegment decimalAddRescaled() {
        DataType result = DataType.decimal(18, 4);
        DataType rate4 = DataType.decimal(6, 4);
        for (int from = 0; from < rows; from += batchRows) {
            int n = batch(from);
            kernels.decimal(ArithmeticOp.ADD, slice(PRICE, prices, from, n), slice(rate4, rates, from, n), result, out, outValidity);
        }
        return out;
    }

    /** decimal(15,2) * decimal(4,2) into decimal(18,4), as TPC-H's extendedprice * discount. */
    @Benchmark
    public MemorySegment decimalMultiply() {
        for (int from = 0; from < rows; from += batchRows) {
            int n = batch(from);
            kernels.decimal(ArithmeticOp.MULTIPLY, slice(PRICE, prices, from, n), slice(RATE, rates, from, n), AMOUNT, out, outValidity);
        }
        return out;
    }

    @Benchmark
    public MemorySegment castInt32ToInt64() {
        for (int from = 0; from < rows; from += batchRows) {
            kernels.cast(slice(DataType.INT32, int32A, from, batch(from)), DataType.INT64, out, outValidity);
        }
        return out;
    }

    @Benchmark
    public MemorySegment castFloat64ToInt64() {
        for (int from = 0; from < rows; from += batchRows) {
            kernels.cast(slice(DataType.FLOAT64, float64A, from, batch(from)), DataType.INT64, out, outValidity);
        }
        return out;
    }

    @Benchmark
    public MemorySegment castDecimalToFloat64() {
        for (int from = 0; from < rows; from += batchRows) {
            kernels.cast(slice(PRICE, prices, from, batch(from)), DataType.FLOAT64, out, outValidity);
        }
        return out;
    }

    @Benchmark
    public MemorySegment extractYearFromDate() {
        for (int from = 0; from < rows; from += batchRows) {
            kernels.extract(DatePart.YEAR, slice(DataType.DATE, dates, from, batch(from)), out, outValidity);
        }
        return out;
    }

    @Benchmark
    public MemorySegment extractMonthFromDate() {
        for (int from = 0; from < rows; from += batchRows) {
            kernels.extract(DatePart.MONTH, slice(DataType.DATE, dates, from, batch(from)), out, outValidity);
        }
        return out;
    }

    @Benchmark
    public MemorySegment extractYearFromTimestamp() {
        for (int from = 0; from < rows; from += batchRows) {
            kernels.extract(DatePart.YEAR, slice(DataType.TIMESTAMP, timestamps, from, batch(from)), out, outValidity);
        }
        return out;
    }
}
