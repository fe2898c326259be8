package io.basalt.runtime.expr;

import io.basalt.data.DataType;
import io.basalt.data.DataType.Kind;
import io.basalt.data.Schema;
import io.basalt.runtime.expr.Expr.Alias;
import io.basalt.runtime.expr.Expr.Call;
import io.basalt.runtime.expr.Expr.Column;
import io.basalt.runtime.expr.Expr.Literal;

/**
 * Type rules of {@link Expr}s: result types, implicit numeric promotion and validation against a
 * schema, with errors that name the expression and the column.
 *
 * <p>Numeric promotion: int32 op int32 stays int32; ints with int64 become int64; anything with a
 * float becomes float64; decimals with integers or decimals stay decimal (integers count as
 * decimal(10,0) / decimal(18,0)). Decimal results have precision 18 (the int64 limit, overflow is
 * detected) and scale max(s1, s2) for + and -, s1 + s2 for *, and max(6, s1) for /.
 */
public final class ExprTypes {
    private ExprTypes() {}

    /** The type of {@code expr} over rows of {@code schema}. */
    public static DataType typeOf(Expr expr, Schema schema) {
        return switch (expr) {
            case Column c -> {
                int index = schema.indexOf(c.name());
                if (index < 0) {
                    throw new IllegalArgumentException("Unknown column '" + c.name() + "'; the input has " + schema);
                }
                yield schema.field(index).type();
            }
            case Literal l -> l.type();
            case Alias a -> typeOf(a.expr(), schema);
            case Call call -> typeOfCall(call, schema);
        };
    }

    /** Whether {@code expr} can be NULL over rows of {@code schema}. */
    public static boolean nullable(Expr expr, Schema schema) {
        return switch (expr) {
            case Column c -> schema.field(schema.requireIndex(c.name())).nullable();
            case Literal l -> l.value() == null;
            case Alias a -> nullable(a.expr(), schema);
            case Call call -> call.function() == Expr.Function.IS_NULL || call.function() == Expr.Function.IS_NOT_NULL
                    ? false : call.args().stream().anyMatch(e -> nullable(e, schema));
        };
    }

    private static DataType typeOfCall(Call call, Schema schema) {
        switch (call.function()) {
            case ADD, SUBTRACT, MULTIPLY, DIVIDE -> {
                DataType l = typeOf(call.args().get(0), schema);
                DataType r = typeOf(call.args().get(1), schema);
                requireNumeric(call, l);
                requireNumeric(call, r);
                return arithmeticResult(call.function(), l, r);
            }
            case NEGATE -> {
                DataType t = typeOf(call.args().get(0), schema);
                requireNumeric(call, t);
                return t;
            }
            case EQ, NE, LT, LE, GT, GE, BETWEEN -> {
                DataType first = typeOf(call.args().get(0), schema);
                for (int i = 1; i < call.args().size(); i++) {
                    comparable(call, first, typeOf(call.args().get(i), schema));
                }
                return DataType.BOOLEAN;
            }
            case IN -> {
                DataType first = typeOf(call.args().get(0), schema);
                for (Object v : (java.util.List<?>) call.parameter()) {
                    if (((Literal) v).value() == null) {
                        continue;
                    }
                    comparable(call, first, ((Literal) v).type());
                }
                return DataType.BOOLEAN;
            }
            case AND, OR, NOT -> {
                for (Expr arg : call.args()) {
                    DataType t = typeOf(arg, schema);
                    if (t.kind() != Kind.BOOLEAN) {
                        throw new IllegalArgumentException(call.function() + " needs boolean operands, but " + arg + " is " + t + " in " + call);
                    }
                }
                return DataType.BOOLEAN;
            }
            case IS_NULL, IS_NOT_NULL -> {
                typeOf(call.args().getFirst(), schema);
                return DataType.BOOLEAN;
            }
            case LIKE -> {
                DataType t = typeOf(call.args().getFirst(), schema);
                if (t.kind() != Kind.UTF8) {
                    throw new IllegalArgumentException("LIKE needs a string, but " + call.args().getFirst() + " is " + t);
                }
                return DataType.BOOLEAN;
            }
            case CAST -> {
                typeOf(call.args().getFirst(), schema);
                return (DataType) call.parameter();
            }
            case EXTRACT -> {
                DataType t = typeOf(call.args().getFirst(), schema);
                if (t.kind() != Kind.DATE && t.kind() != Kind.TIMESTAMP) {
                    throw new IllegalArgumentException("EXTRACT needs a date or timestamp, but " + call.args().getFirst() + " is " + t);
                }
                return DataType.INT32;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    static boolean isNumeric(DataType t) {
        return switch (t.kind()) {
            case INT32, INT64, FLOAT32, FLOAT64, DECIMAL -> true;
            default -> false;
        };
    }

    static boolean isInteger(DataType t) {
        return t.kind() == Kind.INT32 || t.kind() == Kind.INT64;
    }

    private static void requireNumeric(Call call, DataType t) {
        if (!isNumeric(t)) {
            throw new IllegalArgumentException("Operator " + call.function().symbol + " needs numbers, but got " + t + " in " + call);
        }
    }

    private static void comparable(Call call, DataType a, DataType b) {
        boolean ok = a.kind() == b.kind() || isNumeric(a) && isNumeric(b);
        if (!ok) {
            throw new IllegalArgumentException("Cannot compare " + a + " with " + b + " in " + call);
        }
    }

    /** The decimal view of an integer or decimal type. */
    static DataType asDecimal(DataType t) {
        return switch (t.kind()) {
            case INT32 -> DataType.decimal(10, 0);
            case INT64 -> DataType.decimal(18, 0);
            case DECIMAL -> t;
            default -> throw new IllegalArgumentException(t + " is not exact");
        };
    }

    /** The common type two numeric operands are converted to before arithmetic or comparison. */
    static DataType commonNumeric(DataType l, DataType r) {
        if (l.kind() == Kind.FLOAT64 || r.kind() == Kind.FLOAT64 || l.kind() == Kind.FLOAT32 || r.kind() == Kind.FLOAT32) {
            return l.kind() == Kind.FLOAT32 && r.kind() == Kind.FLOAT32 ? DataType.FLOAT32 : DataType.FLOAT64;
        }
        if (l.kind() == Kind.DECIMAL || r.kind() == Kind.DECIMAL) {
            return DataType.decimal(18, Math.max(asDecimal(l).scale(), asDecimal(r).scale()));
        }
        if (l.kind() == Kind.INT64 || r.kind() == Kind.INT64) {
            return DataType.INT64;
        }
        return DataType.INT32;
    }

    static DataType arithmeticResult(Expr.Function f, DataType l, DataType r) {
        DataType common = commonNumeric(l, r);
        if (common.kind() != Kind.DECIMAL) {
            return common;
        }
        int ls = asDecimal(l).scale();
        int rs = asDecimal(r).scale();
        int scale = switch (f) {
            case ADD, SUBTRACT -> Math.max(ls, rs);
            case MULTIPLY -> ls + rs;
            case DIVIDE -> Math.max(6, ls);
            default -> throw new IllegalStateException("unreachable");
        };
        if (scale > 18) {
            throw new IllegalArgumentException("Decimal " + f + " of " + l + " and " + r + " needs scale " + scale + ", more than 18 digits");
        }
        return DataType.decimal(18, scale);
    }
}
