package io.basalt.runtime.expr;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.DataType;
import io.basalt.data.DataType.Kind;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.data.Selection;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.runtime.expr.Expr.Alias;
import io.basalt.runtime.expr.Expr.Call;
import io.basalt.runtime.expr.Expr.Column;
import io.basalt.runtime.expr.Expr.Function;
import io.basalt.runtime.expr.Expr.Literal;
import io.basalt.vectorops.ArithmeticOp;
import io.basalt.vectorops.Bitmaps;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.CompareOp;
import io.basalt.vectorops.DatePart;
import io.basalt.vectorops.FilterKernels;
import io.basalt.vectorops.Kernels;
import io.basalt.vectorops.LikePattern;

/**
 * Evaluates {@link Expr}s over batches with the vectorized kernels: predicates become
 * {@link Selection}s of the rows where they are TRUE, projections become new columns. SQL
 * three-valued logic is kept exact by evaluating a predicate to its TRUE rows and, when a NOT
 * needs them, its FALSE rows (rows where it is NULL are in neither). Intermediate columns are
 * allocated from the pool and freed before each call returns. One instance per operator thread.
 */
public final class ExprEvaluator {
    private final Schema schema;
    private final Kernels kernels;
    private final FilterKernels filter;
    private final MemoryPool pool;

    public ExprEvaluator(Schema schema, Kernels kernels, MemoryPool pool) {
        this.schema = schema;
        this.kernels = kernels;
        this.filter = kernels.filter();
        this.pool = pool;
    }

    /** The output schema of projecting {@code exprs} from rows of {@code input}; names must be unique. */
    public static Schema projectionSchema(Schema input, List<Expr> exprs) {
        List<Field> fields = new ArrayList<>();
        for (Expr e : exprs) {
            fields.add(new Field(e.outputName(), ExprTypes.typeOf(e, input), ExprTypes.nullable(e, input)));
        }
        return new Schema(fields);
    }

    /** Validates a predicate against the schema (it must be boolean). */
    public static void checkPredicate(Expr predicate, Schema input) {
        DataType t = ExprTypes.typeOf(predicate, input);
        if (t.kind() != Kind.BOOLEAN) {
            throw new IllegalArgumentException("A filter needs a boolean expression, but " + predicate + " is " + t);
        }
    }

    /** The rows of {@code batch} where {@code predicate} is TRUE. */
    public Selection filter(Batch batch, Expr predicate) {
        List<Expr> conjuncts = new ArrayList<>();
        flattenAnd(predicate, conjuncts);
        conjuncts = mergeRanges(conjuncts);
        if (conjuncts.size() == 1) {
            return predicate(conjuncts.getFirst(), batch, false).trueRows;
        }
        // Conjuncts one after the other; once few rows are left, the columns the remaining conjuncts
        // read are gathered for just those rows, so later conjuncts scan a fraction of the batch.
        int n = batch.rowCount();
        Selection selected = predicate(conjuncts.getFirst(), batch, false).trueRows;
        for (int i = 1; i < conjuncts.size() && !selected.isEmpty(); i++) {
            if (selected.size() * 4L < n) {
                return filterWithin(batch, selected, conjuncts.subList(i, conjuncts.size()));
            }
            selected = filter.and(selected, predicate(conjuncts.get(i), batch, false).trueRows, n);
        }
        return selected;
    }

    private Selection filterWithin(Batch batch, Selection selected, List<Expr> rest) {
        java.util.SortedSet<Integer> columns = new java.util.TreeSet<>();
        for (Expr e : rest) {
            collectColumns(e, batch.schema(), columns);
        }
        int[] cols = columns.stream().mapToInt(Integer::intValue).toArray();
        try (Batch projected = batch.selectColumns(cols);
             Batch compact = io.basalt.vectorops.Gather.compact(projected, selected, pool, kernels.gather())) {
            Selection inner = filter(compact, rest.size() == 1 ? rest.getFirst() : rest.stream().reduce(Expr::and).orElseThrow());
            int[] out = new int[inner.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = selected.get(inner.get(i));
            }
            return Selection.wrap(out, out.length);
        }
    }

    /** Adds the indices of the columns {@code e} reads to {@code out}. */
    public static void collectColumns(Expr e, Schema schema, java.util.SortedSet<Integer> out) {
        switch (e) {
            case Column c -> out.add(schema.requireIndex(c.name()));
            case Alias a -> collectColumns(a.expr(), schema, out);
            case Call call -> call.args().forEach(arg -> collectColumns(arg, schema, out));
            case Literal l -> { }
        }
    }

    private static void flattenAnd(Expr e, List<Expr> out) {
        if (e instanceof Call c && c.function() == Function.AND) {
            flattenAnd(c.args().get(0), out);
            flattenAnd(c.args().get(1), out);
        } else if (e instanceof Alias a) {
            flattenAnd(a.expr(), out);
        } else {
            out.add(e);
        }
    }

