package io.basalt.runtime.operators.join;

import java.lang.foreign.ValueLayout;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.data.Schema;
import io.basalt.vectorops.ColumnRef;

/** Small helpers shared by the join operators. Stateless. */
final class Joins {
    private Joins() {}

    /** Every column of {@code batch} as a kernel input. */
    static ColumnRef[] columns(Batch batch) {
        ColumnRef[] refs = new ColumnRef[batch.columnCount()];
        for (int c = 0; c < refs.length; c++) {
            refs[c] = ColumnRef.of(batch, c);
        }
        return refs;
    }

    /**
     * A new handle on {@code batch} under the declared {@code schema} (names and nullability may
     * differ from the batch's own, types may not); the caller closes it.
     *
     * @throws IllegalArgumentException naming {@code input} when the columns do not fit the schema
     */
    static Batch conform(Batch batch, Schema schema, String input) {
        if (batch.schema().equals(schema)) {
            return batch.retain();
        }
        try {
            return batch.withSchema(schema);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The " + input + " got a batch of " + batch.schema() + " but expects " + schema + ": " + e.getMessage(), e);
        }
    }

    /** About how many bytes the rows of {@code batch} occupy (not what its buffers may hold beyond them). */
    static long estimateBytes(Batch batch) {
        long rows = batch.rowCount();
        long total = 0;
        for (int c = 0; c < batch.columnCount(); c++) {
            DataType type = batch.schema().field(c).type();
            total += (rows + 7) / 8;
            if (type.kind() == DataType.Kind.UTF8) {
                var offsets = batch.offsets(c);
                long first = offsets.get(ValueLayout.JAVA_INT_UNALIGNED, batch.offset() * 4L);
                long last = offsets.get(ValueLayout.JAVA_INT_UNALIGNED, (batch.offset() + rows) * 4L);
                total += last - first + 4 * rows;
            } else {
                total += type.fixedWidth() == 0 ? (rows + 7) / 8 : rows * type.fixedWidth();
            }
        }
        return total;
    }

    /** A guess at the bytes per row of {@code schema} (utf8 values counted as 16 bytes). */
    static long rowWidth(Schema schema) {
        long width = 1;
        for (var f : schema.fields()) {
            width += f.type().kind() == DataType.Kind.UTF8 ? 20 : Math.max(1, f.type().fixedWidth());
        }
        return width;
    }

    /** Fills {@code ids[0, n)} with {@code start, start + 1, ...}. */
    static int[] range(int[] ids, int start, int n) {
        for (int i = 0; i < n; i++) {
            ids[i] = start + i;
        }
        return ids;
    }
}
