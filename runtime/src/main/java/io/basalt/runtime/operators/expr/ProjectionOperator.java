package io.basalt.runtime.operators.expr;

import java.util.List;
import java.util.stream.Collectors;

import io.basalt.data.Batch;
import io.basalt.data.Schema;
import io.basalt.runtime.expr.Expr;
import io.basalt.runtime.expr.ExprEvaluator;
import io.basalt.runtime.operators.Operator;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;

/**
 * Computes one output column per {@link Expr} with the arithmetic kernels; plain column references
 * share the input's buffers.
 */
public final class ProjectionOperator implements Operator {
    private final Schema input;
    private final List<Expr> exprs;
    private final Schema output;
    private OperatorContext context;
    private ExprEvaluator evaluator;

    public ProjectionOperator(Schema input, List<Expr> exprs) {
        this.input = input;
        this.exprs = List.copyOf(exprs);
        this.output = ExprEvaluator.projectionSchema(input, exprs);
    }

    public static OperatorFactory factory(Schema input, List<Expr> exprs) {
        ExprEvaluator.projectionSchema(input, exprs); // validates
        String name = "Project(" + exprs.stream().map(Object::toString).collect(Collectors.joining(", ")) + ")";
        return OperatorFactory.of(name, 1, () -> new ProjectionOperator(input, exprs));
    }

    public Schema outputSchema() {
        return output;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        this.evaluator = new ExprEvaluator(input, context.kernels(), context.pool());
    }

    @Override
    public void process(Batch batch, int in) throws Exception {
        try (Batch result = evaluator.project(batch, exprs, output)) {
            context.output().emit(result);
        }
    }

    @Override
    public void endInput(int in) {}

    @Override
    public void close() {}
}
