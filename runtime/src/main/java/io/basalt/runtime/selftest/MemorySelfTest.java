package io.basalt.runtime.selftest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.basalt.data.Batch;
import io.basalt.data.Selection;
import io.basalt.memory.ByteSize;
import io.basalt.memory.MemoryLimitExceededException;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.memory.spill.SpillFileReader;
import io.basalt.memory.spill.SpillFileWriter;
import io.basalt.runtime.BasaltExample;
import io.basalt.runtime.ExampleContext;

/**
 * {@code basalt run memory-selftest}: exercises the memory module end to end within the run's memory
 * budget (build, verify, slice, compact, filter, spill, limits, leak check) and reports accounting
 * and throughput. Runs on the calling thread; every pool and batch is closed before it returns.
 */
public final class MemorySelfTest implements BasaltExample {
    private static final long DEFAULT_ROWS = 1_000_000;
    private static final int DEFAULT_BATCH_ROWS = 131_072;
    private static final long LIMIT_DEMO_BYTES = 1L << 20;
    private static final String USAGE = "memory-selftest accepts --rows <n> (default 1,000,000) and --batch-rows <n> (default 131,072)";

    @Override
    public String name() {
        return "memory-selftest";
    }

    @Override
    public String description() {
        return "Builds, verifies, slices, filters and spills batches of every column type within the memory budget; checks for leaks";
    }

    @Override
    public int run(ExampleContext context, String[] args) throws IOException {
        Options options = Options.parse(args);
        PrintWriter out = context.out();
        long budget = context.memoryBudgetBytes();
        out.printf(Locale.ROOT, "memory-selftest: %,d rows in batches of %,d, memory budget %s%n",
                options.rows, options.batchRows, ByteSize.format(budget));
        out.println("schema " + SelfTestData.SCHEMA);

        long started = System.nanoTime();
        Path dir = Files.createTempDirectory("basalt-selftest-");
        long verified;
        MemoryManager manager = MemoryManager.create(budget);
        try (manager;
             MemoryPool job = manager.newPool("selftest-job", budget);
             MemoryPool task = job.newChild("task-0", budget);
             MemoryPool build = task.newChild("build", budget / 4 * 3);
             MemoryPool copies = task.newChild("compact", budget / 4);
             MemoryPool spill = task.newChild("spill", budget / 4);
             MemoryPool limitDemo = task.newChild("limit-demo", LIMIT_DEMO_BYTES);
             OwnedBatches owned = new OwnedBatches()) {
            Run run = new Run(options, out, owned);
            run.buildAndVerify(build);
            run.sliceAndCompact(copies);
            run.filterAndCompact(copies);
            run.spillAndReadBack(spill, dir.resolve("selftest.spill"));
            run.hitLimit(limitDemo);
            out.println("accounting at peak (all batches live):");
            out.print(manager.describe());
            verified = run.verifiedRows;
        } finally {
            deleteRecursively(dir, out);
        }
        if (manager.used() != 0) {
            throw new IllegalStateException("Memory manager reports " + ByteSize.format(manager.used()) + " in use after closing");
        }
        out.println("accounting after close (no leaks):");
        out.print(manager.describe());
        out.printf(Locale.ROOT, "memory-selftest: OK (%,d rows verified in %.1f s)%n", verified, (System.nanoTime() - started) / 1e9);
        return 0;
    }

    /** The steps of one self-test run; state shared between steps lives here. */
    private static final class Run {
        private final Options options;
        private final PrintWriter out;
        private final OwnedBatches owned;
        private final List<Batch> built = new ArrayList<>();
        private final List<Long> builtFirstRows = new ArrayList<>();
        private Batch slice;
        private long sliceFirstRow;
        private long verifiedRows;

        Run(Options options, PrintWriter out, OwnedBatches owned) {
            this.options = options;
            this.out = out;
            this.owned = owned;
        }

