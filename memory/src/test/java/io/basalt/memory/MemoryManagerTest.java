package io.basalt.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryManagerTest {
    private MemoryManager manager = MemoryManager.create(1 << 20);

    @AfterEach
    void closeManager() {
        if (manager != null) {
            manager.close(); // fails the test on a leak
        }
    }

    @Test
    void accountsAllocationsUpTheTree() {
        try (MemoryPool job = manager.newPool("job-1", 512 * 1024);
             MemoryPool task = job.newChild("task-0", 256 * 1024);
             MemoryPool op = task.newChild("sort");
             ArrowBuf a = op.allocate(1000);
             ArrowBuf b = task.allocate(64)) {
            // Requests round up to the 64-byte cache line, not to a power of two.
            assertThat(op.used()).isEqualTo(1024);
            assertThat(task.used()).isEqualTo(1024 + 64);
            assertThat(job.used()).isEqualTo(1024 + 64);
            assertThat(manager.used()).isEqualTo(1024 + 64);
            assertThat(op.path()).isEqualTo("basalt/job-1/task-0/sort");
            assertThat(op.available()).isEqualTo(256 * 1024 - 1024 - 64);
            assertThat(manager.describe()).contains("basalt:", "  job-1:", "    task-0:", "      sort: used 1.0 KiB (1024 bytes)");
        }
        assertThat(manager.used()).isZero();
        assertThat(manager.peak()).isEqualTo(1024 + 64);
    }

    @Test
    void buffersAreForeignSegmentsFromTheManager() {
        try (MemoryPool pool = manager.newPool("p", 4096); ArrowBuf buf = pool.allocate(256)) {
            MemorySegment segment = MemoryManager.segmentOf(buf);
            assertThat(segment.isNative()).isTrue();
            assertThat(segment.byteSize()).isEqualTo(256);
            assertThat(segment.address()).isEqualTo(buf.memoryAddress());
            assertThat(segment.address() % 64).isZero();
            segment.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, 0x1122334455667788L);
            assertThat(buf.getLong(8)).isEqualTo(0x1122334455667788L);
            ArrowBuf slice = buf.slice(16, 32);
            assertThat(MemoryManager.segmentOf(slice).address()).isEqualTo(segment.address() + 16);
        }
    }

    @Test
    void segmentsBecomeInaccessibleWhenTheManagerCloses() {
        MemorySegment segment;
        try (MemoryPool pool = manager.newPool("p", 4096); ArrowBuf buf = pool.allocate(64)) {
            segment = MemoryManager.segmentOf(buf);
        }
        manager.close();
        manager = null;
        assertThatThrownBy(() -> segment.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsBuffersFromOtherAllocators() {
        try (RootAllocator foreign = new RootAllocator(); ArrowBuf buf = foreign.buffer(64)) {
            assertThatThrownBy(() -> MemoryManager.segmentOf(buf))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not allocated by a Basalt MemoryManager");
        }
    }

    @Test
    void exceedingAPoolLimitNamesPoolRequestAndLimit() {
        try (MemoryPool job = manager.newPool("job", 10_000); MemoryPool op = job.newChild("join", 8_192);
             ArrowBuf held = op.allocate(4_096)) {
            assertThatThrownBy(() -> op.allocate(5_000))
                    .isInstanceOfSatisfying(MemoryLimitExceededException.class, e -> {
                        assertThat(e.poolPath()).isEqualTo("basalt/job/join");
                        assertThat(e.requestedBytes()).isEqualTo(5_056); // rounded to 64 bytes
                        assertThat(e.limitBytes()).isEqualTo(8_192);
                        assertThat(e.usedBytes()).isEqualTo(4_096);
                    })
                    .hasMessageContaining("pool 'basalt/job/join'")
                    .hasMessageContaining("limit of 8.0 KiB (8192 bytes)");
            assertThat(op.used()).isEqualTo(4_096);
        }
    }

    @Test
    void exceedingAnAncestorLimitNamesTheAncestorAndTheRequester() {
        try (MemoryPool job = manager.newPool("job", 6_000); MemoryPool a = job.newChild("a"); MemoryPool b = job.newChild("b");
             ArrowBuf held = a.allocate(4_096)) {
            assertThatThrownBy(() -> b.allocate(4_096))
                    .isInstanceOfSatisfying(MemoryLimitExceededException.class, e -> {
                        assertThat(e.poolPath()).isEqualTo("basalt/job");
                        assertThat(e.requestingPoolPath()).isEqualTo("basalt/job/b");
                    })
                    .hasMessageContaining("child pool 'basalt/job/b'");
            assertThat(b.used()).isZero();
        }
    }

    @Test
    void exceedingTheBudgetNamesTheRootPool() {
        try (MemoryPool job = manager.newPool("job", Long.MAX_VALUE)) {
            assertThatThrownBy(() -> job.allocate(2 << 20))
                    .isInstanceOfSatisfying(MemoryLimitExceededException.class, e -> {
                        assertThat(e.poolPath()).isEqualTo("basalt");
                        assertThat(e.limitBytes()).isEqualTo(1 << 20);
                    });
        }
    }

    // A leak leaves Arrow's allocators closed with memory outstanding, so these tests use their own
    // manager and deliberately abandon it.

    @Test
    void closingAPoolWithALiveBufferIsALeak() {
        MemoryManager leaky = MemoryManager.create(4096);
        MemoryPool job = leaky.newPool("job", 4096);
        job.allocate(100);
        assertThatThrownBy(job::close)
                .isInstanceOfSatisfying(MemoryLeakException.class, e -> {
                    assertThat(e.poolPath()).isEqualTo("basalt/job");
                    assertThat(e.leakedBytes()).isEqualTo(128);
                })
                .hasMessageContaining("pool 'basalt/job' was closed with 128 bytes still allocated");
    }

    @Test
    void closingAPoolWithALiveChildIsALeak() {
        MemoryManager leaky = MemoryManager.create(4096);
        MemoryPool job = leaky.newPool("job", 4096);
        job.newChild("task");
        assertThatThrownBy(job::close).isInstanceOf(MemoryLeakException.class).hasMessageContaining("Live child pools:\n  task:");
    }

    @Test
    void closingTheManagerWithALiveBufferIsALeak() {
        MemoryManager leaky = MemoryManager.create(4096);
        MemoryPool pool = leaky.newPool("p", 4096);
        pool.allocate(64);
        assertThatThrownBy(leaky::close).isInstanceOf(MemoryLeakException.class).hasMessageContaining("'basalt'");
    }

    @Test
    void validatesPoolNamesAndLimits() {
        assertThatThrownBy(() -> manager.newPool("a/b", 1)).hasMessageContaining("must not contain '/'");
        assertThatThrownBy(() -> manager.newPool("", 1)).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> manager.newPool("x", -1)).hasMessageContaining("limit must be >= 0");
        try (MemoryPool x = manager.newPool("x", 1)) {
            assertThatThrownBy(() -> manager.newPool("x", 1)).hasMessageContaining("'basalt/x' already exists");
        }
        assertThatThrownBy(() -> MemoryManager.create(0)).hasMessageContaining("must be positive");
    }

    @Test
    void closedPoolsRefuseWork() {
        MemoryPool p = manager.newPool("p", 100);
        p.close();
        p.close(); // idempotent
        assertThatThrownBy(() -> p.allocate(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("'basalt/p' is closed");
    }
}
