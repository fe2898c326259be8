package io.basalt.runtime.operators.join;

import io.basalt.vectorops.JoinType;

/**
 * What a hash join of a given {@link JoinKind} does with its build and probe sides once one side is
 * chosen as the build side: the probe type of the kernels and which rows of each side are emitted
 * after matching. Immutable.
 *
 * @param kind      the logical join
 * @param buildLeft whether the left input is the build side
 */
record JoinRoles(JoinKind kind, boolean buildLeft) {
    /** What to emit of one side's rows once all their matches are known. */
    enum Final {
        NONE,
        /** Rows without any match, the other side's columns NULL (outer joins, ANTI). */
        UNMATCHED,
        /** Rows with at least one match, once each (SEMI). */
        MATCHED
    }

    boolean probeLeft() {
        return !buildLeft;
    }

    boolean semiOrAnti() {
        return kind == JoinKind.SEMI || kind == JoinKind.ANTI;
    }

    /** Whether unmatched rows (NULL keys included) of the left or right side appear in the output. */
    static boolean keepsUnmatched(JoinKind kind, boolean left) {
        return left
                ? kind == JoinKind.LEFT_OUTER || kind == JoinKind.FULL_OUTER || kind == JoinKind.ANTI
                : kind == JoinKind.RIGHT_OUTER || kind == JoinKind.FULL_OUTER;
    }

    boolean buildKeepsUnmatched() {
        return keepsUnmatched(kind, buildLeft);
    }

    boolean probeKeepsUnmatched() {
        return keepsUnmatched(kind, !buildLeft);
    }

    /**
     * The probe type when the whole build side is one table: pairs (INNER, or LEFT to keep unmatched
     * probe rows), probe rows (SEMI/ANTI of a left probe side), or SEMI only to find the matched
     * build keys (SEMI/ANTI of a left build side).
     */
    JoinType probeType() {
        if (semiOrAnti()) {
            return buildLeft || kind == JoinKind.SEMI ? JoinType.SEMI : JoinType.ANTI;
        }
        return probeKeepsUnmatched() ? JoinType.LEFT : JoinType.INNER;
    }

    /**
     * The probe type when the build side is joined in several chunks: matches only, because whether
     * a probe row matched at all is known only after the last chunk.
     */
    JoinType chunkedProbeType() {
        return semiOrAnti() ? JoinType.SEMI : JoinType.INNER;
    }

    /** Whether probes emit (probe, build) pairs. */
    boolean emitsPairs() {
        return !semiOrAnti();
    }

    /** Whether build rows need the table's per-row match bits (outer joins keeping unmatched build rows). */
    boolean tracksBuildRows() {
        return !semiOrAnti() && buildKeepsUnmatched();
    }

    /** Whether probes mark matched build keys (SEMI/ANTI with the left side as build side). */
    boolean marksBuildKeys() {
        return semiOrAnti() && buildLeft;
    }

    /** Build rows to emit after all probes. */
    Final buildFinal() {
        if (tracksBuildRows()) {
            return Final.UNMATCHED;
        }
        if (marksBuildKeys()) {
            return kind == JoinKind.SEMI ? Final.MATCHED : Final.UNMATCHED;
        }
        return Final.NONE;
    }

    /** Probe rows to emit after the last chunk when the build side is joined in several chunks. */
    Final chunkedProbeFinal() {
        if (semiOrAnti()) {
            return buildLeft ? Final.NONE : kind == JoinKind.SEMI ? Final.MATCHED : Final.UNMATCHED;
        }
        return probeKeepsUnmatched() ? Final.UNMATCHED : Final.NONE;
    }
}
