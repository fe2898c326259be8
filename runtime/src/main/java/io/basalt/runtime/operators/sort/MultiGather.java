package io.basalt.runtime.operators.sort;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;

/**
 * Copies rows picked from several source batches, given as (source slot, row) pairs, into fresh
 * column vectors: the gather behind merged sort output and join output ({@code Gather.compact}
 * reads a single batch). A negative slot yields a NULL (the padding of outer joins). Each column is
 * copied by a plain loop over the pairs into exactly sized buffers from the pool, without any
 * allocation per row. Stateless.
 */
final class MultiGather {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private MultiGather() {}

    /** The columns of a batch as kernel references, one per column. */
    static ColumnRef[] refs(Batch batch) {
        ColumnRef[] refs = new ColumnRef[batch.columnCount()];
        for (int c = 0; c < refs.length; c++) {
            refs[c] = ColumnRef.of(batch, c);
        }
        return refs;
    }

    /** A batch of {@code schema} whose row i is row {@code rows[i]} of the source in slot {@code slots[i]}. */
    static Batch gather(Schema schema, ColumnRef[][] sources, int[] slots, int[] rows, int n, MemoryPool pool) {
        FieldVector[] vectors = new FieldVector[schema.size()];
        try {
            for (int c = 0; c < vectors.length; c++) {
                vectors[c] = gatherColumn(schema.field(c), sources, c, slots, rows, n, pool);
            }
            return BatchBuilder.adoptVectors(schema, vectors, n);
        } catch (RuntimeException e) {
            closeAll(vectors);
            throw e;
        }
    }

    static void closeAll(FieldVector[] vectors) {
        for (FieldVector v : vectors) {
            if (v != null) {
                v.close();
            }
        }
    }

    /**
     * Column {@code column} of the sources (typed like {@code field}) at the given pairs, as a vector
     * described by {@code field}; the caller owns it.
     */
    static FieldVector gatherColumn(Field field, ColumnRef[][] sources, int column, int[] slots, int[] rows, int n, MemoryPool pool) {
        List<ArrowBuf> buffers = new ArrayList<>(3);
        try {
            MemorySegment validity = allocate(pool, buffers, Bitmaps.bytesFor(n));
            int nulls = n - copyBits(sources, column, slots, rows, n, validity, true);
            DataType type = field.type();
            switch (type.kind()) {
                case UTF8 -> gatherUtf8(sources, column, slots, rows, n, pool, buffers);
                case BOOLEAN -> copyBits(sources, column, slots, rows, n, allocate(pool, buffers, Bitmaps.bytesFor(n)), false);
                default -> {
                    if (type.fixedWidth() == 4) {
                        gather4(sources, column, slots, rows, n, allocate(pool, buffers, 4L * n));
                    } else {
                        gather8(sources, column, slots, rows, n, allocate(pool, buffers, 8L * n));
                    }
                }
            }
            FieldVector vector = field.toArrow().createVector(pool.arrowAllocator());
            try {
                vector.loadFieldBuffers(new ArrowFieldNode(n, nulls), buffers);
            } catch (RuntimeException e) {
                vector.close();
                throw e;
            }
            return vector;
        } finally {
            for (ArrowBuf b : buffers) {
                b.close();
            }
        }
    }

    /** Writes validity bits ({@code validity}) or boolean value bits into {@code out}; returns the number of set bits. */
    private static int copyBits(ColumnRef[][] sources, int column, int[] slots, int[] rows, int n, MemorySegment out, boolean validity) {
        int set = 0;
        long word = 0;
        for (int i = 0; i < n; i++) {
            int s = slots[i];
            boolean bit;
            if (s < 0) {
                bit = false;
            } else {
                ColumnRef c = sources[s][column];
                bit = validity ? c.isValid(rows[i]) : Bitmaps.get(c.data(), c.offset() + (long) rows[i]);
            }
            if (bit) {
                word |= 1L << i;
                set++;
            }
            if ((i & 63) == 63) {
                out.set(LONG, (long) (i >>> 6) << 3, word);
                word = 0;
            }
        }
        if ((n & 63) != 0) {
            out.set(LONG, (long) (n >>> 6) << 3, word);
        }
        return set;
    }

    private static void gather4(ColumnRef[][] sources, int column, int[] slots, int[] rows, int n, MemorySegment out) {
        for (int i = 0; i < n; i++) {
            int s = slots[i];
            int value = 0;
            if (s >= 0) {
                ColumnRef c = sources[s][column];
                value = c.data().get(INT, (c.offset() + (long) rows[i]) << 2);
            }
            out.set(INT, (long) i << 2, value);
        }
    }

    private static void gather8(ColumnRef[][] sources, int column, int[] slots, int[] rows, int n, MemorySegment out) {
        for (int i = 0; i < n; i++) {
            int s = slots[i];
            long value = 0;
            if (s >= 0) {
                ColumnRef c = sources[s][column];
                value = c.data().get(LONG, (c.offset() + (long) rows[i]) << 3);
            }
            out.set(LONG, (long) i << 3, value);
        }
    }

    /** Offsets first (which sum up the data size), then the bytes; NULL rows get empty strings. */
    private static void gatherUtf8(ColumnRef[][] sources, int column, int[] slots, int[] rows, int n, MemoryPool pool, List<ArrowBuf> buffers) {
        MemorySegment offsets = allocate(pool, buffers, (n + 1L) << 2);
        long total = 0;
        offsets.set(INT, 0, 0);
        for (int i = 0; i < n; i++) {
            int s = slots[i];
            if (s >= 0) {
                ColumnRef c = sources[s][column];
                if (c.isValid(rows[i])) {
                    long at = (c.offset() + (long) rows[i]) << 2;
                    total += c.offsets().get(INT, at + 4) - c.offsets().get(INT, at);
                }
            }
            if (total > Integer.MAX_VALUE) {
                throw new IllegalStateException("Utf8 column " + column + " of " + n + " gathered rows holds more than 2 GiB; use smaller batches");
            }
            offsets.set(INT, (i + 1L) << 2, (int) total);
        }
        MemorySegment data = allocate(pool, buffers, total);
        for (int i = 0; i < n; i++) {
            int start = offsets.get(INT, (long) i << 2);
            int length = offsets.get(INT, (i + 1L) << 2) - start;
            if (length > 0) {
                ColumnRef c = sources[slots[i]][column];
                long at = (c.offset() + (long) rows[i]) << 2;
                MemorySegment.copy(c.data(), c.offsets().get(INT, at), data, start, length);
            }
        }
    }

    private static MemorySegment allocate(MemoryPool pool, List<ArrowBuf> owned, long bytes) {
        ArrowBuf b = pool.allocate(bytes);
        owned.add(b);
        return MemoryManager.segmentOf(b);
    }
}
