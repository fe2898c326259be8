package io.basalt.runtime.operators.agg;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;

import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.AggregateFunction;
import io.basalt.vectorops.AggregationKernels;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.GroupByHashTable;
import io.basalt.vectorops.GroupedAccumulator;

/**
 * The in-memory state of one hash aggregation: a {@link GroupByHashTable} over the keys (none when
 * ungrouped: then there is exactly one group, 0) and one {@link GroupedAccumulator} per state.
 * It takes either raw input rows or partial states (whose SUMs, counts, MINs and MAXes it merges
 * with SUM, SUM, MIN and MAX), and writes any range or list of groups as a batch of partial states
 * or of final results (see {@link AggregateCall}). Used by one thread.
 *
 * <p>{@link #add} throws {@link io.basalt.memory.MemoryLimitExceededException} only from the table
 * or while growing the accumulators, before any value of the batch is folded in: the aggregation
 * then holds every earlier row, plus possibly some of the batch's keys as groups without input
 * (which some accumulators may not even have grown to; they read as "no input"). Such groups are
 * harmless: partial states of them merge as nothing, and the caller feeds the batch again, so each
 * of them gets its rows.
 */
final class GroupedAggregation implements AutoCloseable {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final long DECIMAL_BOUND = 1_000_000_000_000_000_000L;

    private final AggregationSpec spec;
    private final MemoryPool pool;
    private final AggregationKernels kernels;
    private final GroupByHashTable table;
    private final KeyColumns keys;
    private final GroupedAccumulator[] accs;
    /** The batch column each accumulator reads, -1 for COUNT(*) over raw rows. */
    private final int[] accColumn;
    /** Per call: its accumulator, and for a merged AVG the one summing the counts (else -1). */
    private final int[] primary;
    private final int[] secondary;
    private int[] groupIds = new int[0];
    private ColumnRef[] valueRefs = new ColumnRef[0];
    private boolean sawRows;

