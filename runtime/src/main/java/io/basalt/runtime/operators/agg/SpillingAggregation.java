package io.basalt.runtime.operators.agg;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

import org.apache.arrow.memory.ArrowBuf;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.memory.ByteSize;
import io.basalt.memory.MemoryLimitExceededException;
import io.basalt.memory.MemoryPool;
import io.basalt.memory.spill.SpillFileReader;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.agg.HashAggregateOperator.Phase;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.HashKernels;
import io.basalt.vectorops.Kernels;

/**
 * Runs a {@link GroupedAggregation} within its operator's memory pool. When the pool's limit is
 * hit, COMPLETE and FINAL aggregations write their partial states, hash-partitioned on the keys,
 * to {@link SpillPartitions} and start over with an empty table; at the end each partition's
 * states are merged on their own (recursing with a differently salted partitioning while one still
 * does not fit) and emitted. A PARTIAL aggregation instead emits its partial states and starts
 * over, which is valid for a pre-aggregation.
 *
 * <p>Spilling and emitting need memory for the batches they build at a moment when the pool is
 * full, so a grouped aggregation holds back a reserve (an eighth of its pool, 16 KiB to 4 MiB)
 * while it adds rows and gives it back for those steps; batches are sized to what is available and
 * halved when one still does not fit. Used by the operator's task thread only.
 */
final class SpillingAggregation implements AutoCloseable {
    /** Partitioning levels before giving up: with at least 16 then 4 partitions per level, 8 levels split keys 262144 ways. */
    private static final int MAX_LEVELS = 8;
    private static final int INITIAL_GROUPS = 256;

    private final AggregationSpec spec;
    private final Phase phase;
    private final OperatorContext context;
    private final MemoryPool pool;
    private final Kernels kernels;
    private final Schema keySchema;
    private final long reserveBytes;
    private final Deque<Level> levels = new ArrayDeque<>();
    private final Level root;
    private ArrowBuf reserve;
    private long[] hashes = new long[0];

    /** One partitioning level: the aggregation being filled and where it spills. */
    private static final class Level implements AutoCloseable {
        final int depth;
        final boolean partialInput;
        /** Rows this level will receive (a spilled partition's size), or -1 when unknown. */
        final long expectedRows;
        /** Rows added so far (until the first spill, which sizes the partitioning). */
        long rowsAdded;
        /** Largest batch that fit an empty table so far: larger ones are fed in slices of this many rows. */
        int sliceRows = Integer.MAX_VALUE;
        GroupedAggregation agg;
        SpillPartitions spill;

        Level(int depth, boolean partialInput, long expectedRows) {
            this.depth = depth;
            this.partialInput = partialInput;
            this.expectedRows = expectedRows;
        }

        @Override
        public void close() {
            try {
                if (agg != null) {
                    agg.close();
                    agg = null;
                }
            } finally {
                if (spill != null) {
                    spill.close();
                    spill = null;
                }
            }
        }
    }

    @FunctionalInterface
    private interface ChunkBuilder {
        Batch build(int from, int n);
    }

    @FunctionalInterface
    private interface ChunkConsumer {
        void accept(Batch batch, int from) throws Exception;
    }

