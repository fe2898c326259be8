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
    /** Row index of each run's head, -1 once the run is exhausted. */
    private final int[] headRow;
    /** Word 0 of each run's head key: most comparisons end here without touching the key arrays. */
    private final long[] headWord;
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
        this.headRow = new int[k];
        this.headWord = new long[k];
        for (int r = 0; r < k; r++) {
            loadHead(r);
        }
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

    private void loadHead(int r) {
        SortedRun run = runs[r];
        if (position[r] >= run.rowCount()) {
            headRow[r] = -1;
        } else {
            int row = run.rowAt(position[r]);
            headRow[r] = row;
            headWord[r] = run.keys().word(0, row);
        }
    }

    /** Whether the head of run a comes before the head of run b; exhausted runs come last. */
    private boolean before(int a, int b) {
        int rowA = headRow[a];
        int rowB = headRow[b];
        if (rowA < 0 || rowB < 0) {
            return rowA >= 0 || (rowB < 0 && a < b);
        }
        long wa = headWord[a];
        long wb = headWord[b];
        if (wa != wb) {
            return Long.compareUnsigned(wa, wb) < 0;
        }
        NormalizedKeys ka = runs[a].keys();
        int cmp = ka.compare(rowA, runs[b].keys(), rowB);
        if (cmp == 0 && ka.needsTieBreak(rowA)) {
            cmp = layout.compareRows(runs[a].columns(), rowA, runs[b].columns(), rowB, layout.firstUtf8Column());
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
            int row = headRow[w];
            if (row < 0) {
                break; // the winner is exhausted, so all are
            }
            runOut[produced] = w;
            rowOut[produced] = row;
            produced++;
            position[w]++;
            loadHead(w);
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
        return k == 0 || headRow[tree[0]] < 0;
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
