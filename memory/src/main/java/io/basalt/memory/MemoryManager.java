package io.basalt.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferLedger;
import org.apache.arrow.memory.ReferenceManager;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.rounding.RoundingPolicy;

/**
 * Owns Basalt's off-heap memory budget. All Arrow buffers are foreign memory whose segments are
 * bound to this manager's shared {@link Arena}, and every byte is accounted in a tree of
 * {@link MemoryPool}s under {@link #rootPool()}. Thread-safe; close once, after all pools.
 */
public final class MemoryManager implements AutoCloseable {
    private static final String ROOT_NAME = "basalt";

    /** Arrow's default policy rounds to powers of two, which would double-count up to 2x. */
    private static final RoundingPolicy CACHE_LINE_ROUNDING =
            size -> (size + NativeMemory.ALIGNMENT - 1) & -NativeMemory.ALIGNMENT;

    private final Arena arena;
    private final RootAllocator rootAllocator;
    private final MemoryPool rootPool;
    private final long budget;

    private MemoryManager(long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("Memory budget must be positive, was " + budgetBytes);
        }
        this.budget = budgetBytes;
        this.arena = Arena.ofShared();
        this.rootAllocator = new RootAllocator(RootAllocator.configBuilder()
                .allocationManagerFactory(new ForeignAllocationManager.Factory(arena))
                .listener(MemoryPool.rootListener(ROOT_NAME))
                .roundingPolicy(CACHE_LINE_ROUNDING)
                .maxAllocation(budgetBytes)
                .build());
        this.rootPool = new MemoryPool(ROOT_NAME, rootAllocator);
    }

    /** Creates a manager that hands out at most {@code budgetBytes} of off-heap memory in total. */
    public static MemoryManager create(long budgetBytes) {
        return new MemoryManager(budgetBytes);
    }

    /** The top of the accounting tree; its limit is the budget. */
    public MemoryPool rootPool() {
        return rootPool;
    }

    /** Shorthand for {@code rootPool().newChild(name, limitBytes)}, typically one pool per job. */
    public MemoryPool newPool(String name, long limitBytes) {
        return rootPool.newChild(name, limitBytes);
    }

    public long budget() {
        return budget;
    }

    public long used() {
        return rootPool.used();
    }

    public long peak() {
        return rootPool.peak();
    }

    /** The accounting tree as indented text. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        rootPool.describe(sb, 0);
        return sb.toString();
    }

    /**
     * The foreign memory segment exactly covering {@code buffer}.
     *
     * @throws IllegalArgumentException if the buffer was not allocated by a Basalt memory manager
     */
    public static MemorySegment segmentOf(ArrowBuf buffer) {
        if (buffer.capacity() == 0) {
            return MemorySegment.NULL;
        }
        ReferenceManager rm = buffer.getReferenceManager();
        if (rm instanceof BufferLedger ledger && ledger.getAllocationManager() instanceof ForeignAllocationManager fam) {
            MemorySegment whole = fam.segment();
            return whole.asSlice(buffer.memoryAddress() - whole.address(), buffer.capacity());
        }
        throw new IllegalArgumentException("Buffer " + buffer + " was not allocated by a Basalt MemoryManager");
    }

    /**
     * Closes the root pool (a leak fails with {@link MemoryLeakException}) and then the arena, after
     * which any segment handed out by this manager is inaccessible.
     */
    @Override
    public void close() {
        try {
            rootPool.close();
        } finally {
            arena.close();
        }
    }
}