    /**
     * Merges {@code c >= x AND c < y} style conjuncts on one date or integer column into a single
     * BETWEEN, which the kernels evaluate in one pass.
     */
    private List<Expr> mergeRanges(List<Expr> conjuncts) {
        java.util.Map<String, Long[]> bounds = new java.util.LinkedHashMap<>();
        java.util.Map<String, DataType> types = new java.util.HashMap<>();
        List<Expr> rest = new ArrayList<>();
        for (Expr e : conjuncts) {
            if (e instanceof Call c && c.args().size() == 2 && c.args().get(0) instanceof Column col && c.args().get(1) instanceof Literal lit
                    && lit.value() != null && EnumSet.of(Function.LT, Function.LE, Function.GT, Function.GE).contains(c.function())) {
                int index = schema.indexOf(col.name());
                DataType t = index < 0 ? null : schema.field(index).type();
                Long v = t == null ? null : integral(t, lit.value());
                if (v != null) {
                    Long[] b = bounds.computeIfAbsent(col.name(), k -> new Long[] {Long.MIN_VALUE, Long.MAX_VALUE});
                    types.put(col.name(), t);
                    switch (c.function()) {
                        case GE -> b[0] = Math.max(b[0], v);
                        case GT -> b[0] = Math.max(b[0], v == Long.MAX_VALUE ? v : v + 1);
                        case LE -> b[1] = Math.min(b[1], v);
                        default -> b[1] = Math.min(b[1], v == Long.MIN_VALUE ? v : v - 1);
                    }
                    continue;
                }
            }
            rest.add(e);
        }
        List<Expr> out = new ArrayList<>();
        for (var entry : bounds.entrySet()) {
            out.add(new Call(Function.BETWEEN, List.of(Expr.col(entry.getKey()), new Literal(entry.getValue()[0], DataType.INT64),
                    new Literal(entry.getValue()[1], DataType.INT64)), RAW_BOUNDS));
        }
        out.addAll(rest);
        return out;
    }

    /** Marks a BETWEEN whose bounds are already in the column's raw integer domain. */
    private static final Object RAW_BOUNDS = "raw";

    /** The raw integer a literal compares as against a column of type {@code t}, if exact; else null. */
    private static Long integral(DataType t, Object value) {
        return switch (t.kind()) {
            case DATE -> value instanceof LocalDate d ? d.toEpochDay() : null;
            case INT32, INT64 -> value instanceof Integer || value instanceof Long ? ((Number) value).longValue() : null;
            default -> null;
        };
    }

    /** BETWEEN of a column and two non-null literals in one kernel pass, when the types allow; else null. */
    private Tri betweenConstants(Expr value, Expr low, Expr high, Batch batch, boolean needFalse) {
        if (!(low instanceof Literal lo) || !(high instanceof Literal hi) || lo.value() == null || hi.value() == null) {
            return null;
        }
        int n = batch.rowCount();
        try (Col c = eval(value, batch)) {
            Kind kind = c.type.kind();
            Selection t;
            if (lo.type().kind() == Kind.INT64 && lo.value() instanceof Long a && hi.value() instanceof Long b
                    && (kind == Kind.DATE || kind == Kind.INT32 || kind == Kind.INT64) && isRaw(value)) {
                t = FilterKernels.select(n, out -> filter.between(c.ref, a, b, out));
            } else if (kind == Kind.FLOAT32 || kind == Kind.FLOAT64) {
                if (!(lo.value() instanceof Number a) || !(hi.value() instanceof Number b)) {
                    return null;
                }
                t = FilterKernels.select(n, out -> filter.between(c.ref, a.doubleValue(), b.doubleValue(), out));
            } else if ((kind == Kind.INT32 || kind == Kind.INT64 || kind == Kind.DECIMAL) && !(lo.value() instanceof Double || lo.value() instanceof Float
                    || hi.value() instanceof Double || hi.value() instanceof Float) && lo.value() instanceof Number && hi.value() instanceof Number) {
                int scale = kind == Kind.DECIMAL ? c.type.scale() : 0;
                BigDecimal a = new BigDecimal(lo.value().toString()).movePointRight(scale).setScale(0, RoundingMode.CEILING);
                BigDecimal b = new BigDecimal(hi.value().toString()).movePointRight(scale).setScale(0, RoundingMode.FLOOR);
                BigDecimal min = BigDecimal.valueOf(Long.MIN_VALUE);
                BigDecimal max = BigDecimal.valueOf(Long.MAX_VALUE);
                long la = a.max(min).min(max).longValueExact();
                long lb = b.max(min).min(max).longValueExact();
                t = FilterKernels.select(n, out -> filter.between(c.ref, la, lb, out));
            } else if (kind == Kind.DATE && lo.value() instanceof LocalDate a && hi.value() instanceof LocalDate b) {
                t = FilterKernels.select(n, out -> filter.between(c.ref, a.toEpochDay(), b.toEpochDay(), out));
            } else {
                return null;
            }
            return new Tri(t, needFalse ? minus(known(c, n), t, n) : null);
        }
    }

