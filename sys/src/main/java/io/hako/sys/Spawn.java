package io.hako.sys;

import io.hako.sys.internal.Native;
import io.hako.sys.internal.Nr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Starts a program with {@code posix_spawn(3)}: no Java code runs in the child, and the child gets exactly
 * the descriptors asked for — standard input, output and error (this process's, unless {@code fds} replaces
 * them), plus {@code fds} at the numbers given — and nothing else of the JVM's (everything above is closed in
 * the child).
 */
public final class Spawn {
    private static final int F_DUPFD_CLOEXEC = 1030;
    /** {@code sizeof(posix_spawn_file_actions_t)} on glibc (x86_64 and aarch64), with room to spare. */
    private static final long FILE_ACTIONS_SIZE = 128;

    /** libc's entry points, looked up once. */
    private static final class Libc {
        static final MemorySegment SPAWN = required("posix_spawn");
        static final MemorySegment INIT = required("posix_spawn_file_actions_init");
        static final MemorySegment DESTROY = required("posix_spawn_file_actions_destroy");
        static final MemorySegment ADD_DUP2 = required("posix_spawn_file_actions_adddup2");
        /** glibc 2.34+: closes every descriptor from a number up, in the child. */
        static final MemorySegment ADD_CLOSE_FROM = Native.libc("posix_spawn_file_actions_addclosefrom_np");

        private static MemorySegment required(String name) {
            MemorySegment function = Native.libc(name);
            if (function.equals(MemorySegment.NULL)) {
                throw new UnsupportedOperationException("this libc has no " + name);
            }
            return function;
        }
    }

    private Spawn() {}

    /**
     * Spawns {@code path} with {@code argv} and {@code env}, handing it {@code fds}.
     *
     * @param path the program, absolute or relative to the working directory ({@code PATH} is not searched)
     * @param argv the arguments, the program's name first
     * @param env the environment, {@code NAME=value} each
     * @param fds the descriptors the child gets: a number in the child to a descriptor of this process, which
     *     stays open here; 0-2 not among them are this process's
     * @return the child's pid; the caller reaps it
     * @throws SysException if posix_spawn fails, with the path: ENOENT or EACCES for the program, as execve
     *     reports them
     */
    public static int spawn(String path, List<String> argv, List<String> env, Map<Integer, Fd> fds)
            throws SysException {
        var targets = new TreeMap<>(fds);
        if (!targets.isEmpty() && targets.firstKey() < 0) {
            throw new IllegalArgumentException("negative descriptor number " + targets.firstKey());
        }
        int firstFree = targets.isEmpty() ? 3 : Math.max(3, targets.lastKey() + 1);
        List<Fd> staged = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 16);
            check(libc(Libc.INIT, actions.address()), "posix_spawn_file_actions_init", path);
            try {
                for (var entry : targets.entrySet()) {
                    // Copy each source above every target first, so no dup2 overwrites a source still needed,
                    // and dup2 always clears close-on-exec (it would not when source and target are equal).
                    Fd copy = Fd.adopt((int) Native.syscall("fcntl(F_DUPFD_CLOEXEC)", Nr.FCNTL,
                            entry.getValue().number(), F_DUPFD_CLOEXEC, firstFree));
                    staged.add(copy);
                    check(libc(Libc.ADD_DUP2, actions.address(), copy.number(), entry.getKey()),
                            "posix_spawn_file_actions_adddup2", path);
                }
                if (!Libc.ADD_CLOSE_FROM.equals(MemorySegment.NULL)) {
                    check(libc(Libc.ADD_CLOSE_FROM, actions.address(), firstFree),
                            "posix_spawn_file_actions_addclosefrom_np", path);
                }
                MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
                int error = libc(Libc.SPAWN, pid.address(), Sys.cstring(arena, path).address(),
                        actions.address(), 0, strings(arena, argv).address(), strings(arena, env).address());
                check(error, "posix_spawn", path);
                return pid.get(ValueLayout.JAVA_INT, 0);
            } finally {
                libc(Libc.DESTROY, actions.address());
            }
        } finally {
            staged.forEach(Fd::close);
        }
    }

    /** posix_spawn and its file actions return an error number instead of setting errno. */
    private static int libc(MemorySegment function, long... args) {
        long[] a = Arrays.copyOf(args, 7);
        return (int) Native.call(function, null, a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
    }

    private static void check(int error, String call, String path) throws SysException {
        if (error != 0) {
            throw new SysException(call, error, path);
        }
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, Sys.cstring(arena, values.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    /**
     * Spawns {@code path} with {@code argv} and {@code env} and this process's standard streams, nothing more.
     *
     * @param path the program, absolute or relative to the working directory ({@code PATH} is not searched)
     * @param argv the arguments, the program's name first
     * @param env the environment, {@code NAME=value} each
     * @return the child's pid; the caller reaps it
     * @throws SysException if posix_spawn fails, with the path
     */
    public static int spawn(String path, List<String> argv, List<String> env) throws SysException {
        return spawn(path, argv, env, Map.of());
    }
}
