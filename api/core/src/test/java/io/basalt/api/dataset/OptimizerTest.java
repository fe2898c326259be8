package io.basalt.api.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.basalt.api.dataset.Strategies.JoinStrategy;

/** Join strategy choices from size estimates and hints. */
class OptimizerTest {
    @Test
    void broadcastsAMuchSmallerSideWhenTheJoinTypeAllows() {
        assertThat(Strategies.chooseJoin(JoinType.INNER, JoinHint.OPTIMIZER_CHOOSES, 1_000_000, 1000, 4)).isEqualTo(JoinStrategy.BROADCAST_RIGHT);
        assertThat(Strategies.chooseJoin(JoinType.INNER, JoinHint.OPTIMIZER_CHOOSES, 1000, 1_000_000, 4)).isEqualTo(JoinStrategy.BROADCAST_LEFT);
        // a LEFT OUTER join cannot broadcast its preserved left side
        assertThat(Strategies.chooseJoin(JoinType.LEFT_OUTER, JoinHint.OPTIMIZER_CHOOSES, 1000, 1_000_000, 4)).isEqualTo(JoinStrategy.HASH_BUILD_LEFT);
        assertThat(Strategies.chooseJoin(JoinType.FULL_OUTER, JoinHint.OPTIMIZER_CHOOSES, 1_000_000, 10, 4)).isEqualTo(JoinStrategy.HASH_BUILD_RIGHT);
        // copied to 4 subtasks, the "small" side is no longer small
        assertThat(Strategies.chooseJoin(JoinType.INNER, JoinHint.OPTIMIZER_CHOOSES, 1_000_000, 300_000, 4)).isEqualTo(JoinStrategy.HASH_BUILD_RIGHT);
        assertThat(Strategies.chooseJoin(JoinType.INNER, JoinHint.OPTIMIZER_CHOOSES, 1_000_000, 1000, 1)).isEqualTo(JoinStrategy.HASH_BUILD_RIGHT);
    }

    @Test
    void sortMergeWhenTheBuildSideDwarfsMemory() {
        long gb = 1L << 30;
        assertThat(Strategies.chooseJoin(JoinType.INNER, JoinHint.OPTIMIZER_CHOOSES, 100_000_000, 90_000_000, 50 * gb, 45 * gb, 2, 512L << 20))
                .isEqualTo(JoinStrategy.SORT_MERGE);
        assertThat(Strategies.chooseJoin(JoinType.INNER, JoinHint.OPTIMIZER_CHOOSES, 100_000_000, 90_000_000, 50 * gb, 45 * gb, 2, 64 * gb))
                .isEqualTo(JoinStrategy.HASH_BUILD_RIGHT);
    }

    @Test
    void hintsWinButInvalidBroadcastsAreRejected() {
        assertThat(Strategies.chooseJoin(JoinType.INNER, JoinHint.REPARTITION_SORT_MERGE, 10, 10, 2)).isEqualTo(JoinStrategy.SORT_MERGE);
        assertThat(Strategies.chooseJoin(JoinType.INNER, JoinHint.REPARTITION_HASH_SECOND, 10, 1_000_000, 2)).isEqualTo(JoinStrategy.HASH_BUILD_RIGHT);
        assertThatThrownBy(() -> Strategies.chooseJoin(JoinType.LEFT_OUTER, JoinHint.BROADCAST_HASH_FIRST, 10, 10, 2))
                .hasMessageContaining("not valid for a LEFT_OUTER join");
    }
}
