package io.hako.sys.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.hako.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The downcalls. Linking a new native signature costs 15-40 ms at start-up, so almost everything goes through
 * one variadic {@code syscall(2)} handle with six long arguments; the few libc functions that have no syscall
 * (posix_spawn and its file actions) get their own handles, each linked the first time it is used.
 * Every call captures errno.
 */
public final class Native {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private Native() {}

    private static final class Syscall {
        static final MethodHandle HANDLE = LINKER.downcallHandle(
                LINKER.defaultLookup().find("syscall").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                        JAVA_LONG),
                Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(1));
    }

    /**
     * Calls a raw system call; returns its non-negative result or throws with errno. EINTR is retried, as
     * every caller would have to.
     */
    public static long syscall(String name, long nr, long a1, long a2, long a3, long a4, long a5, long a6,
            String... subjects) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            while (true) {
                long result;
                try {
                    result = (long) Syscall.HANDLE.invokeExact(capture, nr, a1, a2, a3, a4, a5, a6);
                } catch (Throwable t) {
                    throw new AssertionError("syscall downcall failed", t);
                }
                if (result != -1) {
                    return result;
                }
                int errno = (int) ERRNO.get(capture, 0L);
                if (errno != 4 /* EINTR */) {
                    throw new SysException(name, errno, subjects);
                }
            }
        }
    }

    public static long syscall(String name, long nr, long a1, long a2, long a3, String... subjects)
            throws SysException {
        return syscall(name, nr, a1, a2, a3, 0, 0, 0, subjects);
    }

    // ---- libc functions without a syscall --------------------------------------------------------------

    private static final class Spawn {
        static final MethodHandle SPAWN = libc("posix_spawn",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        /** init, destroy: int f(void *). */
        static final MethodHandle FILE_ACTIONS_INIT = libc("posix_spawn_file_actions_init",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle FILE_ACTIONS_DESTROY = libc("posix_spawn_file_actions_destroy",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle FILE_ACTIONS_ADDDUP2 = libc("posix_spawn_file_actions_adddup2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        /** glibc 2.34+: closes every descriptor from a number up, in the child. */
        static final MethodHandle FILE_ACTIONS_ADDCLOSEFROM = LINKER.defaultLookup()
                .find("posix_spawn_file_actions_addclosefrom_np")
                .map(symbol -> LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)))
                .orElse(null);

        private static MethodHandle libc(String name, FunctionDescriptor descriptor) {
            return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
        }
    }

    /** {@code sizeof(posix_spawn_file_actions_t)} on glibc (x86_64 and aarch64), with room to spare. */
    public static final long FILE_ACTIONS_SIZE = 128;

    /** posix_spawn returns the error number instead of setting errno. */
    public static int posixSpawn(MemorySegment pid, MemorySegment path, MemorySegment fileActions,
            MemorySegment argv, MemorySegment envp) {
        try {
            return (int) Spawn.SPAWN.invokeExact(pid, path, fileActions, MemorySegment.NULL, argv, envp);
        } catch (Throwable t) {
            throw new AssertionError("posix_spawn downcall failed", t);
        }
    }

    public static int fileActionsInit(MemorySegment actions) {
        try {
            return (int) Spawn.FILE_ACTIONS_INIT.invokeExact(actions);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int fileActionsDestroy(MemorySegment actions) {
        try {
            return (int) Spawn.FILE_ACTIONS_DESTROY.invokeExact(actions);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Returns -1 when this libc lacks posix_spawn_file_actions_addclosefrom_np. */
    public static int fileActionsAddCloseFrom(MemorySegment actions, int from) {
        if (Spawn.FILE_ACTIONS_ADDCLOSEFROM == null) {
            return -1;
        }
        try {
            return (int) Spawn.FILE_ACTIONS_ADDCLOSEFROM.invokeExact(actions, from);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int fileActionsAddDup2(MemorySegment actions, int fd, int newFd) {
        try {
            return (int) Spawn.FILE_ACTIONS_ADDDUP2.invokeExact(actions, fd, newFd);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
