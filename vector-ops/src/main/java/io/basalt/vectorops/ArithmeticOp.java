package io.basalt.vectorops;

/** The four arithmetic operators of {@link ArithmeticKernels}. Immutable. */
public enum ArithmeticOp {
    ADD("+"),
    SUBTRACT("-"),
    MULTIPLY("*"),
    DIVIDE("/");

    private final String symbol;

    ArithmeticOp(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in SQL, for error messages. */
    public String symbol() {
        return symbol;
    }
}
