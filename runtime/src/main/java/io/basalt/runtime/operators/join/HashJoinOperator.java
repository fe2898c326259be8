package io.basalt.runtime.operators.join;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryLimitExceededException;
import io.basalt.memory.MemoryPool;
import io.basalt.memory.spill.SpillFileWriter;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.vectorops.GroupByHashTable;

/**
 * Equi-join of input 0 (left) and input 1 (right) on key columns, for every {@link JoinKind},
 * with either side as the hash table's build side. Output: {@link JoinSchemas#output} (left
 * columns, then right columns unless SEMI/ANTI); rows in no particular order. A NULL key never
 * matches; unmatched rows of a preserved side still appear, NULL-padded.
 *
 * <p>Inputs may arrive interleaved. Build rows are copied into the operator's pool and indexed
 * as they come; probe batches that arrive before the build side ended are retained (and written
 * to a spill file when memory runs short) and probed once it has. When the build side outgrows
 * half the pool, both sides are hash-partitioned into spill files and joined partition by
 * partition ({@link PartitionJoin}: recursive splitting, chunked joins for partitions that do not
 * split), with the same results. Single-threaded, like every operator.
 */
public final class HashJoinOperator implements Operator {
    private final JoinKind kind;
    private final Schema leftSchema;
    private final Schema rightSchema;
    private final int[] leftKeys;
    private final int[] rightKeys;
    private final JoinRoles roles;
    private final Schema outputSchema;
    private final PartitionJoin.SideSpec build;
    private final PartitionJoin.SideSpec probe;

    private OperatorContext context;
    private MemoryPool pool;
    private SpillFiles files;
    private JoinOutput out;
    private long budget;
    private int flushRows;

    /** The in-memory build side; null once the join spilled. */
    private BuildChunk table;
    private boolean sealed;
    /** Probe batches retained before the build side ended, and their approximate size. */
    private final List<Batch> pendingProbe = new ArrayList<>();
    private long pendingBytes;
    private SpillFileWriter pendingProbeFile;
    private HashPartitioner buildParts;
    private HashPartitioner probeParts;
    private SpillFiles.Run[] buildRuns;
    private boolean buildEnded;
    private boolean probeEnded;
    private boolean finished;