        void buildAndVerify(MemoryPool pool) {
            long t0 = System.nanoTime();
            for (long first = 0; first < options.rows; first += options.batchRows) {
                int n = (int) Math.min(options.batchRows, options.rows - first);
                built.add(owned.add(SelfTestData.build(pool, first, n, n)));
                builtFirstRows.add(first);
            }
            long t1 = System.nanoTime();
            out.printf(Locale.ROOT, "build    %,d rows in %d batches, %s: %s%n",
                    options.rows, built.size(), ByteSize.format(pool.used()), rate(options.rows, t1 - t0));
            for (int b = 0; b < built.size(); b++) {
                long first = builtFirstRows.get(b);
                Batch batch = built.get(b);
                SelfTestData.verify(batch, "batch " + b, batch.rowCount(), i -> first + i);
            }
            long t2 = System.nanoTime();
            verifiedRows += options.rows;
            out.printf(Locale.ROOT, "verify   %,d rows x %d columns: %s%n", options.rows, SelfTestData.SCHEMA.size(), rate(options.rows, t2 - t1));
        }

        /** A slice is a view sharing the batch's memory; compacting it copies just its rows. */
        void sliceAndCompact(MemoryPool pool) {
            int b = built.size() / 2;
            Batch source = built.get(b);
            int from = source.rowCount() / 3;
            int length = source.rowCount() / 2;
            long before = pool.used();
            slice = owned.add(source.slice(from, length));
            sliceFirstRow = builtFirstRows.get(b) + from;
            if (pool.used() != before) {
                throw new IllegalStateException("Slicing allocated " + ByteSize.format(pool.used() - before) + "; a slice must be a view");
            }
            long first = sliceFirstRow;
            SelfTestData.verify(slice, "slice of batch " + b, length, i -> first + i);
            Batch compacted = owned.add(slice.compact(pool));
            SelfTestData.verify(compacted, "compacted slice of batch " + b, length, i -> first + i);
            verifiedRows += 2L * length;
            out.printf(Locale.ROOT, "slice    rows [%,d, %,d) of batch %d verified as a view and as a %s compacted copy%n",
                    from, from + length, b, ByteSize.format(pool.used() - before));
        }

        /** Filters produce a selection; compacting by it copies the surviving rows in order. */
        void filterAndCompact(MemoryPool pool) {
            Batch source = built.getFirst();
            long first = builtFirstRows.getFirst();
            int[] kept = new int[source.rowCount()];
            int n = 0;
            for (int i = 0; i < source.rowCount(); i++) {
                if (!source.isNull(SelfTestData.FLAG, i) && source.getBoolean(SelfTestData.FLAG, i)) {
                    kept[n++] = i;
                }
            }
            int expected = SelfTestData.countFlagged(first, source.rowCount());
            if (n != expected) {
                throw new IllegalStateException("Filter flag = true kept " + n + " rows of batch 0, expected " + expected);
            }
            Selection selection = Selection.wrap(kept, n);
            Batch filtered = owned.add(source.compact(selection, pool));
            SelfTestData.verify(filtered, "filtered batch 0", n, i -> first + selection.get(i));
            verifiedRows += n;
            out.printf(Locale.ROOT, "filter   flag = true kept %,d of %,d rows of batch 0; compacted copy verified%n", n, source.rowCount());
        }

