package io.basalt.runtime.graph;

import java.util.Arrays;
import java.util.List;

import io.basalt.vectorops.SortOrder;

/**
 * A data exchange from every subtask of {@code source} to the subtasks of {@code target}'s input
 * {@code targetInput}. Several edges may feed one input (a union). {@code keys} are column indices
 * of the source's output for HASH and RANGE; {@code orders} gives RANGE's sort direction per key.
 */
public record JobEdge(int source, int target, int targetInput, ExchangeMode mode, int[] keys, List<SortOrder> orders,
                      PartitionType type) {
    public JobEdge {
        keys = keys == null ? new int[0] : keys.clone();
        orders = orders == null ? List.of() : List.copyOf(orders);
        if ((mode == ExchangeMode.HASH || mode == ExchangeMode.RANGE) && keys.length == 0) {
            throw new IllegalArgumentException(mode + " exchange needs key columns");
        }
        if (mode == ExchangeMode.RANGE && orders.size() != keys.length) {
            throw new IllegalArgumentException("RANGE exchange needs one sort order per key");
        }
    }

    public static JobEdge of(int source, int target, int targetInput, ExchangeMode mode, int... keys) {
        return new JobEdge(source, target, targetInput, mode, keys, null, PartitionType.PIPELINED);
    }

    public JobEdge withType(PartitionType newType) {
        return new JobEdge(source, target, targetInput, mode, keys, orders, newType);
    }

    @Override
    public int[] keys() {
        return keys.clone();
    }

    @Override
    public String toString() {
        String k = keys.length == 0 ? "" : Arrays.toString(keys);
        return source + " -" + mode + k + (type == PartitionType.BLOCKING ? "/blocking" : "") + "-> " + target + "." + targetInput;
    }
}
