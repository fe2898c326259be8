package io.basalt.api.dataset;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.functions.FilterFunction;
import io.basalt.functions.FlatMapFunction;
import io.basalt.functions.GroupReduceFunction;
import io.basalt.functions.MapFunction;
import io.basalt.functions.ReduceFunction;
import io.basalt.runtime.expr.Expr;
import io.basalt.runtime.expr.ExprEvaluator;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.basic.CollectSink;
import io.basalt.runtime.operators.basic.FilterOperator;
import io.basalt.runtime.operators.basic.FlatMapOperator;
import io.basalt.runtime.operators.basic.MapOperator;
import io.basalt.runtime.operators.expr.ExpressionFilterOperator;
import io.basalt.runtime.operators.expr.FilterProjectOperator;
import io.basalt.runtime.operators.expr.ProjectionOperator;
import io.basalt.runtime.types.Row;
import io.basalt.runtime.types.RowCodec;
import io.basalt.vectorops.SortOrder;

/**
 * A distributed collection of elements of type {@code T} (Java records, POJOs, single values or
 * untyped {@link Row}s), stored column-wise. Transformations build a plan lazily; sinks run it.
 * Row functions ({@code map}, {@code filter(FilterFunction)}, ...) see one Java object per row;
 * expression methods ({@code filter(Expr)}, {@code select}, {@code groupBy(...).agg}) run as
 * vectorized kernels over whole columns and are much faster.
 *
 * @param <T> the element type
 */
public class DataSet<T> {
    final ExecutionEnvironment env;
    final PlanNode node;
    final RowCodec<T> codec;
    /** When this data set is {@code filterInput.filter(filterPredicate)}: a following projection fuses with the filter. */
    private Expr filterPredicate;
    private DataSet<?> filterInput;

    DataSet(ExecutionEnvironment env, PlanNode node, RowCodec<T> codec) {
        this.env = env;
        this.node = node;
        this.codec = codec;
    }

    public ExecutionEnvironment getExecutionEnvironment() {
        return env;
    }

    /** The columns of this data set. */
    public Schema schema() {
        return node.schema;
    }

    public Class<T> getType() {
        return codec.type();
    }

