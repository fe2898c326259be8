package io.basalt.runtime.operators.agg;

import java.util.Arrays;
import java.util.List;

import io.basalt.data.Batch;
import io.basalt.data.Schema;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;

/**
 * Emits each distinct combination of the key columns once, as rows of just those columns (in
 * {@code keyColumns} order, named and typed as in the input), in no particular order, when its
 * input ends; with every column as a key it is a plain DISTINCT. NULLs equal each other, 0.0 equals
 * -0.0 and NaN equals NaN. A hash aggregation without calls underneath, so it spills the same way
 * (see {@link HashAggregateOperator}). The input schema is taken from the first batch.
 */
public final class DistinctOperator implements Operator {
    private final int[] keyColumns;
    private OperatorContext context;
    private AggregationSpec spec;
    private SpillingAggregation aggregation;

    /** @throws IllegalArgumentException for an empty or negative key list */
    public DistinctOperator(int[] keyColumns) {
        if (keyColumns.length == 0) {
            throw new IllegalArgumentException("DISTINCT needs at least one key column");
        }
        for (int k : keyColumns) {
            if (k < 0) {
                throw new IllegalArgumentException("DISTINCT key column " + k + " is negative in " + Arrays.toString(keyColumns));
            }
        }
        this.keyColumns = keyColumns.clone();
    }

    /** A factory (memory weight 1) of distinct operators over {@code keyColumns}. */
    public static OperatorFactory factory(int[] keyColumns) {
        int[] keys = keyColumns.clone();
        new DistinctOperator(keys);
        return OperatorFactory.buffering("Distinct(keys=" + Arrays.toString(keys) + ")", 1, () -> new DistinctOperator(keys));
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
    }

    @Override
    public void process(Batch batch, int input) throws Exception {
        if (aggregation == null) {
            spec = AggregationSpec.of(batch.schema(), keyColumns, List.of());
            aggregation = new SpillingAggregation(spec, HashAggregateOperator.Phase.COMPLETE, context);
        } else {
            AggregationSpec.checkTypes("Distinct", spec.input(), batch.schema());
        }
        aggregation.add(batch);
    }

    /** The output schema for input {@code input}: its key columns. */
    public Schema outputSchema(Schema input) {
        return AggregateCall.outputSchema(input, keyColumns, List.of());
    }

    @Override
    public void endInput(int input) throws Exception {
        if (aggregation != null) {
            aggregation.finish();
        }
    }

    @Override
    public void close() {
        if (aggregation != null) {
            aggregation.close();
            aggregation = null;
        }
    }
}
