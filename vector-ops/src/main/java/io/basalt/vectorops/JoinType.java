package io.basalt.vectorops;

/**
 * What {@link JoinKernels#probe} emits per probe row. A NULL in any key column never matches.
 * RIGHT and FULL outer joins probe as INNER or LEFT and then read the build rows left unmatched
 * from {@link JoinHashTable#isMatched}.
 */
public enum JoinType {
    /** One (probe row, build row) pair per match. */
    INNER,
    /** Like INNER, plus (probe row, -1) for a probe row without any match (NULL keys included). */
    LEFT,
    /** Each probe row with at least one match, once (build index -1). */
    SEMI,
    /**
     * Each probe row without any match (build index -1). A probe row with a NULL key counts as
     * unmatched and is emitted: NOT EXISTS semantics. For NOT IN, whose predicate is unknown when a
     * NULL is involved, the operator drops NULL-key probe rows itself and emits nothing at all when
     * the build side holds a NULL key.
     */
    ANTI
}
