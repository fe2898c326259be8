package io.basalt.runtime.operators.sort;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.functions.Collector;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.types.RowCodec;

/**
 * The {@link Collector} handed to row user functions: appends their elements as rows and emits a
 * batch whenever {@code maxRows} rows are collected (and on {@link #flush()}). A failure of the
 * downstream emit travels through {@code collect} as an {@link EmitFailure}. Used by one thread.
 */
final class RowEmitter<O> implements Collector<O>, AutoCloseable {
    private final RowCodec<O> codec;
    private final OperatorContext context;
    private final int maxRows;
    private BatchBuilder builder;

    RowEmitter(RowCodec<O> codec, OperatorContext context, int maxRows) {
        this.codec = codec;
        this.context = context;
        this.maxRows = Math.max(1, maxRows);
    }

    @Override
    public void collect(O value) {
        if (builder == null) {
            builder = new BatchBuilder(codec.schema(), context.pool(), maxRows);
        }
        codec.append(builder, value);
        if (builder.rowCount() >= maxRows) {
            try {
                flush();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new EmitFailure(e);
            }
        }
    }

    /** Emits the collected rows, if any. */
    void flush() throws Exception {
        if (builder == null) {
            return;
        }
        BatchBuilder b = builder;
        builder = null;
        try (b; Batch batch = b.seal()) {
            context.output().emit(batch);
        }
    }

    @Override
    public void close() {
        if (builder != null) {
            builder.close();
            builder = null;
        }
    }

    /** Carries a checked exception of the downstream emit through {@link Collector#collect}. */
    static final class EmitFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EmitFailure(Exception cause) {
            super(cause.toString(), cause);
        }

        /** The downstream exception. */
        Exception unwrap() {
            return (Exception) getCause();
        }
    }
}
