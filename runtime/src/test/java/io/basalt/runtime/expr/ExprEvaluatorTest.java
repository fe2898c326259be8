package io.basalt.runtime.expr;

import static io.basalt.runtime.expr.Expr.col;
import static io.basalt.runtime.expr.Expr.dec;
import static io.basalt.runtime.expr.Expr.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.data.Selection;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.runtime.expr.Expr.Alias;
import io.basalt.runtime.expr.Expr.Call;
import io.basalt.runtime.expr.Expr.Column;
import io.basalt.runtime.expr.Expr.Literal;
import io.basalt.vectorops.ExecutionMode;
import io.basalt.vectorops.Kernels;
import io.basalt.vectorops.VectorSupport;

/** Predicates and projections evaluated by the kernels equal a row-at-a-time reference with SQL null semantics. */
class ExprEvaluatorTest {
    private static final Schema SCHEMA = Schema.of(Field.nullable("a", DataType.INT32), Field.nullable("b", DataType.INT64),
            Field.nullable("d", DataType.decimal(12, 2)), Field.nullable("f", DataType.FLOAT64), Field.nullable("s", DataType.UTF8),
            Field.nullable("dt", DataType.DATE), Field.notNull("k", DataType.INT64));
    private static final String[] WORDS = {"", "a", "ab", "axb", "b", "abc", "m", "zz", "aqbr", "é"};

    private final MemoryManager memory = MemoryManager.create(256 << 20);
    private final MemoryPool pool = memory.newPool("test", 128 << 20);

    @AfterEach
    void close() {
        pool.close();
        memory.close();
    }

    static final List<Expr> PREDICATES = List.of(
            col("a").lt(lit(10)), col("a").le(lit(10L)), lit(10).gt(col("a")), col("b").gt(col("a")), col("a").eq(col("b")),
            col("d").ge(dec("1.255")), col("d").lt(dec("1.255")), col("d").eq(dec("1.5")), col("d").eq(dec("1.505")), col("d").ne(dec("1.505")),
            col("d").between(dec("-5.5"), dec("5.5")), col("d").gt(lit(2)), col("a").gt(dec("2.5")), col("f").lt(lit(0.5)), col("a").lt(lit(2.5)),
            col("s").eq(lit("ab")), col("s").ne(lit("ab")), col("s").lt(lit("m")), col("s").ge(col("s")), col("s").like("a%b_"),
            col("s").like("%"), col("a").in(1, 2, 3), col("a").in(1, null), col("d").in(new BigDecimal("1.50"), new BigDecimal("2.01")),
            col("s").in("a", "zz"), col("a").lt(lit(10)).or(col("s").isNull()).not(), col("a").isNull().and(col("b").gt(lit(0L))),
            col("a").gt(lit(0)).and(col("b").lt(lit(0L))).not(), col("dt").le(lit(LocalDate.of(2020, 6, 1))),
            col("dt").year().eq(lit(2020)), col("a").plus(col("b")).times(lit(2L)).gt(lit(100L)), col("d").times(col("d")).gt(dec("3")),
            col("f").div(col("a")).gt(lit(1.0)), col("a").between(lit(-3), lit(3)).not(), col("k").gt(lit(5L)), lit(3).lt(lit(4)),
            col("a").lt(Expr.nullOf(DataType.INT32)), col("d").minus(col("a")).lt(dec("0.5")),
            // AND chains: merged ranges, and conjuncts evaluated on the few rows left by earlier ones
            col("a").lt(lit(-15)).and(col("s").eq(lit("ab"))).and(col("d").gt(dec("0"))),
            col("dt").ge(lit(LocalDate.of(2019, 3, 1))).and(col("dt").lt(lit(LocalDate.of(2019, 4, 1)))).and(col("d").between(dec("-1"), dec("1"))),
            col("a").gt(lit(3)).and(col("a").le(lit(5))).and(col("k").gt(lit(2L))).and(col("a").ne(lit(4))),
            col("b").ge(lit(50L)).and(col("b").lt(lit(10L))), col("f").between(lit(-0.5), lit(0.5)), col("d").between(dec("-1.005"), lit(2)));

