package io.basalt.runtime.operators.basic;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.SourceOperator;
import io.basalt.runtime.types.RowCodec;

/** Emits the numbers {@code from..to} (inclusive) as one int64 column; subtasks split the range evenly. */
public final class SequenceSource implements SourceOperator {
    public static final Schema SCHEMA = Schema.of(Field.nullable(RowCodec.VALUE_COLUMN, DataType.INT64));

    private final long from;
    private final long to;
    private OperatorContext context;
    private long next;
    private long end; // exclusive

    public SequenceSource(long from, long to) {
        if (to < from) {
            throw new IllegalArgumentException("generateSequence(" + from + ", " + to + "): the end is before the start");
        }
        this.from = from;
        this.to = to;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        long count = to - from + 1;
        int p = context.parallelism();
        int i = context.subtaskIndex();
        next = from + count / p * i + Math.min(i, count % p);
        end = next + count / p + (i < count % p ? 1 : 0);
    }

    @Override
    public boolean emitNext() throws Exception {
        if (next >= end) {
            return false;
        }
        int n = (int) Math.min(end - next, context.batchRows());
        try (BatchBuilder builder = new BatchBuilder(SCHEMA, context.pool(), n)) {
            for (int k = 0; k < n; k++) {
                builder.appendLong(0, next + k);
            }
            next += n;
            try (Batch batch = builder.seal()) {
                context.output().emit(batch);
            }
        }
        return next < end;
    }

    @Override
    public void close() {}
}
