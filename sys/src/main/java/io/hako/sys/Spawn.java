package io.hako.sys;

import io.hako.sys.internal.Native;
import io.hako.sys.internal.Nr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
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

    private Spawn() {}

    /**
     * Spawns {@code path} with {@code argv} and {@code env} ({@code NAME=value}); {@code fds} maps a descriptor
     * number in the child to a descriptor of this process. Returns the child's pid.
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
            MemorySegment actions = arena.allocate(Native.FILE_ACTIONS_SIZE, 16);
            check(Native.fileActionsInit(actions), "posix_spawn_file_actions_init", path);
            try {
                for (var entry : targets.entrySet()) {
                    // Copy each source above every target first, so no dup2 overwrites a source still needed,
                    // and dup2 always clears close-on-exec (it would not when source and target are equal).
                    Fd copy = Fd.adopt((int) Native.syscall("fcntl(F_DUPFD_CLOEXEC)", Nr.FCNTL,
                            entry.getValue().number(), F_DUPFD_CLOEXEC, firstFree));
                    staged.add(copy);
                    check(Native.fileActionsAddDup2(actions, copy.number(), entry.getKey()),
                            "posix_spawn_file_actions_adddup2", path);
                }
                int closeFrom = Native.fileActionsAddCloseFrom(actions, firstFree);
                if (closeFrom > 0) {
                    check(closeFrom, "posix_spawn_file_actions_addclosefrom_np", path);
                }
                MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
                int error = Native.posixSpawn(pid, Sys.cstring(arena, path), actions, strings(arena, argv),
                        strings(arena, env));
                check(error, "posix_spawn", path);
                return pid.get(ValueLayout.JAVA_INT, 0);
            } finally {
                Native.fileActionsDestroy(actions);
            }
        } finally {
            staged.forEach(Fd::close);
        }
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

    /** Convenience for a spawn that passes no extra descriptors. */
    public static int spawn(String path, List<String> argv, List<String> env) throws SysException {
        return spawn(path, argv, env, Map.of());
    }
}
