package io.basalt.runtime.operators.agg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.vectorops.AggregateFunction;

/**
 * One aggregate of a {@link HashAggregateOperator}: {@code function(input column) AS outputName}.
 * {@code inputColumn} is -1 for COUNT(*) ({@code COUNT} with -1 is read as {@code COUNT_STAR}).
 *
 * <p><b>Result types</b> (NULL inputs are skipped; a group without non-null input gives NULL, except
 * COUNT, which gives 0):
 * <pre>
 *   SUM    int32, int64 -&gt; int64; decimal(p,s) -&gt; decimal(18,s); float64 -&gt; float64   (nullable)
 *   COUNT, COUNT_STAR any -&gt; int64 NOT NULL
 *   MIN, MAX  int32, int64, decimal, float64, date, timestamp -&gt; the input type        (nullable)
 *   AVG    int32, int64, float64 -&gt; float64; decimal(p,s) -&gt; decimal(p,s), the exact quotient
 *          rounded half away from zero (an average lies between the extremes, so it fits p)
 * </pre>
 * Integer and decimal sums are exact and fail with an {@link ArithmeticException} on overflow
 * (int64, or 18 digits for decimals).
 *
 * <p><b>Partial states</b> ({@link #partialSchema}): the key columns, then per call one column
 * named {@code outputName} (SUM: the sum; COUNT: the count; MIN/MAX: the extreme, with the result
 * types above), except AVG, which keeps two: {@code outputName$sum} (the SUM result type of its
 * input) and {@code outputName$count} (int64 NOT NULL).
 */
public record AggregateCall(AggregateFunction function, int inputColumn, String outputName) {
    /** Separator of the two partial columns of an AVG: {@code name$sum}, {@code name$count}. */
    public static final String PARTIAL_SEPARATOR = "$";

    public AggregateCall {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(outputName, "outputName");
        if (outputName.isEmpty()) {
            throw new IllegalArgumentException("Aggregate " + function + " needs a non-empty output name");
        }
        if (function == AggregateFunction.COUNT && inputColumn == -1) {
            function = AggregateFunction.COUNT_STAR;
        }
        if (function == AggregateFunction.COUNT_STAR ? inputColumn != -1 : inputColumn < 0) {
            throw new IllegalArgumentException("Aggregate '" + outputName + "': " + function + " needs "
                    + (function == AggregateFunction.COUNT_STAR ? "input column -1" : "an input column >= 0") + ", got " + inputColumn);
        }
    }

    public static AggregateCall sum(int column, String name) {
        return new AggregateCall(AggregateFunction.SUM, column, name);
    }

    public static AggregateCall count(int column, String name) {
        return new AggregateCall(AggregateFunction.COUNT, column, name);
    }

    public static AggregateCall countStar(String name) {
        return new AggregateCall(AggregateFunction.COUNT_STAR, -1, name);
    }

    public static AggregateCall min(int column, String name) {
        return new AggregateCall(AggregateFunction.MIN, column, name);
    }

    public static AggregateCall max(int column, String name) {
        return new AggregateCall(AggregateFunction.MAX, column, name);
    }

    public static AggregateCall avg(int column, String name) {
        return new AggregateCall(AggregateFunction.AVG, column, name);
    }

