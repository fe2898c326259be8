package io.basalt.data;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.basalt.memory.MemoryPool;

/**
 * Converts between Java objects and columnar batches. Supports records (columns in component order)
 * and POJOs with a public no-argument constructor and public getter/setter pairs (columns in
 * alphabetical property order, as in Flink). Primitive properties become NOT NULL columns, boxed and
 * reference properties nullable ones. Supported property types: boolean, int, long, float, double
 * (and boxes), String, BigDecimal ({@link DecimalType}), LocalDate, LocalDateTime, Instant and
 * enums (stored as their name). Mappers are immutable, cached per class and thread-safe.
 *
 * @param <T> the mapped class
 */
public final class RowMapper<T> {
    /** Decimal type for BigDecimal properties without {@link DecimalType}. */
    public static final DataType DEFAULT_DECIMAL = DataType.decimal(18, 6);

    private static final Map<Class<?>, RowMapper<?>> CACHE = new ConcurrentHashMap<>();
    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
    private static final MethodType SETTER = MethodType.methodType(void.class, Object.class, Object.class);

    private final Class<T> type;
    private final Schema schema;
    private final Property[] properties;
    private final MethodHandle recordConstructor; // (Object[])Object, records only
    private final MethodHandle pojoConstructor;   // ()Object, POJOs only

    /** One mapped property; the getter and setter are adapted to Object signatures. */
    private record Property(String name, Class<?> javaType, Field field, MethodHandle getter, MethodHandle setter) {}

