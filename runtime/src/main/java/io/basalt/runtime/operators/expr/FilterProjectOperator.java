package io.basalt.runtime.operators.expr;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

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
 * A filter fused with the projection after it: the predicate selects rows, then only the columns
 * the projection reads are gathered for those rows (never the whole row) and projected. This is
 * the optimizer's projection push-down for {@code filter(expr).select(...)}.
 */
public final class FilterProjectOperator implements Operator {
    private final Schema input;
    private final Expr predicate;
    private final List<Expr> exprs;
    private final Schema output;
    private final int[] readColumns;
    private final Schema narrowSchema;
    private OperatorContext context;
    private ExprEvaluator evaluator;
    private ExprEvaluator narrowEvaluator;

    public FilterProjectOperator(Schema input, Expr predicate, List<Expr> exprs, Schema declared) {
        ExprEvaluator.checkPredicate(predicate, input);
        this.input = input;
        this.predicate = predicate;
        this.exprs = List.copyOf(exprs);
        Schema computed = ExprEvaluator.projectionSchema(input, exprs);
        this.output = declared != null ? declared : computed;
        SortedSet<Integer> columns = new TreeSet<>();
        for (Expr e : exprs) {
            ExprEvaluator.collectColumns(e, input, columns);
        }
        this.readColumns = columns.stream().mapToInt(Integer::intValue).toArray();
        this.narrowSchema = new Schema(columns.stream().map(input::field).toList());
    }

    public static OperatorFactory factory(Schema input, Expr predicate, List<Expr> exprs, Schema declared) {
        new FilterProjectOperator(input, predicate, exprs, declared); // validates
        String name = "Filter(" + predicate + ") -> Project(" + exprs.stream().map(Object::toString).collect(Collectors.joining(", ")) + ")";
        return OperatorFactory.of(name, 1, () -> new FilterProjectOperator(input, predicate, exprs, declared));
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        this.evaluator = new ExprEvaluator(input, context.kernels(), context.pool());
        this.narrowEvaluator = new ExprEvaluator(narrowSchema, context.kernels(), context.pool());
    }

    @Override
    public void process(Batch batch, int in) throws Exception {
        Selection selected = evaluator.filter(batch, predicate);
        if (selected.isEmpty()) {
            return;
        }
        if (selected.size() == batch.rowCount()) {
            try (Batch result = evaluator.project(batch, exprs, output)) {
                ProjectionOperator.checkNotNull(result, output, exprs);
                context.output().emit(result);
            }
            return;
        }
        try (Batch narrow = batch.selectColumns(readColumns);
             Batch compact = Gather.compact(narrow, selected, context.pool(), context.kernels().gather());
             Batch result = narrowEvaluator.project(compact, exprs, output)) {
            ProjectionOperator.checkNotNull(result, output, exprs);
            context.output().emit(result);
        }
    }

    @Override
    public void endInput(int in) {}

    @Override
    public void close() {}
}