    /**
     * @param leftSchema  schema of input 0
     * @param rightSchema schema of input 1
     * @param leftKeys    key columns of the left input
     * @param rightKeys   key columns of the right input, pairwise of the same type as the left ones
     *                    (int32, date, int64, decimal of equal scale, timestamp or utf8)
     * @param buildLeft   whether the hash table is built from the left input (the planner picks the smaller side)
     * @throws IllegalArgumentException for missing or mismatched key columns
     */
    public HashJoinOperator(Schema leftSchema, Schema rightSchema, JoinKind kind, int[] leftKeys, int[] rightKeys, boolean buildLeft) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.leftSchema = Objects.requireNonNull(leftSchema, "leftSchema");
        this.rightSchema = Objects.requireNonNull(rightSchema, "rightSchema");
        this.leftKeys = leftKeys.clone();
        this.rightKeys = rightKeys.clone();
        checkKeys(leftSchema, rightSchema, this.leftKeys, this.rightKeys);
        this.roles = new JoinRoles(kind, buildLeft);
        this.outputSchema = JoinSchemas.output(leftSchema, rightSchema, kind);
        PartitionJoin.SideSpec left = new PartitionJoin.SideSpec(leftSchema, this.leftKeys, "left");
        PartitionJoin.SideSpec right = new PartitionJoin.SideSpec(rightSchema, this.rightKeys, "right");
        this.build = buildLeft ? left : right;
        this.probe = buildLeft ? right : left;
    }

    /** A factory of hash joins (memory weight 1); the arguments are those of the constructor, checked here. */
    public static OperatorFactory factory(Schema leftSchema, Schema rightSchema, JoinKind kind, int[] leftKeys, int[] rightKeys,
            boolean buildLeft) {
        HashJoinOperator template = new HashJoinOperator(leftSchema, rightSchema, kind, leftKeys, rightKeys, buildLeft);
        return new BufferingFactory(template.describe(), 2,
                () -> new HashJoinOperator(leftSchema, rightSchema, kind, leftKeys, rightKeys, buildLeft));
    }

    /** The output schema: {@link JoinSchemas#output} of the two input schemas. */
    public Schema outputSchema() {
        return outputSchema;
    }

    private String describe() {
        StringBuilder sb = new StringBuilder("HashJoin(").append(kind).append(", ");
        for (int k = 0; k < leftKeys.length; k++) {
            sb.append(k == 0 ? "" : " and ").append(leftSchema.field(leftKeys[k]).name()).append(" = ")
                    .append(rightSchema.field(rightKeys[k]).name());
        }
        return sb.append(", build=").append(roles.buildLeft() ? "left" : "right").append(')').toString();
    }

    static void checkKeys(Schema left, Schema right, int[] leftKeys, int[] rightKeys) {
        if (leftKeys.length == 0 || leftKeys.length != rightKeys.length) {
            throw new IllegalArgumentException("A hash join needs as many left as right key columns, at least one; got left "
                    + Arrays.toString(leftKeys) + " and right " + Arrays.toString(rightKeys));
        }
        for (int k = 0; k < leftKeys.length; k++) {
            Field l = keyField(left, leftKeys[k], "left");
            Field r = keyField(right, rightKeys[k], "right");
            DataType lt = l.type();
            DataType rt = r.type();
            if (lt.kind() != rt.kind() || lt.scale() != rt.scale()) {
                throw new IllegalArgumentException("Join key " + k + ": left column '" + l.name() + "' is " + lt + " but right column '"
                        + r.name() + "' is " + rt + "; cast the keys to one type (and decimals to one scale) first");
            }
        }
    }

    private static Field keyField(Schema schema, int column, String side) {
        if (column < 0 || column >= schema.size()) {
            throw new IllegalArgumentException("Join key column " + column + " is outside the " + side + " input's " + schema.size()
                    + " columns " + schema);
        }
        Field f = schema.field(column);
        try {
            GroupByHashTable.keyWidth(f.type());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Join key column '" + f.name() + "' of the " + side + " input has type " + f.type()
                    + "; hash join keys must be int32, date, int64, decimal, timestamp or utf8", e);
        }
        return f;
    }

    private int buildInput() {
        return roles.buildLeft() ? 0 : 1;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        this.pool = context.pool();
        this.files = new SpillFiles(context);
        long limit = MemoryBudget.limit(pool);
        this.budget = MemoryBudget.buffering(limit);
        int maxRows = JoinOutput.maxRows(context, outputSchema);
        this.flushRows = Math.max(1024, context.batchRows());
        this.out = new JoinOutput(outputSchema, leftSchema.size(), context, maxRows);
        this.table = newChunk();
    }

    private BuildChunk newChunk() {
        return new BuildChunk(roles, build.schema(), build.keys(), probe.keys(), context.kernels(), pool, out.maxRows());
    }

    @Override
    public void process(Batch batch, int input) throws Exception {
        if (input != 0 && input != 1) {
            throw new IllegalArgumentException("A hash join has inputs 0 and 1, not " + input);
        }
        if (input == buildInput()) {
            if (buildEnded) {
                throw new IllegalStateException("Batch on the " + build.name() + " input after it ended");
            }
            try (Batch b = Joins.conform(batch, build.schema(), build.name() + " input of " + describe())) {
                if (table != null) {
                    addBuild(b);
                } else {
                    buildParts.add(b);
                }
            }
            return;
        }
        Batch b = Joins.conform(batch, probe.schema(), probe.name() + " input of " + describe());
        if (table != null && sealed) {
            try (b) {
                table.probe(Joins.columns(b), roles.probeType(), out, null, 0);
            }
        } else if (probeParts != null) {
            try (b) {
                probeParts.add(b);
            }
        } else {
            pendingProbe.add(b);
            pendingBytes += Joins.estimateBytes(b);
            relieveMemory();
        }
    }

    private void addBuild(Batch b) throws Exception {
        try {
            table.add(Joins.columns(b), 0, b.rowCount());
        } catch (MemoryLimitExceededException e) {
            spill(b);
            return;
        }
        relieveMemory();
    }

    /** Over budget: writes retained probe batches to a spill file first, then partitions the build side if still needed. */
    private void relieveMemory() throws Exception {
        if (pool.used() + pendingBytes <= budget) {
            return;
        }
        if (!pendingProbe.isEmpty()) {
            if (pendingProbeFile == null) {
                pendingProbeFile = files.create("join-probe-pending", probe.schema(), pool);
            }
            for (Batch b : pendingProbe) {
                SpillFiles.write(pendingProbeFile, b, budget / 8);
            }
            closePending();
        }
        if (table != null && !sealed && pool.used() > budget) {
            spill(null);
        }
    }

    /**
     * Switches to the partitioned join: the build rows so far (plus {@code current}, which did not fit)
     * and every probe batch received so far go to partition files.
     */
    private void spill(Batch current) throws Exception {
        // Both partitioners may collect rows at once (inputs interleave): the build side gets most of
        // the room until it ends, then the probe side gets all of it.
        buildParts = new HashPartitioner("join-" + build.name(), build.schema(), build.keys(), 0, HashPartitioner.MAX_BITS,
                context.kernels(), pool, files,
                roles.buildKeepsUnmatched() ? (columns, ids, n) -> out.side(roles.buildLeft(), columns, ids, n) : null,
                flushRows, budget - budget / 4);
        probeParts = new HashPartitioner("join-" + probe.name(), probe.schema(), probe.keys(), 0, HashPartitioner.MAX_BITS,
                context.kernels(), pool, files,
                roles.probeKeepsUnmatched() ? (columns, ids, n) -> out.side(roles.probeLeft(), columns, ids, n) : null,
                flushRows, budget / 4);
        BuildChunk old = table;
        table = null;
        try (old; Batch rows = old.takeRows()) {
            buildParts.add(rows);
        }
        if (current != null) {
            buildParts.add(current);
        }
        for (Batch b : pendingProbe) {
            probeParts.add(b);
        }
        closePending();
        if (pendingProbeFile != null) {
            SpillFiles.Run run = files.finish(pendingProbeFile);
            pendingProbeFile = null;
            files.read(run, pool, probeParts::add);
            files.delete(run);
        }
    }

    @Override
    public void endInput(int input) throws Exception {
        if (input == buildInput()) {
            buildEnded = true;
            endBuild();
        } else {
            probeEnded = true;
        }
        if (buildEnded && probeEnded && !finished) {
            finished = true;
            finish();
        }
    }

    private void endBuild() throws Exception {
        if (table != null) {
            try {
                table.seal();
                sealed = true;
            } catch (MemoryLimitExceededException e) {
                spill(null);
            }
        }
        if (table != null) {
            List<Batch> early = new ArrayList<>(pendingProbe);
            pendingProbe.clear();
            pendingBytes = 0;
            try {
                for (int i = 0; i < early.size(); i++) {
                    table.probe(Joins.columns(early.get(i)), roles.probeType(), out, null, 0);
                    early.get(i).close();
                }
            } finally {
                early.forEach(Batch::close);
            }
            if (pendingProbeFile != null) {
                SpillFiles.Run run = files.finish(pendingProbeFile);
                pendingProbeFile = null;
                files.read(run, pool, b -> table.probe(Joins.columns(b), roles.probeType(), out, null, 0));
                files.delete(run);
            }
        } else {
            buildRuns = buildParts.finish();
            buildParts.close();
            buildParts = null;
            probeParts.bufferBytes(budget);
        }
    }

    private void finish() throws Exception {
        if (table != null) {
            table.emitBuildFinal(out);
            table.close();
            table = null;
        } else {
            SpillFiles.Run[] probeRuns = probeParts.finish();
            probeParts.close();
            probeParts = null;
            long buildRows = 0;
            for (SpillFiles.Run r : buildRuns) {
                buildRows += r == null ? 0 : r.rows();
            }
            SpillFiles.Run[] builds = buildRuns;
            buildRuns = null;
            PartitionJoin.Setup setup = new PartitionJoin.Setup(roles, build, probe, context.kernels(), pool, files, out, budget,
                    flushRows);
            new PartitionJoin(setup).join(builds, probeRuns, 0, buildRows, 0);
        }
        out.flush();
    }

    private void closePending() {
        pendingProbe.forEach(Batch::close);
        pendingProbe.clear();
        pendingBytes = 0;
    }

    @Override
    public void close() throws Exception {
        Throwable failure = null;
        closePending();
        AutoCloseable[] owned = {pendingProbeFile == null ? null : pendingProbeFile::abort, table, buildParts, probeParts, out, files};
        pendingProbeFile = null;
        table = null;
        buildParts = null;
        probeParts = null;
        for (AutoCloseable c : owned) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception | Error e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }
}