    /**
     * @param partialInput whether batches hold partial states ({@link AggregationSpec#partialSchema}) rather than raw rows
     * @param expectedGroups groups to size the table and accumulators for up front
     * @throws io.basalt.memory.MemoryLimitExceededException when even the empty state does not fit
     */
    GroupedAggregation(AggregationSpec spec, boolean partialInput, MemoryPool pool, AggregationKernels kernels, int expectedGroups) {
        this.spec = spec;
        this.pool = pool;
        this.kernels = kernels;
        List<AggregateCall> calls = spec.calls();
        int k = spec.keys().length;
        int states = calls.size();
        for (AggregateCall c : calls) {
            states += partialInput && c.function() == AggregateFunction.AVG ? 1 : 0;
        }
        this.accs = new GroupedAccumulator[states];
        this.accColumn = new int[states];
        this.primary = new int[calls.size()];
        this.secondary = new int[calls.size()];
        DataType[] keyTypes = new DataType[k];
        for (int i = 0; i < k; i++) {
            keyTypes[i] = spec.input().field(spec.keys()[i]).type();
        }
        this.keys = new KeyColumns(partialInput ? range(k) : spec.keys(), keyTypes, pool);
        GroupByHashTable t = null;
        try {
            int a = 0;
            int column = k;
            for (int i = 0; i < calls.size(); i++) {
                AggregateCall call = calls.get(i);
                secondary[i] = -1;
                primary[i] = a;
                if (!partialInput) {
                    accColumn[a] = call.inputColumn();
                    accs[a++] = new GroupedAccumulator(call.function(), call.inputType(spec.input()), pool);
                    continue;
                }
                for (Field f : call.partialFields(spec.input())) {
                    AggregateFunction merge = switch (call.function()) {
                        case MIN, MAX -> call.function();
                        default -> AggregateFunction.SUM;
                    };
                    accColumn[a] = column++;
                    accs[a++] = new GroupedAccumulator(merge, f.type(), pool);
                }
                if (call.function() == AggregateFunction.AVG) {
                    secondary[i] = a - 1;
                }
            }
            if (k > 0) {
                t = new GroupByHashTable(KeyColumns.tableTypes(keyTypes), pool, expectedGroups);
                for (GroupedAccumulator acc : accs) {
                    acc.ensureGroups(expectedGroups);
                }
            } else {
                for (GroupedAccumulator acc : accs) {
                    acc.ensureGroups(1);
                }
            }
        } catch (RuntimeException e) {
            closeAll(accs);
            if (t != null) {
                t.close();
            }
            throw e;
        }
        this.table = t;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** Number of groups: distinct keys so far, or 1 when ungrouped. */
    int groupCount() {
        return table == null ? 1 : table.groupCount();
    }

    /** Whether any row has been added (an ungrouped aggregation has its one group regardless). */
    boolean sawRows() {
        return sawRows;
    }

    long memoryUsed() {
        long total = table == null ? 0 : table.memoryUsed();
        for (GroupedAccumulator acc : accs) {
            total += acc.memoryUsed();
        }
        return total;
    }

    /** Folds a batch of raw rows or partial states into the groups; see the class comment for memory failures. */
    void add(Batch batch) {
        int rows = batch.rowCount();
        if (valueRefs.length < batch.columnCount()) {
            valueRefs = new ColumnRef[batch.columnCount()];
        }
        Arrays.fill(valueRefs, null);
        if (table == null) {
            for (int a = 0; a < accs.length; a++) {
                if (accColumn[a] < 0) {
                    kernels.countRows(accs[a], null, rows, 1);
                } else {
                    kernels.accumulateAll(accs[a], valueRef(batch, accColumn[a]));
                }
            }
            sawRows = true;
            return;
        }
        ColumnRef[] keyRefs = keys.refs(batch);
        if (groupIds.length < rows) {
            groupIds = new int[Math.max(rows, groupIds.length * 2)];
        }
        int groups = kernels.groupIds(table, keyRefs, groupIds);
        for (GroupedAccumulator acc : accs) {
            acc.ensureGroups(groups);
        }
        sawRows = true;
        for (int a = 0; a < accs.length; a++) {
            if (accColumn[a] < 0) {
                kernels.countRows(accs[a], groupIds, rows, groups);
            } else {
                kernels.accumulate(accs[a], valueRef(batch, accColumn[a]), groupIds, groups);
            }
        }
    }

    private ColumnRef valueRef(Batch batch, int column) {
        ColumnRef ref = valueRefs[column];
        if (ref == null) {
            ref = ColumnRef.of(batch, column);
            valueRefs[column] = ref;
        }
        return ref;
    }

    /** The key columns alone of groups {@code [from, from + n)}, as {@link AggregationSpec#keySchema} rows. */
    Batch buildKeys(Schema keySchema, int from, int n) {
        return build(keySchema, false, null, from, n);
    }

    /**
     * Partial states or final results of {@code n} groups: {@code groups[from + i]}, or groups
     * {@code [from, from + n)} when {@code groups} is null.
     *
     * @throws io.basalt.memory.MemoryLimitExceededException when the batch does not fit (nothing is kept)
     * @throws ArithmeticException when a decimal sum exceeds 18 digits
     */
    Batch build(boolean partial, int[] groups, int from, int n) {
        return build(partial ? spec.partialSchema() : spec.outputSchema(), partial, groups, from, n);
    }

    private Batch build(Schema schema, boolean partial, int[] groups, int from, int n) {
        FieldVector[] vectors = new FieldVector[schema.size()];
        try {
            for (int c = 0; c < vectors.length; c++) {
                vectors[c] = allocate(schema.field(c), c, n);
            }
            int k = spec.keys().length;
            for (int c = 0; c < Math.min(k, vectors.length); c++) {
                keys.write(vectors[c], table, c, groups, from, n);
            }
            int c = k;
            for (int i = 0; c < vectors.length; i++) {
                GroupedAccumulator acc = accs[primary[i]];
                GroupedAccumulator counts = secondary[i] >= 0 ? accs[secondary[i]] : acc;
                DataType type = schema.field(c).type();
                switch (spec.calls().get(i).function()) {
                    case SUM, MIN, MAX -> writeValue(vectors[c++], acc, type, schema.field(c - 1), groups, from, n);
                    case COUNT, COUNT_STAR -> writeCount(vectors[c++], acc, groups, from, n);
                    case AVG -> {
                        if (partial) {
                            writeValue(vectors[c++], acc, type, schema.field(c - 1), groups, from, n);
                            writeCount(vectors[c++], counts, groups, from, n);
                        } else {
                            writeAverage(vectors[c++], acc, counts, type, groups, from, n);
                        }
                    }
                }
            }
            for (FieldVector v : vectors) {
                v.setValueCount(n);
            }
            return BatchBuilder.adoptVectors(schema, vectors, n);
        } catch (RuntimeException e) {
            closeAll(vectors);
            throw e;
        }
    }

    private FieldVector allocate(Field field, int column, int n) {
        FieldVector v = field.toArrow().createVector(pool.arrowAllocator());
        try {
            if (v instanceof BaseVariableWidthVector vw) {
                vw.setInitialCapacity(n, averageKeyBytes(column));
            } else {
                v.setInitialCapacity(n);
            }
            v.allocateNew();
            return v;
        } catch (RuntimeException e) {
            v.close();
            throw e;
        }
    }

    /** Mean utf8 key length of key column {@code k} (the table keeps offsets into its key bytes). */
    private double averageKeyBytes(int k) {
        int groups = table.groupCount();
        return groups == 0 ? 16 : Math.max(1, table.keyValues(k).get(INT, groups * 4L) / (double) groups);
    }

    private static int group(int[] groups, int from, int i) {
        return groups == null ? from + i : groups[from + i];
    }

    /** SUM/MIN/MAX (or an AVG's partial sum): the accumulated value, NULL for groups without input. */
    private static void writeValue(FieldVector v, GroupedAccumulator acc, DataType type, Field field, int[] groups, int from, int n) {
        MemorySegment values = acc.valueSegment();
        MemorySegment counts = acc.countSegment();
        MemorySegment data = MemoryManager.segmentOf(v.getDataBuffer());
        MemorySegment validity = MemoryManager.segmentOf(v.getValidityBuffer());
        boolean wide = type.fixedWidth() == 8;
        // Sums of decimal(p,s) are decimal(18,s); MIN and MAX keep the input's type and always fit it.
        boolean checkDecimal = type.kind() == DataType.Kind.DECIMAL
                && acc.function() != AggregateFunction.MIN && acc.function() != AggregateFunction.MAX;
        for (int i = 0; i < n; i++) {
            int g = group(groups, from, i);
            boolean valid = g < acc.groupCount() && counts.get(LONG, g * 8L) != 0;
            long bits = valid ? values.get(LONG, g * 8L) : 0;
            if (wide) {
                data.set(LONG, i * 8L, bits);
            } else {
                data.set(INT, i * 4L, (int) bits);
            }
            if (checkDecimal && (bits >= DECIMAL_BOUND || bits <= -DECIMAL_BOUND)) {
                throw new ArithmeticException("Sum " + bits + " (unscaled) of column '" + field.name()
                        + "' does not fit its type " + type + " (at most 18 digits)");
            }
            Bitmaps.set(validity, i, valid);
        }
    }

    /** COUNT: the count, never NULL. */
    private static void writeCount(FieldVector v, GroupedAccumulator acc, int[] groups, int from, int n) {
        MemorySegment data = MemoryManager.segmentOf(v.getDataBuffer());
        MemorySegment validity = MemoryManager.segmentOf(v.getValidityBuffer());
        for (int i = 0; i < n; i++) {
            data.set(LONG, i * 8L, countOf(acc, group(groups, from, i)));
            Bitmaps.set(validity, i, true);
        }
    }

    /** A count: kept by COUNT, COUNT(*) and AVG accumulators, summed (NULL = 0) by merging SUM ones. */
    private static long countOf(GroupedAccumulator acc, int g) {
        if (g >= acc.groupCount()) {
            return 0; // a group added by a batch that failed for memory before reaching this accumulator
        }
        long n = acc.countSegment().get(LONG, g * 8L);
        return acc.function() == AggregateFunction.SUM ? (n == 0 ? 0 : acc.valueSegment().get(LONG, g * 8L)) : n;
    }

    /** AVG: sum / count as float64, or for decimals the quotient rounded half away from zero. */
    private static void writeAverage(FieldVector v, GroupedAccumulator sums, GroupedAccumulator counts, DataType type,
                                     int[] groups, int from, int n) {
        MemorySegment values = sums.valueSegment();
        MemorySegment data = MemoryManager.segmentOf(v.getDataBuffer());
        MemorySegment validity = MemoryManager.segmentOf(v.getValidityBuffer());
        boolean doubles = sums.valueClass() == GroupedAccumulator.ValueClass.DOUBLE;
        for (int i = 0; i < n; i++) {
            int g = group(groups, from, i);
            long count = countOf(counts, g);
            boolean valid = count != 0 && g < sums.groupCount() && sums.countSegment().get(LONG, g * 8L) != 0;
            long bits = 0;
            if (valid) {
                if (type.kind() == DataType.Kind.DECIMAL) {
                    bits = divideHalfUp(values.get(LONG, g * 8L), count);
                } else {
                    double sum = doubles ? Double.longBitsToDouble(values.get(LONG, g * 8L)) : values.get(LONG, g * 8L);
                    bits = Double.doubleToRawLongBits(sum / count);
                }
            }
            data.set(LONG, i * 8L, bits);
            Bitmaps.set(validity, i, valid);
        }
    }

    /** {@code sum / count} rounded half away from zero; {@code count > 0}. */
    static long divideHalfUp(long sum, long count) {
        long q = sum / count;
        long r = Math.abs(sum % count);
        return r >= count - r ? q + Long.signum(sum) : q;
    }

    private static void closeAll(GroupedAccumulator[] accumulators) {
        for (GroupedAccumulator acc : accumulators) {
            if (acc != null) {
                acc.close();
            }
        }
    }

    private static void closeAll(FieldVector[] vectors) {
        for (FieldVector v : vectors) {
            if (v != null) {
                v.close();
            }
        }
    }

    @Override
    public void close() {
        try {
            closeAll(accs);
        } finally {
            try {
                if (table != null) {
                    table.close();
                }
            } finally {
                keys.close();
            }
        }
    }
}
