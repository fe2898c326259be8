package io.basalt.api.dataset;

import io.basalt.vectorops.AggregateFunction;

/**
 * One aggregate of a {@code groupBy(...).agg(...)} call, e.g. {@code AggCall.sum("price").as("revenue")}.
 *
 * @param function  the aggregate function
 * @param field     the aggregated field; null for COUNT(*)
 * @param name      the output column name
 */
public record AggCall(AggregateFunction function, String field, String name) {
    public static AggCall sum(String field) {
        return new AggCall(AggregateFunction.SUM, field, "sum_" + field);
    }

    public static AggCall min(String field) {
        return new AggCall(AggregateFunction.MIN, field, "min_" + field);
    }

    public static AggCall max(String field) {
        return new AggCall(AggregateFunction.MAX, field, "max_" + field);
    }

    public static AggCall avg(String field) {
        return new AggCall(AggregateFunction.AVG, field, "avg_" + field);
    }

    public static AggCall count(String field) {
        return new AggCall(AggregateFunction.COUNT, field, "count_" + field);
    }

    /** COUNT(*). */
    public static AggCall count() {
        return new AggCall(AggregateFunction.COUNT_STAR, null, "count");
    }

    public AggCall as(String newName) {
        return new AggCall(function, field, newName);
    }
}
