package io.basalt.vectorops;

/** Calendar fields {@link ArithmeticKernels#extract} can take from a date or timestamp (proleptic Gregorian, UTC). */
public enum DatePart {
    /** Year, possibly zero or negative before 0001 (astronomical numbering, as {@code LocalDate.getYear()}). */
    YEAR,
    /** Month of year, 1-12. */
    MONTH,
    /** Day of month, 1-31. */
    DAY
}
