package io.basalt.api.dataset;

import java.util.ArrayList;
import java.util.List;

import io.basalt.vectorops.SortOrder;

/** A data set whose partitions are sorted ({@link DataSet#sortPartition}); chain more sort fields with {@link #sortPartition}. */
public final class SortedDataSet<T> extends DataSet<T> {
    private final DataSet<T> unsorted;
    private final List<String> fields;
    private final List<Order> orders;

    SortedDataSet(DataSet<T> unsorted, List<String> fields, List<Order> orders) {
        super(unsorted.env, node(unsorted, fields, orders), unsorted.codec);
        this.unsorted = unsorted;
        this.fields = List.copyOf(fields);
        this.orders = List.copyOf(orders);
    }

    private static <T> PlanNode node(DataSet<T> input, List<String> fields, List<Order> orders) {
        int[] keys = input.keyIndices(fields.toArray(String[]::new));
        List<SortOrder> sortOrders = orders.stream().map(o -> o.sortOrder).toList();
        return new PlanNode(PlanNode.Kind.SORT_PARTITION, "SortPartition" + fields, List.of(input.node), input.node.schema,
                new PlanNode.SortPartition(keys, sortOrders), input.node.estimatedRows);
    }

    @Override
    public SortedDataSet<T> sortPartition(String field, Order order) {
        List<String> f = new ArrayList<>(fields);
        f.add(field);
        List<Order> o = new ArrayList<>(orders);
        o.add(order);
        return new SortedDataSet<>(unsorted, f, o);
    }
}
