package io.basalt.benchmarks.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
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
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.CompareOp;
import io.basalt.vectorops.FilterKernels;
import io.basalt.vectorops.LikePattern;
import io.basalt.vectorops.VectorSupport;
import io.basalt.vectorops.scalar.ScalarFilterKernels;
import io.basalt.vectorops.simd.SimdFilterKernels;

/**
 * Filter kernels, scalar versus SIMD: {@code column < constant} over 16M-row int32, int64 and
 * float64 columns at 1% and 50% selectivity (uniformly scattered, so selected rows are
 * unpredictable), and utf8 equality, prefix and substring on a 1M-row string column. Compare the
 * numeric times with {@link SequentialReadBenchmark} at the same width for the fraction of read
 * bandwidth ({@code rows * width / time}). Each state owns its off-heap data, allocated in setup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FilterBenchmark {
    private static final int VALUE_RANGE = 1_000_000;

    static FilterKernels kernels(String backend) {
        return switch (backend) {
            case "scalar" -> ScalarFilterKernels.INSTANCE;
            case "simd" -> {
                if (!VectorSupport.isAvailable()) {
                    throw new IllegalStateException("SIMD unavailable: " + VectorSupport.unavailabilityCause());
                }
                yield SimdFilterKernels.INSTANCE;
            }
            default -> throw new IllegalArgumentException("backend must be scalar or simd, was " + backend);
        };
    }

    /** A numeric column of uniform values in [0, 1M) and the constant that selects the wanted fraction. */
    @State(Scope.Thread)
    public static class Numeric {
        @Param({"scalar", "simd"})
        public String backend;

        @Param({"int32", "int64", "float64"})
        public String type;

        @Param({"0.01", "0.5"})
        public double selectivity;

        /** With {@code true}, about 10% of rows are null (exercises the validity path). */
        @Param({"false"})
        public boolean nulls;

        @Param({"16777216"})
        public int rows;

        FilterKernels kernels;
        ColumnRef column;
        boolean floating;
        long longConstant;
        double doubleConstant;
        int[] out;
        private Arena arena;

        @Setup
        public void setUp() {
            kernels = kernels(backend);
            DataType dataType = DataType.parse(type);
            floating = dataType.kind() == DataType.Kind.FLOAT64;
            arena = Arena.ofShared();
            MemorySegment data = arena.allocate((long) rows * dataType.fixedWidth(), 64);
            SplittableRandom random = new SplittableRandom(7);
            for (int r = 0; r < rows; r++) {
                int v = random.nextInt(VALUE_RANGE);
                switch (dataType.kind()) {
                    case INT32 -> data.setAtIndex(ValueLayout.JAVA_INT, r, v);
                    case INT64 -> data.setAtIndex(ValueLayout.JAVA_LONG, r, v);
                    case FLOAT64 -> data.setAtIndex(ValueLayout.JAVA_DOUBLE, r, v);
                    default -> throw new IllegalArgumentException("type must be int32, int64 or float64, was " + type);
                }
            }
            MemorySegment validity = null;
            if (nulls) {
                validity = arena.allocate(Bitmaps.bytesFor(rows), 64);
                for (int r = 0; r < rows; r++) {
                    Bitmaps.set(validity, r, random.nextInt(10) != 0);
                }
            }
            column = new ColumnRef(dataType, data, validity, null, 0, rows);
            longConstant = Math.round(selectivity * VALUE_RANGE);
            doubleConstant = longConstant;
            out = new int[rows];
        }

        @TearDown
        public void tearDown() {
            arena.close();
        }
    }

    /** A utf8 column drawn from 100 distinct ASCII words of 4 to 24 bytes, so each word is ~1% of rows. */
    @State(Scope.Thread)
    public static class Strings {
        @Param({"scalar", "simd"})
        public String backend;

        @Param({"1048576"})
        public int rows;

        FilterKernels kernels;
        ColumnRef column;
        byte[] word;
        byte[] prefix;
        LikePattern contains;
        int[] out;
        private Arena arena;

        @Setup
        public void setUp() {
            kernels = kernels(backend);
            SplittableRandom random = new SplittableRandom(11);
            byte[][] words = new byte[100][];
            for (int w = 0; w < words.length; w++) {
                byte[] bytes = new byte[4 + random.nextInt(21)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) ('a' + random.nextInt(26));
                }
                words[w] = bytes;
            }
            arena = Arena.ofShared();
            MemorySegment offsets = arena.allocate(4L * (rows + 1), 64);
            MemorySegment data = arena.allocate(24L * rows, 64);
            int at = 0;
            for (int r = 0; r < rows; r++) {
                byte[] bytes = words[random.nextInt(words.length)];
                MemorySegment.copy(MemorySegment.ofArray(bytes), 0, data, at, bytes.length);
                offsets.setAtIndex(ValueLayout.JAVA_INT, r, at);
                at += bytes.length;
            }
            offsets.setAtIndex(ValueLayout.JAVA_INT, rows, at);
            column = new ColumnRef(DataType.UTF8, data, null, offsets, 0, rows);
            word = words[0];
            prefix = new String(word, 0, 3, StandardCharsets.US_ASCII).getBytes(StandardCharsets.UTF_8);
            contains = LikePattern.compile("%" + new String(word, 1, 3, StandardCharsets.US_ASCII) + "%");
            out = new int[rows];
        }

        @TearDown
        public void tearDown() {
            arena.close();
        }
    }

    @Benchmark
    public int compareLessThan(Numeric s) {
        return s.floating
                ? s.kernels.compare(s.column, CompareOp.LT, s.doubleConstant, s.out)
                : s.kernels.compare(s.column, CompareOp.LT, s.longConstant, s.out);
    }

    @Benchmark
    public int stringEquals(Strings s) {
        return s.kernels.equalTo(s.column, s.word, s.out);
    }

    @Benchmark
    public int stringStartsWith(Strings s) {
        return s.kernels.startsWith(s.column, s.prefix, s.out);
    }

    @Benchmark
    public int stringLikeContains(Strings s) {
        return s.kernels.like(s.column, s.contains, s.out);
    }
}
