package io.basalt.vectorops;

import java.util.List;

/**
 * K-way merge of sorted runs with a loser tree (log2 k key comparisons per output row), producing
 * the merged order as (run index, row index) pairs in bounded chunks, so a caller (the external
 * sort) can emit output batches of bounded size and resume. Equal rows come out in run order, then
 * in their order within the run: merging the sorted pieces of a stable sort yields the stable
 * order. Keys are compared as normalized words; only keys with a truncated string fall back to
 * comparing column values. The comparison is branchy and serial, so there is no SIMD variant. Not
 * thread-safe.
 */
public final class RunMerger {
    private final SortedRun[] runs;
    private final KeyLayout layout;
    private final int[] position;
    /** tree[0] is the current winner; tree[1..k) the losers of the internal nodes (leaf of run r = k + r). */
    private final int[] tree;
    private final int k;

    public RunMerger(List<SortedRun> runs) {
        this.runs = runs.toArray(SortedRun[]::new);
        this.k = this.runs.length;
        this.layout = k == 0 ? null : this.runs[0].keys().layout();
        for (int r = 1; r < k; r++) {
            if (!this.runs[r].keys().layout().equals(layout)) {
                throw new IllegalArgumentException("Run " + r + " has key layout " + this.runs[r].keys().layout() + " but run 0 has " + layout);
            }
        }
        this.position = new int[k];
        this.tree = new int[Math.max(k, 1)];
        if (k > 0) {
            tree[0] = k == 1 ? 0 : build(1);
        }
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

    /** Whether the head of run a comes before the head of run b; exhausted runs come last. */
    private boolean before(int a, int b) {
        SortedRun ra = runs[a];
        SortedRun rb = runs[b];
        boolean doneA = position[a] >= ra.rowCount();
        boolean doneB = position[b] >= rb.rowCount();
        if (doneA || doneB) {
            return doneA == doneB ? a < b : doneB;
        }
        int rowA = ra.rowAt(position[a]);
        int rowB = rb.rowAt(position[b]);
        int cmp = ra.keys().compare(rowA, rb.keys(), rowB);
        if (cmp == 0 && ra.keys().needsTieBreak(rowA)) {
            cmp = layout.compareRows(ra.columns(), rowA, rb.columns(), rowB, layout.firstUtf8Column());
        }
        return cmp != 0 ? cmp < 0 : a < b;
    }

    /**
     * Writes up to {@code max} next pairs of the merged order into {@code runOut[0..]} and
     * {@code rowOut[0..]} ({@code rowOut} holds row indices within the run's columns).
     *
     * @return how many pairs were written; 0 once every run is exhausted
     */
    public int next(int[] runOut, int[] rowOut, int max) {
        if (runOut.length < max || rowOut.length < max) {
            throw new IllegalArgumentException("Output arrays of length " + runOut.length + " and " + rowOut.length + " cannot hold " + max + " pairs");
        }
        int produced = 0;
        while (produced < max && k > 0) {
            int w = tree[0];
            SortedRun run = runs[w];
            if (position[w] >= run.rowCount()) {
                break; // the winner is exhausted, so all are
            }
            runOut[produced] = w;
            rowOut[produced] = run.rowAt(position[w]);
            produced++;
            position[w]++;
            replay(w);
        }
        return produced;
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

    /** Whether every row of every run has been emitted. */
    public boolean isDone() {
        return k == 0 || position[tree[0]] >= runs[tree[0]].rowCount();
    }

    /** Rows not yet emitted. */
    public long remaining() {
        long total = 0;
        for (int r = 0; r < k; r++) {
            total += runs[r].rowCount() - position[r];
        }
        return total;
    }
}
