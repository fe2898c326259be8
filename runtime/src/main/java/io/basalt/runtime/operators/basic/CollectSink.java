package io.basalt.runtime.operators.basic;

import java.util.ArrayList;
import java.util.List;

import io.basalt.data.Batch;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.types.RowCodec;

/**
 * Converts every row into an element and publishes each subtask's list under
 * {@code key + "#" + subtask} when its input ends ({@link #collect} merges them in subtask order).
 * Meant for results small enough to hold on the heap.
 */
public final class CollectSink<T> implements Operator {
    private final String key;
    private final RowCodec<T> codec;
    private final List<T> rows = new ArrayList<>();
    private OperatorContext context;

    public CollectSink(String key, RowCodec<T> codec) {
        this.key = key;
        this.codec = codec;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
    }

    @Override
    public void process(Batch batch, int input) {
        for (int r = 0; r < batch.rowCount(); r++) {
            rows.add(codec.read(batch, r));
        }
    }

    @Override
    public void endInput(int input) {
        context.publishResult(key + "#" + context.subtaskIndex(), java.util.Collections.unmodifiableList(new ArrayList<>(rows)));
    }

    @Override
    public void close() {}

    /** The collected elements of all {@code parallelism} subtasks, in subtask order. */
    @SuppressWarnings("unchecked")
    public static <T> List<T> collect(io.basalt.runtime.exec.JobResult result, String key, int parallelism) {
        List<T> all = new ArrayList<>();
        for (int s = 0; s < parallelism; s++) {
            Object part = result.result(key + "#" + s);
            if (part == null) {
                throw new IllegalStateException("The job published no rows for sink '" + key + "' subtask " + s);
            }
            all.addAll((List<T>) part);
        }
        return all;
    }
}
