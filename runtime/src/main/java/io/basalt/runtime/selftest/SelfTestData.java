package io.basalt.runtime.selftest;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.function.IntToLongFunction;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryPool;

/**
 * The table the memory self-test builds and checks. Every value, and whether it is null, is a pure
 * function of the row's generated index, so any copy of a row (slice, compaction, filter result,
 * spill file) can be verified without keeping the original. Stateless and thread-safe.
 */
final class SelfTestData {
    static final int ID = 0;
    static final int COUNT = 1;
    static final int RATIO = 2;
    static final int SCORE = 3;
    static final int AMOUNT = 4;
    static final int DAY = 5;
    static final int AT = 6;
    static final int NAME = 7;
    static final int FLAG = 8;

    /** One column of every data type; all but the id are nullable. */
    static final Schema SCHEMA = Schema.of(
            Field.notNull("id", DataType.INT32),
            Field.nullable("count", DataType.INT64),
            Field.nullable("ratio", DataType.FLOAT32),
            Field.nullable("score", DataType.FLOAT64),
            Field.nullable("amount", DataType.decimal(12, 2)),
            Field.nullable("day", DataType.DATE),
            Field.nullable("at", DataType.TIMESTAMP),
            Field.nullable("name", DataType.UTF8),
            Field.nullable("flag", DataType.BOOLEAN));

    /** Column c is null where row % NULL_EVERY[c] == c; distinct primes keep the null patterns independent. */
    private static final int[] NULL_EVERY = {0, 7, 11, 13, 17, 19, 23, 29, 31};

    private static final long AMOUNT_RANGE = 100_000_000_000L; // 11 digits, inside decimal(12,2)
    private static final long AT_ORIGIN_MICROS = 1_600_000_000_000_000L;

    private SelfTestData() {}

    static boolean isNull(int column, long row) {
        return column != ID && row % NULL_EVERY[column] == column;
    }

    static int id(long row) {
        return (int) row;
    }

    static long count(long row) {
        return row * 0x9E37_79B9_7F4A_7C15L; // spreads over the whole long range, negatives included
    }

    static float ratio(long row) {
        return (row % 4096 - 2048) * 0.25f;
    }

    static double score(long row) {
        return (row % 2 == 0 ? 1 : -1) * Math.sqrt(row);
    }

    static long amountUnscaled(long row) {
        return row * 7919 % AMOUNT_RANGE - AMOUNT_RANGE / 2;
    }

    static int day(long row) {
        return (int) (row % 40_000) - 10_000;
    }

    static long atMicros(long row) {
        return AT_ORIGIN_MICROS + row * 1_000_003L;
    }

    static String name(long row) {
        if (row % 97 == 0) {
            return "";
        }
        // Multi-byte characters check that lengths are counted in bytes, not chars.
        return row % 10 == 0 ? "zeilé-" + row + "-名前" : "row-" + row;
    }

    static boolean flag(long row) {
        return row % 3 == 0;
    }

