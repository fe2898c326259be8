package io.basalt.runtime.operators.sort;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.basalt.data.Batch;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.KeyLayout;
import io.basalt.vectorops.NormalizedKeys;
import io.basalt.vectorops.SortKernels;

/**
 * K-way merge of sorted streams with a loser tree, emitting gathered batches of up to
 * {@code chunkRows} rows, optionally stopping after a row limit. Unlike
 * {@link io.basalt.vectorops.RunMerger}, whose runs are fixed arrays of keys, the runs here are
 * streams that refill batch by batch (spill files): each run's current batch has its normalized
 * keys encoded on arrival; a batch a run leaves mid-chunk stays open until the chunk is gathered.
 * Equal keys come out in run order, then in their order within the run, so merging the pieces of
 * a stable sort in arrival order stays stable. Without a key layout, or with a single run, the
 * runs' batches are passed through in run order (a concatenation). Used by one thread; owns its
 * runs.
 */
final class MergedStream implements SortedStream {
    /** A chunk ends early once this many batches were left behind, which bounds the memory a chunk pins. */
    private static final int MAX_RETIRED = 2;

    private final SortedStream[] runs;
    private final Schema schema;
    private final int[] keyColumns;
    private final KeyLayout layout;
    private final SortKernels sort;
    private final MemoryPool pool;
    private final int chunkRows;
    private final int k;
    private long remaining;

    private final Batch[] current;
    private final ColumnRef[][] keyRefs;
    private final ColumnRef[][] allRefs;
    private final NormalizedKeys[] keys;
    private final int[] position;
    private final int[] count;
    private final long[] headWord;
    private final boolean[] done;
    /** tree[0] is the winner; tree[1..k) the losers of the inner nodes (the leaf of run r is k + r). */
    private final int[] tree;
    /** The gather sources of the chunk being built: the runs' batches, then batches they moved on from. */
    private ColumnRef[][] slots;
    private final int[] slotOf;
    private int slotCount;
    private final List<Batch> retired = new ArrayList<>();
    private final int[] slotOut;
    private final int[] rowOut;
    private int passRun;
    private boolean started;
    private boolean closed;

    /**
     * @param runs       sorted streams in arrival order (ties go to the earlier run); owned from now on
     * @param layout     the key layout of {@code keyColumns}, or null to concatenate the runs
     * @param limit      most rows to emit, or a negative value for all
     */
    MergedStream(List<? extends SortedStream> runs, Schema schema, int[] keyColumns, KeyLayout layout, SortKernels sort, MemoryPool pool,
                 int chunkRows, long limit) {
        this.runs = runs.toArray(SortedStream[]::new);
        this.schema = schema;
        this.keyColumns = keyColumns;
        this.layout = layout;
        this.sort = sort;
        this.pool = pool;
        this.chunkRows = Math.max(1, chunkRows);
        this.remaining = limit < 0 ? Long.MAX_VALUE : limit;
        this.k = this.runs.length;
        this.current = new Batch[k];
        this.keyRefs = new ColumnRef[k][];
        this.allRefs = new ColumnRef[k][];
        this.keys = new NormalizedKeys[k];
        this.position = new int[k];
        this.count = new int[k];
        this.headWord = new long[k];
        this.done = new boolean[k];
        this.tree = new int[Math.max(k, 1)];
        this.slots = new ColumnRef[k + 16][];
        this.slotOf = new int[k];
        this.slotOut = new int[this.chunkRows];
        this.rowOut = new int[this.chunkRows];
    }

    @Override
    public Batch next() throws IOException {
        if (closed) {
            throw new IllegalStateException("The merged stream is closed");
        }
        if (remaining <= 0) {
            return null;
        }
        Batch out = layout == null || k <= 1 ? nextPassThrough() : nextMerged();
        if (out != null) {
            if (out.rowCount() > remaining) {
                try (Batch whole = out) {
                    out = whole.slice(0, (int) remaining);
                }
            }
            remaining -= out.rowCount();
        }
        return out;
    }

    private Batch nextPassThrough() throws IOException {
        while (passRun < k) {
            Batch b = runs[passRun].next();
            if (b != null) {
                return b;
            }
            runs[passRun++].close();
        }
        return null;
    }

