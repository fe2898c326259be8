package io.basalt.runtime.expr;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.basalt.data.DataType;
import io.basalt.vectorops.DatePart;

/**
 * A scalar expression over the columns of a row: column references, literals and calls
 * (arithmetic, comparisons, boolean logic, IS NULL, BETWEEN, IN, LIKE, casts, date parts), with
 * SQL null semantics. Built fluently, e.g. {@code col("price").times(lit(1).minus(col("discount")))}
 * or {@code col("shipdate").le(lit(LocalDate.of(1998, 9, 2)))}; evaluated column-at-a-time by
 * {@link ExprEvaluator} with the vectorized kernels. Immutable.
 */
public sealed interface Expr permits Expr.Column, Expr.Literal, Expr.Call, Expr.Alias {

    /** A reference to the column named {@code name}. */
    record Column(String name) implements Expr {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A constant; {@code value} is null for a typed NULL. */
    record Literal(Object value, DataType type) implements Expr {
        @Override
        public String toString() {
            if (value instanceof String s) {
                return "'" + s.replace("'", "''") + "'";
            }
            if (value instanceof LocalDate d) {
                return "DATE '" + d + "'";
            }
            return String.valueOf(value);
        }
    }

    /** A function applied to arguments; {@code parameter} holds a non-expression argument (IN list, LIKE pattern, cast type, date part). */
    record Call(Function function, List<Expr> args, Object parameter) implements Expr {
        public Call {
            args = List.copyOf(args);
        }

        @Override
        public String toString() {
            return switch (function) {
                case ADD, SUBTRACT, MULTIPLY, DIVIDE, EQ, NE, LT, LE, GT, GE, AND, OR ->
                        "(" + args.get(0) + " " + function.symbol + " " + args.get(1) + ")";
                case NOT -> "NOT " + args.get(0);
                case NEGATE -> "-" + args.get(0);
                case IS_NULL -> args.get(0) + " IS NULL";
                case IS_NOT_NULL -> args.get(0) + " IS NOT NULL";
                case BETWEEN -> args.get(0) + " BETWEEN " + args.get(1) + " AND " + args.get(2);
                case IN -> args.get(0) + " IN (" + ((List<?>) parameter).stream().map(Object::toString).collect(Collectors.joining(", ")) + ")";
                case LIKE -> args.get(0) + " LIKE '" + parameter + "'";
                case CAST -> "CAST(" + args.get(0) + " AS " + parameter + ")";
                case EXTRACT -> "EXTRACT(" + parameter + " FROM " + args.get(0) + ")";
            };
        }
    }

    /** Names the result column of an expression in a projection. */
    record Alias(Expr expr, String name) implements Expr {
        @Override
        public String toString() {
            return expr + " AS " + name;
        }
    }

    /** The functions of {@link Call}. */
    enum Function {
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), NEGATE("-"),
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="),
        AND("AND"), OR("OR"), NOT("NOT"), IS_NULL("IS NULL"), IS_NOT_NULL("IS NOT NULL"),
        BETWEEN("BETWEEN"), IN("IN"), LIKE("LIKE"), CAST("CAST"), EXTRACT("EXTRACT");

        final String symbol;

        Function(String symbol) {
            this.symbol = symbol;
        }

        boolean isPredicate() {
            return switch (this) {
                case EQ, NE, LT, LE, GT, GE, AND, OR, NOT, IS_NULL, IS_NOT_NULL, BETWEEN, IN, LIKE -> true;
                default -> false;
            };
        }
    }

    static Expr col(String name) {
        return new Column(name);
    }