    static final List<Expr> PROJECTIONS = List.of(
            col("a").plus(col("b")).as("p1"), col("a").times(lit(3)).as("p2"), col("d").times(dec("0.5")).as("p3"), col("d").plus(col("a")).as("p4"),
            col("f").minus(col("a")).as("p5"), col("a").cast(DataType.decimal(12, 2)).as("p6"), col("dt").year().as("p7"), col("dt").month().as("p8"),
            col("a").lt(col("b")).as("p9"), col("a").negate().as("p10"), dec("1").minus(col("d")).as("p11"), col("s").as("p12"),
            col("d").div(lit(3)).as("p13"), lit(42L).as("p14"), col("k").as("p15"), col("s").like("a%").not().as("p16"),
            // a repeated subexpression (computed once per batch) and constant columns of several types
            col("a").plus(col("b")).times(lit(2L)).as("p17"), lit(LocalDate.of(2020, 1, 1)).as("p18"), lit(1.5).as("p19"), lit(7).as("p20"),
            dec("2.50").as("p21"));

    @ParameterizedTest
    @EnumSource(value = ExecutionMode.class, names = {"SCALAR", "SIMD"})
    void predicatesMatchTheReference(ExecutionMode mode) {
        Kernels kernels = kernels(mode);
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 7, 8, 9, 31, 64, 65, 1000}) {
            try (Batch batch = randomBatch(random, size)) {
                ExprEvaluator evaluator = new ExprEvaluator(SCHEMA, kernels, pool);
                for (Expr p : PREDICATES) {
                    Selection s = evaluator.filter(batch, p);
                    List<Integer> expected = new ArrayList<>();
                    for (int r = 0; r < size; r++) {
                        if (Boolean.TRUE.equals(reference(p, batch, r))) {
                            expected.add(r);
                        }
                    }
                    List<Integer> actual = new ArrayList<>();
                    for (int i = 0; i < s.size(); i++) {
                        actual.add(s.get(i));
                    }
                    assertThat(actual).as("%s over %d rows", p, size).isEqualTo(expected);
                }
                assertThat(pool.used()).as("intermediates freed").isEqualTo(poolUsedBy(batch));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionMode.class, names = {"SCALAR", "SIMD"})
    void projectionsMatchTheReference(ExecutionMode mode) {
        Kernels kernels = kernels(mode);
        Random random = new Random(11);
        Schema out = ExprEvaluator.projectionSchema(SCHEMA, PROJECTIONS);
        assertThat(out.field(2).type()).isEqualTo(DataType.decimal(18, 3));
        assertThat(out.field(8).type()).isEqualTo(DataType.BOOLEAN);
        assertThat(out.field(14).nullable()).isFalse();
        for (int size : new int[] {1, 7, 64, 65, 1000}) {
            try (Batch batch = randomBatch(random, size); Batch sliced = batch.slice(size / 3, size - size / 3)) {
                for (Batch input : List.of(batch, sliced)) {
                    ExprEvaluator evaluator = new ExprEvaluator(SCHEMA, kernels, pool);
                    try (Batch result = evaluator.project(input, PROJECTIONS, out)) {
                        assertThat(result.schema()).isEqualTo(out);
                        for (int r = 0; r < input.rowCount(); r++) {
                            for (int c = 0; c < PROJECTIONS.size(); c++) {
                                Object expected = reference(PROJECTIONS.get(c), input, r);
                                Object actual = result.getObject(c, r);
                                assertThat(normalize(actual)).as("%s row %d", PROJECTIONS.get(c), r).isEqualTo(normalize(expected));
                            }
                        }
                    }
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void passesThroughColumnsOfBatchesFromAnotherMemoryManager() {
        try (MemoryManager other = MemoryManager.create(64 << 20); MemoryPool otherPool = other.newPool("source", 32 << 20)) {
            Batch batch;
            try (BatchBuilder b = new BatchBuilder(SCHEMA, otherPool, 4)) {
                b.appendRow(1, 2L, BigDecimal.ONE, 1.0, "x", LocalDate.of(2020, 1, 1), 3L);
                batch = b.seal();
            }
            try (batch) {
                List<Expr> exprs = List.of(col("s"), col("k").plus(lit(1L)).as("k1"));
                try (Batch out = new ExprEvaluator(SCHEMA, kernels(ExecutionMode.SCALAR), pool).project(batch, exprs, ExprEvaluator.projectionSchema(SCHEMA, exprs))) {
                    assertThat(out.getString(0, 0)).isEqualTo("x");
                    assertThat(out.getLong(1, 0)).isEqualTo(4L);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionMode.class, names = {"SCALAR"})
    void badExpressionsAreClearErrors(ExecutionMode mode) {
        assertThatThrownBy(() -> ExprEvaluator.projectionSchema(SCHEMA, List.of(col("nope")))).hasMessageContaining("Unknown column 'nope'");
        assertThatThrownBy(() -> ExprEvaluator.checkPredicate(col("a").plus(lit(1)), SCHEMA)).hasMessageContaining("needs a boolean expression");
        assertThatThrownBy(() -> ExprEvaluator.projectionSchema(SCHEMA, List.of(col("s").plus(lit(1))))).hasMessageContaining("needs numbers");
        assertThatThrownBy(() -> ExprEvaluator.checkPredicate(col("s").lt(lit(1)), SCHEMA)).hasMessageContaining("Cannot compare");
        try (Batch batch = randomBatch(new Random(1), 10)) {
            ExprEvaluator evaluator = new ExprEvaluator(SCHEMA, kernels(mode), pool);
            List<Expr> divide = List.of(col("k").div(lit(0L)).as("x"));
            assertThatThrownBy(() -> evaluator.project(batch, divide, ExprEvaluator.projectionSchema(SCHEMA, divide)))
                    .isInstanceOf(ArithmeticException.class);
            assertThat(pool.used()).isEqualTo(poolUsedBy(batch));
        }
    }

    private long batchBytes;

    private long poolUsedBy(Batch batch) {
        return batchBytes;
    }

    private static Kernels kernels(ExecutionMode mode) {
        return mode == ExecutionMode.SIMD && !VectorSupport.isAvailable() ? Kernels.forMode(ExecutionMode.SCALAR) : Kernels.forMode(mode);
    }

    private Batch randomBatch(Random random, int rows) {
        try (BatchBuilder b = new BatchBuilder(SCHEMA, pool, Math.max(1, rows))) {
            for (int r = 0; r < rows; r++) {
                b.appendRow(random.nextInt(8) == 0 ? null : random.nextInt(41) - 20,
                        random.nextInt(8) == 0 ? null : (long) random.nextInt(201) - 100,
                        random.nextInt(8) == 0 ? null : BigDecimal.valueOf(random.nextInt(2001) - 1000, 2),
                        random.nextInt(8) == 0 ? null : random.nextInt(4) == 0 ? -0.0 : random.nextDouble() * 4 - 2,
                        random.nextInt(8) == 0 ? null : WORDS[random.nextInt(WORDS.length)],
                        random.nextInt(8) == 0 ? null : LocalDate.of(2019, 1, 1).plusDays(random.nextInt(1000)),
                        (long) random.nextInt(10));
            }
            Batch batch = b.seal();
            batchBytes = pool.used();
            return batch;
        }
    }

    private static Object normalize(Object v) {
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros();
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        return v;
    }

    // ------------------------------------------------------------- reference semantics, row by row

    static Object reference(Expr e, Batch batch, int row) {
        return switch (e) {
            case Column c -> batch.getObject(batch.schema().requireIndex(c.name()), row);
            case Literal l -> l.value();
            case Alias a -> reference(a.expr(), batch, row);
            case Call call -> call(call, batch, row);
        };
    }

    private static Object call(Call call, Batch batch, int row) {
        List<Object> args = call.args().stream().map(a -> reference(a, batch, row)).toList();
        switch (call.function()) {
            case AND -> {
                Boolean a = (Boolean) args.get(0);
                Boolean b = (Boolean) args.get(1);
                if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
                    return false;
                }
                return a == null || b == null ? null : true;
            }
            case OR -> {
                Boolean a = (Boolean) args.get(0);
                Boolean b = (Boolean) args.get(1);
                if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
                    return true;
                }
                return a == null || b == null ? null : false;
            }
            case NOT -> {
                return args.get(0) == null ? null : !(Boolean) args.get(0);
            }
            case IS_NULL -> {
                return args.get(0) == null;
            }
            case IS_NOT_NULL -> {
                return args.get(0) != null;
            }
            case IN -> {
                Object v = args.get(0);
                if (v == null) {
                    return null;
                }
                boolean sawNull = false;
                for (Object o : (List<?>) call.parameter()) {
                    Object lv = ((Literal) o).value();
                    if (lv == null) {
                        sawNull = true;
                    } else if (compare(v, lv) == 0) {
                        return true;
                    }
                }
                return sawNull ? null : false;
            }
            case LIKE -> {
                if (args.get(0) == null) {
                    return null;
                }
                String regex = ((String) call.parameter()).replace("%", ".*").replace("_", ".");
                return ((String) args.get(0)).matches("(?s)" + regex);
            }
            default -> {}
        }
        if (args.contains(null)) {
            return null;
        }
        return switch (call.function()) {
            case EQ -> compare(args.get(0), args.get(1)) == 0;
            case NE -> compare(args.get(0), args.get(1)) != 0;
            case LT -> compare(args.get(0), args.get(1)) < 0;
            case LE -> compare(args.get(0), args.get(1)) <= 0;
            case GT -> compare(args.get(0), args.get(1)) > 0;
            case GE -> compare(args.get(0), args.get(1)) >= 0;
            case BETWEEN -> compare(args.get(0), args.get(1)) >= 0 && compare(args.get(0), args.get(2)) <= 0;
            case EXTRACT -> call.parameter() == io.basalt.vectorops.DatePart.YEAR ? ((LocalDate) args.get(0)).getYear() : ((LocalDate) args.get(0)).getMonthValue();
            case CAST -> new BigDecimal(args.get(0).toString()).setScale(((DataType) call.parameter()).scale(), RoundingMode.HALF_UP);
            case NEGATE -> arithmetic(Expr.Function.SUBTRACT, 0, args.get(0), ExprTypes.typeOf(call, SCHEMA));
            default -> arithmetic(call.function(), args.get(0), args.get(1), ExprTypes.typeOf(call, SCHEMA));
        };
    }

    private static Object arithmetic(Expr.Function f, Object a, Object b, DataType result) {
        switch (result.kind()) {
            case FLOAT64 -> {
                double x = ((Number) a).doubleValue();
                double y = ((Number) b).doubleValue();
                return switch (f) {
                    case ADD -> x + y;
                    case SUBTRACT -> x - y;
                    case MULTIPLY -> x * y;
                    default -> x / y;
                };
            }
            case DECIMAL -> {
                BigDecimal x = new BigDecimal(a.toString());
                BigDecimal y = new BigDecimal(b.toString());
                return switch (f) {
                    case ADD -> x.add(y);
                    case SUBTRACT -> x.subtract(y);
                    case MULTIPLY -> x.multiply(y);
                    default -> x.divide(y, result.scale(), RoundingMode.HALF_UP);
                };
            }
            default -> {
                long x = ((Number) a).longValue();
                long y = ((Number) b).longValue();
                return switch (f) {
                    case ADD -> x + y;
                    case SUBTRACT -> x - y;
                    case MULTIPLY -> x * y;
                    default -> x / y;
                };
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (a instanceof Double || b instanceof Double || a instanceof Float || b instanceof Float) {
                double dx = x.doubleValue();
                double dy = y.doubleValue();
                return dx < dy ? -1 : dx > dy ? 1 : 0; // -0.0 == 0.0 as in SQL
            }
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
        }
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(java.util.Arrays.compareUnsigned(x.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    y.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return ((Comparable) a).compareTo(b);
    }
}
