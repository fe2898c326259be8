package io.basalt.runtime.operators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.types.Row;
import io.basalt.vectorops.Kernels;

/**
 * Runs one operator instance in the test thread: feeds batches, records what it emits (as
 * compacted copies) and on close checks that operator, outputs and pool released everything.
 * The operator's pool can be given a small limit to force spilling.
 */
public final class OperatorHarness implements AutoCloseable {
    private final Operator operator;
    private final MemoryManager memory;
    private final MemoryPool pool;
    private final MemoryPool outputPool;
    private final MemoryPool inputPool;
    private final ExecutionConfig config;
    private final Path spillDir;
    private final OperatorMetrics metrics = new OperatorMetrics();
    private final List<Batch> outputs = new ArrayList<>();
    private final Map<String, Object> published = new HashMap<>();
    private final AtomicInteger spillFiles = new AtomicInteger();
    private final Context context;
    private boolean closed;

    /** A harness with the given operator pool limit (0 = none), kernels and config. */
    public OperatorHarness(Operator operator, long poolLimit, ExecutionConfig config, int subtask, int parallelism) {
        this.operator = operator;
        this.config = config;
        this.memory = MemoryManager.create(1L << 30);
        MemoryPool root = memory.rootPool();
        this.pool = poolLimit > 0 ? root.newChild("operator", poolLimit) : root.newChild("operator");
        this.outputPool = root.newChild("collected");
        this.inputPool = root.newChild("input");
        try {
            this.spillDir = Files.createTempDirectory("basalt-harness-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.context = new Context(subtask, parallelism);
    }

    public OperatorHarness(Operator operator, long poolLimit, ExecutionConfig config) {
        this(operator, poolLimit, config, 0, 1);
    }

    public OperatorHarness(Operator operator) {
        this(operator, 0, ExecutionConfig.defaults().withParallelism(1));
    }

    public OperatorHarness open() throws Exception {
        operator.open(context);
        return this;
    }

    /** A pool for building input batches. */
    public MemoryPool inputPool() {
        return inputPool;
    }

    /** Builds a batch of {@code rows} (each a list of values) in the input pool. */
    public Batch batch(Schema schema, List<? extends List<?>> rows) {
        try (BatchBuilder b = new BatchBuilder(schema, inputPool, Math.max(1, rows.size()))) {
            for (List<?> row : rows) {
                b.appendRow(row.toArray());
            }
            return b.seal();
        }
    }

    /** Feeds a batch (the harness closes it afterwards). */
    public OperatorHarness process(Batch batch, int input) throws Exception {
        try (batch) {
            if (batch.rowCount() > 0) {
                metrics.addRowsIn(batch.rowCount());
                operator.process(batch, input);
            }
        }
        return this;
    }

    public OperatorHarness process(Schema schema, List<? extends List<?>> rows, int input) throws Exception {
        return process(batch(schema, rows), input);
    }

    public OperatorHarness endInput(int input) throws Exception {
        operator.endInput(input);
        return this;
    }

    public List<Batch> outputBatches() {
        return outputs;
    }

    /** Every emitted row, in emission order. */
    public List<Row> outputRows() {
        List<Row> rows = new ArrayList<>();
        for (Batch b : outputs) {
            for (int r = 0; r < b.rowCount(); r++) {
                Object[] values = new Object[b.columnCount()];
                for (int c = 0; c < values.length; c++) {
                    values[c] = b.getObject(c, r);
                }
                rows.add(Row.of(values));
            }
        }
        return rows;
    }

    public OperatorMetrics metrics() {
        return metrics;
    }

    public MemoryPool pool() {
        return pool;
    }

    public Map<String, Object> published() {
        return published;
    }

    /** Spill files created (names handed out) so far. */
    public int spillFilesRequested() {
        return spillFiles.get();
    }

    /** Closes the operator and checks for leaks (throws MemoryLeakException). */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            operator.close();
        } finally {
            outputs.forEach(Batch::close);
            outputs.clear();
            try {
                pool.close();
                outputPool.close();
                inputPool.close();
                memory.close();
            } finally {
                try (Stream<Path> files = Files.walk(spillDir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private final class Context implements OperatorContext {
        private final int subtask;
        private final int parallelism;

        Context(int subtask, int parallelism) {
            this.subtask = subtask;
            this.parallelism = parallelism;
        }

        @Override
        public String operatorName() {
            return "test-operator";
        }

        @Override
        public int subtaskIndex() {
            return subtask;
        }

        @Override
        public int parallelism() {
            return parallelism;
        }

        @Override
        public MemoryPool pool() {
            return pool;
        }

        @Override
        public Kernels kernels() {
            return Kernels.forMode(config.mode());
        }

        @Override
        public Output output() {
            return batch -> {
                if (batch.rowCount() > 0) {
                    metrics.addRowsOut(batch.rowCount());
                    outputs.add(batch.compact(outputPool));
                }
            };
        }

        @Override
        public ExecutionConfig config() {
            return config;
        }

        @Override
        public Path newSpillFile(String purpose) {
            return spillDir.resolve(purpose + "-" + spillFiles.incrementAndGet() + ".arrow");
        }

        @Override
        public OperatorMetrics metrics() {
            return metrics;
        }

        @Override
        public void publishResult(String key, Object value) {
            if (published.putIfAbsent(key, value) != null) {
                throw new IllegalStateException("published twice: " + key);
            }
        }

        @Override
        public void checkCancelled() {}
    }
}
