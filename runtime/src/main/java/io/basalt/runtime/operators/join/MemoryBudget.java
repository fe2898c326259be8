package io.basalt.runtime.operators.join;

import io.basalt.memory.MemoryPool;

/** How much of its pool a join may fill before it spills. Stateless. */
final class MemoryBudget {
    private MemoryBudget() {}

    /** The pool's effective limit: its own, or less when its ancestors have less room left. */
    static long limit(MemoryPool pool) {
        long effective = pool.used() + pool.available();
        return Math.max(0, Math.min(pool.limit(), effective < 0 ? Long.MAX_VALUE : effective));
    }

    /**
     * Bytes that buffered rows (build side, hash table, retained input) may take: half the limit,
     * leaving the rest for sealing the table, reading spill files and assembling output.
     */
    static long buffering(long limit) {
        return limit / 2;
    }
}