    private static boolean isRaw(Expr value) {
        return value instanceof Column;
    }

    /** A new batch with one column per expression, typed as {@link #projectionSchema}. */
    public Batch project(Batch batch, List<Expr> exprs, Schema output) {
        int n = batch.rowCount();
        FieldVector[] vectors = new FieldVector[exprs.size()];
        computed = new java.util.HashMap<>();
        try {
            for (int i = 0; i < vectors.length; i++) {
                Expr e = exprs.get(i) instanceof Alias a ? a.expr() : exprs.get(i);
                if (e instanceof Column c) {
                    vectors[i] = passThrough(batch, schemaIndex(c, batch), output.field(i));
                    continue;
                }
                try (Col c = eval(exprs.get(i), batch)) {
                    vectors[i] = c.toVector(output.field(i), n);
                }
            }
            return BatchBuilder.adoptVectors(output, vectors, n);
        } catch (RuntimeException e) {
            for (FieldVector v : vectors) {
                if (v != null) {
                    v.close();
                }
            }
            throw e;
        } finally {
            computed.values().forEach(Col::close);
            computed = null;
        }
    }

    /** An input column for an output batch: its buffers shared when the batch starts at buffer row 0, else copied. */
    private FieldVector passThrough(Batch batch, int column, Field field) {
        int n = batch.rowCount();
        FieldVector shared = batch.arrowVector(column);
        // Buffers can only be shared within one allocator tree; batches from another memory manager are copied.
        boolean sameRoot = shared.getAllocator().getRoot() == pool.arrowAllocator().getRoot();
        if (batch.offset() != 0 || !sameRoot) {
            try (Batch one = batch.selectColumns(column); Batch copy = io.basalt.vectorops.Gather.compact(one, Selection.all(n), pool, kernels.gather())) {
                FieldVector target = field.toArrow().createVector(pool.arrowAllocator());
                copy.arrowVector(0).makeTransferPair(target).transfer();
                return target;
            }
        }
        FieldVector source = batch.arrowVector(column);
        MemorySegment validity = batch.validity(column);
        int nulls = n - Bitmaps.countSet(validity, 0, n);
        FieldVector target = field.toArrow().createVector(pool.arrowAllocator());
        try {
            target.loadFieldBuffers(new ArrowFieldNode(n, nulls), source.getFieldBuffers());
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        return target;
    }

    // ---------------------------------------------------------------- columns

    /** An evaluated column: borrowed from the input batch or owned (freed on close). */
    private final class Col implements AutoCloseable {
        final DataType type;
        final ColumnRef ref;
        final Batch ownedBatch;      // a materialized literal, or null
        final List<ArrowBuf> ownedBuffers;

        Col(DataType type, ColumnRef ref, Batch ownedBatch, List<ArrowBuf> ownedBuffers) {
            this.type = type;
            this.ref = ref;
            this.ownedBatch = ownedBatch;
            this.ownedBuffers = ownedBuffers;
        }

        /** Another handle on the same column (its own references to owned memory). */
        Col share() {
            return new Col(type, ref, ownedBatch == null ? null : ownedBatch.retain(), retain(ownedBuffers));
        }

        /** A vector holding this column (sharing or copying its memory) for an output batch. */
        FieldVector toVector(Field field, int n) {
            if (type.kind() == Kind.UTF8 || ownedBuffers == null) {
                // Input columns and materialized literals are copied; fresh results are adopted below.
                try (Batch one = ownedBatch != null ? ownedBatch.retain() : null) {
                    return copyColumn(field, n);
                }
            }
            int nulls = ref.validity() == null ? 0 : n - Bitmaps.countSet(ref.validity(), 0, n);
            FieldVector vector = field.toArrow().createVector(pool.arrowAllocator());
            try {
                vector.loadFieldBuffers(new ArrowFieldNode(n, nulls), List.of(ownedBuffers.get(0), ownedBuffers.get(1)));
            } catch (RuntimeException e) {
                vector.close();
                throw e;
            }
            return vector;
        }

        private FieldVector copyColumn(Field field, int n) {
            try (BatchBuilder b = new BatchBuilder(Schema.of(field), pool, n)) {
                appendColumn(b, this, n);
                try (Batch one = b.seal()) {
                    FieldVector v = one.arrowVector(0);
                    FieldVector copy = field.toArrow().createVector(pool.arrowAllocator());
                    v.makeTransferPair(copy).transfer();
                    return copy;
                }
            }
        }

        @Override
        public void close() {
            if (ownedBatch != null) {
                ownedBatch.close();
            }
            if (ownedBuffers != null) {
                ownedBuffers.forEach(ArrowBuf::close);
            }
        }
    }

    private Col input(int column, Batch batch) {
        return new Col(batch.schema().field(column).type(), ColumnRef.of(batch, column), null, null);
    }

    /** A fresh fixed-width column of {@code n} rows: buffers [validity, data]. */
    private List<ArrowBuf> allocate(DataType type, int n) {
        List<ArrowBuf> buffers = new ArrayList<>(2);
        try {
            buffers.add(pool.allocate(Bitmaps.bytesFor(n)));
            long bytes = type.kind() == Kind.BOOLEAN ? Bitmaps.bytesFor(n) : (long) type.fixedWidth() * n;
            buffers.add(pool.allocate(Math.max(8, bytes)));
        } catch (RuntimeException e) {
            buffers.forEach(ArrowBuf::close);
            throw e;
        }
        return buffers;
    }

    private Col fresh(DataType type, List<ArrowBuf> buffers, int n) {
        MemorySegment validity = MemoryManager.segmentOf(buffers.get(0));
        MemorySegment v = Bitmaps.countSet(validity, 0, n) == n ? null : validity;
        return new Col(type, new ColumnRef(type, MemoryManager.segmentOf(buffers.get(1)), v, null, 0, n), null, buffers);
    }

    private interface Compute {
        void apply(MemorySegment out, MemorySegment validity);
    }

    private Col compute(DataType type, int n, Compute compute) {
        List<ArrowBuf> buffers = allocate(type, n);
        try {
            compute.apply(MemoryManager.segmentOf(buffers.get(1)), MemoryManager.segmentOf(buffers.get(0)));
            return fresh(type, buffers, n);
        } catch (RuntimeException e) {
            buffers.forEach(ArrowBuf::close);
            throw e;
        }
    }

    private Col literal(Literal l, int n) {
        Object v = l.value();
        if (v != null && l.type().kind() != Kind.UTF8 && l.type().kind() != Kind.BOOLEAN) {
            // fixed-width constants are filled straight into a fresh column
            long raw = switch (v) {
                case BigDecimal d -> d.setScale(l.type().scale(), RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
                case LocalDate d -> d.toEpochDay();
                case LocalDateTime t -> t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
                case Double d -> Double.doubleToRawLongBits(d);
                case Float f -> Float.floatToRawIntBits(f);
                default -> ((Number) v).longValue();
            };
            return compute(l.type(), n, (out, validity) -> {
                validity.asSlice(0, Bitmaps.bytesFor(n)).fill((byte) 0xFF);
                if (l.type().fixedWidth() == 4) {
                    int x = (int) raw;
                    for (int r = 0; r < n; r++) {
                        out.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, r, x);
                    }
                } else {
                    for (int r = 0; r < n; r++) {
                        out.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, r, raw);
                    }
                }
            });
        }
        Schema s = Schema.of(Field.nullable("literal", l.type()));
        try (BatchBuilder b = new BatchBuilder(s, pool, Math.max(1, n))) {
            for (int r = 0; r < n; r++) {
                b.appendValue(0, l.value());
            }
            Batch batch = b.seal();
            return new Col(l.type(), ColumnRef.of(batch, 0), batch, null);
        }
    }

