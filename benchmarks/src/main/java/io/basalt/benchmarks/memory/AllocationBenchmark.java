package io.basalt.benchmarks.memory;

import java.util.concurrent.TimeUnit;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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

import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;

/**
 * Cost of allocating and releasing one buffer through a Basalt pool (foreign memory, accounted up
 * a three-level tree) against Arrow's stock allocator (sun.misc.Unsafe) as the reference, both at
 * the root and three levels deep, so the accounting and the allocator can be told apart.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AllocationBenchmark {
    @Param({"4096", "1048576"})
    public int bytes;

    private MemoryManager manager;
    private MemoryPool job;
    private MemoryPool task;
    private MemoryPool operator;
    private BufferAllocator arrowRoot;
    private BufferAllocator arrowJob;
    private BufferAllocator arrowTask;
    private BufferAllocator arrowOperator;

    @Setup(Level.Trial)
    public void setUp() {
        manager = MemoryManager.create(1L << 30);
        job = manager.newPool("job", 1L << 30);
        task = job.newChild("task");
        operator = task.newChild("operator");
        arrowRoot = new RootAllocator(1L << 30);
        arrowJob = arrowRoot.newChildAllocator("job", 0, 1L << 30);
        arrowTask = arrowJob.newChildAllocator("task", 0, Long.MAX_VALUE);
        arrowOperator = arrowTask.newChildAllocator("operator", 0, Long.MAX_VALUE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        operator.close();
        task.close();
        job.close();
        manager.close();
        arrowOperator.close();
        arrowTask.close();
        arrowJob.close();
        arrowRoot.close();
    }

    @Benchmark
    public long basaltPool() {
        try (ArrowBuf buf = operator.allocate(bytes)) {
            buf.setLong(0, 1);
            return buf.memoryAddress();
        }
    }

    @Benchmark
    public long arrowUnsafeSameDepthReference() {
        try (ArrowBuf buf = arrowOperator.buffer(bytes)) {
            buf.setLong(0, 1);
            return buf.memoryAddress();
        }
    }

    @Benchmark
    public long arrowUnsafeRootReference() {
        try (ArrowBuf buf = arrowRoot.buffer(bytes)) {
            buf.setLong(0, 1);
            return buf.memoryAddress();
        }
    }
}
