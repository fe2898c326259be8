package io.basalt.runtime.operators.join;

/**
 * The logical kind of an equi-join between a left input (0) and a right input (1). Keys compare
 * equal only when every key column is non-NULL and equal, so a row with a NULL key never matches.
 */
public enum JoinKind {
    /** One output row per matching (left, right) pair. */
    INNER,
    /** INNER, plus every left row without a match, its right columns NULL. */
    LEFT_OUTER,
    /** INNER, plus every right row without a match, its left columns NULL. */
    RIGHT_OUTER,
    /** INNER, plus the unmatched rows of both sides, NULL-padded. */
    FULL_OUTER,
    /** Each left row with at least one match, once; left columns only. */
    SEMI,
    /** Each left row without any match (NULL keys included: NOT EXISTS semantics); left columns only. */
    ANTI
}
