package io.basalt.vectorops;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import io.basalt.data.DataType;
import io.basalt.memory.MemoryPool;

/**
 * Off-heap per-group state of one aggregate function, indexed by the dense group ids of a
 * {@link GroupByHashTable} (group 0 alone for an ungrouped aggregate). Storage only: the update
 * loops are {@link AggregationKernels} methods. Not thread-safe.
 *
 * <pre>
 * values  8 bytes per group: int64 sum (SUM/AVG of int32, int64, decimal), float64 sum, or the
 *         running MIN/MAX as int64 (int32/date widened) or float64; unused for COUNT and COUNT(*)
 * counts  8 bytes per group: the number of non-null inputs (rows for COUNT(*)); 0 means NULL result
 * </pre>
 *
 * Float64 MIN/MAX follow {@link Math#min}/{@link Math#max}: NaN wins, and -0.0 is below 0.0.
 * Growing allocates before releasing, so a memory limit leaves the state as it was.
 */
public final class GroupedAccumulator implements AutoCloseable {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final int MIN_GROUPS = 16;

    /** The physical classes of input values the update loops distinguish. */
    public enum ValueClass { INT, LONG, DOUBLE, ANY }

    private final AggregateFunction function;
    private final DataType inputType;
    private final ValueClass valueClass;
    private final long identity;
    private final OffHeapBuffer values;
    private final OffHeapBuffer counts;
    private int capacity;
    private int groups;
    private boolean closed;

