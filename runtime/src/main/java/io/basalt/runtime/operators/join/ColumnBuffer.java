package io.basalt.runtime.operators.join;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.GatherKernels;

/**
 * One growable column in Arrow layout (validity bitmap; values, a value bitmap for booleans, or
 * utf8 offsets and bytes) in foreign memory from a pool. Rows are appended from {@link ColumnRef}s
 * with the gather kernels, read back through {@link #ref()} and handed to an Arrow vector by
 * {@link #seal} without copying. Appending is two-phase ({@link #reserve}/{@link #prepare}, then
 * {@link #write}) so that a {@link io.basalt.memory.MemoryLimitExceededException}, which can only
 * come from the first phase, leaves the rows unchanged. Not thread-safe.
 */
final class ColumnBuffer implements AutoCloseable {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    /** Smallest allocation: a zero-byte ArrowBuf has no segment. */
    private static final long MIN_BYTES = 64;

    private final Field field;
    private final MemoryPool pool;
    /** Bytes per value: 4 or 8, 0 for a boolean bitmap, -1 for utf8. */
    private final int width;
    private final int initialRows;
    private ArrowBuf validity;
    private ArrowBuf data;
    private ArrowBuf offsets;
    private int rows;
    private int nulls;
    /** Utf8 bytes in use ({@code offsets[rows]}, kept here because phase 1 overwrites that slot). */
    private long bytes;
    /** Utf8 bytes of the rows being appended, measured by {@link #prepare}. */
    private long pendingBytes;

    ColumnBuffer(Field field, MemoryPool pool, int initialRows) {
        this.field = field;
        this.pool = pool;
        DataType type = field.type();
        this.width = type.kind() == DataType.Kind.UTF8 ? -1 : type.fixedWidth();
        this.initialRows = Math.max(1, initialRows);
    }

    Field field() {
        return field;
    }

    int rowCount() {
        return rows;
    }

    /** Bytes allocated (capacity, not just rows in use). */
    long allocatedBytes() {
        return capacity(validity) + capacity(data) + capacity(offsets);
    }

    /** Bytes the rows in use take (validity, values, utf8 offsets and bytes). */
    long usedBytes() {
        long bits = (rows + 7L) / 8;
        return bits + switch (width) {
            case -1 -> bytes + 4L * rows;
            case 0 -> bits;
            default -> (long) width * rows;
        };
    }

    /** Phase 1a: makes room for {@code add} more rows (utf8: for their offsets; bytes come in {@link #prepare}). */
    void reserve(int add) {
        long need = (long) rows + add;
        if (need > Integer.MAX_VALUE - 1) {
            throw new IllegalStateException("A column buffer holds fewer than 2^31 rows");
        }
        long target = Math.max(need, initialRows);
        validity = grow(validity, bitmapBytes(need), bitmapBytes(target), bitmapBytes(rows));
        switch (width) {
            case -1 -> {
                offsets = grow(offsets, (need + 1) * 4, (target + 1) * 4, (rows + 1L) * 4);
                data = grow(data, bytes, Math.max(bytes, target * 8), bytes);
            }
            case 0 -> data = grow(data, bitmapBytes(need), bitmapBytes(target), bitmapBytes(rows));
            default -> data = grow(data, need * width, target * width, (long) rows * width);
        }
    }

    /**
     * Phase 1b, after {@link #reserve}: for utf8, writes the appended rows' offsets (relative, from 0)
     * at {@code offsets[rows]} and makes room for their bytes. {@code rowIds} null means the range
     * {@code [start, start + n)}.
     */
    void prepare(ColumnRef src, int[] rowIds, int start, int n, GatherKernels kernels) {
        if (width != -1) {
            return;
        }
        MemorySegment out = segment(offsets).asSlice(rows * 4L);
        pendingBytes = rowIds == null ? kernels.copyUtf8OffsetsRange(src, start, n, out) : kernels.gatherUtf8Offsets(src, rowIds, n, out);
        if (bytes + pendingBytes > Integer.MAX_VALUE) {
            throw new IllegalStateException("Column '" + field.name() + "' would hold more than 2 GiB of utf8 bytes in one buffer");
        }
        data = grow(data, bytes + pendingBytes, Math.max(bytes + pendingBytes, 2 * capacity(data)), bytes);
    }

