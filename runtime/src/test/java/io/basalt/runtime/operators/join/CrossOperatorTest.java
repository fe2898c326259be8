package io.basalt.runtime.operators.join;

import static io.basalt.runtime.operators.join.JoinTestSupport.assertSameRows;
import static io.basalt.runtime.operators.join.JoinTestSupport.feed;
import static io.basalt.runtime.operators.join.JoinTestSupport.feedInOrder;
import static io.basalt.runtime.operators.join.JoinTestSupport.referenceCross;
import static io.basalt.runtime.operators.join.JoinTestSupport.row;
import static io.basalt.runtime.operators.join.JoinTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.exec.ExecutionConfig;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.OperatorHarness;
import io.basalt.vectorops.ExecutionMode;

class CrossOperatorTest {
    private static final Schema LEFT = HashJoinOperatorTest.LEFT;
    private static final Schema RIGHT = HashJoinOperatorTest.RIGHT;
    private static final long SPILL_LIMIT = 256 << 10;

    private static ExecutionConfig config(int batchRows) {
        return ExecutionConfig.defaults().withParallelism(1).withBatchRows(batchRows).withMode(ExecutionMode.AUTO);
    }

    @ParameterizedTest(name = "buffered input {0}")
    @ValueSource(ints = {0, 1})
    void matchesTheReferenceOnRandomInputs(int buffered) throws Exception {
        Random random = new Random(buffered);
        int[][] shapes = {{0, 0}, {0, 30}, {30, 0}, {1, 1}, {1, 70}, {70, 1}, {40, 55}, {90, 20}};
        for (int[] shape : shapes) {
            List<List<Object>> left = HashJoinOperatorTest.leftRows(random, shape[0], 10, 0.2);
            List<List<Object>> right = HashJoinOperatorTest.rightRows(random, shape[1], 10, 0.2);
            try (OperatorHarness h = new OperatorHarness(new CrossOperator(buffered), 0, config(64 + random.nextInt(300))).open()) {
                feed(h, LEFT, left, RIGHT, right, random, 1 + random.nextInt(25));
                for (Batch b : h.outputBatches()) {
                    assertThat(b.schema()).isEqualTo(JoinSchemas.output(LEFT, RIGHT, JoinKind.INNER));
                }
                assertSameRows(rows(h), referenceCross(left, right), shape[0] + "x" + shape[1]);
            }
        }
    }

    @ParameterizedTest(name = "buffered input {0}")
    @ValueSource(ints = {0, 1})
    void aBufferedSideLargerThanMemoryIsSpilledAndReadPerBlock(int buffered) throws Exception {
        Random random = new Random(10 + buffered);
        List<List<Object>> big = buffered == 0 ? HashJoinOperatorTest.leftRows(random, 4_000, 100, 0.1)
                : HashJoinOperatorTest.rightRows(random, 4_000, 100, 0.1);
        List<List<Object>> small = buffered == 0 ? HashJoinOperatorTest.rightRows(random, 9, 100, 0.1)
                : HashJoinOperatorTest.leftRows(random, 9, 100, 0.1);
        List<List<Object>> left = buffered == 0 ? big : small;
        List<List<Object>> right = buffered == 0 ? small : big;
        try (OperatorHarness h = new OperatorHarness(new CrossOperator(buffered), SPILL_LIMIT, config(4096)).open()) {
            feed(h, LEFT, left, RIGHT, right, random, 500);
            assertThat(h.metrics().spilledBytes()).isPositive();
            assertSameRows(rows(h), referenceCross(left, right), "spilled buffered side");
        }
    }

    @Test
    void aSpilledBufferedSideIsCrossedWithEveryBlockOfTheStreamedSide() throws Exception {
        Schema wide = Schema.of(Field.notNull("id", DataType.INT32), Field.nullable("text", DataType.UTF8));
        Schema narrow = Schema.of(Field.nullable("n", DataType.INT64));
        List<List<Object>> left = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            left.add(row(i, i % 7 == 0 ? null : ("row " + i + " ").repeat(12)));
        }
        List<List<Object>> right = new ArrayList<>();
        for (long i = 0; i < 20; i++) {
            right.add(row(i % 5 == 0 ? null : i));
        }
        try (OperatorHarness h = new OperatorHarness(new CrossOperator(0, 256), SPILL_LIMIT, config(4096)).open()) {
            feed(h, wide, left, narrow, right, new Random(5), 300);
            assertThat(h.metrics().spilledBytes()).isPositive();
            assertSameRows(rows(h), referenceCross(left, right), "several streamed blocks");
        }
    }

    @Test
    void streamedRowsArrivingBeforeTheBufferedSideEndedAreSpilledToo() throws Exception {
        Random random = new Random(3);
        List<List<Object>> left = HashJoinOperatorTest.leftRows(random, 4, 100, 0.1);
        List<List<Object>> right = HashJoinOperatorTest.rightRows(random, 4_000, 100, 0.1);
        try (OperatorHarness h = new OperatorHarness(new CrossOperator(0), SPILL_LIMIT, config(4096)).open()) {
            feedInOrder(h, 1, LEFT, left, RIGHT, right, 700);
            assertThat(h.metrics().spilledBytes()).isPositive();
            assertSameRows(rows(h), referenceCross(left, right), "streamed side first");
        }
    }

    @Test
    void emitsBatchesOfAboutTheConfiguredSize() throws Exception {
        Random random = new Random(4);
        List<List<Object>> left = HashJoinOperatorTest.leftRows(random, 30, 100, 0);
        List<List<Object>> right = HashJoinOperatorTest.rightRows(random, 100, 100, 0);
        try (OperatorHarness h = new OperatorHarness(new CrossOperator(1), 0, config(500)).open()) {
            feedInOrder(h, 1, LEFT, left, RIGHT, right, 100);
            assertThat(h.outputBatches()).hasSize(6).allMatch(b -> b.rowCount() == 500);
        }
    }

    @Test
    void badInputsAreClearErrors() throws Exception {
        assertThatThrownBy(() -> new CrossOperator(2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 or 1, not 2");
        try (OperatorHarness h = new OperatorHarness(new CrossOperator(0)).open()) {
            h.process(LEFT, List.of(row(1, 2L, "a", null, null, null)), 0);
            assertThatThrownBy(() -> h.process(RIGHT, List.of(row(1L, "a", null, null, null, null, null)), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("left input of a cross product");
        }
        OperatorFactory f = CrossOperator.factory(1);
        assertThat(f.name()).isEqualTo("Cross(buffered=right)");
        assertThat(f.memoryWeight()).isEqualTo(1);
        assertThat(f.inputCount()).isEqualTo(2);
    }
}
