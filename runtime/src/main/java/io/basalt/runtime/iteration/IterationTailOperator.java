package io.basalt.runtime.iteration;

import java.util.ArrayList;
import java.util.List;

import io.basalt.data.Batch;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;

/**
 * A sink at the end of an iteration's step function. Its instance lives for one superstep (the
 * task re-creates its operators each superstep) and at the superstep's end reports to the
 * {@link IterationSync}: {@link Role#FEEDBACK} hands its rows to the head of the same subtask
 * (next partial solution or next workset), {@link Role#CRITERION} reports its row count (the
 * iteration stops when all are zero), {@link Role#SOLUTION_DELTA} upserts its rows into the
 * solution set partition of its subtask (its input must be hash partitioned by the solution key).
 */
public final class IterationTailOperator implements Operator {
    /** What the tail does with its superstep's rows. */
    public enum Role { FEEDBACK, CRITERION, SOLUTION_DELTA }

    private final IterationSync sync;
    private final Role role;
    private final List<Batch> rows = new ArrayList<>();
    private long count;
    private OperatorContext context;

    public IterationTailOperator(IterationSync sync, Role role) {
        this.sync = sync;
        this.role = role;
    }

    public static OperatorFactory factory(IterationSync sync, Role role) {
        return OperatorFactory.of("IterationTail(" + role.name().toLowerCase(java.util.Locale.ROOT) + ")", 1, () -> new IterationTailOperator(sync, role));
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
    }

    @Override
    public void process(Batch batch, int input) {
        count += batch.rowCount();
        if (role != Role.CRITERION) {
            // Copied into this operator's pool so the producer's memory is not held across supersteps.
            rows.add(batch.compact(context.pool()));
        }
    }

    @Override
    public void endInput(int input) {
        int subtask = context.subtaskIndex();
        switch (role) {
            case FEEDBACK -> {
                List<Batch> handed = new ArrayList<>(rows);
                rows.clear();
                sync.feedback(subtask, handed);
            }
            case CRITERION -> sync.criterion(subtask, count);
            case SOLUTION_DELTA -> {
                SolutionSet set = sync.solutionSet(subtask);
                for (Batch b : rows) {
                    set.upsert(b);
                }
                rows.forEach(Batch::close);
                rows.clear();
                sync.deltaApplied(subtask);
            }
        }
    }

    @Override
    public void close() {
        rows.forEach(Batch::close);
        rows.clear();
    }
}
