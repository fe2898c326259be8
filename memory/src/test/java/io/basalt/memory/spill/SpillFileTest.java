package io.basalt.memory.spill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.RandomValues;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryLimitExceededException;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;

class SpillFileTest {
    @TempDir
    Path dir;

    private final MemoryManager manager = MemoryManager.create(256 << 20);
    private final MemoryPool pool = manager.newPool("spill-test", 128 << 20);

    @AfterEach
    void close() {
        pool.close();
        manager.close();
    }

    /** Builds a random batch and remembers its rows as objects. */
    private Batch randomBatch(Schema schema, RandomValues v, int rows, List<Object[]> expected) {
        try (BatchBuilder b = new BatchBuilder(schema, pool, rows)) {
            for (int r = 0; r < rows; r++) {
                Object[] row = new Object[schema.size()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = v.value(schema.field(c));
                }
                expected.add(row);
                b.appendRow(row);
            }
            return b.seal();
        }
    }

    private static void assertRows(Batch batch, List<Object[]> expected, int from) {
        for (int r = 0; r < batch.rowCount(); r++) {
            for (int c = 0; c < batch.columnCount(); c++) {
                assertThat(batch.getObject(c, r)).as("row %d column %d", from + r, c).isEqualTo(expected.get(from + r)[c]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomBatchesRoundTrip(long seed) throws IOException {
        Random random = new Random(seed);
        RandomValues v = new RandomValues(random);
        Schema schema = v.schema();
        Path file = dir.resolve("run-" + seed + ".arrow");
        List<Object[]> expected = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        try (SpillFileWriter writer = SpillFileWriter.create(file, schema, pool)) {
            int batches = random.nextInt(6);
            for (int i = 0; i < batches; i++) {
                int rows = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(3000);
                try (Batch batch = randomBatch(schema, v, rows, expected)) {
                    writer.write(batch);
                }
                sizes.add(rows);
            }
            assertThat(writer.batchCount()).isEqualTo(batches);
            assertThat(writer.rowCount()).isEqualTo(expected.size());
        }
        try (SpillFileReader reader = SpillFileReader.open(file, pool)) {
            assertThat(reader.schema()).isEqualTo(schema);
            assertThat(reader.batchCount()).isEqualTo(sizes.size());
            assertThat(reader.rowCount()).isEqualTo(expected.size());
            int from = 0;
            for (int i = 0; i < sizes.size(); i++) {
                try (Batch batch = reader.next()) {
                    assertThat(batch.rowCount()).isEqualTo(sizes.get(i));
                    assertRows(batch, expected, from);
                    from += batch.rowCount();
                }
            }
            assertThat(reader.next()).isNull();
            // Random access re-reads an earlier batch.
            if (!sizes.isEmpty()) {
                try (Batch first = reader.read(0)) {
                    assertRows(first, expected, 0);
                }
            }
        }
    }

    @Test
    void slicesAreWrittenAsTheirRowsOnly() throws IOException {
        Schema schema = Schema.of(Field.nullable("s", DataType.UTF8), Field.nullable("b", DataType.BOOLEAN), Field.notNull("n", DataType.INT64));
        List<Object[]> expected = new ArrayList<>();
        Path file = dir.resolve("slices.arrow");
        try (Batch batch = randomBatch(schema, new RandomValues(new Random(42)), 1000, expected);
             SpillFileWriter writer = SpillFileWriter.create(file, schema, pool)) {
            try (Batch a = batch.slice(3, 500); Batch b = batch.slice(503, 0); Batch c = batch.slice(999, 1)) {
                writer.write(a);
                writer.write(b);
                writer.write(c);
            }
        }
        try (SpillFileReader reader = SpillFileReader.open(file, pool);
             Batch a = reader.next(); Batch b = reader.next(); Batch c = reader.next()) {
            assertRows(a, expected, 3);
            assertThat(b.rowCount()).isZero();
            assertRows(c, expected, 999);
        }
    }

    @Test
    void fileWithNoBatchesIsValid() throws IOException {
        Schema schema = Schema.of(Field.notNull("x", DataType.decimal(18, 3)));
        Path file = dir.resolve("empty.arrow");
        SpillFileWriter.create(file, schema, pool).close();
        try (SpillFileReader reader = SpillFileReader.open(file, pool)) {
            assertThat(reader.schema()).isEqualTo(schema);
            assertThat(reader.batchCount()).isZero();
            assertThat(reader.next()).isNull();
        }
    }

    private Path writeSample(String name, int batches) throws IOException {
        Schema schema = Schema.of(Field.nullable("v", DataType.INT64), Field.nullable("s", DataType.UTF8));
        Path file = dir.resolve(name);
        RandomValues v = new RandomValues(new Random(7));
        try (SpillFileWriter writer = SpillFileWriter.create(file, schema, pool)) {
            for (int i = 0; i < batches; i++) {
                try (Batch batch = randomBatch(schema, v, 200, new ArrayList<>())) {
                    writer.write(batch);
                }
            }
        }
        return file;
    }

    @Test
    void truncatedFilesAreRejectedAtOpen() throws IOException {
        Path file = writeSample("full.arrow", 3);
        byte[] bytes = Files.readAllBytes(file);
        for (int length : new int[] {0, 5, 17, bytes.length / 3, bytes.length / 2, bytes.length - 7, bytes.length - 1}) {
            Path cut = dir.resolve("cut-" + length + ".arrow");
            Files.write(cut, java.util.Arrays.copyOf(bytes, length));
            assertThatThrownBy(() -> SpillFileReader.open(cut, pool).close())
                    .as("truncated to %d of %d bytes", length, bytes.length)
                    .isInstanceOf(CorruptSpillFileException.class)
                    .hasMessageContaining(cut.toString())
                    .hasMessageMatching("(?s).*(truncated|footer).*");
        }
        assertThat(pool.used()).isZero();
    }

    @Test
    void aFlippedByteInABatchFailsItsChecksumNamingTheBatch() throws IOException {
        Path file = writeSample("flip.arrow", 3);
        long secondBatchMiddle;
        try (SpillFileReader reader = SpillFileReader.open(file, pool)) {
            try (Batch ok = reader.read(1)) {
                assertThat(ok.rowCount()).isEqualTo(200);
            }
            secondBatchMiddle = Files.size(file) / 2;
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) secondBatchMiddle] ^= 0x5A;
        Files.write(file, bytes);
        try (SpillFileReader reader = SpillFileReader.open(file, pool)) {
            int failures = 0;
            for (int i = 0; i < reader.batchCount(); i++) {
                try (Batch b = reader.read(i)) {
                    assertThat(b.rowCount()).isEqualTo(200);
                } catch (CorruptSpillFileException e) {
                    failures++;
                    assertThat(e).hasMessageContaining(file.toString()).hasMessageContaining("batch " + i + " of 3").hasMessageContaining("checksum");
                }
            }
            assertThat(failures).isEqualTo(1);
        }
        assertThat(pool.used()).isZero();
    }

    @Test
    void everySingleByteCorruptionIsDetected() throws IOException {
        Path file = writeSample("every.arrow", 2);
        byte[] original = Files.readAllBytes(file);
        Path damaged = dir.resolve("damaged.arrow");
        int undetected = 0;
        for (int i = 0; i < original.length; i += 7) {
            byte[] bytes = original.clone();
            bytes[i] ^= (byte) 0xFF;
            Files.write(damaged, bytes);
            try (SpillFileReader reader = SpillFileReader.open(damaged, pool)) {
                for (int b = 0; b < reader.batchCount(); b++) {
                    reader.read(b).close();
                }
                undetected++; // only bytes Arrow ignores (padding, unused footer fields) may get here
            } catch (CorruptSpillFileException expected) {
                // detected: good
            }
        }
        // Padding bytes carry no data; everything else must be caught. Allow at most a few percent.
        assertThat(undetected).isLessThan(original.length / 7 / 20);
        assertThat(pool.used()).isZero();
    }

    @Test
    void notASpillFile() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is not an arrow file at all, just some text");
        assertThatThrownBy(() -> SpillFileReader.open(text, pool))
                .isInstanceOf(CorruptSpillFileException.class).hasMessageContaining("does not start with the Arrow IPC file magic");
        assertThatThrownBy(() -> SpillFileReader.open(dir.resolve("missing.arrow"), pool))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing.arrow");
    }

    @Test
    void writerRejectsForeignSchemasAndAbortDeletes() throws IOException {
        Path file = dir.resolve("abort.arrow");
        Schema schema = Schema.of(Field.notNull("a", DataType.INT32));
        SpillFileWriter writer = SpillFileWriter.create(file, schema, pool);
        Schema other = Schema.of(Field.notNull("b", DataType.INT32));
        try (BatchBuilder b = new BatchBuilder(other, pool); Batch batch = b.appendInt(0, 1).seal()) {
            assertThatThrownBy(() -> writer.write(batch)).hasMessageContaining("does not match spill file");
        }
        writer.abort();
        assertThat(file).doesNotExist();
    }

    @Test
    void readingIntoAFullPoolFailsWithTheLimitNotCorruption() throws IOException {
        Path file = writeSample("big.arrow", 1);
        try (MemoryPool tiny = pool.newChild("tiny", 1024); SpillFileReader reader = SpillFileReader.open(file, tiny)) {
            assertThatThrownBy(() -> reader.read(0)).isInstanceOf(MemoryLimitExceededException.class);
        }
    }
}
