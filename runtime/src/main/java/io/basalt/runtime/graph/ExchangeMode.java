package io.basalt.runtime.graph;

/** How batches of a producing vertex are distributed over the subtasks of a consuming vertex. */
public enum ExchangeMode {
    /** Subtask i sends to subtask i; both sides have the same parallelism. */
    FORWARD,
    /** Rows go to the subtask chosen by the hash of their key columns (see {@code HashPartitioner}). */
    HASH,
    /** Every batch goes to every subtask. */
    BROADCAST,
    /** Whole batches go round-robin to the subtasks. */
    REBALANCE,
    /** Rows go to the subtask owning their key range; ranges come from a sample of all producers. */
    RANGE
}
