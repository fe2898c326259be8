package io.basalt.runtime.operators.join;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.ArrowBuf;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.JoinHashTable;
import io.basalt.vectorops.JoinKernels;
import io.basalt.vectorops.JoinProbeCursor;
import io.basalt.vectorops.JoinType;
import io.basalt.vectorops.Kernels;

/**
 * An in-memory build side, or one chunk of it: the build rows copied into a {@link RowBuffer}
 * (build row id = position there) and indexed by a {@link JoinHashTable}. After {@link #seal()} it
 * is probed batch by batch, emitting pairs or probe rows or marking matches, and
 * {@link #emitBuildFinal} emits the build rows an outer, SEMI or ANTI join needs once every probe
 * row has been seen. Not thread-safe.
 */
final class BuildChunk implements AutoCloseable {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private final JoinRoles roles;
    private final int[] buildKeys;
    private final int[] probeKeys;
    private final JoinKernels join;
    private final MemoryPool pool;
    private final RowBuffer rows;
    private final JoinHashTable table;
    private final JoinProbeCursor cursor = new JoinProbeCursor();
    private final int[] probeRows;
    private final int[] buildRows;
    private ColumnRef[] buildRefs;
    private ArrowBuf keyMarks;
    private boolean sealed;

    /**
     * @param pairs pairs per probe call, at most the output's rows per batch
     */
    BuildChunk(JoinRoles roles, Schema buildSchema, int[] buildKeys, int[] probeKeys, Kernels kernels, MemoryPool pool, int pairs) {
        this.roles = roles;
        this.buildKeys = buildKeys;
        this.probeKeys = probeKeys;
        this.join = kernels.join();
        this.pool = pool;
        this.probeRows = new int[pairs];
        this.buildRows = new int[pairs];
        List<DataType> keyTypes = new ArrayList<>(buildKeys.length);
        for (int k : buildKeys) {
            keyTypes.add(buildSchema.field(k).type());
        }
        this.rows = new RowBuffer(buildSchema, pool, kernels.gather(), 256);
        try {
            this.table = new JoinHashTable(keyTypes, pool, 256);
        } catch (RuntimeException e) {
            rows.close();
            throw e;
        }
    }

    int rowCount() {
        return rows.rowCount();
    }

    /**
     * Adds rows {@code [start, start + n)} of the build columns {@code columns}, or, failing with a
     * {@link io.basalt.memory.MemoryLimitExceededException}, none of them.
     */
    void add(ColumnRef[] columns, int start, int n) {
        if (sealed) {
            throw new IllegalStateException("The build side is sealed");
        }
        int before = rows.rowCount();
        rows.appendRange(columns, start, n);
        try {
            ColumnRef[] keys = new ColumnRef[buildKeys.length];
            for (int k = 0; k < keys.length; k++) {
                ColumnRef c = columns[buildKeys[k]];
                keys[k] = start == 0 && n == c.count() ? c : new ColumnRef(c.type(), c.data(), c.validity(), c.offsets(), c.offset() + start, n);
            }
            join.build(table, keys);
        } catch (RuntimeException e) {
            rows.truncate(before);
            throw e;
        }
    }

    /** Ends the build; may throw MemoryLimitExceededException (then it stays unsealed). */
    void seal() {
        table.seal();
        if (roles.tracksBuildRows() || roles.marksBuildKeys()) {
            table.trackMatches();
        }
        if (roles.marksBuildKeys()) {
            keyMarks = pool.allocate(Math.max(64, Bitmaps.bytesFor(table.distinctKeys())));
            MemoryManager.segmentOf(keyMarks).fill((byte) 0);
        }
        buildRefs = rows.refs();
        sealed = true;
    }

