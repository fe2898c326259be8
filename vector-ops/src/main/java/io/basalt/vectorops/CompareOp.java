package io.basalt.vectorops;

/**
 * A comparison {@code value op other}. Each operator is described by which orderings of the two
 * operands it accepts (less, equal, greater, unordered), which lets kernels evaluate any operator
 * with one loop and fixed vector comparisons. Unordered only happens with a floating-point NaN and
 * is accepted by {@link #NE} alone, as in Java ({@code NaN != x} is true, every other comparison
 * with NaN false). Immutable.
 */
public enum CompareOp {
    EQ("=", false, true, false, false),
    NE("<>", true, false, true, true),
    LT("<", true, false, false, false),
    LE("<=", true, true, false, false),
    GT(">", false, false, true, false),
    GE(">=", false, true, true, false);

    private final String symbol;
    private final boolean less;
    private final boolean equal;
    private final boolean greater;
    private final boolean unordered;

    CompareOp(String symbol, boolean less, boolean equal, boolean greater, boolean unordered) {
        this.symbol = symbol;
        this.less = less;
        this.equal = equal;
        this.greater = greater;
        this.unordered = unordered;
    }

    /** The SQL spelling: {@code = <> < <= > >=}. */
    public String symbol() {
        return symbol;
    }

    /** Whether {@code a op b} holds when {@code a < b}. */
    public boolean acceptsLess() {
        return less;
    }

    /** Whether {@code a op b} holds when {@code a == b} (for floats: {@code -0.0 == 0.0}). */
    public boolean acceptsEqual() {
        return equal;
    }

    /** Whether {@code a op b} holds when {@code a > b}. */
    public boolean acceptsGreater() {
        return greater;
    }

    /** Whether {@code a op b} holds when either operand is NaN (only {@code <>}). */
    public boolean acceptsUnordered() {
        return unordered;
    }

    /** The operator with the operands swapped: {@code a op b == b op.swap() a}. */
    public CompareOp swap() {
        return switch (this) {
            case EQ, NE -> this;
            case LT -> GT;
            case LE -> GE;
            case GT -> LT;
            case GE -> LE;
        };
    }
}
