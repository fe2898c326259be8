package io.basalt.data;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;

/** Random values for every Basalt type, biased towards edge cases. Shared by data and spill tests. */
public final class RandomValues {
    private static final String[] STRINGS = {"", " ", "a", "ß", "日本語", "emoji \uD83D\uDE00", "tab\tnew\nline", "null", "x".repeat(300)};
    private static final double[] DOUBLES = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, Double.MAX_VALUE, -1.5};
    private static final long[] LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE};

    private final Random random;

    public RandomValues(Random random) {
        this.random = random;
    }

    public boolean edge() {
        return random.nextInt(5) == 0;
    }

    public boolean isNull() {
        return random.nextInt(6) == 0;
    }

    public boolean bool() {
        return random.nextBoolean();
    }

    public int int32() {
        return edge() ? (int) LONGS[random.nextInt(LONGS.length)] : random.nextInt();
    }

    public long int64() {
        return edge() ? LONGS[random.nextInt(LONGS.length)] : random.nextLong();
    }

    public float float32() {
        return edge() ? (float) DOUBLES[random.nextInt(DOUBLES.length)] : random.nextFloat() * 1e6f - 5e5f;
    }

    public double float64() {
        return edge() ? DOUBLES[random.nextInt(DOUBLES.length)] : random.nextGaussian() * 1e9;
    }

    public String string() {
        if (edge()) {
            return STRINGS[random.nextInt(STRINGS.length)];
        }
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(20);
        for (int i = 0; i < n; i++) {
            int cp = random.nextInt(10) == 0 ? 0x1F300 + random.nextInt(200) : 0x20 + random.nextInt(0x2FF);
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /** A value of {@code decimal(precision, scale)}, including the extremes. */
    public BigDecimal decimal(int precision, int scale) {
        long max = 1;
        for (int i = 0; i < precision; i++) {
            max *= 10;
        }
        long unscaled = edge() ? (random.nextBoolean() ? max - 1 : -(max - 1)) : random.nextLong() % max;
        return BigDecimal.valueOf(unscaled, scale);
    }

    public LocalDate date() {
        return LocalDate.ofEpochDay(random.nextLong(LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay()));
    }

    public long timestampMicros() {
        long min = LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        long max = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        return random.nextLong(min, max);
    }

    public LocalDateTime timestamp() {
        long micros = timestampMicros();
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    public Instant instant() {
        return timestamp().toInstant(ZoneOffset.UTC);
    }

    /** A random value for the type, or null if the field is nullable and the dice say so. */
    public Object value(Field field) {
        if (field.nullable() && isNull()) {
            return null;
        }
        DataType t = field.type();
        return switch (t.kind()) {
            case BOOLEAN -> bool();
            case INT32 -> int32();
            case INT64 -> int64();
            case FLOAT32 -> float32();
            case FLOAT64 -> float64();
            case DECIMAL -> decimal(t.precision(), t.scale());
            case DATE -> date();
            case TIMESTAMP -> timestamp();
            case UTF8 -> string();
        };
    }

    /** A random schema of 1-8 columns over all types. */
    public Schema schema() {
        int n = 1 + random.nextInt(8);
        Field[] fields = new Field[n];
        DataType.Kind[] kinds = DataType.Kind.values();
        for (int i = 0; i < n; i++) {
            DataType.Kind kind = kinds[random.nextInt(kinds.length)];
            DataType type = kind == DataType.Kind.DECIMAL
                    ? DataType.decimal(1 + random.nextInt(18), 0) : new DataType(kind, 0, 0);
            if (type.kind() == DataType.Kind.DECIMAL) {
                type = DataType.decimal(type.precision(), random.nextInt(type.precision() + 1));
            }
            fields[i] = new Field("c" + i, type, random.nextBoolean());
        }
        return Schema.of(fields);
    }
}
