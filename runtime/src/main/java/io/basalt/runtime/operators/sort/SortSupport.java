package io.basalt.runtime.operators.sort;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.basalt.data.Batch;
import io.basalt.data.Schema;
import io.basalt.vectorops.SortOrder;

/** Small shared checks and descriptions of the sort-based operators. Stateless. */
final class SortSupport {
    /** The order the grouping operators sort by; any fixed order works, equal keys just need to be adjacent. */
    static final SortOrder GROUP_ORDER = SortOrder.ASC;

    private SortSupport() {}

    static List<SortOrder> groupOrders(int keys) {
        return Collections.nCopies(keys, GROUP_ORDER);
    }

    /**
     * A handle on {@code batch} described by {@code schema}: the batch itself (retained) when the
     * schemas are equal, else a view when only names or nullability differ.
     *
     * @throws IllegalArgumentException naming {@code what} when the column types differ
     */
    static Batch conform(Batch batch, Schema schema, String what) {
        if (batch.schema().equals(schema)) {
            return batch.retain();
        }
        boolean sameTypes = batch.columnCount() == schema.size();
        for (int c = 0; sameTypes && c < schema.size(); c++) {
            sameTypes = batch.schema().field(c).type().equals(schema.field(c).type());
        }
        if (!sameTypes) {
            throw new IllegalArgumentException("A batch of " + what + " has schema " + batch.schema() + " but the operator expects " + schema);
        }
        return batch.withSchema(schema);
    }

    /** Key columns checked against a schema; returns a copy. */
    static int[] checkKeys(int[] keys, Schema schema, String what) {
        for (int k : keys) {
            if (k < 0 || k >= schema.size()) {
                throw new IllegalArgumentException("Key column index " + k + " is outside the " + what + " schema " + schema);
            }
        }
        return keys.clone();
    }

    static String describeKeys(int[] keys, List<SortOrder> orders) {
        List<String> parts = new ArrayList<>(keys.length);
        for (int i = 0; i < keys.length; i++) {
            parts.add("#" + keys[i] + (orders == null ? "" : " " + orders.get(i)));
        }
        return parts.toString();
    }
}
