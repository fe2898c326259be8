package io.basalt.examples;

/** Reading the examples' command-line options, with errors that name the option and the value. */
public final class ExampleOptions {
    private ExampleOptions() {}

    /** {@code args[i]}, the value of {@code option}. */
    public static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    public static int positiveInt(String text, String option) {
        try {
            int v = Integer.parseInt(text);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a positive whole number, got '" + text + "'");
        }
    }

    public static double positiveNumber(String text, String option) {
        try {
            double v = Double.parseDouble(text);
            if (!(v > 0)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a positive number, got '" + text + "'");
        }
    }
}