    /** Results of calls already computed in the current {@link #project} call (common subexpressions). */
    private java.util.Map<Expr, Col> computed;

    private Col eval(Expr expr, Batch batch) {
        if (computed != null && expr instanceof Call) {
            Col done = computed.get(expr);
            if (done != null) {
                return done.share();
            }
            Col fresh = evalUncached(expr, batch);
            computed.put(expr, fresh);
            return fresh.share();
        }
        return evalUncached(expr, batch);
    }

    private Col evalUncached(Expr expr, Batch batch) {
        int n = batch.rowCount();
        return switch (expr) {
            case Column c -> input(schemaIndex(c, batch), batch);
            case Literal l -> literal(l, n);
            case Alias a -> eval(a.expr(), batch);
            case Call call -> switch (call.function()) {
                case ADD, SUBTRACT, MULTIPLY, DIVIDE -> arithmetic(call, batch);
                case NEGATE -> arithmetic(new Call(Function.SUBTRACT, List.of(zeroOf(ExprTypes.typeOf(call.args().getFirst(), schema)),
                        call.args().getFirst()), null), batch);
                case CAST -> {
                    try (Col in = eval(call.args().getFirst(), batch)) {
                        yield cast(in, (DataType) call.parameter(), n);
                    }
                }
                case EXTRACT -> {
                    try (Col in = eval(call.args().getFirst(), batch)) {
                        yield compute(DataType.INT32, n, (out, v) -> kernels.arithmetic().extract((DatePart) call.parameter(), in.ref, out, v));
                    }
                }
                default -> booleanColumn(call, batch);
            };
        };
    }

