package io.basalt.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.apache.arrow.memory.AllocationManager;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ReferenceManager;

/**
 * Arrow {@link AllocationManager} whose memory is a foreign {@link MemorySegment}: native memory
 * bound to the scope of the owning {@link MemoryManager}'s shared {@link Arena}. Once the manager is
 * closed, any access through the segment fails with an {@link IllegalStateException} instead of
 * touching freed memory. Arrow serialises calls to {@link #release0()}.
 */
final class ForeignAllocationManager extends AllocationManager {
    private final MemorySegment segment;
    private final long rawAddress;
    private final long size;

    @SuppressWarnings("restricted") // native memory we allocated, bound to the manager's arena
    private ForeignAllocationManager(BufferAllocator accountingAllocator, long requestedSize, Arena scope) {
        super(accountingAllocator);
        this.size = requestedSize;
        this.rawAddress = NativeMemory.allocate(requestedSize);
        this.segment = MemorySegment.ofAddress(NativeMemory.aligned(rawAddress)).reinterpret(requestedSize, scope, null);
    }

    MemorySegment segment() {
        return segment;
    }

    @Override
    public long getSize() {
        return size;
    }

    @Override
    protected long memoryAddress() {
        return segment.address();
    }

    @Override
    protected void release0() {
        NativeMemory.free(rawAddress);
    }

    /** Creates managers bound to one arena; one factory per {@link MemoryManager}. */
    static final class Factory implements AllocationManager.Factory {
        private final Arena scope;
        private final ArrowBuf empty;

        Factory(Arena scope) {
            this.scope = scope;
            // Arrow asks for an empty buffer with a valid (never dereferenced) address.
            this.empty = new ArrowBuf(ReferenceManager.NO_OP, null, 0, scope.allocate(NativeMemory.ALIGNMENT).address());
        }

        @Override
        public AllocationManager create(BufferAllocator accountingAllocator, long size) {
            return new ForeignAllocationManager(accountingAllocator, size, scope);
        }

        @Override
        public ArrowBuf empty() {
            return empty;
        }
    }
}
