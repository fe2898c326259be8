package io.basalt.runtime.types;

import java.util.Arrays;
import java.util.List;

/**
 * An untyped row: the values of one record of a {@link io.basalt.data.Schema}, boxed as
 * {@link io.basalt.data.Batch#getObject} returns them (Boolean, Integer, Long, Float, Double,
 * BigDecimal, LocalDate, LocalDateTime, String; null for NULL). Immutable (the values are not
 * copied defensively when they are themselves immutable, which all supported types are).
 */
public final class Row {
    private final Object[] values;

    private Row(Object[] values) {
        this.values = values;
    }

    public static Row of(Object... values) {
        return new Row(values.clone());
    }

    public static Row ofList(List<?> values) {
        return new Row(values.toArray());
    }

    public int size() {
        return values.length;
    }

    public Object get(int index) {
        return values[index];
    }

    public List<Object> values() {
        return Arrays.asList(values.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && Arrays.equals(values, r.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(values[i]);
        }
        return sb.append(')').toString();
    }
}
