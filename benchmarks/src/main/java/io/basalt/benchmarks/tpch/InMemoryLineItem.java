package io.basalt.benchmarks.tpch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.examples.tpch.LineItemSource;
import io.basalt.examples.tpch.TpchSource;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.SourceOperator;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;

/**
 * TPC-H {@code lineitem} generated once into sealed Arrow batches held in memory owned by the
 * benchmark, and a source that replays them, so that Basalt's query time excludes data generation
 * as DuckDB's does (DuckDB's table is loaded once, too). Subtask {@code i} of {@code p} emits batches
 * {@code i, i + p, ...}; every emission is a new handle on the shared, read-only storage, never a
 * copy. The batches stay valid until {@link #close()}, which must come after the last job using them.
 * Building is done by the calling thread and a few helpers; the source factory is thread-safe.
 *
 * <p>Limitation: the batches live in this class's own {@link MemoryManager}, not the job's. Operators
 * that copy or compute (filters, filter+project chains, aggregations) read them fine, but a
 * projection directly on this source fails: the runtime's zero-copy column pass-through
 * ({@code ExprEvaluator.passThrough}) re-associates the Arrow buffers with the operator's allocator,
 * which Arrow allows only within one allocator root. TPC-H Q1 and Q6 filter first, so they work.
 */
public final class InMemoryLineItem implements AutoCloseable {
    private final MemoryManager memory;
    private final MemoryPool pool;
    private final List<Batch> batches;
    private final long rows;
    private final long buildNanos;

    private InMemoryLineItem(MemoryManager memory, MemoryPool pool, List<Batch> batches, long buildNanos) {
        this.memory = memory;
        this.pool = pool;
        this.batches = List.copyOf(batches);
        this.rows = batches.stream().mapToLong(Batch::rowCount).sum();
        this.buildNanos = buildNanos;
    }

    /**
     * Generates lineitem at {@code scaleFactor} in batches of {@code batchRows} rows, using
     * {@code threads} generator threads (each generating one part of the reference generator), into
     * a memory budget of {@code budgetBytes}.
     */
    public static InMemoryLineItem generate(double scaleFactor, int batchRows, int threads, long budgetBytes) throws Exception {
        if (!(scaleFactor > 0) || batchRows < 1 || threads < 1) {
            throw new IllegalArgumentException("Need scale factor > 0, batch rows >= 1 and threads >= 1, got sf=" + scaleFactor
                    + ", batchRows=" + batchRows + ", threads=" + threads);
        }
        long start = System.nanoTime();
        MemoryManager memory = MemoryManager.create(budgetBytes);
        MemoryPool pool = memory.newPool("tpch-lineitem", budgetBytes);
        List<Batch> all = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            List<Future<List<Batch>>> parts = new ArrayList<>();
            for (int part = 1; part <= threads; part++) {
                int p = part;
                parts.add(executor.submit(() -> generatePart(scaleFactor, p, threads, batchRows, pool)));
            }
            Exception failure = null;
            for (Future<List<Batch>> f : parts) {
                try {
                    all.addAll(f.get());
                } catch (Exception e) {
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
        } catch (Exception | Error e) {
            all.forEach(Batch::close);
            pool.close();
            memory.close();
            throw e;
        }
        return new InMemoryLineItem(memory, pool, all, System.nanoTime() - start);
    }

    private static List<Batch> generatePart(double scaleFactor, int part, int partCount, int batchRows, MemoryPool pool) {
        List<Batch> out = new ArrayList<>();
        Iterator<LineItem> it = new LineItemGenerator(scaleFactor, part, partCount).iterator();
        try {
            while (it.hasNext()) {
                try (BatchBuilder b = new BatchBuilder(LineItemSource.SCHEMA, pool, batchRows)) {
                    for (int i = 0; i < batchRows && it.hasNext(); i++) {
                        TpchSource.appendLineItem(b, it.next());
                    }
                    out.add(b.seal());
                }
            }
        } catch (RuntimeException | Error e) {
            out.forEach(Batch::close);
            throw e;
        }
        return out;
    }

    public long rows() {
        return rows;
    }

    public int batchCount() {
        return batches.size();
    }

    /** Off-heap bytes held by the batches. */
    public long bytes() {
        return pool.used();
    }

    /** Wall time of generating the batches. */
    public long buildNanos() {
        return buildNanos;
    }

    /** A source factory replaying the batches; usable for any number of jobs until {@link #close()}. */
    public OperatorFactory sourceFactory() {
        return OperatorFactory.of("InMemoryLineItem(" + rows + " rows, " + batches.size() + " batches)", 0, () -> new Replay(batches));
    }

    @Override
    public void close() {
        batches.forEach(Batch::close);
        pool.close();
        memory.close();
    }

    /** Emits this subtask's share of the batches, one per call, as fresh handles on the shared storage. */
    private static final class Replay implements SourceOperator {
        private final List<Batch> batches;
        private OperatorContext context;
        private int next;

        Replay(List<Batch> batches) {
            this.batches = batches;
        }

        @Override
        public void open(OperatorContext context) {
            this.context = context;
            this.next = context.subtaskIndex();
        }

        @Override
        public boolean emitNext() throws Exception {
            if (next >= batches.size()) {
                return false;
            }
            // A handle is used by one thread at a time: each emission gets its own; the storage is shared.
            try (Batch handle = batches.get(next).retain()) {
                context.output().emit(handle);
            }
            next += context.parallelism();
            return next < batches.size();
        }

        @Override
        public void close() {}
    }
}