    private int schemaIndex(Column c, Batch batch) {
        int index = batch.schema().indexOf(c.name());
        if (index < 0) {
            throw new IllegalArgumentException("Unknown column '" + c.name() + "'; the input has " + batch.schema());
        }
        return index;
    }

    private static Expr zeroOf(DataType t) {
        return switch (t.kind()) {
            case INT32 -> Expr.lit(0);
            case INT64 -> Expr.lit(0L);
            case FLOAT32 -> Expr.lit(0f);
            case FLOAT64 -> Expr.lit(0.0);
            default -> Expr.lit(BigDecimal.ZERO);
        };
    }

    private Col cast(Col in, DataType target, int n) {
        if (in.type.equals(target)) {
            return new Col(in.type, in.ref, in.ownedBatch == null ? null : in.ownedBatch.retain(), retain(in.ownedBuffers));
        }
        if (target.kind() == Kind.UTF8 || in.type.kind() == Kind.UTF8 || target.kind() == Kind.BOOLEAN || in.type.kind() == Kind.BOOLEAN) {
            throw new IllegalArgumentException("Unsupported cast from " + in.type + " to " + target);
        }
        return compute(target, n, (out, v) -> kernels.arithmetic().cast(in.ref, target, out, v));
    }

    private static List<ArrowBuf> retain(List<ArrowBuf> buffers) {
        if (buffers == null) {
            return null;
        }
        for (ArrowBuf b : buffers) {
            b.getReferenceManager().retain();
        }
        return buffers;
    }

    private Col arithmetic(Call call, Batch batch) {
        int n = batch.rowCount();
        Expr le = call.args().get(0);
        Expr re = call.args().get(1);
        DataType lt = ExprTypes.typeOf(le, schema);
        DataType rt = ExprTypes.typeOf(re, schema);
        DataType result = ExprTypes.arithmeticResult(call.function(), lt, rt);
        ArithmeticOp op = ArithmeticOp.valueOf(call.function().name());
        if (result.kind() == Kind.DECIMAL) {
            try (Col l = eval(le, batch); Col r = eval(re, batch);
                 Col ld = toDecimal(l, n); Col rd = toDecimal(r, n)) {
                return compute(result, n, (out, v) -> kernels.arithmetic().decimal(op, ld.ref, rd.ref, result, out, v));
            }
        }
        // Constant operands use the constant kernels, without materializing a column.
        if (re instanceof Literal rl && rl.value() != null && !(le instanceof Literal)) {
            try (Col l = eval(le, batch); Col lc = cast(l, result, n)) {
                return compute(result, n, (out, v) -> {
                    if (result.kind() == Kind.FLOAT32 || result.kind() == Kind.FLOAT64) {
                        kernels.arithmetic().binaryRightConstant(op, lc.ref, ((Number) rl.value()).doubleValue(), out, v);
                    } else {
                        kernels.arithmetic().binaryRightConstant(op, lc.ref, ((Number) rl.value()).longValue(), out, v);
                    }
                });
            }
        }
        if (le instanceof Literal ll && ll.value() != null && !(re instanceof Literal)) {
            try (Col r = eval(re, batch); Col rc = cast(r, result, n)) {
                return compute(result, n, (out, v) -> {
                    if (result.kind() == Kind.FLOAT32 || result.kind() == Kind.FLOAT64) {
                        kernels.arithmetic().binaryLeftConstant(op, ((Number) ll.value()).doubleValue(), rc.ref, out, v);
                    } else {
                        kernels.arithmetic().binaryLeftConstant(op, ((Number) ll.value()).longValue(), rc.ref, out, v);
                    }
                });
            }
        }
        try (Col l = eval(le, batch); Col r = eval(re, batch); Col lc = cast(l, result, n); Col rc = cast(r, result, n)) {
            return compute(result, n, (out, v) -> kernels.arithmetic().binary(op, lc.ref, rc.ref, out, v));
        }
    }

    private Col toDecimal(Col c, int n) {
        return cast(c, ExprTypes.asDecimal(c.type), n);
    }

    /** A predicate used as a value: TRUE, FALSE or NULL per row. */
    private Col booleanColumn(Call call, Batch batch) {
        int n = batch.rowCount();
        Tri t = predicate(call, batch, true);
        return compute(DataType.BOOLEAN, n, (out, validity) -> {
            out.asSlice(0, Bitmaps.bytesFor(n)).fill((byte) 0);
            validity.asSlice(0, Bitmaps.bytesFor(n)).fill((byte) 0);
            for (int i = 0; i < t.trueRows.size(); i++) {
                int r = t.trueRows.get(i);
                Bitmaps.set(out, r, true);
                Bitmaps.set(validity, r, true);
            }
            for (int i = 0; i < t.falseRows.size(); i++) {
                Bitmaps.set(validity, t.falseRows.get(i), true);
            }
        });
    }

