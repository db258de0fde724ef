package io.hako.sys.internal;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.hako.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The downcalls. Linking a native signature costs milliseconds at start-up (the first one 15-20 ms even with
 * the AOT cache, each further one about 4), while calls through a linked one cost microseconds. So every
 * downcall in hako has one shape: {@code long f(long, long, long, long, long, long, long)}, errno captured,
 * linked once without a target address. System calls go through libc's {@code syscall(2)}; the few libc
 * functions without a system call (posix_spawn and its file actions) and other libraries' functions
 * (libseccomp) use the same handle with their own address.
 *
 * <p>That is sound on the ABIs hako supports (x86_64 System V and AArch64 AAPCS64): the first six (x86_64) or
 * eight (AArch64) integer and pointer arguments travel in registers, a callee reads only the ones it declares
 * (an {@code int} from the low half), surplus arguments are never read, and an {@code int} result is the low
 * half of the returned register, which callers cast. The shape is marked variadic from its second argument
 * because {@code syscall} is; on x86_64 that only sets {@code %al}, which a non-variadic callee ignores.
 */
public final class Native {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private Native() {}

    /** Linked on first use: commands that never go native (state, list) do not pay for it. */
    private static final class Shape {
        static final MethodHandle CALL = LINKER.downcallHandle(
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                        JAVA_LONG),
                Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(1));
        static final MemorySegment SYSCALL = libc("syscall");
    }

    /** A libc function's address; absent when this libc lacks it. */
    public static MemorySegment libc(String name) {
        return LINKER.defaultLookup().find(name).orElse(MemorySegment.NULL);
    }

    /** A function's address in a library already looked up; absent when the library lacks it. */
    public static MemorySegment find(SymbolLookup library, String name) {
        return library.find(name).orElse(MemorySegment.NULL);
    }

    /**
     * Calls the function at {@code function} with up to seven arguments (the rest zero) and returns its raw
     * result; {@code errno[0]}, when given, receives errno as the call left it.
     */
    public static long call(MemorySegment function, int[] errno, long a0, long a1, long a2, long a3, long a4,
            long a5, long a6) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            long result;
            try {
                result = (long) Shape.CALL.invokeExact(function, capture, a0, a1, a2, a3, a4, a5, a6);
            } catch (Throwable t) {
                throw new AssertionError("downcall failed", t);
            }
            if (errno != null) {
                errno[0] = (int) ERRNO.get(capture, 0L);
            }
            return result;
        }
    }

    /**
     * Calls a raw system call; returns its non-negative result or throws with errno. EINTR is retried, as
     * every caller would have to.
     */
    public static long syscall(String name, long nr, long a1, long a2, long a3, long a4, long a5, long a6,
            String... subjects) throws SysException {
        int[] errno = new int[1];
        while (true) {
            long result = call(Shape.SYSCALL, errno, nr, a1, a2, a3, a4, a5, a6);
            if (result != -1) {
                return result;
            }
            if (errno[0] != 4 /* EINTR */) {
                throw new SysException(name, errno[0], subjects);
            }
        }
    }

    public static long syscall(String name, long nr, long a1, long a2, long a3, String... subjects)
            throws SysException {
        return syscall(name, nr, a1, a2, a3, 0, 0, 0, subjects);
    }
}
