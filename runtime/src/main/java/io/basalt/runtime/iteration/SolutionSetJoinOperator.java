package io.basalt.runtime.iteration;

import java.util.Arrays;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.Schema;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.join.JoinKind;
import io.basalt.runtime.operators.join.JoinSchemas;

/**
 * Joins its input with the solution set of a delta iteration, inside the step function: each row's
 * {@code probeKeys} are looked up in the solution set partition of this subtask (so the input must
 * be hash partitioned by those keys at the iteration's parallelism). Output: the probe row's
 * columns followed by the solution row's (the {@link JoinSchemas} layout); INNER drops rows without
 * a match, LEFT_OUTER pads them with NULLs.
 */
public final class SolutionSetJoinOperator implements Operator {
    private final IterationSync sync;
    private final Schema probeSchema;
    private final int[] probeKeys;
    private final JoinKind kind;
    private final Schema output;
    private OperatorContext context;

    public SolutionSetJoinOperator(IterationSync sync, Schema probeSchema, int[] probeKeys, JoinKind kind) {
        if (kind != JoinKind.INNER && kind != JoinKind.LEFT_OUTER) {
            throw new IllegalArgumentException("A solution set join is INNER or LEFT_OUTER, not " + kind);
        }
        this.sync = sync;
        this.probeSchema = probeSchema;
        this.probeKeys = probeKeys.clone();
        this.kind = kind;
        JoinSchemas.checkKeys(probeSchema, probeKeys, sync.solutionSchema(), sync.solutionKeys());
        this.output = JoinSchemas.output(probeSchema, sync.solutionSchema(), kind);
    }

    public static OperatorFactory factory(IterationSync sync, Schema probeSchema, int[] probeKeys, JoinKind kind) {
        new SolutionSetJoinOperator(sync, probeSchema, probeKeys, kind); // validates
        return OperatorFactory.of("SolutionSetJoin(" + kind + ")", 1, () -> new SolutionSetJoinOperator(sync, probeSchema, probeKeys, kind));
    }

    public Schema outputSchema() {
        return output;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
    }

    @Override
    public void process(Batch batch, int input) throws Exception {
        SolutionSet set = sync.solutionSet(context.subtaskIndex());
        int n = batch.rowCount();
        int probeColumns = probeSchema.size();
        int solutionColumns = set.schema().size();
        try (BatchBuilder b = new BatchBuilder(output, context.pool(), n)) {
            Object[] key = new Object[probeKeys.length];
            for (int r = 0; r < n; r++) {
                for (int k = 0; k < probeKeys.length; k++) {
                    key[k] = batch.getObject(probeKeys[k], r);
                }
                Object[] match = Arrays.asList(key).contains(null) ? null : set.get(Arrays.asList(key));
                if (match == null && kind == JoinKind.INNER) {
                    continue;
                }
                for (int c = 0; c < probeColumns; c++) {
                    b.appendValue(c, batch.getObject(c, r));
                }
                for (int c = 0; c < solutionColumns; c++) {
                    b.appendValue(probeColumns + c, match == null ? null : match[c]);
                }
            }
            try (Batch result = b.seal()) {
                context.output().emit(result);
            }
        }
    }

    @Override
    public void endInput(int input) {}

    @Override
    public void close() {}
}
