package io.basalt.benchmarks.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.AggregateFunction;
import io.basalt.vectorops.AggregationKernels;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.GroupByHashTable;
import io.basalt.vectorops.GroupedAccumulator;
import io.basalt.vectorops.scalar.ScalarAggregationKernels;
import io.basalt.vectorops.simd.SimdAggregationKernels;

/**
 * Aggregation kernels on 16M-row (16,777,216) off-heap columns, scalar vs SIMD. {@code groupedSum}:
 * SELECT k, SUM(v) GROUP BY k over int64 keys (4, 1K or 1M distinct random 64-bit values) and int64
 * values, from an empty table, in batches of {@value #BATCH} rows, group ids included (rows/s =
 * rows / time); {@code groupIds} is that without the SUM. {@code sumLong}/{@code sumDouble}: ungrouped SUM of the whole column, to compare
 * with {@link SequentialReadBenchmark} (width 8) for the fraction of read bandwidth.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AggregationBenchmark {
    /** Rows per kernel call, as an operator would see them. */
    static final int BATCH = 16384;

    static AggregationKernels kernels(String backend) {
        return switch (backend) {
            case "scalar" -> ScalarAggregationKernels.INSTANCE;
            case "simd" -> SimdAggregationKernels.INSTANCE;
            default -> throw new IllegalArgumentException("backend must be scalar or simd, was " + backend);
        };
    }

    /** Keys, values and a memory pool for the grouped benchmark. */
    @State(Scope.Thread)
    public static class Grouped {
        @Param({"scalar", "simd"})
        public String backend;

        @Param({"4", "1024", "1048576"})
        public int groups;

        @Param({"16777216"})
        public int rows;

        Arena arena;
        MemorySegment keys;
        MemorySegment values;
        MemoryManager manager;
        MemoryPool pool;
        AggregationKernels kernels;
        final int[] groupIds = new int[BATCH];

        @Setup(Level.Trial)
        public void setUp() {
            kernels = kernels(backend);
            arena = Arena.ofShared();
            keys = arena.allocate((long) rows * 8, 64);
            values = arena.allocate((long) rows * 8, 64);
            SplittableRandom random = new SplittableRandom(42);
            long[] distinct = new long[groups];
            for (int g = 0; g < groups; g++) {
                distinct[g] = random.nextLong();
            }
            for (long r = 0; r < rows; r++) {
                keys.setAtIndex(ValueLayout.JAVA_LONG, r, distinct[random.nextInt(groups)]);
                values.setAtIndex(ValueLayout.JAVA_LONG, r, random.nextLong(-1_000_000, 1_000_000));
            }
            manager = MemoryManager.create(4L << 30);
            pool = manager.newPool("aggregation-benchmark", 4L << 30);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.close();
            manager.close();
            arena.close();
        }
    }

    /** One int64 and one float64 column for the ungrouped benchmarks. */
    @State(Scope.Thread)
    public static class Ungrouped {
        @Param({"scalar", "simd"})
        public String backend;

        @Param({"16777216"})
        public int rows;

        Arena arena;
        ColumnRef longs;
        ColumnRef doubles;
        MemoryManager manager;
        MemoryPool pool;
        AggregationKernels kernels;

        @Setup(Level.Trial)
        public void setUp() {
            kernels = kernels(backend);
            arena = Arena.ofShared();
            MemorySegment l = arena.allocate((long) rows * 8, 64);
            MemorySegment d = arena.allocate((long) rows * 8, 64);
            SplittableRandom random = new SplittableRandom(7);
            for (long r = 0; r < rows; r++) {
                l.setAtIndex(ValueLayout.JAVA_LONG, r, random.nextLong(-1_000_000_000L, 1_000_000_000L));
                d.setAtIndex(ValueLayout.JAVA_DOUBLE, r, random.nextDouble() * 1000);
            }
            longs = ColumnRef.of(DataType.INT64, l, rows);
            doubles = ColumnRef.of(DataType.FLOAT64, d, rows);
            manager = MemoryManager.create(1L << 30);
            pool = manager.newPool("aggregation-benchmark", 1L << 30);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.close();
            manager.close();
            arena.close();
        }
    }

    @Benchmark
    public long groupedSum(Grouped s) {
        try (GroupByHashTable table = new GroupByHashTable(List.of(DataType.INT64), s.pool, 1024);
                GroupedAccumulator sum = new GroupedAccumulator(AggregateFunction.SUM, DataType.INT64, s.pool)) {
            ColumnRef[] keys = new ColumnRef[1];
            int groupCount = 0;
            for (int from = 0; from < s.rows; from += BATCH) {
                int n = Math.min(BATCH, s.rows - from);
                keys[0] = new ColumnRef(DataType.INT64, s.keys, null, null, from, n);
                groupCount = s.kernels.groupIds(table, keys, s.groupIds);
                s.kernels.accumulate(sum, new ColumnRef(DataType.INT64, s.values, null, null, from, n), s.groupIds, groupCount);
            }
            return groupCount + sum.getLong(0);
        }
    }

    /** Group ids alone (hash and probe), the first half of {@link #groupedSum}. */
    @Benchmark
    public int groupIds(Grouped s) {
        try (GroupByHashTable table = new GroupByHashTable(List.of(DataType.INT64), s.pool, 1024)) {
            ColumnRef[] keys = new ColumnRef[1];
            int groupCount = 0;
            for (int from = 0; from < s.rows; from += BATCH) {
                keys[0] = new ColumnRef(DataType.INT64, s.keys, null, null, from, Math.min(BATCH, s.rows - from));
                groupCount = s.kernels.groupIds(table, keys, s.groupIds);
            }
            return groupCount + s.groupIds[0];
        }
    }

    @Benchmark
    public long sumLong(Ungrouped s) {
        try (GroupedAccumulator sum = new GroupedAccumulator(AggregateFunction.SUM, DataType.INT64, s.pool)) {
            s.kernels.accumulateAll(sum, s.longs);
            return sum.getLong(0);
        }
    }

    @Benchmark
    public double sumDouble(Ungrouped s) {
        try (GroupedAccumulator sum = new GroupedAccumulator(AggregateFunction.SUM, DataType.FLOAT64, s.pool)) {
            s.kernels.accumulateAll(sum, s.doubles);
            return sum.getDouble(0);
        }
    }
}
