package io.basalt.runtime.operators.join;

import java.lang.foreign.MemorySegment;
import java.util.function.Supplier;

import org.apache.arrow.memory.ArrowBuf;

import io.basalt.data.Batch;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryLimitExceededException;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.memory.spill.SpillFileReader;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.Kernels;

/**
 * The spilled part of a hash join (grace hash join): joins the build and probe partitions written
 * by {@link HashPartitioner}s pair by pair. A build partition that fits the memory budget becomes
 * one {@link BuildChunk} probed by its probe partition. One that does not is split again with the
 * next level's hash bits, and when splitting stops helping (every row one key, or too many
 * levels) it is joined chunk by chunk, each chunk probed by the whole probe partition, with a
 * bitmap over the probe rows recording which ones matched any chunk (for outer, SEMI and ANTI
 * joins), so results stay exact. Spill files are deleted as soon as they are joined. Runs in the
 * operator's thread.
 */
final class PartitionJoin {
    /** Deepest split level; beyond it a build partition that does not fit is joined in chunks. */
    static final int MAX_LEVEL = 7;

    /** Everything the join of partition pairs needs from its operator. */
    record Setup(JoinRoles roles, SideSpec build, SideSpec probe, Kernels kernels, MemoryPool pool, SpillFiles files,
                 JoinOutput out, long budget, int flushRows) {}

    /** One side's schema and key columns. */
    record SideSpec(Schema schema, int[] keys, String name) {}

    private final Setup s;
    private final Supplier<BuildChunk> chunks;

    PartitionJoin(Setup setup) {
        this.s = setup;
        this.chunks = () -> new BuildChunk(s.roles(), s.build().schema(), s.build().keys(), s.probe().keys(), s.kernels(), s.pool(),
                s.out().maxRows());
    }

    /**
     * Joins partition p of {@code build} with partition p of {@code probe} for every p (null: empty).
     *
     * @param level      the split level that produced the runs
     * @param parentRows build rows of the partition they were split from (all build rows at level 0)
     * @param futile     how many splits in a row did not shrink the build side
     */
    void join(SpillFiles.Run[] build, SpillFiles.Run[] probe, int level, long parentRows, int futile) throws Exception {
        try {
            for (int p = 0; p < build.length; p++) {
                SpillFiles.Run b = build[p];
                SpillFiles.Run q = probe[p];
                build[p] = null;
                probe[p] = null;
                joinPair(b, q, level, parentRows, futile);
            }
        } finally {
            for (int p = 0; p < build.length; p++) {
                s.files().delete(build[p]);
                s.files().delete(probe[p]);
            }
        }
    }

    private void joinPair(SpillFiles.Run build, SpillFiles.Run probe, int level, long parentRows, int futile) throws Exception {
        try {
            if (build == null) {
                if (probe != null && s.roles().probeKeepsUnmatched()) {
                    emitAll(probe, s.roles().probeLeft());
                }
                return;
            }
            if (probe == null) {
                if (s.roles().buildKeepsUnmatched()) {
                    emitAll(build, s.roles().buildLeft());
                }
                return;
            }
            boolean shrank = build.rows() < parentRows;
            boolean splittable = level < MAX_LEVEL && (shrank || futile == 0);
            // A build run whose file alone exceeds the budget cannot fit: split it without trying.
            boolean split = splittable && build.bytes() > s.budget() || !joinLoaded(build, probe, splittable);
            if (split) {
                int bits = splitBits(build.bytes());
                SpillFiles.Run[] builds = split(build, s.build(), level + 1, bits);
                s.files().delete(build);
                SpillFiles.Run[] probes;
                try {
                    probes = split(probe, s.probe(), level + 1, bits);
                } catch (Exception e) {
                    for (SpillFiles.Run r : builds) {
                        s.files().delete(r);
                    }
                    throw e;
                }
                s.files().delete(probe);
                join(builds, probes, level + 1, build.rows(), shrank ? 0 : futile + 1);
            }
        } finally {
            s.files().delete(build);
            s.files().delete(probe);
        }
    }

    /**
     * Loads the build run and joins it with the probe run, in one piece when it fits and chunk by
     * chunk otherwise; returns false, having joined nothing, when it does not fit and may be split.
     */
    private boolean joinLoaded(SpillFiles.Run build, SpillFiles.Run probe, boolean splittable) throws Exception {
        BuildChunk chunk = chunks.get();
        Batch carry = null;
        try (SpillFileReader reader = SpillFileReader.open(build.file(), s.pool())) {
            carry = load(chunk, reader, null);
            if (carry == null) {
                BuildChunk whole = chunk;
                whole.seal();
                s.files().read(probe, s.pool(), batch -> whole.probe(Joins.columns(batch), s.roles().probeType(), s.out(), null, 0));
                whole.emitBuildFinal(s.out());
                return true;
            }
            if (splittable) {
                return false;
            }
            BuildChunk first = chunk;
            chunk = null;
            Batch pending = carry;
            carry = null;
            joinInChunks(first, reader, pending, probe);
            return true;
        } finally {
            if (carry != null) {
                carry.close();
            }
            if (chunk != null) {
                chunk.close();
            }
        }
    }

