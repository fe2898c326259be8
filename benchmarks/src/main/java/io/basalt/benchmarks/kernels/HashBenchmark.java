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
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.HashKernels;
import io.basalt.vectorops.VectorSupport;
import io.basalt.vectorops.scalar.ScalarHashKernels;
import io.basalt.vectorops.simd.SimdHashKernels;

/**
 * Scalar vs SIMD {@link HashKernels} on 16M-row columns: fixed-width hashes (with and without
 * nulls), combining a second key column, and utf8 strings (scalar in both backends). Each
 * operation covers all rows in calls of {@code batchRows}; with 64K rows the {@code long[]} output
 * is reused per call and stays in cache, as when a hash aggregation or join consumes each batch's
 * hashes at once; with 16M every hash is written to memory. rows/s = rows / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashBenchmark {
    @Param({"scalar", "simd"})
    public String backend;

    @Param({"16777216"})
    public int rows;

    @Param({"16777216", "65536"})
    public int batchRows;

    private Arena arena;
    private HashKernels kernels;
    private MemorySegment int32;
    private MemorySegment int64;
    private MemorySegment float64;
    private MemorySegment validity;
    private MemorySegment chars;
    private MemorySegment offsets;
    private long[] out;

    @Setup
    public void setUp() {
        if (backend.equals("simd") && !VectorSupport.isAvailable()) {
            throw new IllegalStateException("SIMD unavailable: " + VectorSupport.unavailabilityCause());
        }
        kernels = backend.equals("simd") ? SimdHashKernels.INSTANCE : ScalarHashKernels.INSTANCE;
        arena = Arena.ofShared();
        SplittableRandom random = new SplittableRandom(11);
        int32 = arena.allocate(4L * rows, 64);
        int64 = arena.allocate(8L * rows, 64);
        float64 = arena.allocate(8L * rows, 64);
        validity = arena.allocate((rows + 7) / 8 + 8, 64);
        offsets = arena.allocate(4L * (rows + 1), 64);
        // strings of 4..20 bytes (mean 12), like names and codes
        chars = arena.allocate(20L * rows, 64);
        int position = 0;
        for (long i = 0; i < rows; i++) {
            int32.setAtIndex(ValueLayout.JAVA_INT, i, random.nextInt());
            int64.setAtIndex(ValueLayout.JAVA_LONG, i, random.nextLong());
            float64.setAtIndex(ValueLayout.JAVA_DOUBLE, i, random.nextDouble() * 1e6);
            offsets.setAtIndex(ValueLayout.JAVA_INT, i, position);
            int length = random.nextInt(4, 21);
            for (int b = 0; b < length; b++) {
                chars.set(ValueLayout.JAVA_BYTE, position++, (byte) random.nextInt('a', 'z' + 1));
            }
        }
        offsets.setAtIndex(ValueLayout.JAVA_INT, rows, position);
        for (long i = 0; i < validity.byteSize(); i++) {
            validity.set(ValueLayout.JAVA_BYTE, i, (byte) (random.nextInt() | 0x11)); // about 25% nulls
        }
        out = new long[batchRows];
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    private int batch(int from) {
        return Math.min(batchRows, rows - from);
    }

    @Benchmark
    public long[] hashInt64() {
        for (int from = 0; from < rows; from += batchRows) {
            kernels.hash(new ColumnRef(DataType.INT64, int64, null, null, from, batch(from)), out);
        }
        return out;
    }

    @Benchmark
    public long[] hashInt64WithNulls() {
        for (int from = 0; from < rows; from += batchRows) {
            kernels.hash(new ColumnRef(DataType.INT64, int64, validity, null, from, batch(from)), out);
        }
        return out;
    }

    @Benchmark
    public long[] hashInt32() {
        for (int from = 0; from < rows; from += batchRows) {
            kernels.hash(new ColumnRef(DataType.INT32, int32, null, null, from, batch(from)), out);
        }
        return out;
    }

    @Benchmark
    public long[] hashFloat64() {
        for (int from = 0; from < rows; from += batchRows) {
            kernels.hash(new ColumnRef(DataType.FLOAT64, float64, null, null, from, batch(from)), out);
        }
        return out;
    }

    /** Two-column key (int64, int32): hash then combine, per batch. */
    @Benchmark
    public long[] hashInt64CombineInt32() {
        for (int from = 0; from < rows; from += batchRows) {
            int n = batch(from);
            kernels.hash(new ColumnRef(DataType.INT64, int64, null, null, from, n), out);
            kernels.combine(new ColumnRef(DataType.INT32, int32, null, null, from, n), out);
        }
        return out;
    }

    @Benchmark
    public long[] hashUtf8() {
        for (int from = 0; from < rows; from += batchRows) {
            kernels.hash(new ColumnRef(DataType.UTF8, chars, null, offsets, from, batch(from)), out);
        }
        return out;
    }
}
