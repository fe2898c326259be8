package io.basalt.vectorops;

/**
 * Direction and null placement of one sort key. Nulls are placed independently of the direction
 * (NULLS FIRST/LAST means first/last in the output). Floating-point keys use the total order of
 * {@link Double#compare}: -0.0 before 0.0 and every NaN equal and greater than +Infinity, so NaN
 * comes last in ascending and first in descending order. Strings compare by their UTF-8 bytes
 * (unsigned), which is Unicode code point order. Immutable.
 */
public record SortOrder(boolean descending, boolean nullsFirst) {
    /** SQL's default for ASC: nulls last. */
    public static final SortOrder ASC = new SortOrder(false, false);
    /** SQL's default for DESC (PostgreSQL, Oracle): nulls first. */
    public static final SortOrder DESC = new SortOrder(true, true);
    public static final SortOrder ASC_NULLS_FIRST = new SortOrder(false, true);
    public static final SortOrder DESC_NULLS_LAST = new SortOrder(true, false);

    @Override
    public String toString() {
        return (descending ? "DESC" : "ASC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
}