    /**
     * Adds batches to {@code chunk} (starting with {@code carry}, if any) until the reader is
     * exhausted (returns null) or the memory budget is used up (returns the batch that did not fit).
     */
    private Batch load(BuildChunk chunk, SpillFileReader reader, Batch carry) throws Exception {
        Batch next = carry != null ? carry : reader.next();
        while (next != null) {
            if (chunk.rowCount() > 0 && s.pool().used() > s.budget()) {
                return next;
            }
            try {
                chunk.add(Joins.columns(next), 0, next.rowCount());
            } catch (MemoryLimitExceededException e) {
                if (chunk.rowCount() == 0) {
                    next.close();
                    throw e;
                }
                return next;
            }
            next.close();
            next = reader.next();
        }
        return null;
    }

    /** Block join of a build partition too large for memory: one chunk after the other, each probed by the whole probe run. */
    private void joinInChunks(BuildChunk first, SpillFileReader reader, Batch carry, SpillFiles.Run probe) throws Exception {
        JoinRoles.Final probeFinal = s.roles().chunkedProbeFinal();
        ArrowBuf marks = null;
        BuildChunk chunk = first;
        Batch pending = carry;
        try {
            MemorySegment probeMarks = null;
            if (probeFinal != JoinRoles.Final.NONE) {
                marks = s.pool().allocate(Math.max(64, (probe.rows() + 63) / 64 * 8));
                probeMarks = MemoryManager.segmentOf(marks);
                probeMarks.fill((byte) 0);
            }
            MemorySegment bits = probeMarks;
            while (true) {
                chunk.seal();
                BuildChunk current = chunk;
                long[] base = {0};
                s.files().read(probe, s.pool(), batch -> {
                    current.probe(Joins.columns(batch), s.roles().chunkedProbeType(), s.out(), bits, base[0]);
                    base[0] += batch.rowCount();
                });
                chunk.emitBuildFinal(s.out());
                chunk.close();
                chunk = null;
                if (pending == null) {
                    break;
                }
                chunk = chunks.get();
                Batch next = pending;
                pending = null;
                pending = load(chunk, reader, next);
            }
            if (bits != null) {
                emitMarked(probe, bits, probeFinal == JoinRoles.Final.MATCHED);
            }
        } finally {
            if (pending != null) {
                pending.close();
            }
            if (chunk != null) {
                chunk.close();
            }
            if (marks != null) {
                marks.close();
            }
        }
    }

    /** Emits the probe rows whose mark is {@code wanted}, the build columns NULL. */
    private void emitMarked(SpillFiles.Run probe, MemorySegment marks, boolean wanted) throws Exception {
        int[] ids = new int[s.out().maxRows()];
        long[] base = {0};
        boolean left = s.roles().probeLeft();
        s.files().read(probe, s.pool(), batch -> {
            ColumnRef[] columns = Joins.columns(batch);
            int k = 0;
            for (int r = 0; r < batch.rowCount(); r++) {
                if (Bitmaps.get(marks, base[0] + r) == wanted) {
                    ids[k++] = r;
                    if (k == ids.length) {
                        s.out().side(left, columns, ids, k);
                        k = 0;
                    }
                }
            }
            s.out().side(left, columns, ids, k);
            base[0] += batch.rowCount();
        });
    }

    /** Emits every row of {@code run}, the other side's columns NULL (its partition on the other side is empty). */
    private void emitAll(SpillFiles.Run run, boolean left) throws Exception {
        int[] ids = new int[s.out().maxRows()];
        s.files().read(run, s.pool(), batch -> {
            ColumnRef[] columns = Joins.columns(batch);
            for (int start = 0; start < batch.rowCount(); start += ids.length) {
                int n = Math.min(ids.length, batch.rowCount() - start);
                s.out().side(left, columns, Joins.range(ids, start, n), n);
            }
        });
    }

    /**
     * Partition bits for splitting a build run of {@code bytes}: enough partitions for each to fill
     * about half the budget, so that a split rarely needs another, and no more, so that the
     * partition buffers (sharing the budget; one partitioner runs at a time) write large batches.
     */
    private int splitBits(long bytes) {
        long wanted = Math.max(2, 2 * bytes / Math.max(1, s.budget()) + 1);
        int bits = 64 - Long.numberOfLeadingZeros(wanted - 1);
        return Math.clamp(bits, 1, HashPartitioner.MAX_BITS);
    }

    private SpillFiles.Run[] split(SpillFiles.Run run, SideSpec side, int level, int bits) throws Exception {
        try (HashPartitioner partitioner = new HashPartitioner("join-" + side.name() + "-l" + level, side.schema(), side.keys(), level,
                bits, s.kernels(), s.pool(), s.files(), null, s.flushRows(), s.budget())) {
            s.files().read(run, s.pool(), partitioner::add);
            return partitioner.finish();
        }
    }
}