    /** Undoes a failed phase 1 (restores the utf8 end offset it overwrote). */
    void restore() {
        pendingBytes = 0;
        if (width == -1 && offsets != null) {
            segment(offsets).set(INT, rows * 4L, (int) bytes);
        }
    }

    /** Phase 2: copies the rows (never fails for lack of memory); {@code bits} is scratch for bitmaps. */
    void write(ColumnRef src, int[] rowIds, int start, int n, GatherKernels kernels, MemorySegment bits) {
        MemorySegment valid = segment(validity);
        if (src.validity() == null) {
            fillBits(valid, rows, n, -1L);
        } else {
            nulls += rowIds == null ? kernels.copyValidityRange(src, start, n, bits) : kernels.gatherValidity(src, rowIds, n, bits);
            copyBits(bits, valid, rows, n);
        }
        MemorySegment values = segment(data);
        switch (width) {
            case -1 -> {
                MemorySegment off = segment(offsets).asSlice(rows * 4L);
                MemorySegment out = values.asSlice(bytes);
                if (rowIds == null) {
                    kernels.copyUtf8BytesRange(src, start, n, out);
                } else {
                    kernels.gatherUtf8Bytes(src, rowIds, n, off, out);
                }
                int base = (int) bytes;
                for (int i = 0; i <= n; i++) {
                    off.set(INT, i * 4L, off.get(INT, i * 4L) + base);
                }
                bytes += pendingBytes;
                pendingBytes = 0;
            }
            case 0 -> {
                if (rowIds == null) {
                    kernels.copyRange(src, start, n, bits);
                } else {
                    kernels.gather(src, rowIds, n, bits);
                }
                copyBits(bits, values, rows, n);
            }
            default -> {
                MemorySegment out = values.asSlice((long) rows * width);
                if (rowIds == null) {
                    kernels.copyRange(src, start, n, out);
                } else {
                    kernels.gather(src, rowIds, n, out);
                }
            }
        }
        rows += n;
    }

    /** Appends {@code n} NULLs (zero values); may throw MemoryLimitExceededException before changing anything. */
    void appendNulls(int n) {
        reserve(n);
        fillBits(segment(validity), rows, n, 0);
        switch (width) {
            case -1 -> {
                MemorySegment off = segment(offsets);
                for (int i = 0; i <= n; i++) {
                    off.set(INT, (rows + (long) i) * 4, (int) bytes);
                }
            }
            case 0 -> fillBits(segment(data), rows, n, 0);
            default -> segment(data).asSlice((long) rows * width, (long) n * width).fill((byte) 0);
        }
        rows += n;
        nulls += n;
    }

    /** Makes row {@code row} (already appended) NULL. */
    void setNull(int row) {
        MemorySegment valid = segment(validity);
        long index = row >>> 3;
        byte b = valid.get(ValueLayout.JAVA_BYTE, index);
        int mask = 1 << (row & 7);
        if ((b & mask) != 0) {
            valid.set(ValueLayout.JAVA_BYTE, index, (byte) (b & ~mask));
            nulls++;
        }
    }

    /** Drops the rows from {@code newRows} on. */
    void truncate(int newRows) {
        if (newRows < 0 || newRows > rows) {
            throw new IllegalArgumentException("Cannot truncate " + rows + " rows to " + newRows);
        }
        if (newRows == rows) {
            return;
        }
        rows = newRows;
        if (width == -1) {
            bytes = segment(offsets).get(INT, rows * 4L);
        }
        nulls = rows - countSet(segment(validity), rows);
    }

    /** The rows as a kernel input; valid until the next append, truncate or seal. */
    ColumnRef ref() {
        reserve(0);
        return new ColumnRef(field.type(), segment(data), nulls == 0 ? null : segment(validity),
                width == -1 ? segment(offsets) : null, 0, rows);
    }

