package io.basalt.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** An ordered list of uniquely named columns. Immutable. */
public final class Schema {
    private final List<Field> fields;
    private final Map<String, Integer> indexByName;

    public Schema(List<Field> fields) {
        this.fields = List.copyOf(fields);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < this.fields.size(); i++) {
            Integer previous = index.putIfAbsent(this.fields.get(i).name(), i);
            if (previous != null) {
                throw new IllegalArgumentException("Duplicate column name '" + this.fields.get(i).name()
                        + "' at positions " + previous + " and " + i);
            }
        }
        this.indexByName = Map.copyOf(index);
    }

    public static Schema of(Field... fields) {
        return new Schema(Arrays.asList(fields));
    }

    public int size() {
        return fields.size();
    }

    public Field field(int index) {
        return fields.get(index);
    }

    public List<Field> fields() {
        return fields;
    }

    /** Position of the named column, or -1. */
    public int indexOf(String name) {
        return indexByName.getOrDefault(name, -1);
    }

    /**
     * Position of the named column.
     *
     * @throws IllegalArgumentException listing the available columns when there is none by that name
     */
    public int requireIndex(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("No column '" + name + "' in schema " + this);
        }
        return i;
    }

    public org.apache.arrow.vector.types.pojo.Schema toArrow() {
        List<org.apache.arrow.vector.types.pojo.Field> arrow = new ArrayList<>(fields.size());
        for (Field f : fields) {
            arrow.add(f.toArrow());
        }
        return new org.apache.arrow.vector.types.pojo.Schema(arrow);
    }

    /** Converts an Arrow schema, failing with the column name for unsupported types. */
    public static Schema fromArrow(org.apache.arrow.vector.types.pojo.Schema arrow) {
        List<Field> converted = new ArrayList<>(arrow.getFields().size());
        for (org.apache.arrow.vector.types.pojo.Field f : arrow.getFields()) {
            converted.add(Field.fromArrow(f));
        }
        return new Schema(converted);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.stream().map(Field::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
