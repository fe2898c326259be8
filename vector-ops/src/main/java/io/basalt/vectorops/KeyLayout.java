package io.basalt.vectorops;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import io.basalt.data.DataType;

/**
 * Byte layout of the normalized (byte-comparable) sort key of a list of sort columns; see
 * {@link NormalizedKeys} for the encoding. Also the reference comparison of two rows under the
 * same columns and orders, used to break ties of truncated strings and by {@link RunMerger}.
 * Immutable and thread-safe.
 *
 * <pre>
 * per column, in sort-column order, packed without padding:
 *   +-----------+---------------------------------------------+
 *   | null byte | value bytes (big-endian, order-preserving)   |
 *   +-----------+---------------------------------------------+
 *   boolean 1 | int32, date, float32 4 | int64, decimal, timestamp, float64 8
 *   utf8: prefix P bytes (zero-padded) + 1 length byte min(length, P + 1)
 * the key is then zero-padded to whole 8-byte words.
 * </pre>
 */
public final class KeyLayout {
    /** Default number of utf8 bytes stored in the key; longer strings tie-break on the full value. */
    public static final int DEFAULT_UTF8_PREFIX = 8;
    /** The length byte must hold {@code prefix + 1}. */
    public static final int MAX_UTF8_PREFIX = 254;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private final DataType[] types;
    private final SortOrder[] orders;
    private final int utf8Prefix;
    private final int[] nullByteOffsets;
    private final int keyBytes;
    private final int words;
    private final int firstUtf8;

    public KeyLayout(List<DataType> types, List<SortOrder> orders) {
        this(types, orders, DEFAULT_UTF8_PREFIX);
    }

    public KeyLayout(List<DataType> types, List<SortOrder> orders, int utf8PrefixBytes) {
        if (types.size() != orders.size()) {
            throw new IllegalArgumentException(types.size() + " sort column types but " + orders.size() + " sort orders");
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("A sort key needs at least one column");
        }
        if (utf8PrefixBytes < 1 || utf8PrefixBytes > MAX_UTF8_PREFIX) {
            throw new IllegalArgumentException("utf8 key prefix must be between 1 and " + MAX_UTF8_PREFIX + " bytes, was " + utf8PrefixBytes);
        }
        this.types = types.toArray(DataType[]::new);
        this.orders = orders.toArray(SortOrder[]::new);
        this.utf8Prefix = utf8PrefixBytes;
        this.nullByteOffsets = new int[this.types.length];
        int offset = 0;
        int utf8 = -1;
        for (int c = 0; c < this.types.length; c++) {
            nullByteOffsets[c] = offset;
            offset += 1 + valueBytes(this.types[c], utf8PrefixBytes);
            if (this.types[c].kind() == DataType.Kind.UTF8 && utf8 < 0) {
                utf8 = c;
            }
            if (this.orders[c] == null) {
                throw new IllegalArgumentException("Sort order of column " + c + " is null");
            }
        }
        this.keyBytes = offset;
        this.words = (offset + 7) >>> 3;
        this.firstUtf8 = utf8;
    }

    /** A layout with one order for all columns. */
    public static KeyLayout of(List<DataType> types, SortOrder order) {
        return new KeyLayout(types, Collections.nCopies(types.size(), order));
    }

    private static int valueBytes(DataType type, int utf8Prefix) {
        return switch (type.kind()) {
            case BOOLEAN -> 1;
            case INT32, DATE, FLOAT32 -> 4;
            case INT64, DECIMAL, TIMESTAMP, FLOAT64 -> 8;
            case UTF8 -> utf8Prefix + 1;
        };
    }

    public int columnCount() {
        return types.length;
    }

    public DataType type(int column) {
        return types[column];
    }

    public SortOrder order(int column) {
        return orders[column];
    }

    /** Bytes of the string prefix stored for utf8 columns. */
    public int utf8PrefixBytes() {
        return utf8Prefix;
    }

    /** Byte position of the column's null byte inside the key; its value bytes follow. */
    public int nullByteOffset(int column) {
        return nullByteOffsets[column];
    }

    /** Number of value bytes of the column after its null byte. */
    public int valueBytes(int column) {
        return valueBytes(types[column], utf8Prefix);
    }

    /** Significant key bytes (before padding to whole words). */
    public int keyBytes() {
        return keyBytes;
    }

    /** 8-byte words per key. */
    public int words() {
        return words;
    }

