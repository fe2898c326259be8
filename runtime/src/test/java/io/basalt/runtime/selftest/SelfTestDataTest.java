package io.basalt.runtime.selftest;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.basalt.data.Batch;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;

/** The self-test is only worth running if its verifier catches wrong rows; these tests prove it does. */
class SelfTestDataTest {
    private final MemoryManager manager = MemoryManager.create(64L << 20);
    private final MemoryPool pool = manager.newPool("test", 64L << 20);

    @AfterEach
    void closeMemory() {
        pool.close();
        manager.close(); // fails the test on a leak
    }

    @Test
    void acceptsTheRowsItBuilt() {
        try (Batch batch = SelfTestData.build(pool, 1000, 500, 16)) {
            assertThatCode(() -> SelfTestData.verify(batch, "batch", 500, i -> 1000 + i)).doesNotThrowAnyException();
        }
    }

    @Test
    void namesTheFirstMismatch() {
        try (Batch batch = SelfTestData.build(pool, 0, 100, 100)) {
            assertThatThrownBy(() -> SelfTestData.verify(batch, "shifted batch", 100, i -> i + 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("shifted batch: row 0 (generated row 1), column 'id' (int32): expected 1, found 0");
        }
    }

    @Test
    void rejectsAWrongRowCount() {
        try (Batch batch = SelfTestData.build(pool, 0, 10, 10)) {
            assertThatThrownBy(() -> SelfTestData.verify(batch, "short batch", 11, i -> i))
                    .hasMessage("short batch: has 10 rows, expected 11");
        }
    }
}