    /** Sets the parallelism of the operator that produces this data set. */
    public DataSet<T> setParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("Parallelism must be at least 1, got " + parallelism);
        }
        node.parallelism = parallelism;
        return this;
    }

    /** Names the operator that produces this data set (shown in plans and metrics). */
    public DataSet<T> name(String name) {
        node.name = name;
        return this;
    }

    <O> DataSet<O> derive(PlanNode.Kind kind, String name, List<DataSet<?>> inputs, RowCodec<O> out, Object params, long estimate) {
        List<PlanNode> nodes = inputs.stream().map(d -> d.node).toList();
        return new DataSet<>(env, new PlanNode(kind, name, nodes, out.schema(), params, estimate), out);
    }

    private <O> DataSet<O> row(String name, RowCodec<O> out, OperatorFactory factory, boolean preserves, long estimate) {
        return derive(PlanNode.Kind.ROW, name, List.of(this), out, new PlanNode.Simple(factory, preserves, false), estimate);
    }

    int[] keyIndices(String... fields) {
        if (fields.length == 0) {
            throw new IllegalArgumentException("At least one key field is needed");
        }
        int[] keys = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            keys[i] = node.schema.indexOf(fields[i]);
            if (keys[i] < 0) {
                throw new IllegalArgumentException("Unknown key field '" + fields[i] + "'; " + describe() + " has fields " + fieldNames());
            }
        }
        return keys;
    }

    List<String> fieldNames() {
        return node.schema.fields().stream().map(Field::name).toList();
    }

    String describe() {
        return "DataSet<" + codec.type().getSimpleName() + "> from " + node.name;
    }

    // ------------------------------------------------------------------ row functions

    /** Applies {@code fn} to every element; {@code type} is the class of the results (lambdas erase it). */
    public <O> DataSet<O> map(MapFunction<T, O> fn, Class<O> type) {
        RowCodec<O> out = RowCodec.of(type);
        RowCodec<T> in = codec;
        return row("Map(" + type.getSimpleName() + ")", out, OperatorFactory.of("Map(" + type.getSimpleName() + ")", 1,
                () -> new MapOperator<>(in, out, fn)), false, node.estimatedRows);
    }

    /** Applies {@code fn} to every element, emitting any number of results each. */
    public <O> DataSet<O> flatMap(FlatMapFunction<T, O> fn, Class<O> type) {
        RowCodec<O> out = RowCodec.of(type);
        RowCodec<T> in = codec;
        return row("FlatMap(" + type.getSimpleName() + ")", out, OperatorFactory.of("FlatMap(" + type.getSimpleName() + ")", 1,
                () -> new FlatMapOperator<>(in, out, fn)), false, node.estimatedRows * 4);
    }

    /** Keeps the elements for which {@code fn} returns true. */
    public DataSet<T> filter(FilterFunction<T> fn) {
        RowCodec<T> in = codec;
        return row("Filter", codec, OperatorFactory.of("Filter(function)", 1, () -> new FilterOperator<>(in, fn)), true, node.estimatedRows / 2);
    }

    // ------------------------------------------------------------------ expressions (vectorized)

    /** Keeps the rows where the predicate is TRUE (vectorized; NULL counts as false). */
    public DataSet<T> filter(Expr predicate) {
        OperatorFactory f = ExpressionFilterOperator.factory(node.schema, predicate);
        DataSet<T> filtered = row(f.name(), codec, f, true, node.estimatedRows / 2);
        filtered.filterPredicate = predicate;
        filtered.filterInput = this;
        return filtered;
    }

    /**
     * A projection of this data set; right after an expression filter the two fuse into one
     * operator that gathers only the projected columns of the selected rows (projection push-down).
     */
    private <O> DataSet<O> projection(String name, List<Expr> exprs, RowCodec<O> out, Schema declared) {
        if (filterPredicate != null) {
            OperatorFactory f = FilterProjectOperator.factory(filterInput.node.schema, filterPredicate, exprs, declared);
            return filterInput.row(f.name(), out, f, false, node.estimatedRows);
        }
        OperatorFactory f = ProjectionOperator.factory(node.schema, exprs, declared);
        return row(name == null ? f.name() : name, out, f, false, node.estimatedRows);
    }

    /** Computes one column per expression (vectorized), e.g. {@code select(col("a"), col("b").times(lit(2)).as("b2"))}. */
    public DataSet<Row> select(Expr... exprs) {
        List<Expr> list = List.of(exprs);
        Schema out = ExprEvaluator.projectionSchema(node.schema, list);
        return projection(null, list, RowCodec.rows(out), null);
    }

    /** Keeps the named fields, in the given order. */
    public DataSet<Row> project(String... fields) {
        return select(Arrays.stream(fields).map(Expr::col).toArray(Expr[]::new));
    }

    /**
     * Views the rows as elements of {@code type} (a record, POJO or single value), matching its
     * fields by name and converting numeric types where needed (e.g. decimal scale).
     */
    public <R> DataSet<R> as(Class<R> type) {
        RowCodec<R> target = RowCodec.of(type);
        List<Expr> exprs = new ArrayList<>();
        for (Field f : target.schema().fields()) {
            int index = node.schema.indexOf(f.name());
            if (index < 0) {
                throw new IllegalArgumentException("Cannot view " + describe() + " as " + type.getName() + ": it has no field '" + f.name()
                        + "' (fields: " + fieldNames() + ")");
            }
            Field have = node.schema.field(index);
            Expr e = Expr.col(f.name());
            exprs.add(have.type().equals(f.type()) ? e : e.cast(f.type()).as(f.name()));
        }
        return projection("As(" + type.getSimpleName() + ")", exprs, target, target.schema());
    }

    // ------------------------------------------------------------------ grouping and aggregation

    /** Groups by the named fields, for reduce/aggregate operations. */
    public Grouping<T> groupBy(String... fields) {
        return new Grouping<>(this, keyIndices(fields));
    }

    /** Aggregates the whole data set into one row. */
    public DataSet<Row> agg(AggCall... calls) {
        return Grouping.aggregate(this, new int[0], List.of(calls));
    }

    /** Combines all elements pairwise into one. */
    public DataSet<T> reduce(ReduceFunction<T> fn) {
        return new Grouping<>(this, new int[0]).reduce(fn);
    }

    /** Sees all elements in one call (non-parallel). */
    public <O> DataSet<O> reduceGroup(GroupReduceFunction<T, O> fn, Class<O> type) {
        return new Grouping<>(this, new int[0]).reduceGroup(fn, type);
    }

    /** Removes duplicate elements (all fields compared). */
    public DataSet<T> distinct() {
        int[] all = new int[node.schema.size()];
        Arrays.setAll(all, i -> i);
        return derive(PlanNode.Kind.DISTINCT, "Distinct", List.of(this), codec, new PlanNode.Distinct(all), node.estimatedRows / 2);
    }

    /** Keeps one element per distinct combination of the named fields (which element is unspecified: the result has only those fields). */
    public DataSet<Row> distinct(String... fields) {
        int[] keys = keyIndices(fields);
        List<Field> out = new ArrayList<>();
        for (int k : keys) {
            out.add(node.schema.field(k));
        }
        return derive(PlanNode.Kind.DISTINCT, "Distinct" + Arrays.toString(fields), List.of(this), RowCodec.rows(new Schema(out)),
                new PlanNode.Distinct(keys), node.estimatedRows / 2);
    }

    // ------------------------------------------------------------------ binary operations

    public <R> JoinBuilder<T, R> join(DataSet<R> other) {
        return new JoinBuilder<>(this, other, JoinType.INNER, JoinHint.OPTIMIZER_CHOOSES);
    }

    public <R> JoinBuilder<T, R> join(DataSet<R> other, JoinHint hint) {
        return new JoinBuilder<>(this, other, JoinType.INNER, hint);
    }

    public <R> JoinBuilder<T, R> leftOuterJoin(DataSet<R> other) {
        return new JoinBuilder<>(this, other, JoinType.LEFT_OUTER, JoinHint.OPTIMIZER_CHOOSES);
    }

    public <R> JoinBuilder<T, R> leftOuterJoin(DataSet<R> other, JoinHint hint) {
        return new JoinBuilder<>(this, other, JoinType.LEFT_OUTER, hint);
    }

    public <R> JoinBuilder<T, R> rightOuterJoin(DataSet<R> other) {
        return new JoinBuilder<>(this, other, JoinType.RIGHT_OUTER, JoinHint.OPTIMIZER_CHOOSES);
    }

    public <R> JoinBuilder<T, R> fullOuterJoin(DataSet<R> other) {
        return new JoinBuilder<>(this, other, JoinType.FULL_OUTER, JoinHint.OPTIMIZER_CHOOSES);
    }

    /** Elements of this set with a matching element in {@code other} (a semi join). */
    public <R> JoinBuilder<T, R> semiJoin(DataSet<R> other) {
        return new JoinBuilder<>(this, other, JoinType.SEMI, JoinHint.OPTIMIZER_CHOOSES);
    }

    /** Elements of this set without a matching element in {@code other} (an anti join). */
    public <R> JoinBuilder<T, R> antiJoin(DataSet<R> other) {
        return new JoinBuilder<>(this, other, JoinType.ANTI, JoinHint.OPTIMIZER_CHOOSES);
    }

    public <R> CoGroupBuilder<T, R> coGroup(DataSet<R> other) {
        return new CoGroupBuilder<>(this, other);
    }

    /** Every pair of an element of this set and one of {@code other}, as rows of both sides' fields. */
    public <R> CrossDataSet<T, R> cross(DataSet<R> other) {
        return CrossDataSet.create(this, other, CrossHint.OPTIMIZER_CHOOSES);
    }

    public <R> CrossDataSet<T, R> crossWithTiny(DataSet<R> other) {
        return CrossDataSet.create(this, other, CrossHint.WITH_TINY);
    }

    public <R> CrossDataSet<T, R> crossWithHuge(DataSet<R> other) {
        return CrossDataSet.create(this, other, CrossHint.WITH_HUGE);
    }

    /** Both data sets' elements; their schemas must be equal. */
    @SafeVarargs
    public final DataSet<T> union(DataSet<T>... others) {
        List<DataSet<?>> inputs = new ArrayList<>();
        inputs.add(this);
        long estimate = node.estimatedRows;
        for (DataSet<T> o : others) {
            if (!o.node.schema.equals(node.schema)) {
                throw new IllegalArgumentException("union needs equal schemas, but " + o.node.schema + " differs from " + node.schema);
            }
            inputs.add(o);
            estimate += o.node.estimatedRows;
        }
        return derive(PlanNode.Kind.UNION, "Union", inputs, codec, null, estimate);
    }

    // ------------------------------------------------------------------ iterations

    /** Starts a bulk iteration of at most {@code maxIterations} supersteps with this data set as the initial partial solution. */
    public IterativeDataSet<T> iterate(int maxIterations) {
        return new IterativeDataSet<>(this, maxIterations);
    }

    /**
     * Starts a delta iteration with this data set as the initial solution set, keyed by
     * {@code keyFields}, and {@code workset} as the initial workset.
     */
    public <W> DeltaIteration<T, W> iterateDelta(DataSet<W> workset, int maxIterations, String... keyFields) {
        return new DeltaIteration<>(this, workset, maxIterations, keyIndices(keyFields));
    }

    // ------------------------------------------------------------------ partitioning

    /** Redistributes the elements by the hash of the named fields (equal keys end up in one partition). */
    public DataSet<T> partitionByHash(String... fields) {
        return derive(PlanNode.Kind.PARTITION, "PartitionByHash", List.of(this), codec,
                new PlanNode.Partition(io.basalt.runtime.graph.ExchangeMode.HASH, keyIndices(fields), List.of()), node.estimatedRows);
    }

    /**
     * Redistributes the elements into key ranges (ascending), from a sample of the keys: partition
     * {@code i} gets smaller keys than partition {@code i+1}, so {@code partitionByRange(f).sortPartition(f, ASCENDING)}
     * is a parallel total sort.
     */
    public DataSet<T> partitionByRange(String... fields) {
        int[] keys = keyIndices(fields);
        List<SortOrder> orders = java.util.Collections.nCopies(keys.length, SortOrder.ASC);
        return derive(PlanNode.Kind.PARTITION, "PartitionByRange", List.of(this), codec,
                new PlanNode.Partition(io.basalt.runtime.graph.ExchangeMode.RANGE, keys, orders), node.estimatedRows);
    }

    /** Redistributes whole batches round-robin, evening out skewed partitions. */
    public DataSet<T> rebalance() {
        return derive(PlanNode.Kind.PARTITION, "Rebalance", List.of(this), codec,
                new PlanNode.Partition(io.basalt.runtime.graph.ExchangeMode.REBALANCE, new int[0], List.of()), node.estimatedRows);
    }

    // ------------------------------------------------------------------ ordering and limits

    /** Sorts each parallel partition by the field (chain calls for more fields). */
    public SortedDataSet<T> sortPartition(String field, Order order) {
        return new SortedDataSet<>(this, List.of(field), List.of(order));
    }

    /** The first {@code n} elements (any {@code n}, unless the input is sorted with parallelism 1). */
    public DataSet<T> first(int n) {
        return derive(PlanNode.Kind.FIRST, "First(" + n + ")", List.of(this), codec, new PlanNode.First(n), Math.min(n, node.estimatedRows));
    }

    // ------------------------------------------------------------------ sinks

    /** Runs the program up to this data set and returns its elements. */
    public List<T> collect() throws Exception {
        String key = ExecutionEnvironment.newSinkKey();
        RowCodec<T> c = codec;
        PlanNode sink = new PlanNode(PlanNode.Kind.SINK, "Collect", List.of(node), node.schema,
                new PlanNode.Simple(OperatorFactory.of("Collect", 1, () -> new CollectSink<>(key, c)), false, false), node.estimatedRows);
        JobExecutionResult result = env.run("collect", List.of(sink));
        return CollectSink.collect(result.result(), key, Math.max(1, parallelismOf(result, key)));
    }

    private static int parallelismOf(JobExecutionResult result, String key) {
        int p = 0;
        while (result.result().result(key + "#" + p) != null) {
            p++;
        }
        return p;
    }

    /** Runs the program and prints every element on its own line. */
    public void print() throws Exception {
        print(System.out);
    }

    public void print(PrintStream out) throws Exception {
        for (T element : collect()) {
            out.println(element);
        }
    }

    /** The number of elements (runs the program). */
    public long count() throws Exception {
        List<Row> rows = agg(AggCall.count()).collect();
        return (Long) rows.getFirst().get(0);
    }

    /** The optimized physical plan that would compute this data set. */
    public String explain() {
        PlanNode sink = new PlanNode(PlanNode.Kind.SINK, "Collect", List.of(node), node.schema,
                new PlanNode.Simple(OperatorFactory.of("Collect", 1, () -> new CollectSink<>("explain", codec)), false, false), node.estimatedRows);
        return env.explain(List.of(sink));
    }

    /**
     * Writes the elements as CSV (run by the next {@link ExecutionEnvironment#execute}): one file at
     * parallelism 1, else a directory with one file per parallel instance. Fails if the target exists.
     */
    public DataSet<T> writeAsCsv(String path) {
        return writeAsCsv(path, io.basalt.runtime.operators.io.WriteMode.NO_OVERWRITE);
    }

    public DataSet<T> writeAsCsv(String path, io.basalt.runtime.operators.io.WriteMode mode) {
        output(io.basalt.runtime.operators.io.CsvSink.factory(java.nio.file.Path.of(path), io.basalt.runtime.operators.io.CsvFormat.defaults(), mode));
        return this;
    }

    /** Writes each element's text on its own line (a single-column data set, e.g. of Strings). */
    public DataSet<T> writeAsText(String path, io.basalt.runtime.operators.io.WriteMode mode) {
        if (node.schema.size() != 1) {
            throw new IllegalArgumentException("writeAsText needs a single-column data set; " + describe() + " has " + fieldNames()
                    + " (use writeAsCsv or map to String first)");
        }
        output(io.basalt.runtime.operators.io.TextSink.factory(java.nio.file.Path.of(path), mode));
        return this;
    }

    /** Adds a custom sink operator, run by the next {@link ExecutionEnvironment#execute}. */
    public void output(OperatorFactory sink) {
        env.addSink(new PlanNode(PlanNode.Kind.SINK, sink.name(), List.of(node), node.schema, new PlanNode.Simple(sink, false, false), node.estimatedRows));
    }

    /** Sort order of {@link #sortPartition}. */
    public enum Order {
        ASCENDING(SortOrder.ASC), DESCENDING(SortOrder.DESC);

        final SortOrder sortOrder;

        Order(SortOrder sortOrder) {
            this.sortOrder = sortOrder;
        }
    }
}
