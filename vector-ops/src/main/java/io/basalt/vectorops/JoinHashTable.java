package io.basalt.vectorops;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import io.basalt.data.DataType;
import io.basalt.memory.MemoryPool;

/**
 * The build side of a hash join: the build rows' keys (one or more int32/date, int64/decimal/
 * timestamp or utf8 columns), indexed for {@link JoinKernels#probe}. Build rows are numbered
 * 0, 1, 2, ... in the order {@link JoinKernels#build} adds them, NULL-key rows included (they just
 * never match). All memory is off-heap, from the pool given at creation. Not thread-safe (probes
 * use the key table's scratch space and may set match bits).
 *
 * <pre>
 * keys        GroupByHashTable: each distinct non-NULL key -> entry id (first-seen order)
 * while building:
 *   rowEntry  int per build row: its entry id, -1 for a NULL key
 *   counts    int per entry: its number of build rows
 * after seal (bucket-sorted, so a probe copies a key's matches as one run):
 *   offsets   int per entry + 1: entry e's build rows are rowIds[offsets[e], offsets[e + 1])
 *   rowIds    int per non-NULL build row, grouped by entry, ascending within an entry
 *   matched   optional bitmap over build rows, set by INNER/LEFT probes (for RIGHT/FULL joins)
 * </pre>
 */
public final class JoinHashTable implements AutoCloseable {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final int MIN_ROWS = 64;

    private final MemoryPool pool;
    private final GroupByHashTable keys;
    private OffHeapBuffer rowEntry;
    /** Per-entry counts while building, per-entry start offsets (plus the end) once sealed. */
    private OffHeapBuffer offsets;
    private OffHeapBuffer rowIds;
    private OffHeapBuffer matched;
    private int rows;
    private int keyedRows;
    private boolean sealed;
    private boolean uniqueKeys;
    private boolean closed;

    /**
     * @param keyTypes types of the key columns (int32, date, int64, decimal, timestamp, utf8)
     * @param expectedRows sizing hint for the build side; the table grows past it
     */
    public JoinHashTable(List<DataType> keyTypes, MemoryPool pool, int expectedRows) {
        this.pool = pool;
        int expected = Math.max(MIN_ROWS, expectedRows);
        this.keys = new GroupByHashTable(keyTypes, pool, expected);
        try {
            this.rowEntry = new OffHeapBuffer(pool, expected * 4L, false);
            this.offsets = new OffHeapBuffer(pool, expected * 4L, true);
        } catch (RuntimeException e) {
            OffHeapBuffer.closeAll(rowEntry);
            keys.close();
            throw e;
        }
    }

    public List<DataType> keyTypes() {
        return keys.keyTypes();
    }

    /** Build rows added so far (NULL-key rows included). */
    public int rowCount() {
        return rows;
    }

    /** Distinct non-NULL build keys. */
    public int distinctKeys() {
        return keys.groupCount();
    }

    public boolean isSealed() {
        return sealed;
    }

    /** Off-heap bytes held. */
    public long memoryUsed() {
        if (closed) {
            return 0;
        }
        long total = keys.memoryUsed() + offsets.capacity();
        for (OffHeapBuffer b : new OffHeapBuffer[] {rowEntry, rowIds, matched}) {
            total += b == null ? 0 : b.capacity();
        }
        return total;
    }

    // ---- building (kernel-facing) ----

    /** The distinct-key index; build kernels insert into it (NULL keys excluded), probes look up. */
    public GroupByHashTable keyTable() {
        return keys;
    }

    /**
     * Records a build batch whose rows were given entry ids {@code entries[0..count)} (-1 for a NULL
     * key) by the key table, and returns the build row id of its first row.
     *
     * @throws io.basalt.memory.MemoryLimitExceededException with the batch not added (the key table may
     *         hold its keys, without rows, which probes treat as absent)
     */
    public int appendRows(int[] entries, int count) {
        checkBuilding();
        if (rows + (long) count > Integer.MAX_VALUE - 1) {
            throw new IllegalStateException("A join hash table holds fewer than 2^31 build rows");
        }
        rowEntry.ensureCapacity((rows + (long) count) * 4, rows * 4L, false);
        offsets.ensureCapacity((keys.groupCount() + 1L) * 4, offsets.capacity(), true);
        int first = rows;
        MemorySegment.copy(entries, 0, rowEntry.segment(), INT, first * 4L, count);
        MemorySegment counts = offsets.segment();
        int keyed = 0;
        for (int i = 0; i < count; i++) {
            int e = entries[i];
            if (e >= 0) {
                counts.set(INT, e * 4L, counts.get(INT, e * 4L) + 1);
                keyed++;
            }
        }
        rows += count;
        keyedRows += keyed;
        return first;
    }

