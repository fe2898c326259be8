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
        this(input, exprs, null);
    }

    /**
     * A projection whose output is declared as {@code declared} (e.g. a Java record's schema): the
     * computed column types must equal the declared ones; a NOT NULL declared column that receives
     * a NULL fails with an error naming the column and row.
     */
    public ProjectionOperator(Schema input, List<Expr> exprs, Schema declared) {
        this.input = input;
        this.exprs = List.copyOf(exprs);
        Schema computed = ExprEvaluator.projectionSchema(input, exprs);
        if (declared != null) {
            if (declared.size() != computed.size()) {
                throw new IllegalArgumentException("Declared schema " + declared + " does not match the projection's " + computed);
            }
            for (int i = 0; i < declared.size(); i++) {
                if (!declared.field(i).type().equals(computed.field(i).type())) {
                    throw new IllegalArgumentException("Column '" + declared.field(i).name() + "' is declared " + declared.field(i).type()
                            + " but computed as " + computed.field(i).type());
                }
            }
        }
        this.output = declared != null ? declared : computed;
    }

    public static OperatorFactory factory(Schema input, List<Expr> exprs) {
        return factory(input, exprs, null);
    }

    public static OperatorFactory factory(Schema input, List<Expr> exprs, Schema declared) {
        new ProjectionOperator(input, exprs, declared); // validates
        String name = "Project(" + exprs.stream().map(Object::toString).collect(Collectors.joining(", ")) + ")";
        return OperatorFactory.of(name, 1, () -> new ProjectionOperator(input, exprs, declared));
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
            checkNotNull(result, output, exprs);
            context.output().emit(result);
        }
    }

    /** Fails clearly when a column declared NOT NULL received a NULL. */
    static void checkNotNull(Batch result, Schema output, List<Expr> exprs) {
        for (int c = 0; c < output.size(); c++) {
            if (!output.field(c).nullable() && result.nullCount(c) > 0) {
                int row = 0;
                while (!result.isNull(c, row)) {
                    row++;
                }
                throw new IllegalArgumentException("Column '" + output.field(c).name() + "' is NOT NULL (" + output.field(c)
                        + ") but row " + row + " of the batch is NULL; computed by " + exprs.get(c));
            }
        }
    }

    @Override
    public void endInput(int in) {}

    @Override
    public void close() {}
}
