package io.basalt.runtime.iteration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryPool;

/**
 * One partition of a delta iteration's solution set: the current row per key. Rows are held as
 * boxed values on the heap, keyed by their key columns; a row with an existing key replaces it.
 * Written only by the delta tail at the end of a superstep and read by the solution-set join
 * during the next one (never concurrently: the supersteps are separated by the heads' barrier).
 */
public final class SolutionSet {
    private final Schema schema;
    private final int[] keys;
    private final Map<List<Object>, Object[]> rows = new HashMap<>();

    SolutionSet(Schema schema, int[] keys) {
        this.schema = schema;
        this.keys = keys.clone();
    }

    public Schema schema() {
        return schema;
    }

    public int size() {
        return rows.size();
    }

    /** Inserts or replaces every row of {@code batch} (whose schema must equal the solution set's). */
    public void upsert(Batch batch) {
        for (int r = 0; r < batch.rowCount(); r++) {
            Object[] values = new Object[schema.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = batch.getObject(c, r);
            }
            rows.put(keyOf(values), values);
        }
    }

    /** Replaces or inserts rows given as value arrays. */
    public void upsertAll(Collection<Object[]> values) {
        for (Object[] v : values) {
            rows.put(keyOf(v), v);
        }
    }

    /** The row with the given key values, or null. */
    public Object[] get(List<Object> key) {
        return rows.get(key);
    }

    private List<Object> keyOf(Object[] values) {
        Object[] k = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            k[i] = values[keys[i]];
        }
        return Arrays.asList(k);
    }

    /** All rows as batches of at most {@code batchRows} rows. */
    public List<Batch> toBatches(MemoryPool pool, int batchRows) {
        List<Batch> out = new ArrayList<>();
        BatchBuilder b = null;
        try {
            for (Object[] v : rows.values()) {
                if (b == null) {
                    b = new BatchBuilder(schema, pool, Math.min(batchRows, rows.size()));
                }
                b.appendRow(v);
                if (b.rowCount() == batchRows) {
                    out.add(b.seal());
                    b.close();
                    b = null;
                }
            }
            if (b != null) {
                out.add(b.seal());
            }
        } catch (RuntimeException e) {
            out.forEach(Batch::close);
            throw e;
        } finally {
            if (b != null) {
                b.close();
            }
        }
        return out;
    }
}
