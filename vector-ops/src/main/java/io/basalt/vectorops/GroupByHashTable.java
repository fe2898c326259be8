package io.basalt.vectorops;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.basalt.data.DataType;
import io.basalt.memory.MemoryPool;

/**
 * Open-addressing hash table mapping keys of one or more columns (int32/date, int64/decimal/
 * timestamp, utf8) to dense ids 0, 1, 2, ... in first-seen order: the group ids of a hash
 * aggregation, and the distinct-key index of a {@link JoinHashTable}. This class owns the off-heap
 * layout, growth and the per-row insert/compare primitives; the batch-at-a-time loops (hash a whole
 * batch, then probe) live in the {@link AggregationKernels} backends. Not thread-safe.
 *
 * <pre>
 * slots      capacity (a power of two) slots, linear probing from slot (tag &amp; (capacity - 1)); a
 *            slot's first long is 0 = empty, else (tag &lt;&lt; 32) | (id + 1), where tag = high 32
 *            bits of the key hash, so growing re-places slots without rehashing keys. A one-column
 *            fixed-width table inlines the key as the slot's second long (int32 sign-extended), so
 *            a probe compares keys in the cache line it already loaded: {@link #slotStride()} 16
 *            bytes, else 8
 * per key column c, indexed by id:
 *   values   fixed width: id * width (int32 or int64; 0 for a NULL key)
 *            utf8: capacity + 1 int32 offsets into bytes (id's key is bytes[off[id], off[id + 1]))
 *   validity one bit per id, set = non-null (Arrow convention, so it can be copied out as is)
 *   bytes    utf8 only: the key bytes, appended
 * </pre>
 *
 * Slots grow (doubling) when more than a quarter full (half full from 2^17 slots on), id storage
 * when full. Every growth allocates the new buffer before releasing the old one, so a
 * {@link io.basalt.memory.MemoryLimitExceededException} leaves the table consistent, holding every
 * key inserted before the failing one.
 */
public final class GroupByHashTable implements AutoCloseable {
    /** Largest number of distinct keys (slots are kept at most half full). */
    public static final int MAX_GROUPS = 1 << 29;
    private static final int MIN_CAPACITY = 16;
    private static final int SMALL_TABLE_SLOTS = 1 << 16;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private final DataType[] types;
    /** Bytes per value of each key column: 4, 8, or 0 for utf8. */
    private final int[] widths;
    private final MemoryPool pool;
    private OffHeapBuffer slots;
    private final OffHeapBuffer[] values;
    private final OffHeapBuffer[] validity;
    private final OffHeapBuffer[] bytes;
    private int slotMask;
    /** Bytes per slot: 16 with the key inlined (one fixed-width key column), else 8. */
    private final int stride;
    private int capacity;
    private int count;
    private int nullGroup = -1;
    private final long[][] longScratch = new long[6][];
    private final int[][] intScratch = new int[3][];
    private boolean closed;

