package io.basalt.runtime.operators.join;

/**
 * The equi-join kinds of the join operators (sort-merge and hash). Keys compare with SQL equality:
 * a NULL in any key column never matches anything, not even another NULL. Output rows hold the
 * left fields, then the right fields; SEMI and ANTI output the left fields only (see
 * {@link JoinSchemas#output}). A side that is padded with NULLs in outer rows has nullable fields.
 */
public enum JoinKind {
    /** One output row per pair of a left and a right row with equal keys. */
    INNER,
    /** INNER, plus every left row without a match, with NULLs on the right side. */
    LEFT_OUTER,
    /** INNER, plus every right row without a match, with NULLs on the left side. */
    RIGHT_OUTER,
    /** INNER, plus the unmatched rows of both sides, each with NULLs on the other side. */
    FULL_OUTER,
    /** Each left row that has at least one match, once; left fields only. */
    SEMI,
    /**
     * Each left row that has no match; left fields only. A left row with a NULL key never matches,
     * so it is emitted (NOT EXISTS semantics).
     */
    ANTI;

    /** Whether the output has the right side's fields (all kinds but SEMI and ANTI). */
    public boolean emitsRightFields() {
        return this != SEMI && this != ANTI;
    }

    /** Whether left rows without a match are emitted, padded with NULLs (LEFT_OUTER, FULL_OUTER). */
    public boolean keepsUnmatchedLeft() {
        return this == LEFT_OUTER || this == FULL_OUTER;
    }

    /** Whether right rows without a match are emitted, padded with NULLs (RIGHT_OUTER, FULL_OUTER). */
    public boolean keepsUnmatchedRight() {
        return this == RIGHT_OUTER || this == FULL_OUTER;
    }
}
