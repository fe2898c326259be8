package io.basalt.runtime.operators.agg;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.GroupByHashTable;

/**
 * Maps group-key columns of any type onto the key types a {@link GroupByHashTable} stores, and
 * back. Most types go in as they are; boolean becomes int32 0/1, and float32/float64 are keyed by
 * their bits as int32/int64 after normalising -0.0 to 0.0 and every NaN to the canonical NaN (SQL
 * equality: 0.0 = -0.0, NaN groups with NaN), so the results carry 0.0 and the canonical NaN.
 * Converted columns are written into one scratch buffer from the pool, reused across batches.
 * Not thread-safe.
 */
final class KeyColumns implements AutoCloseable {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final long CANONICAL_NAN = Double.doubleToLongBits(Double.NaN);
    private static final int CANONICAL_NAN_32 = Float.floatToIntBits(Float.NaN);

    private final int[] columns;
    private final DataType[] types;
    private final MemoryPool pool;
    private final ColumnRef[] refs;
    private ArrowBuf scratch;

    /** Keys at {@code columns} of batches whose key types are {@code types}. */
    KeyColumns(int[] columns, DataType[] types, MemoryPool pool) {
        this.columns = columns.clone();
        this.types = types.clone();
        this.pool = pool;
        this.refs = new ColumnRef[columns.length];
    }

    /** The hash-table key type of a key column of {@code type}. */
    static DataType tableType(DataType type) {
        return switch (type.kind()) {
            case BOOLEAN, FLOAT32 -> DataType.INT32;
            case FLOAT64 -> DataType.INT64;
            default -> type;
        };
    }

    static List<DataType> tableTypes(DataType[] types) {
        List<DataType> result = new ArrayList<>(types.length);
        for (DataType t : types) {
            result.add(tableType(t));
        }
        return result;
    }

