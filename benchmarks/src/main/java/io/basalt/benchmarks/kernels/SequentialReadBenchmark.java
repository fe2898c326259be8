package io.basalt.benchmarks.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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

import java.nio.ByteOrder;

/**
 * The bandwidth reference for kernel benchmarks: the fastest way to merely read every byte of a
 * column (a SIMD XOR-fold of the segment), at the same sizes the kernel benchmarks use. A kernel's
 * "fraction of read bandwidth" is this benchmark's time divided by the kernel's time for the same
 * bytes, measured in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SequentialReadBenchmark {
    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;

    /** Bytes per row of the column being read: 4 (int32/float32) or 8 (int64/float64). */
    @Param({"4", "8"})
    public int width;

    @Param({"16777216"})
    public int rows;

    private Arena arena;
    private MemorySegment data;

    @Setup
    public void setUp() {
        arena = Arena.ofShared();
        data = arena.allocate((long) rows * width, 64);
        for (long i = 0; i < data.byteSize(); i += 8) {
            data.set(ValueLayout.JAVA_LONG_UNALIGNED, i, i * 0x9E3779B97F4A7C15L);
        }
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public long read() {
        long bytes = data.byteSize();
        long step = SPECIES.vectorByteSize();
        LongVector acc = LongVector.zero(SPECIES);
        long i = 0;
        for (; i + step <= bytes; i += step) {
            acc = acc.lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(SPECIES, data, i, ByteOrder.LITTLE_ENDIAN));
        }
        long result = acc.reduceLanes(VectorOperators.XOR);
        for (; i < bytes; i += 8) {
            result ^= data.get(ValueLayout.JAVA_LONG_UNALIGNED, i);
        }
        return result;
    }
}
