package io.basalt.benchmarks.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.memory.spill.SpillFileReader;
import io.basalt.memory.spill.SpillFileWriter;

/**
 * Spill write and read-back throughput of 64 batches x 64K rows (int64 + float64 + int32, about
 * 80 MiB), against the reference of writing and reading the same number of bytes with a plain
 * FileChannel in the same run. Both go through the page cache.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpillBenchmark {
    private static final int BATCHES = 64;
    private static final int ROWS = 65_536;
    private static final Schema SCHEMA = Schema.of(Field.notNull("k", DataType.INT64), Field.nullable("v", DataType.FLOAT64),
            Field.nullable("q", DataType.INT32));

    private MemoryManager manager;
    private MemoryPool pool;
    private Batch batch;
    private Path dir;
    private Path spill;
    private Path raw;
    private ByteBuffer rawChunk;
    private long payloadBytes;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        manager = MemoryManager.create(1L << 30);
        pool = manager.newPool("bench", 1L << 30);
        try (BatchBuilder b = new BatchBuilder(SCHEMA, pool, ROWS)) {
            for (int r = 0; r < ROWS; r++) {
                b.appendLong(0, r * 31L);
                if (r % 10 == 0) {
                    b.appendNull(1).appendNull(2);
                } else {
                    b.appendDouble(1, r * 0.5).appendInt(2, r);
                }
            }
            batch = b.seal();
        }
        dir = Files.createTempDirectory("basalt-spill-bench");
        spill = dir.resolve("spill.arrow");
        raw = dir.resolve("raw.bin");
        payloadBytes = (long) ROWS * (8 + 8 + 4);
        rawChunk = ByteBuffer.allocateDirect((int) payloadBytes);
        writeSpill();
        writeRawReference();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        batch.close();
        pool.close();
        manager.close();
        Files.deleteIfExists(spill);
        Files.deleteIfExists(raw);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public long writeSpill() throws IOException {
        try (SpillFileWriter w = SpillFileWriter.create(spill, SCHEMA, pool)) {
            for (int i = 0; i < BATCHES; i++) {
                w.write(batch);
            }
            return w.bytesWritten();
        }
    }

    @Benchmark
    public long readSpill() throws IOException {
        long rows = 0;
        try (SpillFileReader r = SpillFileReader.open(spill, pool)) {
            for (Batch b = r.next(); b != null; b = r.next()) {
                rows += b.rowCount();
                b.close();
            }
        }
        return rows;
    }

    @Benchmark
    public long writeRawReference() throws IOException {
        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (int i = 0; i < BATCHES; i++) {
                rawChunk.clear();
                while (rawChunk.hasRemaining()) {
                    ch.write(rawChunk);
                }
            }
            return ch.position();
        }
    }

    @Benchmark
    public long readRawReference() throws IOException {
        long total = 0;
        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.READ)) {
            for (int i = 0; i < BATCHES; i++) {
                rawChunk.clear();
                while (rawChunk.hasRemaining() && ch.read(rawChunk) > 0) {
                    // keep reading
                }
                total += rawChunk.position();
            }
        }
        return total;
    }
}
