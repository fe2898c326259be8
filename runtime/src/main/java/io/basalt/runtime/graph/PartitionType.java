package io.basalt.runtime.graph;

/** When a consumer may read what a producer wrote on an edge. */
public enum PartitionType {
    /** Batches flow as they are produced through bounded queues (backpressure). */
    PIPELINED,
    /** The producer's whole output is materialized first; consumers start reading once it finished. */
    BLOCKING
}
