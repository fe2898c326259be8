package io.basalt.runtime.operators.basic;

import java.util.List;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.SourceOperator;
import io.basalt.runtime.types.RowCodec;

/**
 * Emits the elements of an in-memory list; subtask {@code i} of {@code p} emits the contiguous
 * slice {@code [i*n/p, (i+1)*n/p)}, in batches of {@link OperatorContext#batchRows()} rows.
 */
public final class CollectionSource<T> implements SourceOperator {
    private final List<T> elements;
    private final RowCodec<T> codec;
    private OperatorContext context;
    private int next;
    private int end;

    public CollectionSource(List<T> elements, RowCodec<T> codec) {
        this.elements = elements;
        this.codec = codec;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        long n = elements.size();
        next = (int) (n * context.subtaskIndex() / context.parallelism());
        end = (int) (n * (context.subtaskIndex() + 1) / context.parallelism());
    }

    @Override
    public boolean emitNext() throws Exception {
        if (next >= end) {
            return false;
        }
        int count = Math.min(end - next, context.batchRows());
        try (BatchBuilder builder = new BatchBuilder(codec.schema(), context.pool(), count)) {
            for (int i = 0; i < count; i++) {
                T element = elements.get(next + i);
                try {
                    codec.append(builder, element);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("Element " + (next + i) + " of the collection (" + element + ") cannot be stored as "
                            + codec + ": " + e.getMessage(), e);
                }
            }
            next += count;
            try (Batch batch = builder.seal()) {
                context.output().emit(batch);
            }
        }
        return next < end;
    }

    @Override
    public void close() {}
}