    /**
     * Ends the build: lays the build rows out bucket-sorted by key (see the class comment). Probing
     * needs a sealed table; building after sealing is an error.
     *
     * @throws io.basalt.memory.MemoryLimitExceededException with the table still unsealed and intact
     */
    public void seal() {
        checkBuilding();
        int entries = keys.groupCount();
        offsets.ensureCapacity((entries + 1L) * 4, offsets.capacity(), true);
        OffHeapBuffer ids = new OffHeapBuffer(pool, keyedRows * 4L, false);
        MemorySegment off = offsets.segment();
        // Exclusive prefix sums of the counts: off[e] = first slot of entry e.
        int running = 0;
        boolean unique = true;
        for (int e = 0; e < entries; e++) {
            int n = off.get(INT, e * 4L);
            off.set(INT, e * 4L, running);
            running += n;
            unique &= n == 1;
        }
        off.set(INT, entries * 4L, running);
        // Place rows in ascending order; off[e] advances to the end of entry e = start of e + 1.
        MemorySegment rowEntries = rowEntry.segment();
        MemorySegment out = ids.segment();
        for (int r = 0; r < rows; r++) {
            int e = rowEntries.get(INT, r * 4L);
            if (e >= 0) {
                int at = off.get(INT, e * 4L);
                out.set(INT, at * 4L, r);
                off.set(INT, e * 4L, at + 1);
            }
        }
        for (int e = entries; e > 0; e--) {
            off.set(INT, e * 4L, off.get(INT, (e - 1) * 4L));
        }
        off.set(INT, 0, 0);
        rowIds = ids;
        rowEntry.close();
        rowEntry = null;
        uniqueKeys = unique;
        sealed = true;
    }

    /**
     * Whether every build key occurs in exactly one build row (a primary key): then entry e's only
     * row is {@code rowIds[e]} (offsets[e] = e), which probes use to skip reading the offsets.
     */
    public boolean hasUniqueKeys() {
        checkSealed();
        return uniqueKeys;
    }

    /**
     * Whether additionally no build key is NULL, so build row ids equal entry ids ({@code rowIds[e] = e})
     * and probes need not read the row ids either.
     */
    public boolean rowsAreEntries() {
        checkSealed();
        return uniqueKeys && keyedRows == rows;
    }

    /**
     * Start offsets into {@link #rowIdSegment()} per entry, plus the end: entry e's rows are
     * {@code [offsets[e], offsets[e + 1])}. Sealed tables only.
     */
    public MemorySegment offsetSegment() {
        checkSealed();
        return offsets.segment();
    }

    /** Build row ids grouped by entry; sealed tables only. */
    public MemorySegment rowIdSegment() {
        checkSealed();
        return rowIds.segment();
    }

    // ---- matched build rows (for RIGHT and FULL outer joins) ----

    /**
     * Makes INNER and LEFT probes record which build rows they matched; call after {@link #seal()}
     * and before probing. Idempotent.
     */
    public void trackMatches() {
        checkSealed();
        if (matched == null) {
            matched = new OffHeapBuffer(pool, Bitmaps.bytesFor(rows), true);
        }
    }

    /** The matched-rows bitmap (bit r = build row r matched), or null when not tracking. */
    public MemorySegment matchedSegment() {
        return matched == null ? null : matched.segment();
    }

    /** Whether an INNER/LEFT probe has emitted build row {@code row}; needs {@link #trackMatches()}. */
    public boolean isMatched(int row) {
        if (matched == null) {
            throw new IllegalStateException("Match tracking is off; call trackMatches() before probing");
        }
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("Build row " + row + " outside [0, " + rows + ")");
        }
        return Bitmaps.get(matched.segment(), row);
    }

    private void checkBuilding() {
        checkOpen();
        if (sealed) {
            throw new IllegalStateException("The join hash table is sealed; no more build rows");
        }
    }

    /** Throws IllegalStateException unless the table is open and sealed. */
    public void checkSealed() {
        checkOpen();
        if (!sealed) {
            throw new IllegalStateException("Seal the join hash table before probing it");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The join hash table is closed");
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Releases all off-heap memory; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                OffHeapBuffer.closeAll(rowEntry, offsets, rowIds, matched);
            } finally {
                keys.close();
            }
        }
    }
}
