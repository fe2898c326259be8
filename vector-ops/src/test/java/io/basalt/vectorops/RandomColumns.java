package io.basalt.vectorops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.RandomValues;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryPool;

/**
 * Builds random single- and multi-column batches for kernel contract tests. With {@code oddOffset}
 * the batch is a slice starting at buffer row 3, so kernels see a row offset that is not a multiple
 * of 8 (validity bitmaps must be realigned). Not thread-safe.
 */
public final class RandomColumns {
    private final MemoryPool pool;
    private final Random random;
    private final RandomValues values;

    public RandomColumns(MemoryPool pool, long seed) {
        this.pool = pool;
        this.random = new Random(seed);
        this.values = new RandomValues(random);
    }

    public Random random() {
        return random;
    }

    public RandomValues values() {
        return values;
    }

    /**
     * Row counts every contract test covers: empty, 1, around one vector of 4- and 8-byte lanes,
     * odd sizes and a large batch.
     */
    public static int[] sizes() {
        int il = VectorSupport.intLanes();
        int ll = VectorSupport.longLanes();
        return Arrays.stream(new int[] {0, 1, 2, ll - 1, ll, ll + 1, il - 1, il, il + 1, 2 * il + 3, 63, 64, 65, 1000, 4099, 50_000})
                .filter(n -> n >= 0).distinct().sorted().toArray();
    }

    /** A one-column batch ("c0", nullable) whose row {@code r} is {@code valueAt(r)} (null allowed). */
    public Batch column(DataType type, int rows, boolean oddOffset, IntFunction<Object> valueAt) {
        return columns(Schema.of(Field.nullable("c0", type)), rows, oddOffset, r -> new Object[] {valueAt.apply(r)});
    }

    /** A one-column batch of random values of {@code type} with about {@code nullFraction} nulls. */
    public Batch randomColumn(DataType type, int rows, double nullFraction, boolean oddOffset) {
        Field field = Field.nullable("c0", type);
        return column(type, rows, oddOffset, r -> random.nextDouble() < nullFraction ? null : values.value(Field.notNull("c0", field.type())));
    }

    /** A batch over {@code schema} whose row {@code r} is {@code rowAt(r)}. */
    public Batch columns(Schema schema, int rows, boolean oddOffset, IntFunction<Object[]> rowAt) {
        int pad = oddOffset ? 3 : 0;
        try (BatchBuilder b = new BatchBuilder(schema, pool, rows + 2 * pad)) {
            List<Object[]> rowsList = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                rowsList.add(rowAt.apply(r));
            }
            Object[] filler = new Object[schema.size()];
            for (int c = 0; c < filler.length; c++) {
                filler[c] = values.value(Field.notNull("f", schema.field(c).type()));
            }
            for (int i = 0; i < pad; i++) {
                b.appendRow(filler);
            }
            for (Object[] row : rowsList) {
                b.appendRow(row);
            }
            for (int i = 0; i < pad; i++) {
                b.appendRow(filler);
            }
            Batch whole = b.seal();
            if (!oddOffset) {
                return whole;
            }
            try (whole) {
                return whole.slice(pad, rows);
            }
        }
    }
}
