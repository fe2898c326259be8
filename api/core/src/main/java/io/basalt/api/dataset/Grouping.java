package io.basalt.api.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.basalt.data.Schema;
import io.basalt.functions.GroupReduceFunction;
import io.basalt.functions.ReduceFunction;
import io.basalt.runtime.operators.agg.AggregateCall;
import io.basalt.runtime.types.Row;
import io.basalt.runtime.types.RowCodec;
import io.basalt.vectorops.AggregateFunction;

/**
 * A data set grouped by key fields ({@link DataSet#groupBy}). Aggregations ({@link #agg},
 * {@link #sum}, ...) run vectorized in a hash table with a pre-aggregation before the shuffle;
 * {@link #reduce} and {@link #reduceGroup} call row functions per group after sorting.
 */
public final class Grouping<T> {
    private final DataSet<T> input;
    private final int[] keys;

    Grouping(DataSet<T> input, int[] keys) {
        this.input = input;
        this.keys = keys;
    }

    /** Key columns followed by one column per aggregate, e.g. {@code agg(AggCall.sum("price").as("revenue"), AggCall.count())}. */
    public DataSet<Row> agg(AggCall... calls) {
        return aggregate(input, keys, List.of(calls));
    }

    static <T> DataSet<Row> aggregate(DataSet<T> input, int[] keys, List<AggCall> calls) {
        List<AggregateCall> physical = new ArrayList<>();
        for (AggCall c : calls) {
            int column = c.field() == null ? -1 : input.node.schema.indexOf(c.field());
            if (c.field() != null && column < 0) {
                throw new IllegalArgumentException("Unknown field '" + c.field() + "' in " + c.function() + "; " + input.describe() + " has fields "
                        + input.fieldNames());
            }
            physical.add(new AggregateCall(c.function(), column, c.name()));
        }
        Schema out = AggregateCall.outputSchema(input.node.schema, keys, physical);
        long estimate = keys.length == 0 ? 1 : Math.max(1, input.node.estimatedRows / 10);
        return input.derive(PlanNode.Kind.AGGREGATE, "Aggregate", List.of(input), RowCodec.rows(out),
                new PlanNode.Aggregate(keys, List.copyOf(calls)), estimate);
    }

    /** Sums {@code field} per group; every other field must be a key (as in Flink's tuple aggregations). */
    public DataSet<T> sum(String field) {
        return aggregate(AggregateFunction.SUM, field);
    }

    public DataSet<T> min(String field) {
        return aggregate(AggregateFunction.MIN, field);
    }

    public DataSet<T> max(String field) {
        return aggregate(AggregateFunction.MAX, field);
    }

    /**
     * Applies {@code function} to {@code field} per group and keeps the element type: the result has
     * the key fields and the aggregated field, so every other field must be a key.
     */
    public DataSet<T> aggregate(AggregateFunction function, String field) {
        Schema schema = input.node.schema;
        int column = schema.indexOf(field);
        if (column < 0) {
            throw new IllegalArgumentException("Unknown field '" + field + "'; " + input.describe() + " has fields " + input.fieldNames());
        }
        for (int c = 0; c < schema.size(); c++) {
            int cc = c;
            if (c != column && Arrays.stream(keys).noneMatch(k -> k == cc)) {
                throw new IllegalArgumentException("Field '" + schema.field(c).name() + "' is neither a group key nor aggregated, so " + function
                        + "(" + field + ") cannot keep the element type " + input.codec.type().getSimpleName()
                        + "; use agg(...) for a row with keys and aggregates, or project the field away first");
            }
        }
        DataSet<Row> rows = aggregate(input, keys, List.of(new AggCall(function, field, field)));
        return rows.as(input.codec.type());
    }

    /** Combines the elements of each group pairwise. */
    public DataSet<T> reduce(ReduceFunction<T> fn) {
        GroupReduceFunction<T, T> fold = (values, out) -> {
            T acc = null;
            for (T v : values) {
                acc = acc == null ? v : fn.reduce(acc, v);
            }
            if (acc != null) {
                out.collect(acc);
            }
        };
        return reduceGroup(fold, input.codec.type());
    }

    /** Calls {@code fn} once per group with all of the group's elements. */
    public <O> DataSet<O> reduceGroup(GroupReduceFunction<T, O> fn, Class<O> type) {
        RowCodec<O> out = RowCodec.of(type);
        long estimate = keys.length == 0 ? 1 : Math.max(1, input.node.estimatedRows / 10);
        return input.derive(PlanNode.Kind.GROUP_REDUCE, "GroupReduce(" + type.getSimpleName() + ")", List.of(input), out,
                new PlanNode.GroupReduce(keys, input.codec, out, fn), estimate);
    }

    /** The first {@code n} elements of each group. */
    public DataSet<T> first(int n) {
        GroupReduceFunction<T, T> firstN = (values, out) -> {
            int i = 0;
            for (T v : values) {
                if (i++ >= n) {
                    break;
                }
                out.collect(v);
            }
        };
        return reduceGroup(firstN, input.codec.type());
    }
}
