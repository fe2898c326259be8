package io.basalt.runtime.operators.agg;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import io.basalt.data.Batch;
import io.basalt.data.Schema;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;

/**
 * Hash aggregation: GROUP BY the key columns, computing {@link AggregateCall}s. At the end of its
 * input it emits the key columns then one column per call ({@link #outputSchema}; a PARTIAL one
 * emits {@link #partialSchema}), in batches of at most {@link OperatorContext#batchRows()} rows and
 * no particular order. NULL keys form one group; float keys group 0.0 with -0.0 and NaN with NaN.
 *
 * <p>Phases, for pre-aggregating before a shuffle: {@code PARTIAL -> HASH exchange on columns
 * 0..keys-1 -> FINAL}. All three take the same arguments (the schema of the raw input, key
 * positions in it, calls over it); only a FINAL operator's batches are partial states instead.
 * <ul>
 *   <li>COMPLETE: raw rows in, results out.</li>
 *   <li>PARTIAL: raw rows in, partial states out (AVG as a sum and a count column). When memory
 *       runs out it emits what it has and starts over, so a key may appear in several rows.</li>
 *   <li>FINAL: partial states in (SUM of sums, SUM of counts, MIN of mins, MAX of maxes, AVG as
 *       summed sums over summed counts), results out; equal to COMPLETE over the raw rows (float64
 *       sums up to rounding).</li>
 * </ul>
 * Without keys, COMPLETE and FINAL emit exactly one row even for empty input (COUNT 0, the others
 * NULL) and PARTIAL emits nothing for empty input; with keys, empty input gives no rows.
 *
 * <p>COMPLETE and FINAL spill partial states, partitioned by key hash, when the operator's pool
 * is full, and merge them partition by partition at the end (see {@link SpillingAggregation});
 * spills appear in the operator's metrics.
 */
public final class HashAggregateOperator implements Operator {
    /** Which part of a two-phase aggregation an operator performs. */
    public enum Phase { COMPLETE, PARTIAL, FINAL }

    private final AggregationSpec spec;
    private final Phase phase;
    private SpillingAggregation aggregation;

    /**
     * @param input the schema of the raw rows (for FINAL too: it fixes the partial states' types and
     *              lets an empty input still produce its row)
     * @param groupKeys positions of the key columns in {@code input}; empty for a global aggregate
     * @throws IllegalArgumentException for unknown columns, unsupported types, clashing output names,
     *         or neither keys nor calls
     */
    public HashAggregateOperator(Schema input, int[] groupKeys, List<AggregateCall> calls, Phase phase) {
        if (groupKeys.length == 0 && calls.isEmpty()) {
            throw new IllegalArgumentException("A hash aggregation needs group keys or aggregate calls");
        }
        this.spec = AggregationSpec.of(input, groupKeys, calls);
        this.phase = Objects.requireNonNull(phase, "phase");
    }

    /** A factory (memory weight 1) of operators for {@code phase}, validating the arguments now. */
    public static OperatorFactory factory(Schema input, int[] groupKeys, List<AggregateCall> calls, Phase phase) {
        new HashAggregateOperator(input, groupKeys, calls, phase);
        int[] keys = groupKeys.clone();
        List<AggregateCall> c = List.copyOf(calls);
        String name = "HashAggregate[" + phase + "](keys=" + keyNames(input, keys) + ", "
                + c.stream().map(AggregateCall::toString).collect(Collectors.joining(", ")) + ")";
        return OperatorFactory.buffering(name, 1, () -> new HashAggregateOperator(input, keys, c, phase));
    }

    private static String keyNames(Schema input, int[] keys) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < keys.length; i++) {
            sb.append(i > 0 ? ", " : "").append(keys[i] >= 0 && keys[i] < input.size() ? input.field(keys[i]).name() : "$" + keys[i]);
        }
        return sb.append(']').toString();
    }

    /** Result columns: the keys (as in {@code input}), then each call's result; see {@link AggregateCall}. */
    public static Schema outputSchema(Schema input, int[] groupKeys, List<AggregateCall> calls) {
        return AggregateCall.outputSchema(input, groupKeys, calls);
    }

    /** What PARTIAL emits and FINAL consumes: the keys (columns 0..keys-1), then each call's partial state columns. */
    public static Schema partialSchema(Schema input, int[] groupKeys, List<AggregateCall> calls) {
        return AggregateCall.partialSchema(input, groupKeys, calls);
    }

    /** The schema this operator emits. */
    public Schema outputSchema() {
        return phase == Phase.PARTIAL ? spec.partialSchema() : spec.outputSchema();
    }

    /** The schema this operator expects as input. */
    public Schema inputSchema() {
        return phase == Phase.FINAL ? spec.partialSchema() : spec.input();
    }

    @Override
    public void open(OperatorContext context) {
        aggregation = new SpillingAggregation(spec, phase, context);
    }

    @Override
    public void process(Batch batch, int input) throws Exception {
        AggregationSpec.checkTypes("HashAggregate[" + phase + "]", inputSchema(), batch.schema());
        aggregation.add(batch);
    }

    @Override
    public void endInput(int input) throws Exception {
        aggregation.finish();
    }

    @Override
    public void close() {
        if (aggregation != null) {
            aggregation.close();
            aggregation = null;
        }
    }
}