    SpillingAggregation(AggregationSpec spec, Phase phase, OperatorContext context) {
        this.spec = spec;
        this.phase = phase;
        this.context = context;
        this.pool = context.pool();
        this.kernels = context.kernels();
        this.keySchema = spec.keySchema();
        long capacity = Math.min(pool.limit(), pool.used() + pool.available());
        this.reserveBytes = spec.grouped() ? Math.clamp(capacity / 8, 16L << 10, 4L << 20) : 0;
        acquireReserve();
        this.root = push(new Level(0, phase == Phase.FINAL, -1));
        try {
            root.agg = newAggregation(root, INITIAL_GROUPS);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Folds a batch of input rows (partial states for FINAL) into the aggregation. */
    void add(Batch batch) throws Exception {
        add(root, batch);
    }

    /** Emits every result: partial states (PARTIAL) or final rows, spilled partitions included. */
    void finish() throws Exception {
        if (phase == Phase.PARTIAL) {
            releaseReserve();
            if (spec.grouped() || root.agg.sawRows()) {
                emit(root.agg, true);
            }
            root.close();
        } else {
            finish(root);
        }
    }

    private void add(Level level, Batch batch) throws Exception {
        if (!spec.grouped()) {
            level.agg.add(batch);
            return;
        }
        int rows = batch.rowCount();
        int slice = level.sliceRows;
        if (rows > slice) {
            // Adding a slice may shrink level.sliceRows further; this loop keeps its own step.
            for (int from = 0; from < rows; from += slice) {
                try (Batch part = batch.slice(from, Math.min(slice, rows - from))) {
                    add(level, part);
                }
            }
            return;
        }
        int before = level.agg.groupCount();
        try {
            level.agg.add(batch);
            level.rowsAdded += rows;
        } catch (MemoryLimitExceededException e) {
            if (before > 0) {
                makeRoom(level);
                add(level, batch);
                return;
            }
            // The batch alone does not fit an empty table: forget its keys (no values were added) and feed it in halves.
            replaceAggregation(level);
            if (rows == 1) {
                throw tooSmall("one input row", e);
            }
            level.sliceRows = Math.max(1, rows / 2);
            add(level, batch);
        }
    }

    /** Frees the level's table: PARTIAL emits its states, the others spill them. */
    private void makeRoom(Level level) throws Exception {
        releaseReserve();
        if (phase == Phase.PARTIAL) {
            emit(level.agg, true);
        } else {
            spill(level);
        }
        replaceAggregation(level);
    }

    private void replaceAggregation(Level level) {
        // The groups that fit before are a good size for the next table: it then rarely needs to grow.
        int fitted = level.agg.groupCount();
        level.agg.close();
        level.agg = null;
        acquireReserve();
        level.agg = newAggregation(level, fitted);
    }

    private GroupedAggregation newAggregation(Level level, int expectedGroups) {
        if (expectedGroups > INITIAL_GROUPS) {
            try {
                return new GroupedAggregation(spec, level.partialInput, pool, kernels.aggregation(), expectedGroups);
            } catch (MemoryLimitExceededException e) {
                // Fall back to a small one that grows.
            }
        }
        try {
            return new GroupedAggregation(spec, level.partialInput, pool, kernels.aggregation(), INITIAL_GROUPS);
        } catch (MemoryLimitExceededException e) {
            throw tooSmall("an empty hash table", e);
        }
    }

    /** Writes the level's groups as partial states into its spill partitions, by key hash. */
    private void spill(Level level) throws Exception {
        GroupedAggregation agg = level.agg;
        int groups = agg.groupCount();
        if (groups == 0) {
            return;
        }
        if (level.spill == null) {
            if (level.depth >= MAX_LEVELS) {
                throw new IllegalStateException(context.operatorName() + ": groups still do not fit the memory pool '"
                        + pool.path() + "' (limit " + ByteSize.format(pool.limit()) + ") after " + MAX_LEVELS
                        + " levels of hash partitioning; raise the memory budget");
            }
            level.spill = new SpillPartitions(level.depth, partitionBits(level), spec.partialSchema(), context);
        }
        int[] partitionOf = new int[groups];
        forEachChunk(keySchema, 0, groups, (from, n) -> agg.buildKeys(keySchema, from, n), (keys, from) -> {
            int n = keys.rowCount();
            if (hashes.length < n) {
                hashes = new long[Math.max(n, hashes.length * 2)];
            }
            HashKernels hash = kernels.hash();
            hash.hash(ColumnRef.of(keys, 0), hashes);
            for (int c = 1; c < keys.columnCount(); c++) {
                hash.combine(ColumnRef.of(keys, c), hashes);
            }
            for (int r = 0; r < n; r++) {
                partitionOf[from + r] = level.spill.partition(hashes[r]);
            }
        });
        int fanout = level.spill.fanout();
        int[] starts = new int[fanout + 1];
        for (int g = 0; g < groups; g++) {
            starts[partitionOf[g] + 1]++;
        }
        for (int p = 0; p < fanout; p++) {
            starts[p + 1] += starts[p];
        }
        int[] order = new int[groups];
        int[] next = starts.clone();
        for (int g = 0; g < groups; g++) {
            order[next[partitionOf[g]]++] = g;
        }
        for (int p = 0; p < fanout; p++) {
            int partition = p;
            forEachChunk(spec.partialSchema(), starts[p], starts[p + 1], (from, n) -> agg.build(true, order, from, n),
                    (states, from) -> level.spill.write(partition, states));
        }
    }

    /** Emits the level's results, first merging its spilled partitions one by one when it spilled. */
    private void finish(Level level) throws Exception {
        releaseReserve();
        if (level.spill == null) {
            emit(level.agg, false);
            level.close();
            return;
        }
        spill(level);
        level.agg.close();
        level.agg = null;
        SpillPartitions partitions = level.spill;
        partitions.finishWriting();
        for (int p = 0; p < partitions.fanout(); p++) {
            Path file = partitions.file(p);
            if (file == null) {
                continue;
            }
            context.checkCancelled();
            acquireReserve();
            Level child = null;
            try {
                try (SpillFileReader reader = SpillFileReader.open(file, pool)) {
                    child = push(new Level(level.depth + 1, true, reader.rowCount()));
                    child.agg = newAggregation(child, INITIAL_GROUPS);
                    for (int i = 0; i < reader.batchCount(); i++) {
                        try (Batch states = read(child, reader, i)) {
                            add(child, states);
                        }
                    }
                }
                partitions.delete(p);
                finish(child);
            } finally {
                if (child != null) {
                    levels.remove(child);
                    child.close();
                }
            }
        }
        level.close();
    }

    /**
     * How many partitions (as bits) a level spills into: 16 at the top, where the input size is
     * unknown; below, enough for the partition's rows to fit in about 80% of what the table held
     * when it first overflowed, assuming keys repeat as they did until then (4 to 64).
     */
    private static int partitionBits(Level level) {
        if (level.expectedRows < 0) {
            return 4;
        }
        long parts = Math.ceilDiv(level.expectedRows * 5, 4 * Math.max(1, level.rowsAdded));
        int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, parts - 1));
        return Math.clamp(bits, 2, SpillPartitions.MAX_BITS);
    }