    // ---------------------------------------------------------------- predicates

    /** The TRUE rows and (when requested) the FALSE rows of a predicate. */
    private record Tri(Selection trueRows, Selection falseRows) {}

    private Tri predicate(Expr expr, Batch batch, boolean needFalse) {
        int n = batch.rowCount();
        if (expr instanceof Alias a) {
            return predicate(a.expr(), batch, needFalse);
        }
        if (expr instanceof Literal l) {
            boolean value = Boolean.TRUE.equals(l.value());
            boolean isFalse = Boolean.FALSE.equals(l.value());
            return new Tri(value ? Selection.all(n) : Selection.empty(), isFalse ? Selection.all(n) : Selection.empty());
        }
        if (expr instanceof Column c) {
            try (Col col = input(schemaIndex(c, batch), batch)) {
                return booleanRows(col, n);
            }
        }
        Call call = (Call) expr;
        List<Expr> args = call.args();
        return switch (call.function()) {
            case AND -> {
                Tri a = predicate(args.get(0), batch, needFalse);
                if (!needFalse && a.trueRows.isEmpty()) {
                    yield a;
                }
                Tri b = predicate(args.get(1), batch, needFalse);
                yield new Tri(filter.and(a.trueRows, b.trueRows, n), needFalse ? filter.or(a.falseRows, b.falseRows, n) : null);
            }
            case OR -> {
                Tri a = predicate(args.get(0), batch, needFalse);
                Tri b = predicate(args.get(1), batch, needFalse);
                yield new Tri(filter.or(a.trueRows, b.trueRows, n), needFalse ? filter.and(a.falseRows, b.falseRows, n) : null);
            }
            case NOT -> {
                Tri a = predicate(args.get(0), batch, true);
                yield new Tri(a.falseRows, a.trueRows);
            }
            case IS_NULL, IS_NOT_NULL -> {
                try (Col c = eval(args.get(0), batch)) {
                    Selection nulls = FilterKernels.select(n, out -> filter.isNull(c.ref, out));
                    if (call.function() == Function.IS_NULL) {
                        yield new Tri(nulls, needFalse ? filter.not(nulls, n) : null);
                    }
                    yield new Tri(filter.not(nulls, n), nulls);
                }
            }
            case EQ, NE, LT, LE, GT, GE -> comparison(call.function(), args.get(0), args.get(1), batch, needFalse);
            case BETWEEN -> {
                Tri fast = betweenConstants(args.get(0), args.get(1), args.get(2), batch, needFalse);
                if (fast != null) {
                    yield fast;
                }
                Tri lo = comparison(Function.GE, args.get(0), args.get(1), batch, needFalse);
                Tri hi = comparison(Function.LE, args.get(0), args.get(2), batch, needFalse);
                yield new Tri(filter.and(lo.trueRows, hi.trueRows, n), needFalse ? filter.or(lo.falseRows, hi.falseRows, n) : null);
            }
            case IN -> in(args.get(0), call, batch, needFalse);
            case LIKE -> {
                try (Col c = eval(args.get(0), batch)) {
                    LikePattern pattern = LikePattern.compile((String) call.parameter());
                    Selection t = FilterKernels.select(n, out -> filter.like(c.ref, pattern, out));
                    yield new Tri(t, needFalse ? minus(known(c, n), t, n) : null);
                }
            }
            default -> {
                try (Col c = eval(expr, batch)) {
                    if (c.type.kind() != Kind.BOOLEAN) {
                        throw new IllegalArgumentException("Not a predicate: " + expr + " is " + c.type);
                    }
                    yield booleanRows(c, n);
                }
            }
        };
    }

    private Tri booleanRows(Col c, int n) {
        int[] t = new int[n];
        int[] f = new int[n];
        int nt = 0;
        int nf = 0;
        for (int r = 0; r < n; r++) {
            if (c.ref.isValid(r)) {
                if (Bitmaps.get(c.ref.data(), c.ref.offset() + r)) {
                    t[nt++] = r;
                } else {
                    f[nf++] = r;
                }
            }
        }
        return new Tri(Selection.wrap(t, nt), Selection.wrap(f, nf));
    }

    private Selection known(Col c, int n) {
        return c.ref.mayHaveNulls() ? FilterKernels.select(n, out -> filter.isNotNull(c.ref, out)) : Selection.all(n);
    }

    private Selection minus(Selection a, Selection b, int n) {
        return b.isEmpty() ? a : filter.and(a, filter.not(b, n), n);
    }

    private static Function flip(Function f) {
        return switch (f) {
            case LT -> Function.GT;
            case LE -> Function.GE;
            case GT -> Function.LT;
            case GE -> Function.LE;
            default -> f;
        };
    }