    /** Index of the first utf8 column, or -1: only keys with a utf8 column can need tie-breaking. */
    public int firstUtf8Column() {
        return firstUtf8;
    }

    /**
     * Checks that {@code columns} match this layout's types and all have the same row count.
     *
     * @return that row count
     * @throws IllegalArgumentException naming the first mismatching column
     */
    public int checkColumns(ColumnRef[] columns) {
        if (columns.length != types.length) {
            throw new IllegalArgumentException(columns.length + " columns for a sort key of " + types.length + " columns " + this);
        }
        int count = columns[0].count();
        for (int c = 0; c < columns.length; c++) {
            if (!columns[c].type().equals(types[c])) {
                throw new IllegalArgumentException("Sort column " + c + " has type " + columns[c].type() + " but the key layout expects " + types[c]);
            }
            if (columns[c].count() != count) {
                throw new IllegalArgumentException("Sort column " + c + " has " + columns[c].count() + " rows but column 0 has " + count);
            }
        }
        return count;
    }

    /**
     * Compares row {@code rowA} of columns {@code a} with row {@code rowB} of columns {@code b}
     * (both matching this layout) on columns {@code fromColumn..}, honouring orders and null
     * placement; the result's sign is what matters. This is the definition the normalized keys
     * implement, evaluated directly on the values (slow; for ties and merges only).
     */
    public int compareRows(ColumnRef[] a, int rowA, ColumnRef[] b, int rowB, int fromColumn) {
        for (int c = fromColumn; c < types.length; c++) {
            ColumnRef ca = a[c];
            ColumnRef cb = b[c];
            boolean va = ca.isValid(rowA);
            boolean vb = cb.isValid(rowB);
            if (!va || !vb) {
                if (va == vb) {
                    continue;
                }
                boolean aFirst = va != orders[c].nullsFirst();
                return aFirst ? -1 : 1;
            }
            int cmp = compareValues(types[c].kind(), ca, ca.offset() + (long) rowA, cb, cb.offset() + (long) rowB);
            if (cmp != 0) {
                return orders[c].descending() ? -Integer.signum(cmp) : Integer.signum(cmp);
            }
        }
        return 0;
    }

    private static int compareValues(DataType.Kind kind, ColumnRef a, long ia, ColumnRef b, long ib) {
        return switch (kind) {
            case BOOLEAN -> Boolean.compare(Bitmaps.get(a.data(), ia), Bitmaps.get(b.data(), ib));
            case INT32, DATE -> Integer.compare(a.data().get(INT, ia * 4), b.data().get(INT, ib * 4));
            case INT64, DECIMAL, TIMESTAMP -> Long.compare(a.data().get(LONG, ia * 8), b.data().get(LONG, ib * 8));
            case FLOAT32 -> Float.compare(a.data().get(FLOAT, ia * 4), b.data().get(FLOAT, ib * 4));
            case FLOAT64 -> Double.compare(a.data().get(DOUBLE, ia * 8), b.data().get(DOUBLE, ib * 8));
            case UTF8 -> compareUtf8(a, ia, b, ib);
        };
    }

    private static int compareUtf8(ColumnRef a, long ia, ColumnRef b, long ib) {
        long sa = a.offsets().get(INT, ia * 4);
        long ea = a.offsets().get(INT, ia * 4 + 4);
        long sb = b.offsets().get(INT, ib * 4);
        long eb = b.offsets().get(INT, ib * 4 + 4);
        long m = MemorySegment.mismatch(a.data(), sa, ea, b.data(), sb, eb);
        if (m < 0) {
            return 0;
        }
        if (m == ea - sa) {
            return -1;
        }
        if (m == eb - sb) {
            return 1;
        }
        return Integer.compare(a.data().get(ValueLayout.JAVA_BYTE, sa + m) & 0xFF, b.data().get(ValueLayout.JAVA_BYTE, sb + m) & 0xFF);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyLayout other && utf8Prefix == other.utf8Prefix
                && Arrays.equals(types, other.types) && Arrays.equals(orders, other.orders);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(types) + Arrays.hashCode(orders)) + utf8Prefix;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("KeyLayout[");
        for (int c = 0; c < types.length; c++) {
            sb.append(c == 0 ? "" : ", ").append(types[c]).append(' ').append(orders[c]);
        }
        return sb.append("; ").append(keyBytes).append(" bytes, ").append(words).append(" words]").toString();
    }
}