    /** Hands the rows to a new Arrow vector (allocated in the pool) and starts over empty. */
    FieldVector seal() {
        reserve(0);
        clearTail(segment(validity), rows);
        if (width == 0) {
            clearTail(segment(data), rows);
        } else if (width == -1) {
            segment(offsets).set(INT, rows * 4L, (int) bytes);
        }
        FieldVector vector = field.toArrow().createVector(pool.arrowAllocator());
        try {
            List<ArrowBuf> buffers = width == -1 ? List.of(validity, offsets, data) : List.of(validity, data);
            vector.loadFieldBuffers(new ArrowFieldNode(rows, nulls), buffers);
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
        close(); // the vector holds its own references to the buffers
        return vector;
    }

    @Override
    public void close() {
        ArrowBuf[] owned = {validity, data, offsets};
        validity = null;
        data = null;
        offsets = null;
        rows = 0;
        nulls = 0;
        bytes = 0;
        pendingBytes = 0;
        for (ArrowBuf b : owned) {
            if (b != null) {
                b.close();
            }
        }
    }

    // ---- bitmaps ----

    /** Bitmap bytes for {@code rows} bits: whole longs plus one spare long for two-word writes. */
    static long bitmapBytes(long rows) {
        return ((rows + 63) >>> 6 << 3) + 8;
    }

    /** Writes bits {@code [at, at + n)} of {@code dst} from bits {@code [0, n)} of {@code src}. */
    static void copyBits(MemorySegment src, MemorySegment dst, long at, int n) {
        for (int w = 0; w << 6 < n; w++) {
            int count = Math.min(64, n - (w << 6));
            writeBits(dst, at + ((long) w << 6), src.get(LONG, (long) w << 3), count);
        }
    }

    /** Sets bits {@code [at, at + n)} of {@code dst} to the bits of {@code pattern} (0 or -1). */
    static void fillBits(MemorySegment dst, long at, int n, long pattern) {
        for (int w = 0; w << 6 < n; w++) {
            writeBits(dst, at + ((long) w << 6), pattern, Math.min(64, n - (w << 6)));
        }
    }

    /**
     * Writes the low {@code count} bits of {@code value} at bit {@code at}, keeping the bits below
     * {@code at} in its word; bits above the written ones may be cleared (appends run upwards).
     */
    private static void writeBits(MemorySegment dst, long at, long value, int count) {
        long v = count == 64 ? value : value & ((1L << count) - 1);
        long word = (at >>> 6) << 3;
        int shift = (int) (at & 63);
        long low = dst.get(LONG, word) & ((1L << shift) - 1);
        dst.set(LONG, word, low | (v << shift));
        if (shift != 0 && shift + count > 64) {
            dst.set(LONG, word + 8, v >>> (64 - shift));
        }
    }

    private static void clearTail(MemorySegment bitmap, int rows) {
        int shift = rows & 63;
        long word = ((long) rows >>> 6) << 3;
        bitmap.set(LONG, word, shift == 0 ? 0 : bitmap.get(LONG, word) & ((1L << shift) - 1));
    }

    private static int countSet(MemorySegment bitmap, int n) {
        int total = 0;
        for (int w = 0; w << 6 < n; w++) {
            long v = bitmap.get(LONG, (long) w << 3);
            int count = n - (w << 6);
            total += Long.bitCount(count >= 64 ? v : v & ((1L << count) - 1));
        }
        return total;
    }

    // ---- allocation ----

    /** {@code buffer} with at least {@code need} bytes (growing to {@code target}), keeping the first {@code keep}. */
    private ArrowBuf grow(ArrowBuf buffer, long need, long target, long keep) {
        long capacity = capacity(buffer);
        if (buffer != null && need <= capacity) {
            return buffer;
        }
        ArrowBuf grown = pool.allocate(Math.max(MIN_BYTES, Math.max(need, Math.max(target, capacity * 2))));
        if (buffer != null) {
            MemorySegment.copy(segment(buffer), 0, segment(grown), 0, Math.min(keep, capacity));
            buffer.close();
        }
        return grown;
    }

    private static long capacity(ArrowBuf buffer) {
        return buffer == null ? 0 : buffer.capacity();
    }

    private static MemorySegment segment(ArrowBuf buffer) {
        return MemoryManager.segmentOf(buffer);
    }
}