    private Tri comparison(Function f, Expr left, Expr right, Batch batch, boolean needFalse) {
        int n = batch.rowCount();
        if (left instanceof Literal && !(right instanceof Literal)) {
            return comparison(flip(f), right, left, batch, needFalse);
        }
        if (right instanceof Literal lit) {
            if (lit.value() == null) {
                return new Tri(Selection.empty(), Selection.empty());
            }
            try (Col c = eval(left, batch)) {
                Selection known = known(c, n);
                Selection t = compareConstant(f, c, lit, n, known);
                return new Tri(t, needFalse ? minus(known, t, n) : null);
            }
        }
        try (Col l = eval(left, batch); Col r = eval(right, batch)) {
            Selection known = filter.and(known(l, n), known(r, n), n);
            Selection t;
            if (ExprTypes.isNumeric(l.type) && !l.type.equals(r.type)) {
                DataType common = ExprTypes.commonNumeric(l.type, r.type);
                try (Col lc = cast(l, common, n); Col rc = cast(r, common, n)) {
                    t = FilterKernels.select(n, out -> filter.compare(lc.ref, CompareOp.valueOf(f.name()), rc.ref, out));
                }
            } else if (l.type.kind() == Kind.UTF8 || l.type.kind() == Kind.BOOLEAN) {
                t = rowCompare(f, l, r, null, known, n);
            } else {
                t = FilterKernels.select(n, out -> filter.compare(l.ref, CompareOp.valueOf(f.name()), r.ref, out));
            }
            return new Tri(t, needFalse ? minus(known, t, n) : null);
        }
    }