    private Batch nextMerged() throws IOException {
        if (!started) {
            started = true;
            for (int r = 0; r < k; r++) {
                load(r);
                slots[r] = allRefs[r];
                slotOf[r] = r;
            }
            slotCount = k;
            tree[0] = build(1);
        }
        int max = (int) Math.min(chunkRows, remaining);
        int n = 0;
        try {
            while (n < max) {
                int w = tree[0];
                if (done[w]) {
                    break; // the winner is exhausted, so all are
                }
                slotOut[n] = slotOf[w];
                rowOut[n] = position[w];
                n++;
                if (++position[w] == count[w]) {
                    retired.add(current[w]);
                    current[w] = null;
                    load(w);
                    if (!done[w]) {
                        addSlot(w);
                    }
                    if (retired.size() >= MAX_RETIRED) {
                        replay(w);
                        break;
                    }
                } else {
                    headWord[w] = keys[w].word(0, position[w]);
                }
                replay(w);
            }
            return n == 0 ? null : MultiGather.gather(schema, slots, slotOut, rowOut, n, pool);
        } finally {
            endChunk();
        }
    }

    /** Loads run r's next batch and encodes its keys, or marks the run done. */
    private void load(int r) throws IOException {
        Batch b = done[r] ? null : runs[r].next();
        if (b == null) {
            done[r] = true;
            runs[r].close();
            return;
        }
        current[r] = b;
        int n = b.rowCount();
        ColumnRef[] refs = MultiGather.refs(b);
        ColumnRef[] keyRef = new ColumnRef[keyColumns.length];
        for (int i = 0; i < keyRef.length; i++) {
            keyRef[i] = refs[keyColumns[i]];
        }
        allRefs[r] = refs;
        keyRefs[r] = keyRef;
        if (keys[r] == null || keys[r].capacity() < n) {
            keys[r] = new NormalizedKeys(layout, Math.max(n, keys[r] == null ? 0 : keys[r].capacity()));
        }
        sort.encodeKeys(keyRef, keys[r]);
        position[r] = 0;
        count[r] = n;
        headWord[r] = keys[r].word(0, 0);
    }

    private void addSlot(int r) {
        if (slotCount == slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        slots[slotCount] = allRefs[r];
        slotOf[r] = slotCount++;
    }

    /** The chunk is gathered (or abandoned): batches the runs moved on from can go. */
    private void endChunk() {
        for (Batch b : retired) {
            b.close();
        }
        retired.clear();
        for (int r = 0; r < k; r++) {
            slots[r] = done[r] ? null : allRefs[r];
            slotOf[r] = r;
        }
        Arrays.fill(slots, k, slotCount, null);
        slotCount = k;
    }

    private int build(int node) {
        if (node >= k) {
            return node - k;
        }
        int a = build(2 * node);
        int b = build(2 * node + 1);
        if (before(a, b)) {
            tree[node] = b;
            return a;
        }
        tree[node] = a;
        return b;
    }

    private void replay(int run) {
        int winner = run;
        for (int node = (run + k) >>> 1; node > 0; node >>>= 1) {
            int challenger = tree[node];
            if (before(challenger, winner)) {
                tree[node] = winner;
                winner = challenger;
            }
        }
        tree[0] = winner;
    }

    /** Whether the head of run a comes before the head of run b; exhausted runs come last, ties go to the earlier run. */
    private boolean before(int a, int b) {
        if (done[a] || done[b]) {
            return !done[a] || (done[b] && a < b);
        }
        long wa = headWord[a];
        long wb = headWord[b];
        if (wa != wb) {
            return Long.compareUnsigned(wa, wb) < 0;
        }
        int rowA = position[a];
        int rowB = position[b];
        int cmp = keys[a].compare(rowA, keys[b], rowB);
        if (cmp == 0 && keys[a].needsTieBreak(rowA)) {
            cmp = layout.compareRows(keyRefs[a], rowA, keyRefs[b], rowB, layout.firstUtf8Column());
        }
        return cmp != 0 ? cmp < 0 : a < b;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        Throwable failure = null;
        for (Batch b : retired) {
            b.close();
        }
        retired.clear();
        for (int r = 0; r < k; r++) {
            if (current[r] != null) {
                current[r].close();
                current[r] = null;
            }
            try {
                runs[r].close();
            } catch (IOException | RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure != null) {
            throw (RuntimeException) failure;
        }
    }
}
