package io.basalt.memory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Raw native allocation through FFM downcalls to the C library's {@code aligned_alloc}/{@code free}.
 *
 * <p>Why not one {@code Arena} per buffer: closing a shared arena performs a thread handshake that
 * measured ~65 us on JDK 25, far too slow for per-buffer release. {@link MemoryManager} instead owns
 * one shared arena and binds each allocation's segment to its scope. Thread-safe (stateless).
 */
@SuppressWarnings("restricted") // the whole point of this class is two libc downcalls
final class NativeMemory {
    /** Arrow and the SIMD kernels both prefer cache-line aligned buffers. */
    static final long ALIGNMENT = 64;

    private static final MethodHandle ALIGNED_ALLOC;
    private static final MethodHandle FREE;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        ALIGNED_ALLOC = linker.downcallHandle(
                libc.find("aligned_alloc").orElseThrow(() -> new ExceptionInInitializerError("libc has no aligned_alloc")),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
                Linker.Option.critical(false));
        FREE = linker.downcallHandle(
                libc.find("free").orElseThrow(() -> new ExceptionInInitializerError("libc has no free")),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS),
                Linker.Option.critical(false));
    }

    private NativeMemory() {}

    /** Returns the address of {@code size} uninitialised bytes aligned to {@link #ALIGNMENT}. */
    static long allocate(long size) {
        long rounded = (size + ALIGNMENT - 1) & -ALIGNMENT;
        MemorySegment address;
        try {
            address = (MemorySegment) ALIGNED_ALLOC.invokeExact(ALIGNMENT, rounded);
        } catch (Throwable t) {
            throw new IllegalStateException("aligned_alloc(" + ALIGNMENT + ", " + rounded + ") failed", t);
        }
        if (address.address() == 0) {
            throw new OutOfMemoryError("The operating system refused " + rounded
                    + " bytes of native memory (aligned_alloc returned NULL)");
        }
        return address.address();
    }

    static void free(long address) {
        try {
            FREE.invokeExact(MemorySegment.ofAddress(address));
        } catch (Throwable t) {
            throw new IllegalStateException("free(0x" + Long.toHexString(address) + ") failed", t);
        }
    }
}
