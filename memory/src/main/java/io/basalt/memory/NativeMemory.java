package io.basalt.memory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Raw native allocation through FFM downcalls to the C library's {@code malloc}/{@code free}.
 * Alignment is done here (over-allocate by {@code ALIGNMENT - 1}, round the address up) because
 * glibc's {@code aligned_alloc} takes a slower path that measured about twice the cost.
 *
 * <p>Why not one {@code Arena} per buffer: closing a shared arena performs a thread handshake that
 * measured ~65 us on JDK 25, far too slow for per-buffer release. {@link MemoryManager} instead owns
 * one shared arena and binds each allocation's segment to its scope. Thread-safe (stateless).
 */
@SuppressWarnings("restricted") // the whole point of this class is two libc downcalls
final class NativeMemory {
    /** Arrow and the SIMD kernels both prefer cache-line aligned buffers. */
    static final long ALIGNMENT = 64;

    private static final MethodHandle MALLOC;
    private static final MethodHandle FREE;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        MALLOC = linker.downcallHandle(
                libc.find("malloc").orElseThrow(() -> new ExceptionInInitializerError("libc has no malloc")),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
                Linker.Option.critical(false));
        FREE = linker.downcallHandle(
                libc.find("free").orElseThrow(() -> new ExceptionInInitializerError("libc has no free")),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS),
                Linker.Option.critical(false));
    }

    private NativeMemory() {}

    /**
     * Returns the raw address of a block holding {@code size} uninitialised bytes from an address
     * aligned to {@link #ALIGNMENT}; use {@link #aligned(long)} for the usable address and pass the
     * raw address to {@link #free(long)}.
     */
    static long allocate(long size) {
        long padded = size + ALIGNMENT - 1;
        MemorySegment address;
        try {
            address = (MemorySegment) MALLOC.invokeExact(padded);
        } catch (Throwable t) {
            throw new IllegalStateException("malloc(" + padded + ") failed", t);
        }
        if (address.address() == 0) {
            throw new OutOfMemoryError("The operating system refused " + padded + " bytes of native memory (malloc returned NULL)");
        }
        return address.address();
    }

    /** The first {@link #ALIGNMENT}-aligned address inside a block returned by {@link #allocate(long)}. */
    static long aligned(long rawAddress) {
        return (rawAddress + ALIGNMENT - 1) & -ALIGNMENT;
    }

    static void free(long address) {
        try {
            FREE.invokeExact(MemorySegment.ofAddress(address));
        } catch (Throwable t) {
            throw new IllegalStateException("free(0x" + Long.toHexString(address) + ") failed", t);
        }
    }
}
