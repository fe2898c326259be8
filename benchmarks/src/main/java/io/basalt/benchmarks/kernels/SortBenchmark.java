package io.basalt.benchmarks.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
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
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.KeyLayout;
import io.basalt.vectorops.NormalizedKeys;
import io.basalt.vectorops.RunMerger;
import io.basalt.vectorops.SortKernels;
import io.basalt.vectorops.SortOrder;
import io.basalt.vectorops.SortScratch;
import io.basalt.vectorops.SortedRun;
import io.basalt.vectorops.scalar.ScalarSortKernels;
import io.basalt.vectorops.simd.SimdSortKernels;

/**
 * Sort kernels on 16M-row off-heap columns, scalar vs SIMD: single-column radix sorts (int32,
 * int64, float64, int64 with 10% nulls), normalized-key encoding alone (where SIMD applies) and a
 * full two-column sort (int32 with 1000 distinct values, then int64); plus the k-way merge of 16
 * sorted runs (backend-independent). Rows/s = rows / (ms per op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SortBenchmark {
    @Param({"scalar", "simd"})
    public String backend;

    @Param({"16777216"})
    public int rows;

    private Arena arena;
    private SortKernels kernels;
    private ColumnRef ints;
    private ColumnRef longs;
    private ColumnRef doubles;
    private ColumnRef nullableLongs;
    private ColumnRef groups;
    private ColumnRef[] twoColumns;
    private NormalizedKeys keys;
    private SortScratch scratch;
    private int[] perm;

    @Setup
    public void setUp() {
        kernels = "simd".equals(backend) ? SimdSortKernels.INSTANCE : ScalarSortKernels.INSTANCE;
        arena = Arena.ofShared();
        SplittableRandom random = new SplittableRandom(42);
        MemorySegment intData = arena.allocate(4L * rows, 64);
        MemorySegment groupData = arena.allocate(4L * rows, 64);
        MemorySegment longData = arena.allocate(8L * rows, 64);
        MemorySegment doubleData = arena.allocate(8L * rows, 64);
        MemorySegment validity = arena.allocate((rows + 63L) / 64 * 8, 64);
        for (long r = 0; r < rows; r++) {
            intData.setAtIndex(ValueLayout.JAVA_INT, r, random.nextInt());
            groupData.setAtIndex(ValueLayout.JAVA_INT, r, random.nextInt(1000));
            longData.setAtIndex(ValueLayout.JAVA_LONG, r, random.nextLong());
            doubleData.setAtIndex(ValueLayout.JAVA_DOUBLE, r, random.nextGaussian() * 1e6);
        }
        for (long w = 0; w < validity.byteSize() / 8; w++) {
            long bits = 0;
            for (int b = 0; b < 64; b++) {
                bits |= (random.nextInt(10) != 0 ? 1L : 0L) << b;
            }
            validity.setAtIndex(ValueLayout.JAVA_LONG, w, bits);
        }
        ints = ColumnRef.of(DataType.INT32, intData, rows);
        groups = ColumnRef.of(DataType.INT32, groupData, rows);
        longs = ColumnRef.of(DataType.INT64, longData, rows);
        doubles = ColumnRef.of(DataType.FLOAT64, doubleData, rows);
        nullableLongs = new ColumnRef(DataType.INT64, longData, validity, null, 0, rows);
        twoColumns = new ColumnRef[] {groups, longs};
        keys = new NormalizedKeys(new KeyLayout(List.of(DataType.INT32, DataType.INT64), List.of(SortOrder.ASC, SortOrder.DESC)), rows);
        scratch = new SortScratch();
        perm = new int[rows];
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public int sortInt32() {
        kernels.sortColumn(ints, SortOrder.ASC, perm, scratch);
        return perm[0];
    }

    @Benchmark
    public int sortInt64() {
        kernels.sortColumn(longs, SortOrder.ASC, perm, scratch);
        return perm[0];
    }

    @Benchmark
    public int sortFloat64Desc() {
        kernels.sortColumn(doubles, SortOrder.DESC, perm, scratch);
        return perm[0];
    }

    @Benchmark
    public int sortInt64WithNulls() {
        kernels.sortColumn(nullableLongs, SortOrder.ASC, perm, scratch);
        return perm[0];
    }

    /** Normalized keys of (int32, int64): 14 bytes in 2 words per row. */
    @Benchmark
    public long encodeTwoColumnKeys() {
        kernels.encodeKeys(twoColumns, keys);
        return keys.words()[0];
    }

    @Benchmark
    public int sortTwoColumns() {
        kernels.sort(twoColumns, keys, perm, scratch);
        return perm[0];
    }

    /**
     * 16 sorted runs of {@code rows / 16} int64 rows each, merged in chunks of 4096 pairs (the same
     * code for both backends). "materialized" runs hold their keys in sorted order (perm null: runs
     * read back from spill files); "permuted" runs are sorted batches whose keys are reached
     * through the sort permutation (random reads).
     */
    @State(Scope.Thread)
    public static class MergeState {
        @Param({"16"})
        public int runs;

        @Param({"materialized", "permuted"})
        public String runLayout;

        List<SortedRun> sortedRuns;
        int[] runOut = new int[4096];
        int[] rowOut = new int[4096];

        @Setup(Level.Trial)
        public void setUp(SortBenchmark outer) {
            int runRows = outer.rows / runs;
            sortedRuns = new ArrayList<>();
            KeyLayout layout = KeyLayout.of(List.of(DataType.INT64), SortOrder.ASC);
            for (int r = 0; r < runs; r++) {
                ColumnRef slice = ColumnRef.of(DataType.INT64, outer.longs.data().asSlice(8L * r * runRows, 8L * runRows), runRows);
                NormalizedKeys runKeys = new NormalizedKeys(layout, runRows);
                int[] runPerm = new int[runRows];
                ScalarSortKernels.INSTANCE.sort(new ColumnRef[] {slice}, runKeys, runPerm, outer.scratch);
                if ("permuted".equals(runLayout)) {
                    sortedRuns.add(new SortedRun(runKeys, runPerm, null));
                } else {
                    NormalizedKeys sortedKeys = new NormalizedKeys(layout, runRows);
                    sortedKeys.reset(runRows);
                    for (int i = 0; i < runRows; i++) {
                        sortedKeys.words()[i] = runKeys.word(0, runPerm[i]);
                    }
                    sortedRuns.add(new SortedRun(sortedKeys, null, null));
                }
            }
        }
    }

    @Benchmark
    public long mergeSixteenRuns(MergeState state) {
        RunMerger merger = new RunMerger(state.sortedRuns);
        long checksum = 0;
        int got;
        while ((got = merger.next(state.runOut, state.rowOut, state.runOut.length)) > 0) {
            checksum += state.rowOut[got - 1];
        }
        return checksum;
    }
}
