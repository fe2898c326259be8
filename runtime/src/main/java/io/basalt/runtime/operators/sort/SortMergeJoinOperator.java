package io.basalt.runtime.operators.sort;

import java.io.IOException;

import io.basalt.data.Batch;
import io.basalt.data.Schema;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.join.JoinKind;
import io.basalt.runtime.operators.join.JoinSchemas;

/**
 * Sort-merge equi-join of input 0 (left) and input 1 (right), whose batches may arrive interleaved
 * in any order. Both sides are sorted by their key columns with external sorts (spilling beyond the
 * pool's limit, 40% of it each); once both inputs ended the sorted sides are merged group by
 * group. For each key present on both sides the right group is buffered (spilled when large) and
 * paired with every row of the left group. Semantics per {@link JoinKind}: a NULL in any key column
 * never matches; keys compare by value (floating point by {@link Double#compare}, so -0.0 and 0.0
 * differ and NaN matches NaN). The output schema is {@link JoinSchemas#output}; the row order is
 * deterministic (ascending keys, NULL keys last) but not part of the contract.
 */
public final class SortMergeJoinOperator implements Operator {
    private final JoinKind kind;
    private final SortedInputs inputs;
    private OperatorContext context;
    private JoinOutput output;
    private GroupBuffer group;

    /**
     * A join whose input schemas are taken from their first batches. An outer join whose padded
     * side delivers no batch at all cannot know that side's columns and fails; give the schemas
     * with {@link #SortMergeJoinOperator(JoinKind, Schema, Schema, int[], int[])} for that.
     */
    public SortMergeJoinOperator(JoinKind kind, int[] leftKeys, int[] rightKeys) {
        this(kind, null, null, leftKeys, rightKeys);
    }

    /** A join of inputs with the given schemas; key columns are checked now. */
    public SortMergeJoinOperator(JoinKind kind, Schema left, Schema right, int[] leftKeys, int[] rightKeys) {
        if (kind == null) {
            throw new IllegalArgumentException("The join kind must not be null");
        }
        this.kind = kind;
        this.inputs = new SortedInputs(leftKeys, rightKeys, left, right);
    }

    /** The factory of {@link #SortMergeJoinOperator(JoinKind, int[], int[])} instances (memory weight 1). */
    public static OperatorFactory factory(JoinKind kind, int[] leftKeys, int[] rightKeys) {
        return factory(kind, null, null, leftKeys, rightKeys);
    }

    /** The factory of {@link #SortMergeJoinOperator(JoinKind, Schema, Schema, int[], int[])} instances (memory weight 1). */
    public static OperatorFactory factory(JoinKind kind, Schema left, Schema right, int[] leftKeys, int[] rightKeys) {
        new SortMergeJoinOperator(kind, left, right, leftKeys, rightKeys);
        String name = "SortMergeJoin(" + kind + ", left keys=" + SortSupport.describeKeys(leftKeys, null) + ", right keys="
                + SortSupport.describeKeys(rightKeys, null) + ")";
        return OperatorFactory.buffering(name, 2, () -> new SortMergeJoinOperator(kind, left, right, leftKeys, rightKeys));
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        inputs.open(context);
    }

    @Override
    public void process(Batch batch, int input) throws IOException {
        inputs.add(batch, input);
    }

    @Override
    public void endInput(int input) throws Exception {
        if (inputs.end(input)) {
            join();
        }
    }

    private void join() throws Exception {
        inputs.finish();
        GroupCursor left = inputs.cursor(0);
        GroupCursor right = inputs.cursor(1);
        while (left.hasRow() && right.hasRow()) {
            if (left.keyHasNull()) {
                leftUnmatched(left);
            } else if (right.keyHasNull()) {
                rightUnmatched(right);
            } else {
                int cmp = GroupCursor.compare(inputs.layout(), left, right);
                if (cmp < 0) {
                    leftUnmatched(left);
                } else if (cmp > 0) {
                    rightUnmatched(right);
                } else {
                    matched(left, right);
                }
            }
            context.checkCancelled();
        }
        while (left.hasRow() && (kind.keepsUnmatchedLeft() || kind == JoinKind.ANTI)) {
            leftUnmatched(left);
        }
        while (right.hasRow() && kind.keepsUnmatchedRight()) {
            rightUnmatched(right);
        }
        if (output != null) {
            output.flush();
        }
    }

    private void leftUnmatched(GroupCursor left) throws Exception {
        if (!kind.keepsUnmatchedLeft() && kind != JoinKind.ANTI) {
            left.skipGroup();
            return;
        }
        do {
            Batch b = left.batch();
            for (int r = left.row(), end = left.runEnd(); r < end; r++) {
                output().add(b, r, null, 0);
            }
        } while (left.nextRun());
    }

    private void rightUnmatched(GroupCursor right) throws Exception {
        if (!kind.keepsUnmatchedRight()) {
            right.skipGroup();
            return;
        }
        do {
            Batch b = right.batch();
            for (int r = right.row(), end = right.runEnd(); r < end; r++) {
                output().add(null, 0, b, r);
            }
        } while (right.nextRun());
    }

    private void matched(GroupCursor left, GroupCursor right) throws Exception {
        switch (kind) {
            case SEMI -> {
                right.skipGroup();
                do {
                    Batch b = left.batch();
                    for (int r = left.row(), end = left.runEnd(); r < end; r++) {
                        output().add(b, r, null, 0);
                    }
                } while (left.nextRun());
            }
            case ANTI -> {
                left.skipGroup();
                right.skipGroup();
            }
            default -> crossProduct(left, right);
        }
    }

    /** Pairs every row of the left group with every row of the right group (buffered). */
    private void crossProduct(GroupCursor left, GroupCursor right) throws Exception {
        if (group == null) {
            group = new GroupBuffer(context, inputs.schema(1), inputs.groupBufferBytes());
        }
        do {
            group.add(right.batch(), right.row(), right.runEnd());
        } while (right.nextRun());
        JoinOutput out = output();
        do {
            Batch leftBatch = left.batch();
            int from = left.row();
            int to = left.runEnd();
            group.forEach(rightBatch -> {
                int rows = rightBatch.rowCount();
                for (int l = from; l < to; l++) {
                    for (int r = 0; r < rows; r++) {
                        out.add(leftBatch, l, rightBatch, r);
                    }
                }
            });
        } while (left.nextRun());
        group.clear();
    }

    /** The output, created at the first row: only then must the schema of a padded side be known. */
    private JoinOutput output() {
        if (output == null) {
            Schema left = inputs.schema(0);
            Schema right = inputs.schema(1);
            if (left == null || (right == null && kind.emitsRightFields())) {
                throw new IllegalStateException("The " + (left == null ? "left" : "right") + " input of the " + kind
                        + " join delivered no batch, so its columns are unknown; build the operator with both input schemas");
            }
            Schema schema = JoinSchemas.output(left, right, kind);
            output = new JoinOutput(schema, left.size(), context, inputs.chunkRows());
        }
        return output;
    }

    @Override
    public void close() throws IOException {
        try (SortedInputs in = inputs; JoinOutput o = output; GroupBuffer g = group) {
            output = null;
            group = null;
        }
    }
}
