package io.basalt.vectorops.sort;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.vectorops.SortOrder;

/**
 * The test oracle for the sort kernels: reads rows as Java values and sorts boxed row indices with
 * {@link Arrays#sort(Object[], Comparator)} (a stable merge sort) under the documented semantics:
 * nulls placed by NULLS FIRST/LAST regardless of direction, floats by {@link Float#compare} /
 * {@link Double#compare}, strings by unsigned UTF-8 bytes, decimals/dates/timestamps naturally.
 */
final class SortReference {
    private SortReference() {}

    /** Stable order of the rows of {@code batch} by columns {@code columns} under {@code orders}. */
    static int[] order(Batch batch, int[] columns, SortOrder[] orders) {
        int n = batch.rowCount();
        Object[][] values = new Object[columns.length][n];
        for (int k = 0; k < columns.length; k++) {
            boolean utf8 = batch.schema().field(columns[k]).type().kind() == DataType.Kind.UTF8;
            for (int r = 0; r < n; r++) {
                Object v = batch.getObject(columns[k], r);
                values[k][r] = utf8 && v != null ? ((String) v).getBytes(StandardCharsets.UTF_8) : v;
            }
        }
        Integer[] rows = new Integer[n];
        for (int r = 0; r < n; r++) {
            rows[r] = r;
        }
        Arrays.sort(rows, (a, b) -> {
            for (int k = 0; k < columns.length; k++) {
                Object x = values[k][a];
                Object y = values[k][b];
                if (x == null || y == null) {
                    if (x == y) {
                        continue;
                    }
                    boolean xFirst = (x == null) == orders[k].nullsFirst();
                    return xFirst ? -1 : 1;
                }
                int cmp = compareValues(x, y);
                if (cmp != 0) {
                    return orders[k].descending() ? -cmp : cmp;
                }
            }
            return 0;
        });
        return Arrays.stream(rows).mapToInt(Integer::intValue).toArray();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object x, Object y) {
        if (x instanceof Float f) {
            return Integer.signum(Float.compare(f, (Float) y));
        }
        if (x instanceof Double d) {
            return Integer.signum(Double.compare(d, (Double) y));
        }
        if (x instanceof byte[] s) {
            return Integer.signum(Arrays.compareUnsigned(s, (byte[]) y));
        }
        return Integer.signum(((Comparable) x).compareTo(y));
    }
}