    /**
     * The type of this call's input column in {@code input}, or null for COUNT(*).
     *
     * @throws IllegalArgumentException when the column does not exist or the function does not accept its type
     */
    public DataType inputType(Schema input) {
        if (function == AggregateFunction.COUNT_STAR) {
            return null;
        }
        if (inputColumn >= input.size()) {
            throw new IllegalArgumentException("Aggregate " + this + ": input column " + inputColumn + " does not exist in " + input);
        }
        DataType type = input.field(inputColumn).type();
        boolean ok = switch (function) {
            case SUM, AVG -> switch (type.kind()) {
                case INT32, INT64, DECIMAL, FLOAT64 -> true;
                default -> false;
            };
            case MIN, MAX -> switch (type.kind()) {
                case INT32, INT64, DECIMAL, FLOAT64, DATE, TIMESTAMP -> true;
                default -> false;
            };
            case COUNT, COUNT_STAR -> true;
        };
        if (!ok) {
            throw new IllegalArgumentException("Aggregate " + this + ": " + function + " does not support column '"
                    + input.field(inputColumn).name() + "' of type " + type + " (supported: int32, int64, decimal, float64"
                    + (function == AggregateFunction.MIN || function == AggregateFunction.MAX ? ", date, timestamp)" : ")"));
        }
        return type;
    }

    /** The type of SUM over {@code type} (also the type of an AVG's partial sum). */
    static DataType sumType(DataType type) {
        return switch (type.kind()) {
            case INT32, INT64 -> DataType.INT64;
            case DECIMAL -> DataType.decimal(DataType.MAX_DECIMAL_PRECISION, type.scale());
            default -> type;
        };
    }

    /** The result column of this call over {@code input}. */
    public Field outputField(Schema input) {
        DataType type = inputType(input);
        return switch (function) {
            case SUM -> Field.nullable(outputName, sumType(type));
            case COUNT, COUNT_STAR -> Field.notNull(outputName, DataType.INT64);
            case MIN, MAX -> Field.nullable(outputName, type);
            case AVG -> Field.nullable(outputName, type.kind() == DataType.Kind.DECIMAL ? type : DataType.FLOAT64);
        };
    }

    /** The partial-state columns of this call over {@code input} (two for AVG, else one). */
    public List<Field> partialFields(Schema input) {
        DataType type = inputType(input);
        if (function == AggregateFunction.AVG) {
            return List.of(Field.nullable(outputName + PARTIAL_SEPARATOR + "sum", sumType(type)),
                    Field.notNull(outputName + PARTIAL_SEPARATOR + "count", DataType.INT64));
        }
        return List.of(outputField(input));
    }

    /**
     * The result schema of an aggregation: the key columns of {@code input} (names, types and
     * nullability as in the input, in {@code keys} order), then one column per call.
     *
     * @throws IllegalArgumentException for a key or input column that does not exist, a type a
     *         function does not accept, or duplicate output names
     */
    public static Schema outputSchema(Schema input, int[] keys, List<AggregateCall> calls) {
        List<Field> fields = keyFields(input, keys);
        for (AggregateCall call : calls) {
            fields.add(call.outputField(input));
        }
        return schema(fields, keys, calls);
    }

    /**
     * The schema of the partial states that a PARTIAL aggregation emits and a FINAL one consumes:
     * the key columns (at positions {@code 0..keys.length-1}, the columns to hash-partition on),
     * then each call's {@link #partialFields}.
     */
    public static Schema partialSchema(Schema input, int[] keys, List<AggregateCall> calls) {
        List<Field> fields = keyFields(input, keys);
        for (AggregateCall call : calls) {
            fields.addAll(call.partialFields(input));
        }
        return schema(fields, keys, calls);
    }

    private static List<Field> keyFields(Schema input, int[] keys) {
        List<Field> fields = new ArrayList<>();
        for (int k : keys) {
            if (k < 0 || k >= input.size()) {
                throw new IllegalArgumentException("Group key column " + k + " does not exist in " + input);
            }
            fields.add(input.field(k));
        }
        return fields;
    }

    private static Schema schema(List<Field> fields, int[] keys, List<AggregateCall> calls) {
        try {
            return new Schema(fields);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Aggregation with keys " + Arrays.toString(keys) + " and calls " + calls
                    + " has clashing output column names: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        String f = function == AggregateFunction.COUNT_STAR ? "count(*)" : function.name().toLowerCase(Locale.ROOT) + "($" + inputColumn + ")";
        return f + " AS " + outputName;
    }
}
