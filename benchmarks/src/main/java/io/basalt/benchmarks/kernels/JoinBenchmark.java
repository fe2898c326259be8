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
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.JoinHashTable;
import io.basalt.vectorops.JoinKernels;
import io.basalt.vectorops.JoinProbeCursor;
import io.basalt.vectorops.JoinType;
import io.basalt.vectorops.scalar.ScalarJoinKernels;
import io.basalt.vectorops.simd.SimdJoinKernels;

/**
 * Hash join kernels, scalar vs SIMD: {@code build} indexes 1M (1,048,576) distinct random int64 keys
 * (including sealing); {@code probe} runs an INNER join of 16M (16,777,216) probe rows, each
 * matching exactly one build row (a foreign-key join), in batches of {@value #BATCH} rows with
 * {@value #BATCH} pairs of output per call. Keys live off-heap.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JoinBenchmark {
    static final int BATCH = 16384;
    private static final List<DataType> KEY = List.of(DataType.INT64);

    @Param({"scalar", "simd"})
    public String backend;

    @Param({"1048576"})
    public int buildRows;

    @Param({"16777216"})
    public int probeRows;

    private Arena arena;
    private MemorySegment buildKeys;
    private MemorySegment probeKeys;
    private MemoryManager manager;
    private MemoryPool pool;
    private JoinKernels kernels;
    private JoinHashTable table;
    private final JoinProbeCursor cursor = new JoinProbeCursor();
    private final int[] probeOut = new int[BATCH];
    private final int[] buildOut = new int[BATCH];

    @Setup(Level.Trial)
    public void setUp() {
        kernels = switch (backend) {
            case "scalar" -> ScalarJoinKernels.INSTANCE;
            case "simd" -> SimdJoinKernels.INSTANCE;
            default -> throw new IllegalArgumentException("backend must be scalar or simd, was " + backend);
        };
        arena = Arena.ofShared();
        buildKeys = arena.allocate((long) buildRows * 8, 64);
        probeKeys = arena.allocate((long) probeRows * 8, 64);
        SplittableRandom random = new SplittableRandom(3);
        long[] keys = random.longs(buildRows * 2L).distinct().limit(buildRows).toArray();
        for (int r = 0; r < buildRows; r++) {
            buildKeys.setAtIndex(ValueLayout.JAVA_LONG, r, keys[r]);
        }
        for (long r = 0; r < probeRows; r++) {
            probeKeys.setAtIndex(ValueLayout.JAVA_LONG, r, keys[random.nextInt(buildRows)]);
        }
        manager = MemoryManager.create(4L << 30);
        pool = manager.newPool("join-benchmark", 4L << 30);
        table = buildTable();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        table.close();
        pool.close();
        manager.close();
        arena.close();
    }

    private JoinHashTable buildTable() {
        JoinHashTable t = new JoinHashTable(KEY, pool, buildRows);
        for (int from = 0; from < buildRows; from += BATCH) {
            kernels.build(t, new ColumnRef(DataType.INT64, buildKeys, null, null, from, Math.min(BATCH, buildRows - from)));
        }
        t.seal();
        return t;
    }

    @Benchmark
    public int build() {
        try (JoinHashTable t = buildTable()) {
            return t.distinctKeys();
        }
    }

    @Benchmark
    public long probe() {
        long checksum = 0;
        ColumnRef[] keys = new ColumnRef[1];
        for (int from = 0; from < probeRows; from += BATCH) {
            keys[0] = new ColumnRef(DataType.INT64, probeKeys, null, null, from, Math.min(BATCH, probeRows - from));
            cursor.reset();
            do {
                int n = kernels.probe(table, JoinType.INNER, keys, cursor, probeOut, buildOut);
                checksum += n + buildOut[n - 1 < 0 ? 0 : n - 1];
            } while (!cursor.isDone());
        }
        return checksum;
    }
}
