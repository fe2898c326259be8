package io.basalt.api.dataset;

/**
 * How to execute a join, as in Flink. {@code OPTIMIZER_CHOOSES} lets the optimizer pick from size
 * estimates: broadcast the small side when it is much smaller than the other, else repartition
 * both by the keys and build the hash table from the smaller side.
 */
public enum JoinHint {
    OPTIMIZER_CHOOSES,
    /** Broadcast the first (left) input and build the hash table from it. */
    BROADCAST_HASH_FIRST,
    /** Broadcast the second (right) input and build the hash table from it. */
    BROADCAST_HASH_SECOND,
    /** Repartition both inputs, build from the first. */
    REPARTITION_HASH_FIRST,
    /** Repartition both inputs, build from the second. */
    REPARTITION_HASH_SECOND,
    /** Repartition both inputs and sort-merge them. */
    REPARTITION_SORT_MERGE
}
