package io.basalt.data;

import java.util.Objects;

import org.apache.arrow.vector.types.pojo.FieldType;

/** A named, typed column of a {@link Schema}. Immutable. */
public record Field(String name, DataType type, boolean nullable) {
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Column name must not be empty");
        }
    }

    public static Field nullable(String name, DataType type) {
        return new Field(name, type, true);
    }

    public static Field notNull(String name, DataType type) {
        return new Field(name, type, false);
    }

    public org.apache.arrow.vector.types.pojo.Field toArrow() {
        return new org.apache.arrow.vector.types.pojo.Field(name,
                new FieldType(nullable, type.toArrow(), null, type.arrowMetadata()), null);
    }

    static Field fromArrow(org.apache.arrow.vector.types.pojo.Field field) {
        if (!field.getChildren().isEmpty()) {
            throw new IllegalArgumentException("Column '" + field.getName() + "' is a nested Arrow type ("
                    + field.getType() + "); Basalt supports flat columns only");
        }
        return new Field(field.getName(), DataType.fromArrow(field.getName(), field.getType(), field.getMetadata()),
                field.isNullable());
    }

    @Override
    public String toString() {
        return name + " " + type + (nullable ? "" : " not null");
    }
}
