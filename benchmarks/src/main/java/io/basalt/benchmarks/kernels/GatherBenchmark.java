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

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.data.Selection;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.Gather;
import io.basalt.vectorops.GatherKernels;
import io.basalt.vectorops.scalar.ScalarGatherKernels;
import io.basalt.vectorops.simd.SimdGatherKernels;

/**
 * Gather/compact kernels on 16M-row off-heap columns, scalar vs SIMD: 8- and 4-byte gathers by a
 * random permutation (cache-miss bound), by a dense sorted selection (70% of rows, what a filter
 * produces; the SIMD window path for 4-byte values) and by a range (memcpy); validity and utf8
 * gathers by the permutation; and {@link Gather#compact} of a 3-column batch (int64, int32, utf8)
 * by the dense selection, next to the Arrow row-by-row copy behind {@code Batch.compact} as a
 * baseline. Rows/s = selected rows / (ms per op); output bytes = rows x width. Pass
 * {@code -p rows=65536} for cache-resident batch sizes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GatherBenchmark {
    @Param({"scalar", "simd"})
    public String backend;

    @Param({"16777216"})
    public int rows;

    private Arena arena;
    private MemoryManager manager;
    private MemoryPool pool;
    private GatherKernels kernels;
    private ColumnRef longs;
    private ColumnRef ints;
    private ColumnRef nullableInts;
    private ColumnRef strings;
    private Batch batch;
    private int[] permutation;
    private int[] dense;
    private MemorySegment out;
    private MemorySegment outBits;
    private MemorySegment outOffsets;
    private MemorySegment outData;

    @Setup
    public void setUp() {
        kernels = "simd".equals(backend) ? SimdGatherKernels.INSTANCE : ScalarGatherKernels.INSTANCE;
        arena = Arena.ofShared();
        SplittableRandom random = new SplittableRandom(7);
        MemorySegment longData = arena.allocate(8L * rows, 64);
        MemorySegment intData = arena.allocate(4L * rows, 64);
        MemorySegment validity = arena.allocate((rows + 63L) / 64 * 8, 64);
        MemorySegment offsets = arena.allocate(4L * rows + 4, 64);
        int averageLength = 10;
        MemorySegment chars = arena.allocate((long) rows * (2 * averageLength) + 64, 64);
        int position = 0;
        for (long r = 0; r < rows; r++) {
            longData.setAtIndex(ValueLayout.JAVA_LONG, r, random.nextLong());
            intData.setAtIndex(ValueLayout.JAVA_INT, r, random.nextInt());
            offsets.setAtIndex(ValueLayout.JAVA_INT, r, position);
            int length = random.nextInt(2 * averageLength + 1);
            for (int i = 0; i < length; i++) {
                chars.set(ValueLayout.JAVA_BYTE, position + i, (byte) ('a' + random.nextInt(26)));
            }
            position += length;
        }
        offsets.setAtIndex(ValueLayout.JAVA_INT, rows, position);
        for (long w = 0; w < validity.byteSize() / 8; w++) {
            validity.setAtIndex(ValueLayout.JAVA_LONG, w, random.nextLong() | random.nextLong());
        }
        longs = ColumnRef.of(DataType.INT64, longData, rows);
        ints = ColumnRef.of(DataType.INT32, intData, rows);
        nullableInts = new ColumnRef(DataType.INT32, intData, validity, null, 0, rows);
        strings = new ColumnRef(DataType.UTF8, chars, null, offsets, 0, rows);

        permutation = new int[rows];
        for (int i = 0; i < rows; i++) {
            permutation[i] = i;
        }
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
        int n = 0;
        int[] selected = new int[rows];
        for (int r = 0; r < rows; r++) {
            if (random.nextInt(10) < 7) {
                selected[n++] = r;
            }
        }
        dense = java.util.Arrays.copyOf(selected, n);

        out = arena.allocate(8L * rows, 64);
        outBits = arena.allocate((rows + 63L) / 64 * 8, 64);
        outOffsets = arena.allocate(4L * rows + 4, 64);
        outData = arena.allocate((long) position + 64, 64);

        manager = MemoryManager.create(4L << 30);
        pool = manager.newPool("gather-benchmark", 4L << 30);
        Schema schema = Schema.of(Field.notNull("l", DataType.INT64), Field.nullable("i", DataType.INT32), Field.notNull("s", DataType.UTF8));
        try (BatchBuilder builder = new BatchBuilder(schema, pool, rows)) {
            for (int r = 0; r < rows; r++) {
                builder.appendLong(0, longData.getAtIndex(ValueLayout.JAVA_LONG, r));
                if (r % 10 == 0) {
                    builder.appendNull(1);
                } else {
                    builder.appendInt(1, intData.getAtIndex(ValueLayout.JAVA_INT, r));
                }
                int s = offsets.getAtIndex(ValueLayout.JAVA_INT, r);
                builder.appendUtf8(2, chars.asSlice(s, offsets.getAtIndex(ValueLayout.JAVA_INT, r + 1L) - s).toArray(ValueLayout.JAVA_BYTE));
            }
            batch = builder.seal();
        }
    }

    @TearDown
    public void tearDown() {
        batch.close();
        pool.close();
        manager.close();
        arena.close();
    }

    @Benchmark
    public MemorySegment gatherInt64Permutation() {
        kernels.gather(longs, permutation, rows, out);
        return out;
    }

    @Benchmark
    public MemorySegment gatherInt32Permutation() {
        kernels.gather(ints, permutation, rows, out);
        return out;
    }

    @Benchmark
    public MemorySegment gatherInt64DenseSelection() {
        kernels.gather(longs, dense, dense.length, out);
        return out;
    }

    @Benchmark
    public MemorySegment gatherInt32DenseSelection() {
        kernels.gather(ints, dense, dense.length, out);
        return out;
    }

    @Benchmark
    public MemorySegment copyInt64Range() {
        kernels.copyRange(longs, 0, rows, out);
        return out;
    }

    @Benchmark
    public int gatherValidityPermutation() {
        return kernels.gatherValidity(nullableInts, permutation, rows, outBits);
    }

    @Benchmark
    public MemorySegment gatherUtf8Permutation() {
        kernels.gatherUtf8Offsets(strings, permutation, rows, outOffsets);
        kernels.gatherUtf8Bytes(strings, permutation, rows, outOffsets, outData);
        return outData;
    }

    /** Baseline: the existing row-at-a-time Arrow copy behind {@code Batch.compact} (backend-independent). */
    @Benchmark
    public int arrowCompactBatchDenseSelection() {
        try (Batch compacted = batch.compact(Selection.wrap(dense, dense.length), pool)) {
            return compacted.rowCount();
        }
    }

    @Benchmark
    public int compactBatchDenseSelection() {
        try (Batch compacted = Gather.compact(batch, dense, dense.length, pool, kernels)) {
            return compacted.rowCount();
        }
    }
}