    /**
     * @param keyTypes the key columns' types: int32, date, int64, decimal, timestamp or utf8
     * @param expectedGroups sizing hint; the table grows past it
     * @throws IllegalArgumentException for an empty key list or an unsupported key type
     */
    public GroupByHashTable(List<DataType> keyTypes, MemoryPool pool, int expectedGroups) {
        if (keyTypes.isEmpty()) {
            throw new IllegalArgumentException("A hash table needs at least one key column");
        }
        int n = keyTypes.size();
        this.types = keyTypes.toArray(new DataType[0]);
        this.widths = new int[n];
        for (int c = 0; c < n; c++) {
            widths[c] = keyWidth(types[c]);
        }
        int groups = Math.clamp(expectedGroups, MIN_CAPACITY, MAX_GROUPS);
        int slotCount = MIN_CAPACITY;
        while (maxGroups(slotCount) < groups) {
            slotCount *= 2;
        }
        this.values = new OffHeapBuffer[n];
        this.validity = new OffHeapBuffer[n];
        this.bytes = new OffHeapBuffer[n];
        OffHeapBuffer slotBuffer = null;
        try {
            slotBuffer = new OffHeapBuffer(pool, (long) slotCount * (n == 1 && widths[0] != 0 ? 16 : 8), true);
            for (int c = 0; c < n; c++) {
                if (widths[c] == 0) {
                    values[c] = new OffHeapBuffer(pool, (groups + 1L) * Integer.BYTES, false);
                    values[c].segment().set(INT, 0, 0);
                    bytes[c] = new OffHeapBuffer(pool, groups * 16L, false);
                } else {
                    values[c] = new OffHeapBuffer(pool, (long) groups * widths[c], false);
                }
                validity[c] = new OffHeapBuffer(pool, Bitmaps.bytesFor(groups), false);
            }
        } catch (RuntimeException e) {
            OffHeapBuffer.closeAll(slotBuffer);
            OffHeapBuffer.closeAll(values);
            OffHeapBuffer.closeAll(validity);
            OffHeapBuffer.closeAll(bytes);
            throw e;
        }
        this.pool = pool;
        this.stride = n == 1 && widths[0] != 0 ? 16 : 8;
        this.slots = slotBuffer;
        this.slotMask = slotCount - 1;
        this.capacity = groups;
    }

    /**
     * Bytes per value of a key column of {@code type}: 4 or 8, or 0 for utf8.
     *
     * @throws IllegalArgumentException for types that cannot be hash keys here
     */
    public static int keyWidth(DataType type) {
        return switch (type.kind()) {
            case INT32, DATE -> 4;
            case INT64, DECIMAL, TIMESTAMP -> 8;
            case UTF8 -> 0;
            default -> throw new IllegalArgumentException("Unsupported hash key type " + type
                    + ": keys must be int32, date, int64, decimal, timestamp or utf8");
        };
    }

    // ---- shape and results ----

    public int keyCount() {
        return types.length;
    }

    public DataType keyType(int column) {
        return types[column];
    }

    public List<DataType> keyTypes() {
        return List.of(types);
    }

    /** Number of distinct keys (groups) so far; ids are {@code [0, groupCount())}. */
    public int groupCount() {
        return count;
    }

    /** Off-heap bytes held by this table (slots, keys, validity). */
    public long memoryUsed() {
        long total = slots.capacity();
        for (int c = 0; c < types.length; c++) {
            total += values[c].capacity() + validity[c].capacity() + (bytes[c] == null ? 0 : bytes[c].capacity());
        }
        return total;
    }

    public boolean isKeyNull(int column, int group) {
        checkGroup(group);
        return !Bitmaps.get(validity[column].segment(), group);
    }

    /** The key of an int64, decimal (unscaled) or timestamp (micros) column. */
    public long longKey(int column, int group) {
        checkGroup(group);
        requireWidth(column, 8);
        return values[column].segment().get(LONG, (long) group * 8);
    }

    /** The key of an int32 or date (days) column. */
    public int intKey(int column, int group) {
        checkGroup(group);
        requireWidth(column, 4);
        return values[column].segment().get(INT, (long) group * 4);
    }