    /**
     * Probes one batch (its columns {@code probe}) with {@code type}: pairs go to {@code out}; so do
     * the probe rows of a SEMI/ANTI probe when {@code probeMarks} is null. With {@code probeMarks},
     * every probe row the call emits sets bit {@code probeBase + row} there instead (chunked joins).
     * SEMI probes of a left build side only mark the matched build keys.
     */
    void probe(ColumnRef[] probe, JoinType type, JoinOutput out, MemorySegment probeMarks, long probeBase) throws Exception {
        if (!sealed) {
            throw new IllegalStateException("Seal the build side before probing it");
        }
        ColumnRef[] keys = new ColumnRef[probeKeys.length];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = probe[probeKeys[k]];
        }
        boolean pairs = type == JoinType.INNER || type == JoinType.LEFT;
        MemorySegment marks = keyMarks == null ? null : MemoryManager.segmentOf(keyMarks);
        cursor.reset();
        while (!cursor.isDone()) {
            int n = join.probe(table, type, keys, cursor, probeRows, pairs ? buildRows : null);
            if (n == 0) {
                break;
            }
            if (probeMarks != null) {
                for (int i = 0; i < n; i++) {
                    Bitmaps.set(probeMarks, probeBase + probeRows[i], true);
                }
            }
            if (pairs) {
                if (roles.buildLeft()) {
                    out.pairs(buildRefs, buildRows, probe, probeRows, n);
                } else {
                    out.pairs(probe, probeRows, buildRefs, buildRows, n);
                }
            } else if (marks != null) {
                int[] entries = cursor.entries(cursor.rows());
                for (int i = 0; i < n; i++) {
                    Bitmaps.set(marks, entries[probeRows[i]], true);
                }
            } else if (probeMarks == null) {
                out.side(true, probe, probeRows, n);
            }
        }
    }

    /** Emits the build rows that {@link JoinRoles#buildFinal()} asks for; call after the last probe. */
    void emitBuildFinal(JoinOutput out) throws Exception {
        JoinRoles.Final wanted = roles.buildFinal();
        if (wanted == JoinRoles.Final.NONE) {
            return;
        }
        MemorySegment matched = table.matchedSegment();
        if (keyMarks != null) {
            markRowsOfMarkedKeys(matched);
        }
        long flip = wanted == JoinRoles.Final.MATCHED ? 0 : -1L;
        int total = rows.rowCount();
        int k = 0;
        for (int base = 0; base < total; base += 64) {
            long word = Bitmaps.word(matched, base) ^ flip;
            int remaining = total - base;
            if (remaining < 64) {
                word &= (1L << remaining) - 1;
            }
            while (word != 0) {
                buildRows[k++] = base + Long.numberOfTrailingZeros(word);
                word &= word - 1;
                if (k == buildRows.length) {
                    out.side(roles.buildLeft(), buildRefs, buildRows, k);
                    k = 0;
                }
            }
        }
        out.side(roles.buildLeft(), buildRefs, buildRows, k);
    }

    /** Sets the match bit of every build row whose key a SEMI probe marked. */
    private void markRowsOfMarkedKeys(MemorySegment matched) {
        MemorySegment marks = MemoryManager.segmentOf(keyMarks);
        MemorySegment offsets = table.offsetSegment();
        MemorySegment ids = table.rowIdSegment();
        int keys = table.distinctKeys();
        for (int e = 0; e < keys; e++) {
            if (Bitmaps.get(marks, e)) {
                int end = offsets.get(INT, (e + 1) * 4L);
                for (int j = offsets.get(INT, e * 4L); j < end; j++) {
                    Bitmaps.set(matched, ids.get(INT, j * 4L), true);
                }
            }
        }
    }

    /** Releases the hash table and hands out the build rows as one batch (no copy); only {@link #close()} may follow. */
    Batch takeRows() {
        table.close();
        sealed = true;
        return rows.seal();
    }

    @Override
    public void close() {
        try {
            table.close();
        } finally {
            rows.close();
            if (keyMarks != null) {
                keyMarks.close();
                keyMarks = null;
            }
        }
    }
}
