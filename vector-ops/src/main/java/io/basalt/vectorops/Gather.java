package io.basalt.vectorops;

import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Selection;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;

/**
 * Builds a new sealed {@link Batch} holding the selected rows of a batch, in selection order, with
 * {@link GatherKernels}: the fast path behind {@code Batch.compact}. Buffers are allocated exactly
 * sized from the pool (utf8 data after the offsets pass has summed the lengths) and handed to Arrow
 * vectors, so nothing is copied twice. Stateless; the batch handle is used by the calling thread.
 */
public final class Gather {
    private Gather() {}

    /** The rows of {@code selection} (a range or an index list) of {@code batch}, copied into {@code pool}. */
    public static Batch compact(Batch batch, Selection selection, MemoryPool pool, GatherKernels kernels) {
        if (selection.isRange()) {
            int start = selection.isEmpty() ? 0 : selection.start();
            if ((long) start + selection.size() > batch.rowCount()) {
                throw new IllegalArgumentException("Selection " + selection + " exceeds the batch's " + batch.rowCount() + " rows");
            }
            return compact(batch, null, start, selection.size(), pool, kernels);
        }
        return compact(batch, selection.indexArray(), 0, selection.size(), pool, kernels);
    }

    /** Rows {@code rows[0, n)} of {@code batch} (e.g. a sort permutation), copied into {@code pool}. */
    public static Batch compact(Batch batch, int[] rows, int n, MemoryPool pool, GatherKernels kernels) {
        return compact(batch, rows, 0, n, pool, kernels);
    }

    private static Batch compact(Batch batch, int[] rows, int start, int n, MemoryPool pool, GatherKernels kernels) {
        int columns = batch.columnCount();
        FieldVector[] vectors = new FieldVector[columns];
        try {
            for (int c = 0; c < columns; c++) {
                vectors[c] = gatherColumn(batch.schema().field(c), ColumnRef.of(batch, c), rows, start, n, pool, kernels);
            }
            return BatchBuilder.adoptVectors(batch.schema(), vectors, n);
        } catch (RuntimeException e) {
            for (FieldVector v : vectors) {
                if (v != null) {
                    v.close();
                }
            }
            throw e;
        }
    }

    /** One column: validity, then offsets/data, loaded into a new Arrow vector (which retains the buffers). */
    private static FieldVector gatherColumn(Field field, ColumnRef ref, int[] rows, int start, int n, MemoryPool pool, GatherKernels kernels) {
        List<ArrowBuf> buffers = new ArrayList<>(3);
        try {
            int nulls = 0;
            ArrowBuf validity;
            if (ref.validity() != null) {
                validity = allocate(pool, buffers, Bitmaps.bytesFor(n));
                nulls = rows == null
                        ? kernels.copyValidityRange(ref, start, n, MemoryManager.segmentOf(validity))
                        : kernels.gatherValidity(ref, rows, n, MemoryManager.segmentOf(validity));
            } else {
                allocate(pool, buffers, 0); // Arrow builds the all-valid bitmap itself when the null count is 0
            }
            if (field.type().kind() == DataType.Kind.UTF8) {
                ArrowBuf offsets = allocate(pool, buffers, (n + 1L) << 2);
                long total = rows == null
                        ? kernels.copyUtf8OffsetsRange(ref, start, n, MemoryManager.segmentOf(offsets))
                        : kernels.gatherUtf8Offsets(ref, rows, n, MemoryManager.segmentOf(offsets));
                ArrowBuf data = allocate(pool, buffers, total);
                if (rows == null) {
                    kernels.copyUtf8BytesRange(ref, start, n, MemoryManager.segmentOf(data));
                } else {
                    kernels.gatherUtf8Bytes(ref, rows, n, MemoryManager.segmentOf(offsets), MemoryManager.segmentOf(data));
                }
            } else {
                int width = field.type().fixedWidth();
                ArrowBuf data = allocate(pool, buffers, width == 0 ? Bitmaps.bytesFor(n) : (long) width * n);
                if (rows == null) {
                    kernels.copyRange(ref, start, n, MemoryManager.segmentOf(data));
                } else {
                    kernels.gather(ref, rows, n, MemoryManager.segmentOf(data));
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

    private static ArrowBuf allocate(MemoryPool pool, List<ArrowBuf> owned, long bytes) {
        ArrowBuf b = pool.allocate(bytes);
        owned.add(b);
        return b;
    }
}