    /**
     * @param inputType the type of the aggregated column (ignored for COUNT(*), may be null there)
     * @throws IllegalArgumentException when {@code function} does not accept {@code inputType}
     */
    public GroupedAccumulator(AggregateFunction function, DataType inputType, MemoryPool pool) {
        this.function = function;
        this.inputType = inputType;
        this.valueClass = valueClass(function, inputType);
        this.identity = switch (function) {
            case MIN -> valueClass == ValueClass.DOUBLE ? Double.doubleToRawLongBits(Double.POSITIVE_INFINITY) : Long.MAX_VALUE;
            case MAX -> valueClass == ValueClass.DOUBLE ? Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY) : Long.MIN_VALUE;
            default -> 0L;
        };
        OffHeapBuffer v = new OffHeapBuffer(pool, MIN_GROUPS * 8L, false);
        try {
            this.counts = new OffHeapBuffer(pool, MIN_GROUPS * 8L, false);
        } catch (RuntimeException e) {
            v.close();
            throw e;
        }
        this.values = v;
        this.capacity = MIN_GROUPS;
    }

    private static ValueClass valueClass(AggregateFunction function, DataType type) {
        if (function == AggregateFunction.COUNT_STAR || function == AggregateFunction.COUNT) {
            return ValueClass.ANY;
        }
        if (type == null) {
            throw new IllegalArgumentException(function + " needs an input type");
        }
        boolean minMax = function == AggregateFunction.MIN || function == AggregateFunction.MAX;
        return switch (type.kind()) {
            case INT32 -> ValueClass.INT;
            case DATE -> requireMinMax(minMax, function, type, ValueClass.INT);
            case INT64, DECIMAL -> ValueClass.LONG;
            case TIMESTAMP -> requireMinMax(minMax, function, type, ValueClass.LONG);
            case FLOAT64 -> ValueClass.DOUBLE;
            default -> throw new IllegalArgumentException(function + " does not support input type " + type
                    + " (supported: int32, int64, decimal, float64" + (minMax ? ", date, timestamp)" : ")"));
        };
    }

    private static ValueClass requireMinMax(boolean minMax, AggregateFunction function, DataType type, ValueClass c) {
        if (!minMax) {
            throw new IllegalArgumentException(function + " does not support input type " + type
                    + " (supported: int32, int64, decimal, float64)");
        }
        return c;
    }

    /** The value class a column of {@code type} is read as, or null for types no aggregate reads. */
    public static ValueClass valueClassOf(DataType type) {
        return switch (type.kind()) {
            case INT32, DATE -> ValueClass.INT;
            case INT64, DECIMAL, TIMESTAMP -> ValueClass.LONG;
            case FLOAT64 -> ValueClass.DOUBLE;
            default -> null;
        };
    }

    public AggregateFunction function() {
        return function;
    }

    /** The input type given at creation (may be null for COUNT(*)). */
    public DataType inputType() {
        return inputType;
    }

    /** How inputs are read: INT, LONG or DOUBLE values, or ANY for the counting functions. */
    public ValueClass valueClass() {
        return valueClass;
    }

    /** Groups with state so far (ids {@code [0, groupCount())}). */
    public int groupCount() {
        return groups;
    }

    /**
     * Makes room for groups {@code [0, groupCount)}, initialising new ones to "no input yet".
     *
     * @throws io.basalt.memory.MemoryLimitExceededException with the state unchanged
     */
    public void ensureGroups(int groupCount) {
        checkOpen();
        if (groupCount <= groups) {
            return;
        }
        if (groupCount > capacity) {
            int newCapacity = Math.max(groupCount, capacity * 2);
            values.ensureCapacity(newCapacity * 8L, groups * 8L, false);
            counts.ensureCapacity(newCapacity * 8L, groups * 8L, false);
            capacity = newCapacity;
        }
        MemorySegment v = values.segment();
        MemorySegment c = counts.segment();
        for (int g = groups; g < groupCount; g++) {
            v.set(LONG, g * 8L, identity);
            c.set(LONG, g * 8L, 0L);
        }
        groups = groupCount;
    }

    /** Per-group values (see the class comment); for kernels. Valid until the next {@link #ensureGroups}. */
    public MemorySegment valueSegment() {
        return values.segment();
    }

    /** Per-group non-null input counts; for kernels. Valid until the next {@link #ensureGroups}. */
    public MemorySegment countSegment() {
        return counts.segment();
    }

    /** Whether the group's result is NULL: SUM/MIN/MAX/AVG without non-null input (COUNT is never NULL). */
    public boolean isNull(int group) {
        checkGroup(group);
        return function != AggregateFunction.COUNT && function != AggregateFunction.COUNT_STAR && count(group) == 0;
    }

    /** Non-null inputs seen by the group (rows for COUNT(*)). */
    public long count(int group) {
        checkGroup(group);
        return counts.segment().get(LONG, group * 8L);
    }

    /**
     * The integer result: the count for COUNT/COUNT(*), else the sum (SUM/AVG) or MIN/MAX of
     * int32/date (widened), int64, decimal (unscaled) or timestamp input. Undefined when {@link #isNull}.
     */
    public long getLong(int group) {
        if (function == AggregateFunction.COUNT || function == AggregateFunction.COUNT_STAR) {
            return count(group);
        }
        checkGroup(group);
        if (valueClass == ValueClass.DOUBLE) {
            throw new IllegalStateException(function + " over " + inputType + " has a float64 result; use getDouble");
        }
        return values.segment().get(LONG, group * 8L);
    }

    /** The float64 result of SUM/AVG (the sum), MIN or MAX over float64 input. Undefined when {@link #isNull}. */
    public double getDouble(int group) {
        checkGroup(group);
        if (valueClass != ValueClass.DOUBLE) {
            throw new IllegalStateException(function + " over " + inputType + " has an integer result; use getLong");
        }
        return values.segment().get(DOUBLE, group * 8L);
    }

    /** AVG as float64: sum / count (NaN when the group is NULL). Decimal callers rescale by the input scale. */
    public double average(int group) {
        double sum = valueClass == ValueClass.DOUBLE ? getDouble(group) : (double) getLong(group);
        long n = count(group);
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Off-heap bytes held. */
    public long memoryUsed() {
        return closed ? 0 : values.capacity() + counts.capacity();
    }

    private void checkGroup(int group) {
        checkOpen();
        if (group < 0 || group >= groups) {
            throw new IndexOutOfBoundsException("Group " + group + " outside [0, " + groups + ")");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Accumulator is closed");
        }
    }

    /** Releases the off-heap state; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            OffHeapBuffer.closeAll(values, counts);
        }
    }
}