    /**
     * The key columns of {@code batch} in table form; valid until the next call.
     *
     * @throws io.basalt.memory.MemoryLimitExceededException when the scratch buffer cannot grow
     */
    ColumnRef[] refs(Batch batch) {
        int n = batch.rowCount();
        long need = 0;
        for (int k = 0; k < columns.length; k++) {
            refs[k] = ColumnRef.of(batch, columns[k]);
            if (needsCopy(refs[k])) {
                need += align((long) n * 4 * (types[k].kind() == DataType.Kind.FLOAT64 ? 2 : 1)) + Bitmaps.bytesFor(n);
            }
        }
        if (need == 0) {
            for (int k = 0; k < columns.length; k++) {
                refs[k] = reinterpret(refs[k], types[k]);
            }
            return refs;
        }
        if (scratch == null || scratch.capacity() < need) {
            ArrowBuf grown = pool.allocate(need);
            close();
            scratch = grown;
        }
        MemorySegment s = MemoryManager.segmentOf(scratch);
        long at = 0;
        for (int k = 0; k < columns.length; k++) {
            ColumnRef ref = refs[k];
            if (!needsCopy(ref)) {
                refs[k] = reinterpret(ref, types[k]);
                continue;
            }
            boolean wide = types[k].kind() == DataType.Kind.FLOAT64;
            long dataBytes = align((long) n * (wide ? 8 : 4));
            MemorySegment data = s.asSlice(at, dataBytes);
            MemorySegment validity = null;
            if (ref.validity() != null) {
                validity = s.asSlice(at + dataBytes, Bitmaps.bytesFor(n));
                Bitmaps.copy(ref.validity(), ref.offset(), n, validity);
            }
            at += dataBytes + Bitmaps.bytesFor(n);
            convert(ref, types[k], data);
            refs[k] = new ColumnRef(tableType(types[k]), data, validity, null, 0, n);
        }
        return refs;
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /** Booleans always, floats only when a value has a non-canonical bit pattern (-0.0 or another NaN). */
    private static boolean needsCopy(ColumnRef ref) {
        MemorySegment d = ref.data();
        long base = ref.offset();
        int n = ref.count();
        switch (ref.type().kind()) {
            case BOOLEAN -> {
                return true;
            }
            case FLOAT64 -> {
                for (int r = 0; r < n; r++) {
                    long bits = d.get(LONG, (base + r) * 8);
                    if (bits == Long.MIN_VALUE || ((bits & Long.MAX_VALUE) > 0x7FF0000000000000L && bits != CANONICAL_NAN)) {
                        return true;
                    }
                }
                return false;
            }
            case FLOAT32 -> {
                for (int r = 0; r < n; r++) {
                    int bits = d.get(INT, (base + r) * 4);
                    if (bits == Integer.MIN_VALUE || ((bits & Integer.MAX_VALUE) > 0x7F800000 && bits != CANONICAL_NAN_32)) {
                        return true;
                    }
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /** A float column whose bits are already canonical, read as the integer column of the same width. */
    private static ColumnRef reinterpret(ColumnRef ref, DataType type) {
        DataType t = tableType(type);
        return t.equals(type) ? ref : new ColumnRef(t, ref.data(), ref.validity(), null, ref.offset(), ref.count());
    }

    private static void convert(ColumnRef ref, DataType type, MemorySegment out) {
        MemorySegment d = ref.data();
        long base = ref.offset();
        int n = ref.count();
        switch (type.kind()) {
            case BOOLEAN -> {
                for (int r = 0; r < n; r++) {
                    out.set(INT, r * 4L, Bitmaps.get(d, base + r) ? 1 : 0);
                }
            }
            case FLOAT64 -> {
                for (int r = 0; r < n; r++) {
                    long bits = d.get(LONG, (base + r) * 8);
                    bits = bits == Long.MIN_VALUE ? 0 : (bits & Long.MAX_VALUE) > 0x7FF0000000000000L ? CANONICAL_NAN : bits;
                    out.set(LONG, r * 8L, bits);
                }
            }
            case FLOAT32 -> {
                for (int r = 0; r < n; r++) {
                    int bits = d.get(INT, (base + r) * 4);
                    bits = bits == Integer.MIN_VALUE ? 0 : (bits & Integer.MAX_VALUE) > 0x7F800000 ? CANONICAL_NAN_32 : bits;
                    out.set(INT, r * 4L, bits);
                }
            }
            default -> throw new IllegalStateException("unreachable: " + type);
        }
    }

    /**
     * Writes key column {@code k} of the groups of output rows {@code [0, n)} into {@code vector}
     * (allocated for at least {@code n} values): group {@code groups[from + i]}, or {@code from + i}
     * when {@code groups} is null.
     */
    void write(FieldVector vector, GroupByHashTable table, int k, int[] groups, int from, int n) {
        MemorySegment valid = table.keyValidity(k);
        DataType type = types[k];
        switch (type.kind()) {
            case UTF8 -> {
                VarCharVector v = (VarCharVector) vector;
                for (int i = 0; i < n; i++) {
                    int g = groups == null ? from + i : groups[from + i];
                    if (Bitmaps.get(valid, g)) {
                        v.setSafe(i, table.utf8Key(k, g));
                    } else {
                        v.setNull(i);
                    }
                }
            }
            case BOOLEAN -> {
                BitVector v = (BitVector) vector;
                MemorySegment values = table.keyValues(k);
                for (int i = 0; i < n; i++) {
                    int g = groups == null ? from + i : groups[from + i];
                    if (Bitmaps.get(valid, g)) {
                        v.set(i, values.get(INT, g * 4L));
                    } else {
                        v.setNull(i);
                    }
                }
            }
            default -> {
                // Same bits in the same width: copy them raw, float keys included.
                MemorySegment values = table.keyValues(k);
                MemorySegment data = MemoryManager.segmentOf(vector.getDataBuffer());
                MemorySegment validity = MemoryManager.segmentOf(vector.getValidityBuffer());
                boolean wide = type.fixedWidth() == 8;
                for (int i = 0; i < n; i++) {
                    int g = groups == null ? from + i : groups[from + i];
                    if (wide) {
                        data.set(LONG, i * 8L, values.get(LONG, g * 8L));
                    } else {
                        data.set(INT, i * 4L, values.get(INT, g * 4L));
                    }
                    Bitmaps.set(validity, i, Bitmaps.get(valid, g));
                }
            }
        }
    }

    @Override
    public void close() {
        if (scratch != null) {
            scratch.close();
            scratch = null;
        }
    }
}