    /**
     * A literal: Integer (int32), Long (int64), Double (float64), Float (float32), BigDecimal
     * (decimal with the value's scale, precision 18), String (utf8), LocalDate (date),
     * LocalDateTime (timestamp), Boolean.
     */
    static Expr lit(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("A NULL literal needs a type: use Expr.nullOf(type)");
        }
        DataType type = switch (value) {
            case Integer i -> DataType.INT32;
            case Long l -> DataType.INT64;
            case Double d -> DataType.FLOAT64;
            case Float f -> DataType.FLOAT32;
            case BigDecimal d -> {
                BigDecimal v = d.scale() < 0 ? d.setScale(0) : d;
                if (v.scale() > 18 || v.precision() > 18) {
                    throw new IllegalArgumentException("Decimal literal " + d + " needs more than 18 digits");
                }
                yield DataType.decimal(18, v.scale());
            }
            case String s -> DataType.UTF8;
            case LocalDate d -> DataType.DATE;
            case LocalDateTime t -> DataType.TIMESTAMP;
            case Boolean b -> DataType.BOOLEAN;
            default -> throw new IllegalArgumentException("Unsupported literal " + value + " of " + value.getClass().getName());
        };
        return new Literal(value instanceof BigDecimal d && d.scale() < 0 ? d.setScale(0) : value, type);
    }

    /** A decimal literal parsed from text, e.g. {@code dec("0.06")}. */
    static Expr dec(String text) {
        return lit(new BigDecimal(text));
    }

    static Expr nullOf(DataType type) {
        return new Literal(null, type);
    }

    default Expr plus(Expr other) {
        return new Call(Function.ADD, List.of(this, other), null);
    }

    default Expr minus(Expr other) {
        return new Call(Function.SUBTRACT, List.of(this, other), null);
    }

    default Expr times(Expr other) {
        return new Call(Function.MULTIPLY, List.of(this, other), null);
    }

    default Expr div(Expr other) {
        return new Call(Function.DIVIDE, List.of(this, other), null);
    }

    default Expr negate() {
        return new Call(Function.NEGATE, List.of(this), null);
    }

    default Expr eq(Expr other) {
        return new Call(Function.EQ, List.of(this, other), null);
    }

    default Expr ne(Expr other) {
        return new Call(Function.NE, List.of(this, other), null);
    }

    default Expr lt(Expr other) {
        return new Call(Function.LT, List.of(this, other), null);
    }

    default Expr le(Expr other) {
        return new Call(Function.LE, List.of(this, other), null);
    }

    default Expr gt(Expr other) {
        return new Call(Function.GT, List.of(this, other), null);
    }

    default Expr ge(Expr other) {
        return new Call(Function.GE, List.of(this, other), null);
    }

    default Expr and(Expr other) {
        return new Call(Function.AND, List.of(this, other), null);
    }

    default Expr or(Expr other) {
        return new Call(Function.OR, List.of(this, other), null);
    }

    default Expr not() {
        return new Call(Function.NOT, List.of(this), null);
    }

    default Expr isNull() {
        return new Call(Function.IS_NULL, List.of(this), null);
    }

    default Expr isNotNull() {
        return new Call(Function.IS_NOT_NULL, List.of(this), null);
    }

    default Expr between(Expr low, Expr high) {
        return new Call(Function.BETWEEN, List.of(this, low, high), null);
    }

    /** {@code this IN (values...)}; the values are literals (see {@link #lit}). */
    default Expr in(Object... values) {
        // A NULL in the list has no type of its own; it never matches but makes non-matching rows NULL.
        List<Expr> literals = Arrays.stream(values).map(v -> v == null ? new Literal(null, DataType.INT64) : v instanceof Expr e ? e : lit(v)).toList();
        for (Expr e : literals) {
            if (!(e instanceof Literal)) {
                throw new IllegalArgumentException("IN takes literal values, not " + e);
            }
        }
        return new Call(Function.IN, List.of(this), literals);
    }

    /** SQL LIKE with {@code %} and {@code _}. */
    default Expr like(String pattern) {
        return new Call(Function.LIKE, List.of(this), pattern);
    }

    default Expr cast(DataType type) {
        return new Call(Function.CAST, List.of(this), type);
    }

    default Expr year() {
        return new Call(Function.EXTRACT, List.of(this), DatePart.YEAR);
    }

    default Expr month() {
        return new Call(Function.EXTRACT, List.of(this), DatePart.MONTH);
    }

    default Expr as(String name) {
        return new Alias(this instanceof Alias a ? a.expr() : this, name);
    }

    /** The output column name of this expression in a projection. */
    default String outputName() {
        return switch (this) {
            case Alias a -> a.name();
            case Column c -> c.name();
            default -> toString();
        };
    }
}