    /** The utf8 bytes of a utf8 key. */
    public byte[] utf8Key(int column, int group) {
        checkGroup(group);
        requireWidth(column, 0);
        MemorySegment offsets = values[column].segment();
        int start = offsets.get(INT, (long) group * 4);
        int end = offsets.get(INT, (long) group * 4 + 4);
        return bytes[column].segment().asSlice(start, end - start).toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * The key as the Java object {@link io.basalt.data.Batch#getObject} would return (Integer, Long,
     * BigDecimal, LocalDate, LocalDateTime or String), or null. For tests and row-wise consumers.
     */
    public Object key(int column, int group) {
        if (isKeyNull(column, group)) {
            return null;
        }
        DataType type = types[column];
        return switch (type.kind()) {
            case INT32 -> intKey(column, group);
            case DATE -> LocalDate.ofEpochDay(intKey(column, group));
            case INT64 -> longKey(column, group);
            case DECIMAL -> BigDecimal.valueOf(longKey(column, group), type.scale());
            case TIMESTAMP -> {
                long micros = longKey(column, group);
                yield LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
            }
            case UTF8 -> new String(utf8Key(column, group), StandardCharsets.UTF_8);
            default -> throw new IllegalStateException("unreachable: " + type);
        };
    }

    /** All key columns of {@code group}, as {@link #key} objects. */
    public List<Object> keys(int group) {
        List<Object> row = new ArrayList<>(types.length);
        for (int c = 0; c < types.length; c++) {
            row.add(key(c, group));
        }
        return row;
    }

    // ---- kernel-facing layout access (valid until the next insert, which may grow the table) ----

    /** The slot array; see the class comment for the encoding. */
    public MemorySegment slotSegment() {
        return slots.segment();
    }

    /** Slot count minus one. */
    public int slotMask() {
        return slotMask;
    }

    /** Bytes per slot: 16 when the key is inlined after the id word (one fixed-width key column), else 8. */
    public int slotStride() {
        return stride;
    }

    /** Fixed-width keys of column {@code column}, id {@code g} at {@code g * width}; utf8: the offsets. */
    public MemorySegment keyValues(int column) {
        return values[column].segment();
    }

    /** Key validity bits (set = non-null) of column {@code column}, indexed by id. */
    public MemorySegment keyValidity(int column) {
        return validity[column].segment();
    }

    /** Bytes per key value of column {@code column}: 4, 8, or 0 for utf8. */
    public int keyWidth(int column) {
        return widths[column];
    }

    /** For a one-column table, the id of the NULL key, or -1 when NULL has not been seen. */
    public int nullGroup() {
        return nullGroup;
    }

    /**
     * Checks that {@code keys} match this table's key columns (same count and physical layout, equal
     * row counts) and returns the row count.
     */
    public int checkKeys(ColumnRef[] keys) {
        checkOpen();
        if (keys.length != types.length) {
            throw new IllegalArgumentException("Expected " + types.length + " key column(s) of types " + keyTypes()
                    + ", got " + keys.length);
        }
        int rows = keys[0].count();
        for (int c = 0; c < keys.length; c++) {
            ColumnRef key = keys[c];
            boolean sameLayout = switch (key.type().kind()) {
                case INT32, DATE -> widths[c] == 4;
                case INT64, DECIMAL, TIMESTAMP -> widths[c] == 8;
                case UTF8 -> widths[c] == 0;
                default -> false;
            };
            if (!sameLayout) {
                throw new IllegalArgumentException("Key column " + c + " has type " + key.type() + " but the table's key "
                        + c + " is " + types[c] + " (a different physical layout)");
            }
            if (key.count() != rows) {
                throw new IllegalArgumentException("Key column " + c + " has " + key.count() + " rows but key column 0 has " + rows);
            }
        }
        return rows;
    }

    /** A reusable heap scratch array ({@code which} in 0..5) of at least {@code n} longs, for kernels. */
    public long[] longScratch(int which, int n) {
        long[] a = longScratch[which];
        if (a == null || a.length < n) {
            a = new long[Math.max(n, a == null ? 0 : a.length + (a.length >> 1))];
            longScratch[which] = a;
        }
        return a;
    }

    /** A reusable heap scratch array ({@code which} in 0..2) of at least {@code n} ints, for kernels. */
    public int[] intScratch(int which, int n) {
        int[] a = intScratch[which];
        if (a == null || a.length < n) {
            a = new int[Math.max(n, a == null ? 0 : a.length + (a.length >> 1))];
            intScratch[which] = a;
        }
        return a;
    }

    // ---- per-row primitives used by the kernels' probe loops ----

    /** Id of the key at {@code row} of {@code keys} (whose hash is {@code hash}), or -1 if absent. */
    public int find(long hash, ColumnRef[] keys, int row) {
        MemorySegment s = slots.segment();
        int tag = (int) (hash >>> 32);
        int mask = slotMask;
        int idx = tag & mask;
        while (true) {
            long slot = s.get(LONG, (long) idx * stride);
            if (slot == 0) {
                return -1;
            }
            if ((int) (slot >>> 32) == tag) {
                int g = (int) slot - 1;
                if (keysEqual(g, keys, row)) {
                    return g;
                }
            }
            idx = (idx + 1) & mask;
        }
    }

    /** Id of the key at {@code row}, inserting it as a new group when absent. */
    public int findOrInsert(long hash, ColumnRef[] keys, int row) {
        int g = find(hash, keys, row);
        return g >= 0 ? g : insert(hash, keys, row);
    }

    /**
     * Adds the key at {@code row} (which must be absent) as group {@link #groupCount()} and returns
     * its id. May grow the table: kernels must re-read {@link #slotSegment()} and friends afterwards.
     */
    public int insert(long hash, ColumnRef[] keys, int row) {
        int g = count;
        if (g == MAX_GROUPS) {
            throw new IllegalStateException("Hash table is full: at most " + MAX_GROUPS + " distinct keys");
        }
        // Allocate everything first, so a memory limit leaves the table unchanged.
        if (g == capacity) {
            growIds(capacity * 2);
        }
        for (int c = 0; c < types.length; c++) {
            if (widths[c] == 0 && keys[c].isValid(row)) {
                long end = keyValues(c).get(INT, (long) g * 4) + (long) utf8Length(keys[c], row);
                if (end > Integer.MAX_VALUE) {
                    throw new IllegalStateException("utf8 keys of column " + c + " exceed 2 GiB in one hash table");
                }
                bytes[c].ensureCapacity(end, keyValues(c).get(INT, (long) g * 4), false);
            }
        }
        if (g + 1 > maxGroups(slotMask + 1)) {
            resizeSlots((slotMask + 1) * 2);
        }
        boolean allValid = true;
        for (int c = 0; c < types.length; c++) {
            ColumnRef key = keys[c];
            boolean valid = key.isValid(row);
            allValid &= valid;
            Bitmaps.set(validity[c].segment(), g, valid);
            long bufferRow = (long) key.offset() + row;
            MemorySegment v = values[c].segment();
            switch (widths[c]) {
                case 8 -> v.set(LONG, (long) g * 8, valid ? key.data().get(LONG, bufferRow * 8) : 0L);
                case 4 -> v.set(INT, (long) g * 4, valid ? key.data().get(INT, bufferRow * 4) : 0);
                default -> {
                    int start = v.get(INT, (long) g * 4);
                    int length = 0;
                    if (valid) {
                        int from = key.offsets().get(INT, bufferRow * 4);
                        length = key.offsets().get(INT, bufferRow * 4 + 4) - from;
                        MemorySegment.copy(key.data(), from, bytes[c].segment(), start, length);
                    }
                    v.set(INT, (long) g * 4 + 4, start + length);
                }
            }
        }
        MemorySegment s = slots.segment();
        int tag = (int) (hash >>> 32);
        int idx = tag & slotMask;
        while (s.get(LONG, (long) idx * stride) != 0) {
            idx = (idx + 1) & slotMask;
        }
        s.set(LONG, (long) idx * stride, ((long) tag << 32) | (g + 1L));
        if (stride == 16) {
            MemorySegment v = values[0].segment();
            s.set(LONG, (long) idx * 16 + 8, widths[0] == 8 ? v.get(LONG, (long) g * 8) : v.get(INT, (long) g * 4));
        }
        count = g + 1;
        if (!allValid && types.length == 1) {
            nullGroup = g;
        }
        return g;
    }

    /** Byte equality of two UTF-8 values of length {@code len}; short values (the common group key) byte by byte. */
    private static boolean utf8Equal(MemorySegment a, long aFrom, MemorySegment b, long bFrom, int len) {
        if (len <= 16) {
            for (int i = 0; i < len; i++) {
                if (a.get(ValueLayout.JAVA_BYTE, aFrom + i) != b.get(ValueLayout.JAVA_BYTE, bFrom + i)) {
                    return false;
                }
            }
            return true;
        }
        return MemorySegment.mismatch(a, aFrom, aFrom + len, b, bFrom, bFrom + len) < 0;
    }

    /**
     * Whether group {@code g}'s key equals the key at {@code row} of {@code keys}; NULL equals NULL
     * (GROUP BY semantics; join kernels never insert or look up NULL keys).
     */
    public boolean keysEqual(int g, ColumnRef[] keys, int row) {
        for (int c = 0; c < keys.length; c++) {
            ColumnRef key = keys[c];
            boolean valid = key.isValid(row);
            if (valid != Bitmaps.get(validity[c].segment(), g)) {
                return false;
            }
            if (!valid) {
                continue;
            }
            long bufferRow = (long) key.offset() + row;
            MemorySegment v = values[c].segment();
            boolean equal = switch (widths[c]) {
                case 8 -> v.get(LONG, (long) g * 8) == key.data().get(LONG, bufferRow * 8);
                case 4 -> v.get(INT, (long) g * 4) == key.data().get(INT, bufferRow * 4);
                default -> {
                    int from = key.offsets().get(INT, bufferRow * 4);
                    int to = key.offsets().get(INT, bufferRow * 4 + 4);
                    int start = v.get(INT, (long) g * 4);
                    int end = v.get(INT, (long) g * 4 + 4);
                    yield to - from == end - start && utf8Equal(key.data(), from, bytes[c].segment(), start, to - from);
                }
            };
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    /**
     * Most keys a slot array of {@code slots} slots holds: a quarter full while it is small enough to
     * stay in L2 (fewer collisions, which cost branch misses, for a few KiB), half full beyond (where
     * cache misses dominate and the next slot is usually in the same cache line).
     */
    private static int maxGroups(int slots) {
        return slots <= SMALL_TABLE_SLOTS ? slots / 4 : slots / 2;
    }

    private static int utf8Length(ColumnRef key, int row) {
        long bufferRow = (long) key.offset() + row;
        return key.offsets().get(INT, bufferRow * 4 + 4) - key.offsets().get(INT, bufferRow * 4);
    }

    private void growIds(int newCapacity) {
        for (int c = 0; c < types.length; c++) {
            if (widths[c] == 0) {
                values[c].ensureCapacity((newCapacity + 1L) * 4, (count + 1L) * 4, false);
            } else {
                values[c].ensureCapacity((long) newCapacity * widths[c], (long) count * widths[c], false);
            }
            validity[c].ensureCapacity(Bitmaps.bytesFor(newCapacity), Bitmaps.bytesFor(count), false);
        }
        capacity = newCapacity;
    }

    private void resizeSlots(int newSlotCount) {
        OffHeapBuffer grown = new OffHeapBuffer(pool, (long) newSlotCount * stride, true);
        MemorySegment old = slots.segment();
        MemorySegment s = grown.segment();
        int oldCount = slotMask + 1;
        int mask = newSlotCount - 1;
        for (int i = 0; i < oldCount; i++) {
            long slot = old.get(LONG, (long) i * stride);
            if (slot != 0) {
                int idx = (int) (slot >>> 32) & mask;
                while (s.get(LONG, (long) idx * stride) != 0) {
                    idx = (idx + 1) & mask;
                }
                MemorySegment.copy(old, (long) i * stride, s, (long) idx * stride, stride);
            }
        }
        slots.close();
        slots = grown;
        slotMask = mask;
    }

    private void requireWidth(int column, int width) {
        if (widths[column] != width) {
            throw new IllegalArgumentException("Key column " + column + " has type " + types[column]);
        }
    }

    private void checkGroup(int group) {
        checkOpen();
        if (group < 0 || group >= count) {
            throw new IndexOutOfBoundsException("Group " + group + " outside [0, " + count + ")");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Hash table is closed");
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Releases all off-heap memory; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                OffHeapBuffer.closeAll(slots);
                OffHeapBuffer.closeAll(values);
                OffHeapBuffer.closeAll(validity);
            } finally {
                OffHeapBuffer.closeAll(bytes);
            }
        }
    }
}