    /** Number of rows in {@code [first, first + rows)} whose flag is true (not null). */
    static int countFlagged(long first, int rows) {
        int n = 0;
        for (int i = 0; i < rows; i++) {
            long r = first + i;
            if (!isNull(FLAG, r) && flag(r)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Builds a batch of the generated rows {@code [first, first + rows)} in {@code pool}, starting
     * with room for {@code initialCapacity} rows (the builder grows past it).
     */
    static Batch build(MemoryPool pool, long first, int rows, int initialCapacity) {
        try (BatchBuilder b = new BatchBuilder(SCHEMA, pool, initialCapacity)) {
            for (int i = 0; i < rows; i++) {
                long r = first + i;
                b.appendInt(ID, id(r));
                if (isNull(COUNT, r)) {
                    b.appendNull(COUNT);
                } else {
                    b.appendLong(COUNT, count(r));
                }
                if (isNull(RATIO, r)) {
                    b.appendNull(RATIO);
                } else {
                    b.appendFloat(RATIO, ratio(r));
                }
                if (isNull(SCORE, r)) {
                    b.appendNull(SCORE);
                } else {
                    b.appendDouble(SCORE, score(r));
                }
                if (isNull(AMOUNT, r)) {
                    b.appendNull(AMOUNT);
                } else {
                    b.appendDecimalUnscaled(AMOUNT, amountUnscaled(r));
                }
                if (isNull(DAY, r)) {
                    b.appendNull(DAY);
                } else {
                    b.appendDateDays(DAY, day(r));
                }
                if (isNull(AT, r)) {
                    b.appendNull(AT);
                } else {
                    b.appendTimestampMicros(AT, atMicros(r));
                }
                b.appendString(NAME, isNull(NAME, r) ? null : name(r));
                if (isNull(FLAG, r)) {
                    b.appendNull(FLAG);
                } else {
                    b.appendBoolean(FLAG, flag(r));
                }
            }
            return b.seal();
        }
    }

    /**
     * Checks every value of {@code batch} against the generator, reading through the row accessors
     * and, for the id column, through the raw foreign-memory segment.
     *
     * @param generatedRow maps a row of the batch to the generated row it must hold
     * @throws IllegalStateException naming the first mismatch
     */
    static void verify(Batch batch, String label, int expectedRows, IntToLongFunction generatedRow) {
        if (!batch.schema().equals(SCHEMA)) {
            throw new IllegalStateException(label + ": schema is " + batch.schema() + ", expected " + SCHEMA);
        }
        if (batch.rowCount() != expectedRows) {
            throw new IllegalStateException(label + ": has " + batch.rowCount() + " rows, expected " + expectedRows);
        }
        int[] expectedNulls = new int[SCHEMA.size()];
        MemorySegment ids = batch.rowCount() == 0 ? null : batch.data(ID);
        for (int i = 0; i < batch.rowCount(); i++) {
            long r = generatedRow.applyAsLong(i);
            for (int c = 0; c < SCHEMA.size(); c++) {
                boolean shouldBeNull = isNull(c, r);
                if (batch.isNull(c, i) != shouldBeNull) {
                    throw mismatch(label, batch, c, i, r);
                }
                if (shouldBeNull) {
                    expectedNulls[c]++;
                } else if (!valueMatches(batch, c, i, r)) {
                    throw mismatch(label, batch, c, i, r);
                }
            }
            int rawId = ids.getAtIndex(ValueLayout.JAVA_INT, batch.offset() + i);
            if (rawId != id(r)) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "%s: row %d (generated row %d): the id column's data segment holds %d at buffer row %d, expected %d",
                        label, i, r, rawId, batch.offset() + i, id(r)));
            }
        }
        for (int c = 0; c < SCHEMA.size(); c++) {
            if (batch.nullCount(c) != expectedNulls[c]) {
                throw new IllegalStateException(label + ": column '" + SCHEMA.field(c).name() + "' reports "
                        + batch.nullCount(c) + " nulls, expected " + expectedNulls[c]);
            }
        }
    }

    private static boolean valueMatches(Batch batch, int column, int i, long r) {
        return switch (column) {
            case ID -> batch.getInt(column, i) == id(r);
            case COUNT -> batch.getLong(column, i) == count(r);
            case RATIO -> Float.floatToIntBits(batch.getFloat(column, i)) == Float.floatToIntBits(ratio(r));
            case SCORE -> Double.doubleToLongBits(batch.getDouble(column, i)) == Double.doubleToLongBits(score(r));
            case AMOUNT -> batch.getLong(column, i) == amountUnscaled(r);
            case DAY -> batch.getInt(column, i) == day(r);
            case AT -> batch.getLong(column, i) == atMicros(r);
            case NAME -> batch.getString(column, i).equals(name(r));
            case FLAG -> batch.getBoolean(column, i) == flag(r);
            default -> throw new IllegalArgumentException("No column " + column + " in " + SCHEMA);
        };
    }

    /** The generated value as the Java object {@link Batch#getObject} returns, for messages. */
    static Object expectedObject(int column, long r) {
        if (isNull(column, r)) {
            return null;
        }
        return switch (column) {
            case ID -> id(r);
            case COUNT -> count(r);
            case RATIO -> ratio(r);
            case SCORE -> score(r);
            case AMOUNT -> BigDecimal.valueOf(amountUnscaled(r), SCHEMA.field(AMOUNT).type().scale());
            case DAY -> LocalDate.ofEpochDay(day(r));
            case AT -> LocalDateTime.ofEpochSecond(Math.floorDiv(atMicros(r), 1_000_000L),
                    (int) Math.floorMod(atMicros(r), 1_000_000L) * 1_000, ZoneOffset.UTC);
            case NAME -> name(r);
            case FLAG -> flag(r);
            default -> throw new IllegalArgumentException("No column " + column + " in " + SCHEMA);
        };
    }

    private static IllegalStateException mismatch(String label, Batch batch, int column, int i, long r) {
        Field f = SCHEMA.field(column);
        return new IllegalStateException(String.format(Locale.ROOT,
                "%s: row %d (generated row %d), column '%s' (%s): expected %s, found %s",
                label, i, r, f.name(), f.type(), render(expectedObject(column, r)), render(batch.getObject(column, i))));
    }

    private static String render(Object value) {
        return value instanceof String s ? '"' + s + '"' : String.valueOf(value);
    }
}