        /** Writes every built batch plus the slice (which the writer compacts), then reads all back. */
        void spillAndReadBack(MemoryPool pool, Path file) throws IOException {
            List<Long> firstRows = new ArrayList<>(builtFirstRows);
            firstRows.add(sliceFirstRow);
            List<Integer> rowCounts = new ArrayList<>();
            long rows = 0;
            long t0 = System.nanoTime();
            try (SpillFileWriter writer = SpillFileWriter.create(file, SelfTestData.SCHEMA, pool)) {
                for (Batch batch : built) {
                    writer.write(batch);
                    rowCounts.add(batch.rowCount());
                    rows += batch.rowCount();
                }
                writer.write(slice);
                rowCounts.add(slice.rowCount());
                rows += slice.rowCount();
            }
            long t1 = System.nanoTime();
            long bytes = Files.size(file);
            try (SpillFileReader reader = SpillFileReader.open(file, pool)) {
                if (reader.batchCount() != rowCounts.size() || reader.rowCount() != rows) {
                    throw new IllegalStateException("Spill file " + file + " holds " + reader.batchCount() + " batches and "
                            + reader.rowCount() + " rows, expected " + rowCounts.size() + " batches and " + rows + " rows");
                }
                for (int b = 0; b < rowCounts.size(); b++) {
                    long first = firstRows.get(b);
                    try (Batch batch = reader.next()) {
                        if (batch == null) {
                            throw new IllegalStateException("Spill file " + file + " ended after " + b + " batches, expected " + rowCounts.size());
                        }
                        SelfTestData.verify(batch, "spilled batch " + b, rowCounts.get(b), i -> first + i);
                    }
                }
            }
            long t2 = System.nanoTime();
            verifiedRows += rows;
            out.printf(Locale.ROOT, "spill    %,d rows in %d batches written to a %s file at %.0f MB/s; read back and verified: %s%n",
                    rows, rowCounts.size(), ByteSize.format(bytes), bytes / ((t1 - t0) / 1e9) / 1e6, rate(rows, t2 - t1));
        }

        /** Grows a batch in a pool with a small limit until the pool refuses, proving the limit holds and the failure leaks nothing. */
        void hitLimit(MemoryPool pool) {
            try (Batch unexpected = SelfTestData.build(pool, 0, Integer.MAX_VALUE / 4, 1024)) {
                throw new IllegalStateException("Pool '" + pool.path() + "' accepted a batch of " + unexpected.rowCount()
                        + " rows (" + ByteSize.format(pool.used()) + ") despite its limit of " + ByteSize.format(pool.limit()));
            } catch (MemoryLimitExceededException e) {
                if (!e.poolPath().equals(pool.path())) {
                    throw e; // an ancestor ran out: the budget itself is too small
                }
                if (pool.used() != 0) {
                    throw new IllegalStateException("Pool '" + pool.path() + "' still holds " + ByteSize.format(pool.used())
                            + " after a failed build; the builder leaked", e);
                }
                out.println("limit    refused as expected: " + e.getMessage());
            }
        }

        private static String rate(long rows, long nanos) {
            return String.format(Locale.ROOT, "%.1f M rows/s", rows / (nanos / 1e9) / 1e6);
        }
    }

    /** Batches closed together, last first, when the run ends or fails. */
    private static final class OwnedBatches implements AutoCloseable {
        private final List<Batch> batches = new ArrayList<>();

        Batch add(Batch batch) {
            batches.add(batch);
            return batch;
        }

        @Override
        public void close() {
            RuntimeException failure = null;
            for (Batch batch : batches.reversed()) {
                try {
                    batch.close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Command-line options of the self-test. */
    private record Options(long rows, int batchRows) {
        static Options parse(String[] args) {
            long rows = DEFAULT_ROWS;
            int batchRows = DEFAULT_BATCH_ROWS;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                String value;
                if (arg.contains("=")) {
                    value = arg.substring(arg.indexOf('=') + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    value = null;
                }
                switch (name) {
                    case "--rows" -> rows = positive(name, value, Long.MAX_VALUE);
                    case "--batch-rows" -> batchRows = (int) positive(name, value, 1 << 24);
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'; " + USAGE);
                }
            }
            return new Options(rows, batchRows);
        }

        private static long positive(String option, String value, long max) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value; " + USAGE);
            }
            long n;
            try {
                n = Long.parseLong(value.replace("_", "").replace(",", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a whole number, was '" + value + "'");
            }
            if (n < 1 || n > max) {
                throw new IllegalArgumentException(option + " must be between 1 and " + max + ", was " + n);
            }
            return n;
        }
    }

    /** Best effort, so that a failure to clean up never hides the outcome of the test itself. */
    private static void deleteRecursively(Path dir, PrintWriter out) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            out.println("warning: could not delete the temporary directory " + dir + ": " + e.getMessage());
        }
    }
}
