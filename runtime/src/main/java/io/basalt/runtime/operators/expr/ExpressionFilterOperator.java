package io.basalt.runtime.operators.expr;

import io.basalt.data.Batch;
import io.basalt.data.Schema;
import io.basalt.data.Selection;
import io.basalt.runtime.expr.Expr;
import io.basalt.runtime.expr.ExprEvaluator;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.vectorops.Gather;

/**
 * Keeps the rows where a predicate {@link Expr} is TRUE, evaluated column-at-a-time by the filter
 * kernels; a batch whose rows all pass is forwarded without a copy.
 */
public final class ExpressionFilterOperator implements Operator {
    private final Schema schema;
    private final Expr predicate;
    private OperatorContext context;
    private ExprEvaluator evaluator;

    public ExpressionFilterOperator(Schema schema, Expr predicate) {
        ExprEvaluator.checkPredicate(predicate, schema);
        this.schema = schema;
        this.predicate = predicate;
    }

    public static OperatorFactory factory(Schema schema, Expr predicate) {
        ExprEvaluator.checkPredicate(predicate, schema);
        return OperatorFactory.of("Filter(" + predicate + ")", 1, () -> new ExpressionFilterOperator(schema, predicate));
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        this.evaluator = new ExprEvaluator(schema, context.kernels(), context.pool());
    }

    @Override
    public void process(Batch batch, int input) throws Exception {
        Selection selected = evaluator.filter(batch, predicate);
        if (selected.size() == batch.rowCount()) {
            context.output().emit(batch);
        } else if (!selected.isEmpty()) {
            try (Batch result = Gather.compact(batch, selected, context.pool(), context.kernels().gather())) {
                context.output().emit(result);
            }
        }
    }

    @Override
    public void endInput(int input) {}

    @Override
    public void close() {}
}
