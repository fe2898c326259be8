package io.basalt.runtime.operators.join;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.basalt.data.Batch;
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
    private final int[][] keys;
    private final Schema[] schemas;
    private final JoinRoles roles;

    private OperatorContext context;
    private MemoryPool pool;
    private SpillFiles files;
    private JoinOutput out;
    private long budget;
    private int flushRows;
    private int maxRows;
    /** The in-memory build side; null before the first build batch (schema unknown) and once the join spilled. */
    private BuildChunk table;
    private boolean spilled;
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
     * A join whose input schemas are taken from their first batches. An outer join whose padded side
     * delivers no batch at all cannot know that side's columns and fails; give the schemas with
     * {@link #HashJoinOperator(Schema, Schema, JoinKind, int[], int[], boolean)} for that.
     *
     * @param leftKeys  key columns of the left input
     * @param rightKeys key columns of the right input, pairwise of the same type as the left ones
     *                  (int32, date, int64, decimal, timestamp or utf8)
     * @param buildLeft whether the hash table is built from the left input (the planner picks the smaller side)
     */
    public HashJoinOperator(JoinKind kind, int[] leftKeys, int[] rightKeys, boolean buildLeft) {
        this(null, null, kind, leftKeys, rightKeys, buildLeft);
    }

    /**
     * A join of inputs with the given schemas (null: taken from the first batch); keys are checked now.
     *
     * @throws IllegalArgumentException for missing or mismatched key columns
     */
    public HashJoinOperator(Schema leftSchema, Schema rightSchema, JoinKind kind, int[] leftKeys, int[] rightKeys, boolean buildLeft) {
        if (kind == null) {
            throw new IllegalArgumentException("The join kind must not be null");
        }
        if (leftKeys == null || rightKeys == null || leftKeys.length == 0 || leftKeys.length != rightKeys.length) {
            throw new IllegalArgumentException("A join needs as many left key columns as right key columns, at least one; got left "
                    + Arrays.toString(leftKeys) + " and right " + Arrays.toString(rightKeys));
        }
        this.kind = kind;
        this.keys = new int[][] {leftKeys.clone(), rightKeys.clone()};
        this.schemas = new Schema[2];
        this.roles = new JoinRoles(kind, buildLeft);
        learn(0, leftSchema);
        learn(1, rightSchema);
    }

    /** A factory of {@link #HashJoinOperator(JoinKind, int[], int[], boolean)} instances (memory weight 1). */
    public static OperatorFactory factory(JoinKind kind, int[] leftKeys, int[] rightKeys, boolean buildLeft) {
        return factory(null, null, kind, leftKeys, rightKeys, buildLeft);
    }

    /** A factory of {@link #HashJoinOperator(Schema, Schema, JoinKind, int[], int[], boolean)} instances (memory weight 1). */
    public static OperatorFactory factory(Schema leftSchema, Schema rightSchema, JoinKind kind, int[] leftKeys, int[] rightKeys,
            boolean buildLeft) {
        HashJoinOperator template = new HashJoinOperator(leftSchema, rightSchema, kind, leftKeys, rightKeys, buildLeft);
        return OperatorFactory.buffering(template.describe(), 2,
                () -> new HashJoinOperator(leftSchema, rightSchema, kind, leftKeys, rightKeys, buildLeft));
    }

    /**
     * The output schema ({@link JoinSchemas#output}).
     *
     * @throws IllegalStateException while an input schema it depends on is unknown
     */
    public Schema outputSchema() {
        if (schemas[0] == null || (kind.emitsRightFields() && schemas[1] == null)) {
            throw new IllegalStateException("The output schema of " + describe() + " is known once both input schemas are");
        }
        return layout().schema();
    }

    private String describe() {
        StringBuilder sb = new StringBuilder("HashJoin(").append(kind).append(", ");
        if (schemas[0] != null && schemas[1] != null) {
            for (int k = 0; k < keys[0].length; k++) {
                sb.append(k == 0 ? "" : " and ").append(schemas[0].field(keys[0][k]).name()).append(" = ")
                        .append(schemas[1].field(keys[1][k]).name());
            }
        } else {
            sb.append("left keys ").append(Arrays.toString(keys[0])).append(" = right keys ").append(Arrays.toString(keys[1]));
        }
        return sb.append(", build=").append(roles.buildLeft() ? "left" : "right").append(')').toString();
    }

    /** Records the schema of an input (given or seen first) and checks its keys. */
    private void learn(int input, Schema schema) {
        if (schema == null) {
            return;
        }
        for (int k : keys[input]) {
            if (k < 0 || k >= schema.size()) {
                throw new IllegalArgumentException("The " + name(input) + " key column index " + k + " is outside the " + name(input)
                        + " schema " + schema);
            }
            Field f = schema.field(k);
            try {
                GroupByHashTable.keyWidth(f.type());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Join key column '" + f.name() + "' of the " + name(input) + " input has type " + f.type()
                        + "; hash join keys must be int32, date, int64, decimal, timestamp or utf8", e);
            }
        }
        schemas[input] = schema;
        if (schemas[1 - input] != null) {
            JoinSchemas.checkKeys(schemas[0], keys[0], schemas[1], keys[1]);
        }
    }

    private static String name(int input) {
        return input == 0 ? "left" : "right";
    }

    private int buildInput() {
        return roles.buildLeft() ? 0 : 1;
    }

    private PartitionJoin.SideSpec side(int input) {
        return new PartitionJoin.SideSpec(schemas[input], keys[input], name(input));
    }

    private PartitionJoin.SideSpec build() {
        return side(buildInput());
    }

    private PartitionJoin.SideSpec probe() {
        return side(1 - buildInput());
    }

    /** The output layout; fails when it needs an input schema that never became known. */
    private JoinOutput.Layout layout() {
        if (schemas[0] == null || (kind.emitsRightFields() && schemas[1] == null)) {
            throw new IllegalStateException(describe() + " must emit rows padded with NULLs for its " + (schemas[0] == null ? "left" : "right")
                    + " input, which delivered no batch, so its columns are unknown; give the input schemas to the operator");
        }
        return new JoinOutput.Layout(JoinSchemas.output(schemas[0], kind.emitsRightFields() ? schemas[1] : schemas[0], kind),
                schemas[0].size());
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        this.pool = context.pool();
        this.files = new SpillFiles(context);
        this.budget = MemoryBudget.buffering(MemoryBudget.limit(pool));
        long width = 0;
        for (Schema s : schemas) {
            width += s == null ? 32 : Joins.rowWidth(s);
        }
        this.maxRows = JoinOutput.maxRows(context, width);
        this.flushRows = Math.max(1024, context.batchRows());
        this.out = new JoinOutput(context, maxRows, this::layout);
        if (schemas[buildInput()] != null) {
            this.table = newChunk();
        }
    }

    private BuildChunk newChunk() {
        return new BuildChunk(roles, build().schema(), build().keys(), probe().keys(), context.kernels(), pool, maxRows);
    }

    @Override
    public void process(Batch batch, int input) throws Exception {
        if (input != 0 && input != 1) {
            throw new IllegalArgumentException("A hash join has inputs 0 and 1, not " + input);
        }
        if ((input == buildInput() ? buildEnded : probeEnded)) {
            throw new IllegalStateException("A batch on the " + name(input) + " input of " + describe() + " after it ended");
        }
        if (schemas[input] == null) {
            learn(input, batch.schema());
        }
        Batch b = Joins.conform(batch, schemas[input], name(input) + " input of " + describe());
        if (input == buildInput()) {
            try (b) {
                if (spilled) {
                    buildParts.add(b);
                } else {
                    if (table == null) {
                        table = newChunk();
                    }
                    addBuild(b);
                }
            }
        } else if (sealed || (buildEnded && !spilled)) {
            try (b) {
                probe(b);
            }
        } else if (spilled) {
            try (b) {
                probeParts().add(b);
            }
        } else {
            pendingProbe.add(b);
            pendingBytes += Joins.estimateBytes(b);
            relieveMemory();
        }
    }

    /** Probes a batch against the sealed table, or, when the build side was empty, emits or drops it. */
    private void probe(Batch b) throws Exception {
        if (table != null) {
            table.probe(Joins.columns(b), roles.probeType(), out, null, 0);
        } else if (roles.probeKeepsUnmatched()) {
            int[] ids = new int[Math.min(maxRows, b.rowCount())];
            for (int start = 0; start < b.rowCount(); start += ids.length) {
                int n = Math.min(ids.length, b.rowCount() - start);
                out.side(roles.probeLeft(), Joins.columns(b), Joins.range(ids, start, n), n);
            }
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
                pendingProbeFile = files.create("join-probe-pending", probe().schema(), pool);
            }
            for (Batch b : pendingProbe) {
                files.write(pendingProbeFile, b, budget / 8);
            }
            closePending();
        }
        if (table != null && !buildEnded && pool.used() > budget) {
            spill(null);
        }
    }

    /**
     * Switches to the partitioned join: the build rows so far (plus {@code current}, which did not fit)
     * and every probe batch received so far go to partition files.
     */
    private void spill(Batch current) throws Exception {
        spilled = true;
        // Both partitioners may collect rows at once (inputs interleave): the build side gets most of
        // the room until it ends, then the probe side gets all of it.
        buildParts = new HashPartitioner("join-" + build().name(), build().schema(), build().keys(), 0, HashPartitioner.MAX_BITS,
                context.kernels(), pool, files,
                roles.buildKeepsUnmatched() ? (columns, ids, n) -> out.side(roles.buildLeft(), columns, ids, n) : null,
                flushRows, budget - budget / 4);
        BuildChunk old = table;
        table = null;
        try (old; Batch rows = old.takeRows()) {
            buildParts.add(rows);
        }
        if (current != null) {
            buildParts.add(current);
        }
        for (Batch b : pendingProbe) {
            probeParts().add(b);
        }
        closePending();
        if (pendingProbeFile != null) {
            SpillFiles.Run run = files.finish(pendingProbeFile);
            pendingProbeFile = null;
            files.read(run, pool, probeParts()::add);
            files.delete(run);
        }
    }

    /** The probe side's partitioner, created with the first probe batch after the join spilled. */
    private HashPartitioner probeParts() {
        if (probeParts == null) {
            probeParts = new HashPartitioner("join-" + probe().name(), probe().schema(), probe().keys(), 0, HashPartitioner.MAX_BITS,
                    context.kernels(), pool, files,
                    roles.probeKeepsUnmatched() ? (columns, ids, n) -> out.side(roles.probeLeft(), columns, ids, n) : null,
                    flushRows, buildEnded ? budget : budget / 4);
        }
        return probeParts;
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
        if (spilled) {
            buildRuns = buildParts.finish();
            buildParts.close();
            buildParts = null;
            if (probeParts != null) {
                probeParts.bufferBytes(budget);
            }
            return;
        }
        List<Batch> early = new ArrayList<>(pendingProbe);
        pendingProbe.clear();
        pendingBytes = 0;
        try {
            for (Batch b : early) {
                probe(b);
                b.close();
            }
        } finally {
            early.forEach(Batch::close);
        }
        if (pendingProbeFile != null) {
            SpillFiles.Run run = files.finish(pendingProbeFile);
            pendingProbeFile = null;
            files.read(run, pool, this::probe);
            files.delete(run);
        }
    }

    private void finish() throws Exception {
        if (!spilled) {
            if (table != null) {
                table.emitBuildFinal(out);
                table.close();
                table = null;
            }
        } else {
            SpillFiles.Run[] probeRuns = probeParts == null ? new SpillFiles.Run[buildRuns.length] : probeParts.finish();
            if (probeParts != null) {
                probeParts.close();
                probeParts = null;
            }
            long buildRows = 0;
            for (SpillFiles.Run r : buildRuns) {
                buildRows += r == null ? 0 : r.rows();
            }
            SpillFiles.Run[] builds = buildRuns;
            buildRuns = null;
            PartitionJoin.Setup setup = new PartitionJoin.Setup(roles, build(), probe(), context.kernels(), pool, files, out, budget,
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
