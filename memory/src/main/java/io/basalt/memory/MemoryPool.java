package io.basalt.memory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.AllocationOutcome;
import org.apache.arrow.memory.AllocationOutcomeDetails;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A node of the memory accounting tree (manager -> job -> task -> operator). Every byte allocated
 * through a pool counts against its own limit and the limits of all its ancestors. Allocation is
 * thread-safe; closing is done once by the owner, after every buffer and child pool is released.
 */
public final class MemoryPool implements AutoCloseable {
    private final String path;
    private final MemoryPool parent;
    private final BufferAllocator allocator;
    private final List<MemoryPool> children = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Root pool: wraps the manager's root allocator. */
    MemoryPool(String path, BufferAllocator rootAllocator) {
        this.path = path;
        this.parent = null;
        this.allocator = rootAllocator;
    }

    private MemoryPool(MemoryPool parent, String name, long limit) {
        this.path = parent.path + "/" + name;
        this.parent = parent;
        this.allocator = parent.allocator.newChildAllocator(path, new LimitListener(path), 0, limit);
    }

    /** Listener that turns Arrow's allocation failure into an exception naming the pool and limit. */
    private record LimitListener(String requesterPath) implements AllocationListener {
        @Override
        public boolean onFailedAllocation(long size, AllocationOutcome outcome) {
            BufferAllocator failed = outcome.getDetails().map(AllocationOutcomeDetails::getFailedAllocator).orElse(null);
            if (failed == null) {
                return false; // Arrow will throw its own OutOfMemoryException
            }
            // Arrow names the root allocator "ROOT"; report it under the root pool's path.
            String failedPath = failed.getParentAllocator() == null
                    ? requesterPath.substring(0, requesterPath.indexOf('/') < 0 ? requesterPath.length() : requesterPath.indexOf('/'))
                    : failed.getName();
            throw new MemoryLimitExceededException(failedPath, requesterPath, size, failed.getLimit(), failed.getAllocatedMemory());
        }
    }

    static AllocationListener rootListener(String rootPath) {
        return new LimitListener(rootPath);
    }

    /**
     * Creates a child pool. Its effective limit is the smaller of {@code limitBytes} and what its
     * ancestors have left at allocation time.
     *
     * @param name one path segment, unique among live siblings, without '/'
     */
    public MemoryPool newChild(String name, long limitBytes) {
        checkOpen();
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("Invalid memory pool name '" + name + "' under '" + path
                    + "': must be non-empty and must not contain '/'");
        }
        if (limitBytes < 0) {
            throw new IllegalArgumentException("Memory pool '" + path + "/" + name + "': limit must be >= 0, was " + limitBytes);
        }
        for (MemoryPool child : children) {
            if (child.name().equals(name)) {
                throw new IllegalArgumentException("Memory pool '" + child.path + "' already exists");
            }
        }
        MemoryPool child = new MemoryPool(this, name, limitBytes);
        children.add(child);
        return child;
    }

    /** Child pool limited only by this pool's limit. */
    public MemoryPool newChild(String name) {
        return newChild(name, Long.MAX_VALUE);
    }

    /**
     * Allocates a raw buffer (uninitialised contents). The caller owns one reference and must
     * {@link ArrowBuf#close()} it.
     *
     * @throws MemoryLimitExceededException if this pool or an ancestor has no room
     */
    public ArrowBuf allocate(long bytes) {
        checkOpen();
        return allocator.buffer(bytes);
    }

    /** The Arrow allocator of this pool, for building Arrow vectors; accounts exactly like {@link #allocate}. */
    public BufferAllocator arrowAllocator() {
        checkOpen();
        return allocator;
    }

    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Slash-separated path from the root, for example {@code basalt/job-1/task-0/sort}. */
    public String path() {
        return path;
    }

    public MemoryPool parent() {
        return parent;
    }

    public List<MemoryPool> children() {
        return List.copyOf(children);
    }

    public long limit() {
        return allocator.getLimit();
    }

    /** Bytes currently allocated by this pool and its descendants. */
    public long used() {
        return allocator.getAllocatedMemory();
    }

    /** Highest {@link #used()} seen so far. */
    public long peak() {
        return allocator.getPeakMemoryAllocation();
    }

    /** Bytes that can still be allocated here, taking the ancestors' limits into account. */
    public long available() {
        return allocator.getHeadroom();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Appends an indented accounting tree of this pool and its children. */
    public void describe(StringBuilder out, int depth) {
        out.append("  ".repeat(depth)).append(name())
                .append(": used ").append(ByteSize.format(used()))
                .append(", peak ").append(ByteSize.format(peak()))
                .append(", limit ").append(limit() == Long.MAX_VALUE ? "none" : ByteSize.format(limit()))
                .append('\n');
        for (MemoryPool child : children) {
            child.describe(out, depth + 1);
        }
    }

    /**
     * Closes the pool.
     *
     * @throws MemoryLeakException if buffers or child pools are still live; the pool is still closed
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (parent != null) {
            parent.children.remove(this);
        }
        long leaked = allocator.getAllocatedMemory();
        List<MemoryPool> liveChildren = List.copyOf(children);
        String details = leaked > 0 || !liveChildren.isEmpty() ? leakDetails(liveChildren) : null;
        try {
            allocator.close();
        } catch (IllegalStateException arrowLeak) {
            if (details == null) {
                throw arrowLeak; // not a leak of this pool, e.g. its parent was closed first
            }
            throw new MemoryLeakException(path, leaked, details, arrowLeak);
        }
        if (details != null) {
            throw new MemoryLeakException(path, leaked, details, null);
        }
    }

    private String leakDetails(List<MemoryPool> liveChildren) {
        StringBuilder sb = new StringBuilder();
        if (!liveChildren.isEmpty()) {
            sb.append("Live child pools:\n");
            for (MemoryPool child : liveChildren) {
                child.describe(sb, 1);
            }
        }
        // Arrow's verbose dump lists each live buffer, with allocation stack traces when
        // -Darrow.memory.debug.allocator=true (set for Basalt's tests).
        sb.append(allocator.toVerboseString());
        return sb.toString();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Memory pool '" + path + "' is closed");
        }
    }

    @Override
    public String toString() {
        return "MemoryPool[" + path + ", used=" + used() + ", limit=" + limit() + "]";
    }
}
