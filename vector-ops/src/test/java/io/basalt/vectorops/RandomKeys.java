package io.basalt.vectorops;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;

/**
 * Random multi-column key batches for the hash table tests (aggregation and join): keys drawn from
 * a pool of distinct tuples (so they repeat) or fresh, with independent NULLs per column, and the
 * Java-object view of a row's key for reference implementations. Not thread-safe.
 */
public final class RandomKeys {
    private final RandomColumns columns;
    private final Random random;

    public RandomKeys(RandomColumns columns) {
        this.columns = columns;
        this.random = columns.random();
    }

    /** {@code n} random non-NULL key tuples; numeric columns of the first tuple are 0 (the value NULL keys store). */
    public List<Object[]> pool(List<DataType> types, int n) {
        List<Object[]> pool = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object[] tuple = fresh(types);
            if (i == 0) {
                for (int c = 0; c < types.size(); c++) {
                    tuple[c] = zero(types.get(c), tuple[c]);
                }
            }
            pool.add(tuple);
        }
        return pool;
    }

    private static Object zero(DataType type, Object otherwise) {
        return switch (type.kind()) {
            case INT32 -> 0;
            case INT64 -> 0L;
            case DECIMAL -> BigDecimal.valueOf(0, type.scale());
            case DATE -> java.time.LocalDate.ofEpochDay(0);
            case TIMESTAMP -> java.time.LocalDateTime.of(1970, 1, 1, 0, 0);
            default -> otherwise;
        };
    }

    /** A fresh random non-NULL key tuple. */
    public Object[] fresh(List<DataType> types) {
        Object[] tuple = new Object[types.size()];
        for (int c = 0; c < tuple.length; c++) {
            tuple[c] = columns.values().value(Field.notNull("k", types.get(c)));
        }
        return tuple;
    }

    /**
     * A batch of {@code rows} keys: from {@code pool} with probability {@code fromPool} (fresh
     * otherwise), then each column NULL with probability {@code nullFraction}.
     */
    public Batch batch(List<DataType> types, int rows, boolean oddOffset, List<Object[]> pool, double fromPool, double nullFraction) {
        Field[] fields = new Field[types.size()];
        for (int c = 0; c < fields.length; c++) {
            fields[c] = Field.nullable("k" + c, types.get(c));
        }
        return columns.columns(Schema.of(fields), rows, oddOffset, r -> {
            Object[] tuple = !pool.isEmpty() && random.nextDouble() < fromPool
                    ? pool.get(random.nextInt(pool.size())).clone() : fresh(types);
            for (int c = 0; c < tuple.length; c++) {
                if (random.nextDouble() < nullFraction) {
                    tuple[c] = null;
                }
            }
            return tuple;
        });
    }

    /** Column refs of every column of {@code batch}. */
    public static ColumnRef[] refs(Batch batch) {
        ColumnRef[] refs = new ColumnRef[batch.columnCount()];
        for (int c = 0; c < refs.length; c++) {
            refs[c] = ColumnRef.of(batch, c);
        }
        return refs;
    }

    /** Row {@code row}'s key as Java objects (NULL as null). */
    public static List<Object> key(Batch batch, int row) {
        Object[] key = new Object[batch.columnCount()];
        for (int c = 0; c < key.length; c++) {
            key[c] = batch.getObject(c, row);
        }
        return Arrays.asList(key);
    }
}