    private Selection compareConstant(Function f, Col c, Literal lit, int n, Selection known) {
        CompareOp op = CompareOp.valueOf(f.name());
        Kind kind = c.type.kind();
        Object v = lit.value();
        switch (kind) {
            case FLOAT32, FLOAT64 -> {
                double d = ((Number) v).doubleValue();
                return FilterKernels.select(n, out -> filter.compare(c.ref, op, d, out));
            }
            case INT32, INT64, DECIMAL -> {
                if (v instanceof Double || v instanceof Float) {
                    try (Col d = cast(c, DataType.FLOAT64, n)) {
                        double x = ((Number) v).doubleValue();
                        return FilterKernels.select(n, out -> filter.compare(d.ref, op, x, out));
                    }
                }
                BigDecimal exact = v instanceof BigDecimal b ? b : BigDecimal.valueOf(((Number) v).longValue());
                return compareScaled(op, c, exact.movePointRight(kind == Kind.DECIMAL ? c.type.scale() : 0), n, known);
            }
            case DATE -> {
                long days = ((LocalDate) v).toEpochDay();
                return FilterKernels.select(n, out -> filter.compare(c.ref, op, days, out));
            }
            case TIMESTAMP -> {
                LocalDateTime t = (LocalDateTime) v;
                long micros = t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
                return FilterKernels.select(n, out -> filter.compare(c.ref, op, micros, out));
            }
            case UTF8 -> {
                byte[] bytes = ((String) v).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (op == CompareOp.EQ) {
                    return FilterKernels.select(n, out -> filter.equalTo(c.ref, bytes, out));
                }
                if (op == CompareOp.NE) {
                    return minus(known, FilterKernels.select(n, out -> filter.equalTo(c.ref, bytes, out)), n);
                }
                return rowCompare(f, c, null, bytes, known, n);
            }
            case BOOLEAN -> {
                return rowCompare(f, c, null, (Boolean) v ? new byte[] {1} : new byte[] {0}, known, n);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** {@code column op value} where {@code value} is in the column's unscaled domain, possibly fractional. */
    private Selection compareScaled(CompareOp op, Col c, BigDecimal value, int n, Selection known) {
        BigDecimal floor = value.setScale(0, RoundingMode.FLOOR);
        boolean exact = floor.compareTo(value) == 0;
        BigDecimal bound = switch (op) {
            case LT, GE -> value.setScale(0, RoundingMode.CEILING);
            default -> floor;
        };
        if (!exact && op == CompareOp.EQ) {
            return Selection.empty();
        }
        if (!exact && op == CompareOp.NE) {
            return known;
        }
        long b = bound.max(BigDecimal.valueOf(Long.MIN_VALUE)).min(BigDecimal.valueOf(Long.MAX_VALUE)).longValueExact();
        return FilterKernels.select(n, out -> filter.compare(c.ref, op, b, out));
    }

    /** Row-at-a-time comparison for strings (UTF-8 byte order equals code point order) and booleans. */
    private Selection rowCompare(Function f, Col l, Col r, byte[] constant, Selection known, int n) {
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < known.size(); i++) {
            int row = known.get(i);
            int cmp;
            if (l.type.kind() == Kind.BOOLEAN) {
                boolean a = Bitmaps.get(l.ref.data(), l.ref.offset() + row);
                boolean b = r != null ? Bitmaps.get(r.ref.data(), r.ref.offset() + row) : constant[0] == 1;
                cmp = Boolean.compare(a, b);
            } else {
                cmp = compareUtf8(l.ref, row, r == null ? null : r.ref, constant);
            }
            boolean pass = switch (f) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
                default -> throw new IllegalStateException("unreachable");
            };
            if (pass) {
                out[k++] = row;
            }
        }
        return Selection.wrap(out, k);
    }

    private static int compareUtf8(ColumnRef a, int row, ColumnRef b, byte[] constant) {
        long aStart = a.offsets().getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, a.offset() + row);
        long aEnd = a.offsets().getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, a.offset() + row + 1L);
        MemorySegment bData;
        long bStart;
        long bEnd;
        if (b != null) {
            bData = b.data();
            bStart = b.offsets().getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, b.offset() + row);
            bEnd = b.offsets().getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, b.offset() + row + 1L);
        } else {
            bData = MemorySegment.ofArray(constant);
            bStart = 0;
            bEnd = constant.length;
        }
        long mismatch = MemorySegment.mismatch(a.data(), aStart, aEnd, bData, bStart, bEnd);
        if (mismatch < 0) {
            return 0;
        }
        if (mismatch == aEnd - aStart) {
            return -1;
        }
        if (mismatch == bEnd - bStart) {
            return 1;
        }
        return Integer.compare(Byte.toUnsignedInt(a.data().get(ValueLayout.JAVA_BYTE, aStart + mismatch)),
                Byte.toUnsignedInt(bData.get(ValueLayout.JAVA_BYTE, bStart + mismatch)));
    }

    private Tri in(Expr left, Call call, Batch batch, boolean needFalse) {
        int n = batch.rowCount();
        List<?> values = (List<?>) call.parameter();
        boolean listHasNull = values.stream().anyMatch(v -> ((Literal) v).value() == null);
        try (Col c = eval(left, batch)) {
            Selection known = known(c, n);
            Selection t;
            Kind kind = c.type.kind();
            List<Object> present = values.stream().map(v -> ((Literal) v).value()).filter(java.util.Objects::nonNull).toList();
            if ((kind == Kind.INT32 || kind == Kind.INT64 || kind == Kind.DECIMAL || kind == Kind.DATE)
                    && present.stream().noneMatch(v -> v instanceof Double || v instanceof Float)) {
                long[] keys = present.stream().map(v -> switch (v) {
                    case LocalDate d -> BigDecimal.valueOf(d.toEpochDay());
                    case BigDecimal d -> d.movePointRight(kind == Kind.DECIMAL ? c.type.scale() : 0);
                    default -> BigDecimal.valueOf(((Number) v).longValue()).movePointRight(kind == Kind.DECIMAL ? c.type.scale() : 0);
                }).filter(d -> d.stripTrailingZeros().scale() <= 0).mapToLong(BigDecimal::longValueExact).toArray();
                t = FilterKernels.select(n, out -> filter.in(c.ref, keys, out));
            } else if (kind == Kind.FLOAT32 || kind == Kind.FLOAT64) {
                double[] keys = present.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
                t = FilterKernels.select(n, out -> filter.in(c.ref, keys, out));
            } else {
                t = Selection.empty();
                for (Object v : present) {
                    t = filter.or(t, compareConstant(Function.EQ, c, (Literal) Expr.lit(v), n, known), n);
                }
            }
            return new Tri(t, listHasNull ? Selection.empty() : needFalse ? minus(known, t, n) : null);
        }
    }

    private static void appendColumn(BatchBuilder b, Col c, int n) {
        ColumnRef ref = c.ref;
        for (int r = 0; r < n; r++) {
            if (!ref.isValid(r)) {
                b.appendNull(0);
                continue;
            }
            long row = ref.offset() + (long) r;
            switch (c.type.kind()) {
                case BOOLEAN -> b.appendBoolean(0, Bitmaps.get(ref.data(), row));
                case INT32 -> b.appendInt(0, ref.data().getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, row));
                case DATE -> b.appendDateDays(0, ref.data().getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, row));
                case INT64 -> b.appendLong(0, ref.data().getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row));
                case DECIMAL -> b.appendDecimalUnscaled(0, ref.data().getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row));
                case TIMESTAMP -> b.appendTimestampMicros(0, ref.data().getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row));
                case FLOAT32 -> b.appendFloat(0, ref.data().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, row));
                case FLOAT64 -> b.appendDouble(0, ref.data().getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, row));
                case UTF8 -> {
                    long start = ref.offsets().getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, row);
                    long end = ref.offsets().getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, row + 1);
                    b.appendUtf8(0, ref.data().asSlice(start, end - start).toArray(ValueLayout.JAVA_BYTE));
                }
            }
        }
    }
}
