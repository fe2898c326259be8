package io.basalt.runtime.iteration;

import java.util.List;

import io.basalt.data.Batch;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.Output;

/**
 * The head of a native iteration. Its task runs the superstep protocol (see the runtime's Task):
 * in the first superstep this operator forwards the initial data into the step function (bulk:
 * input 0 is the initial partial solution; delta: input 0 fills the solution set, input 1 is the
 * initial workset); afterwards the task feeds each superstep's feedback back in, and after the
 * last superstep {@link #emitResult} produces the iteration's result.
 */
public final class IterationHeadOperator implements Operator {
    private final IterationSync sync;
    private OperatorContext context;

    public IterationHeadOperator(IterationSync sync) {
        this.sync = sync;
    }

    public static OperatorFactory factory(String name, IterationSync sync) {
        return OperatorFactory.of(name, sync.isDelta() ? 2 : 1, () -> new IterationHeadOperator(sync));
    }

    public IterationSync sync() {
        return sync;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
    }

    @Override
    public void process(Batch batch, int input) throws Exception {
        if (sync.isDelta() && input == 0) {
            sync.solutionSet(context.subtaskIndex()).upsert(batch);
        } else {
            context.output().emit(batch);
        }
    }

    @Override
    public void endInput(int input) {}

    /** After the last superstep: bulk emits the last partial solution, delta the solution set. */
    public void emitResult(List<Batch> lastFeedback, Output result) throws Exception {
        if (!sync.isDelta()) {
            for (Batch b : lastFeedback) {
                result.emit(b);
            }
            return;
        }
        List<Batch> batches = sync.solutionSet(context.subtaskIndex()).toBatches(context.pool(), context.batchRows());
        try {
            for (Batch b : batches) {
                result.emit(b);
            }
        } finally {
            batches.forEach(Batch::close);
        }
    }

    /** Releases feedback nobody will take any more (the iteration ended or failed). */
    @Override
    public void close() {
        sync.discard();
    }
}