    private RowMapper(Class<T> type) {
        this.type = type;
        List<Property> props = new ArrayList<>();
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            if (type.isRecord()) {
                RecordComponent[] components = type.getRecordComponents();
                Class<?>[] types = new Class<?>[components.length];
                for (int i = 0; i < components.length; i++) {
                    RecordComponent rc = components[i];
                    types[i] = rc.getType();
                    Method accessor = rc.getAccessor();
                    accessor.setAccessible(true);
                    props.add(new Property(rc.getName(), rc.getType(), field(rc.getName(), rc.getType(), rc),
                            lookup.unreflect(accessor).asType(GETTER), null));
                }
                Constructor<T> canonical = type.getDeclaredConstructor(types);
                canonical.setAccessible(true);
                this.recordConstructor = lookup.unreflectConstructor(canonical)
                        .asSpreader(Object[].class, components.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
                this.pojoConstructor = null;
            } else {
                Constructor<T> noArgs;
                try {
                    noArgs = type.getConstructor();
                } catch (NoSuchMethodException e) {
                    throw unsupported("it is neither a record nor a POJO with a public no-argument constructor");
                }
                if (Modifier.isAbstract(type.getModifiers())) {
                    throw unsupported("it is abstract");
                }
                for (Method getter : pojoGetters()) {
                    String name = propertyName(getter);
                    Method setter = type.getMethod("set" + Character.toUpperCase(name.charAt(0)) + name.substring(1), getter.getReturnType());
                    props.add(new Property(name, getter.getReturnType(), field(name, getter.getReturnType(), getter),
                            lookup.unreflect(getter).asType(GETTER), lookup.unreflect(setter).asType(SETTER)));
                }
                this.recordConstructor = null;
                this.pojoConstructor = lookup.unreflectConstructor(noArgs).asType(MethodType.methodType(Object.class));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot map " + type.getName() + ": " + e.getMessage(), e);
        }
        if (props.isEmpty()) {
            throw unsupported("it has no record components or getter/setter properties");
        }
        this.properties = props.toArray(Property[]::new);
        this.schema = new Schema(props.stream().map(Property::field).toList());
    }

    /** The mapper for {@code type}. */
    @SuppressWarnings("unchecked")
    public static <T> RowMapper<T> of(Class<T> type) {
        return (RowMapper<T>) CACHE.computeIfAbsent(type, RowMapper::new);
    }

    public Class<T> type() {
        return type;
    }

    public Schema schema() {
        return schema;
    }

    /** Builds one batch holding {@code rows} in order. */
    public Batch toBatch(List<? extends T> rows, MemoryPool pool) {
        try (BatchBuilder builder = new BatchBuilder(schema, pool, rows.size())) {
            for (T row : rows) {
                append(builder, row);
            }
            return builder.seal();
        }
    }

    /** Appends one object as a row; the builder's schema must be this mapper's schema. */
    public void append(BatchBuilder builder, T row) {
        if (!builder.schema().equals(schema)) {
            throw new IllegalArgumentException("Builder schema " + builder.schema() + " is not the schema of " + type.getName() + ": " + schema);
        }
        if (row == null) {
            throw new IllegalArgumentException("Cannot append a null " + type.getSimpleName() + " as a row");
        }
        for (int c = 0; c < properties.length; c++) {
            Object value;
            try {
                value = properties[c].getter.invokeExact((Object) row);
            } catch (Throwable t) {
                throw new IllegalStateException("Getter of '" + properties[c].name + "' in " + type.getName() + " failed", t);
            }
            builder.appendValue(c, value instanceof Enum<?> e ? e.name() : value);
        }
    }

    /** Reads all rows of a batch whose columns include this mapper's columns (matched by name). */
    public List<T> readAll(Batch batch) {
        int[] columns = columnsIn(batch.schema());
        List<T> out = new ArrayList<>(batch.rowCount());
        for (int r = 0; r < batch.rowCount(); r++) {
            out.add(read(batch, r, columns));
        }
        return out;
    }

    /** Reads one row. */
    public T read(Batch batch, int row) {
        return read(batch, row, columnsIn(batch.schema()));
    }

    /**
     * Positions of this mapper's columns in {@code other}.
     *
     * @throws IllegalArgumentException naming the missing or differently typed column
     */
    public int[] columnsIn(Schema other) {
        int[] columns = new int[properties.length];
        for (int i = 0; i < properties.length; i++) {
            Field mine = properties[i].field;
            int at = other.indexOf(mine.name());
            if (at < 0) {
                throw new IllegalArgumentException("Batch has no column '" + mine.name() + "' for " + type.getName() + "; batch schema " + other);
            }
            if (!other.field(at).type().equals(mine.type())) {
                throw new IllegalArgumentException("Column '" + mine.name() + "' has type " + other.field(at).type() + " but "
                        + type.getName() + "." + mine.name() + " needs " + mine.type());
            }
            columns[i] = at;
        }
        return columns;
    }

    private T read(Batch batch, int row, int[] columns) {
        Object[] values = new Object[properties.length];
        for (int i = 0; i < properties.length; i++) {
            Property p = properties[i];
            Object value = batch.getObject(columns[i], row);
            if (value == null && p.javaType.isPrimitive()) {
                throw new IllegalArgumentException("Column '" + p.name + "' is null at row " + row + " but " + type.getName()
                        + "." + p.name + " is a primitive " + p.javaType.getName());
            }
            values[i] = convert(p, value, row);
        }
        try {
            if (recordConstructor != null) {
                return type.cast(recordConstructor.invokeExact(values));
            }
            Object pojo = pojoConstructor.invokeExact();
            for (int i = 0; i < properties.length; i++) {
                properties[i].setter.invokeExact(pojo, values[i]);
            }
            return type.cast(pojo);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("Constructing " + type.getName() + " from row " + row + " failed", t);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object convert(Property p, Object value, int row) {
        if (value == null) {
            return null;
        }
        if (p.javaType.isEnum()) {
            try {
                return Enum.valueOf((Class) p.javaType, (String) value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Column '" + p.name + "' holds '" + value + "' at row " + row
                        + ", which is not a constant of " + p.javaType.getName(), e);
            }
        }
        if (p.javaType == Instant.class) {
            return ((LocalDateTime) value).toInstant(java.time.ZoneOffset.UTC);
        }
        return value;
    }

    private Field field(String name, Class<?> javaType, AnnotatedElement annotated) {
        boolean nullable = !javaType.isPrimitive();
        DataType dataType;
        if (javaType == boolean.class || javaType == Boolean.class) {
            dataType = DataType.BOOLEAN;
        } else if (javaType == int.class || javaType == Integer.class) {
            dataType = DataType.INT32;
        } else if (javaType == long.class || javaType == Long.class) {
            dataType = DataType.INT64;
        } else if (javaType == float.class || javaType == Float.class) {
            dataType = DataType.FLOAT32;
        } else if (javaType == double.class || javaType == Double.class) {
            dataType = DataType.FLOAT64;
        } else if (javaType == String.class || javaType.isEnum()) {
            dataType = DataType.UTF8;
        } else if (javaType == BigDecimal.class) {
            DecimalType d = annotated.getAnnotation(DecimalType.class);
            if (d == null && annotated instanceof Method getter) {
                d = fieldAnnotation(name);
            }
            dataType = d == null ? DEFAULT_DECIMAL : DataType.decimal(d.precision(), d.scale());
        } else if (javaType == LocalDate.class) {
            dataType = DataType.DATE;
        } else if (javaType == LocalDateTime.class || javaType == Instant.class) {
            dataType = DataType.TIMESTAMP;
        } else {
            throw unsupported("property '" + name + "' has type " + javaType.getName() + "; supported are boolean, int, long, "
                    + "float, double (and their boxes), String, BigDecimal, LocalDate, LocalDateTime, Instant and enums");
        }
        return new Field(name, dataType, nullable);
    }

    private DecimalType fieldAnnotation(String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name).getAnnotation(DecimalType.class);
            } catch (NoSuchFieldException ignored) {
                // the property may be backed by a field in a superclass, or by none
            }
        }
        return null;
    }

    private List<Method> pojoGetters() {
        Map<String, Method> byName = new TreeMap<>();
        for (Method m : type.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = propertyName(m);
            if (name == null) {
                continue;
            }
            String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
            try {
                type.getMethod(setter, m.getReturnType());
                byName.put(name, m);
            } catch (NoSuchMethodException e) {
                // read-only property: not part of the row
            }
        }
        List<Method> getters = new ArrayList<>(byName.values());
        getters.sort(Comparator.comparing(RowMapper::propertyName));
        return getters;
    }

    private static String propertyName(Method m) {
        String n = m.getName();
        if (n.startsWith("get") && n.length() > 3 && m.getReturnType() != void.class) {
            return Character.toLowerCase(n.charAt(3)) + n.substring(4);
        }
        if (n.startsWith("is") && n.length() > 2 && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) {
            return Character.toLowerCase(n.charAt(2)) + n.substring(3);
        }
        return null;
    }

    private IllegalArgumentException unsupported(String why) {
        return new IllegalArgumentException("Cannot map " + type.getName() + " to a schema: " + why);
    }

    @Override
    public String toString() {
        return "RowMapper[" + type.getName() + " -> " + schema + "]";
    }
}
