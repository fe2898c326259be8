package io.basalt.runtime.operators.sort;

import java.io.IOException;
import java.util.List;

import io.basalt.data.Batch;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.vectorops.SortOrder;

/**
 * Sorts its input by key columns (ORDER BY, sortPartition), optionally keeping only the first
 * {@code limit} rows (top-N). Stable: rows with equal keys keep their arrival order. Each key has
 * its own direction and null placement ({@link SortOrder}); floating-point keys follow
 * {@link Double#compare} (NaN greatest, -0.0 before 0.0) and strings compare by UTF-8 bytes. Input
 * is buffered in the operator's pool and spilled to sorted files beyond its limit
 * ({@link ExternalSorter}); everything is emitted at the end of the input, in batches of about
 * {@link OperatorContext#batchRows()} rows (fewer when the pool is small), with the input's schema.
 * Empty input emits nothing. The schema is taken from the first batch; later batches must have the
 * same column types.
 */
public final class SortOperator implements Operator {
    private final int[] keyColumns;
    private final List<SortOrder> orders;
    private final long limit;
    private OperatorContext context;
    private ExternalSorter sorter;

    /**
     * @param keyColumns sort key column indices, most significant first
     * @param orders     one order per key column
     * @param limit      keep only the first {@code limit} rows of the sorted order; negative for all rows
     */
    public SortOperator(int[] keyColumns, List<SortOrder> orders, long limit) {
        if (keyColumns.length == 0) {
            throw new IllegalArgumentException("A sort needs at least one key column");
        }
        if (keyColumns.length != orders.size()) {
            throw new IllegalArgumentException("A sort needs one order per key column, got " + keyColumns.length + " keys and "
                    + orders.size() + " orders");
        }
        for (SortOrder o : orders) {
            if (o == null) {
                throw new IllegalArgumentException("Sort orders must not be null: " + orders);
            }
        }
        this.keyColumns = keyColumns.clone();
        this.orders = List.copyOf(orders);
        this.limit = limit;
    }

    /** The factory of {@link #SortOperator(int[], List, long)} instances (memory weight 1). */
    public static OperatorFactory factory(int[] keyColumns, List<SortOrder> orders, long limit) {
        SortOperator check = new SortOperator(keyColumns, orders, limit);
        String name = "Sort(keys=" + SortSupport.describeKeys(check.keyColumns, check.orders) + (limit >= 0 ? ", limit=" + limit : "") + ")";
        return OperatorFactory.buffering(name, 1, () -> new SortOperator(keyColumns, orders, limit));
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
    }

    @Override
    public void process(Batch batch, int input) throws IOException {
        if (sorter == null) {
            sorter = new ExternalSorter(context, batch.schema(), keyColumns, orders, limit, 1.0, "sort");
        }
        try (Batch conformed = SortSupport.conform(batch, sorter.schema(), "the sort input")) {
            sorter.add(conformed);
        }
    }

    @Override
    public void endInput(int input) throws Exception {
        if (sorter == null) {
            return;
        }
        try (SortedStream sorted = sorter.finish()) {
            for (Batch b = sorted.next(); b != null; b = sorted.next()) {
                try (Batch out = b) {
                    context.output().emit(out);
                }
                context.checkCancelled();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (sorter != null) {
            sorter.close();
            sorter = null;
        }
    }
}
