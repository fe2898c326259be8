package io.basalt.runtime.operators.agg;

import java.util.List;

import io.basalt.data.Schema;

/**
 * A validated aggregation: input schema, group keys, calls, and the derived partial-state and
 * result schemas. Immutable.
 */
record AggregationSpec(Schema input, int[] keys, List<AggregateCall> calls, Schema partialSchema, Schema outputSchema) {
    static AggregationSpec of(Schema input, int[] keys, List<AggregateCall> calls) {
        int[] k = keys.clone();
        List<AggregateCall> c = List.copyOf(calls);
        return new AggregationSpec(input, k, c, AggregateCall.partialSchema(input, k, c), AggregateCall.outputSchema(input, k, c));
    }

    boolean grouped() {
        return keys.length > 0;
    }

    /** The schema of the key columns alone (the leading columns of both partial and output schema). */
    Schema keySchema() {
        return new Schema(partialSchema.fields().subList(0, keys.length));
    }

    /**
     * Checks that a batch has the column types of {@code expected} (names and nullability may differ).
     *
     * @throws IllegalArgumentException naming the operator and the first mismatch
     */
    static void checkTypes(String what, Schema expected, Schema actual) {
        boolean ok = expected.size() == actual.size();
        for (int c = 0; ok && c < expected.size(); c++) {
            ok = expected.field(c).type().equals(actual.field(c).type());
        }
        if (!ok) {
            throw new IllegalArgumentException(what + " expects input columns " + expected + " but got a batch of " + actual);
        }
    }
}