    private Batch read(Level level, SpillFileReader reader, int index) throws Exception {
        while (true) {
            try {
                return reader.read(index);
            } catch (MemoryLimitExceededException e) {
                if (level.agg.groupCount() == 0) {
                    throw tooSmall("one spilled batch", e);
                }
                makeRoom(level);
            }
        }
    }

    private void emit(GroupedAggregation agg, boolean partial) throws Exception {
        Schema schema = partial ? spec.partialSchema() : spec.outputSchema();
        forEachChunk(schema, 0, agg.groupCount(), (from, n) -> agg.build(partial, null, from, n), (batch, from) -> {
            context.output().emit(batch);
            context.checkCancelled();
        });
    }

    /**
     * Builds batches of rows {@code [start, end)} and hands each to {@code consumer} (then closes
     * it), as many rows at a time as the pool's free memory suggests, halving on a memory failure.
     */
    private void forEachChunk(Schema schema, int start, int end, ChunkBuilder builder, ChunkConsumer consumer) throws Exception {
        int rows = chunkRows(schema);
        int from = start;
        while (from < end) {
            int n = Math.min(rows, end - from);
            Batch batch;
            try {
                batch = builder.build(from, n);
            } catch (MemoryLimitExceededException e) {
                if (n == 1) {
                    throw tooSmall("a batch of one row", e);
                }
                rows = n / 2;
                continue;
            }
            try (batch) {
                consumer.accept(batch, from);
            }
            from += n;
        }
    }

    /** Rows per built batch: {@link OperatorContext#batchRows()}, fewer when a third of the free memory would not hold them. */
    private int chunkRows(Schema schema) {
        long rowBytes = 0;
        for (Field f : schema.fields()) {
            DataType t = f.type();
            rowBytes += 1 + (t.fixedWidth() > 0 ? t.fixedWidth() : t.kind() == DataType.Kind.UTF8 ? 20 : 1);
        }
        return Math.clamp(pool.available() / (3 * Math.max(1, rowBytes)), 1, context.batchRows());
    }

    private void acquireReserve() {
        if (reserve == null && reserveBytes > 0) {
            try {
                reserve = pool.allocate(reserveBytes);
            } catch (MemoryLimitExceededException e) {
                // Run without one: spilling then relies on halving its batches.
            }
        }
    }

    private void releaseReserve() {
        if (reserve != null) {
            reserve.close();
            reserve = null;
        }
    }

    private Level push(Level level) {
        levels.push(level);
        return level;
    }

    private IllegalStateException tooSmall(String what, MemoryLimitExceededException cause) {
        return new IllegalStateException(context.operatorName() + ": the memory pool '" + pool.path() + "' (limit "
                + ByteSize.format(pool.limit()) + ") is too small to aggregate even " + what + "; raise the memory budget", cause);
    }

    /** Releases all memory and deletes all spill files; idempotent. */
    @Override
    public void close() {
        RuntimeException failure = null;
        while (!levels.isEmpty()) {
            try {
                levels.pop().close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        releaseReserve();
        if (failure != null) {
            throw failure;
        }
    }
}
