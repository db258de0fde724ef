package io.hako.container.internal;

import io.hako.sys.Errno;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The facts of {@code /proc/<pid>/stat} that tell whether a container's init still lives (its state letter and
 * start time) and who reaps it (its parent).
 *
 * @param state the state letter ({@code R}, {@code S}, {@code Z} for a zombie, ...)
 * @param parentPid the parent's pid (field 4)
 * @param startTime clock ticks since boot when the process started (field 22)
 */
public record ProcStat(char state, int parentPid, long startTime) {
    /** Reads a process's stat line; null when there is no such process. */
    public static ProcStat read(int pid) throws IOException {
        if (pid <= 0) {
            return null;
        }
        String line;
        // A stream, not Files.readAllBytes: procfs files report size 0 and some misread at an offset.
        try (var in = Files.newInputStream(Path.of("/proc/" + pid + "/stat"))) {
            line = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            if (exitedMeanwhile(e)) {
                return null;
            }
            throw e;
        }
        return parse(line);
    }

    /** Parses a stat line. The command name (field 2) may hold spaces and parentheses, so fields count from the last ')'. */
    public static ProcStat parse(String line) {
        int end = line.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
        }
        String[] fields = line.substring(end + 2).trim().split(" ");
        // fields[0] is field 3 (state), fields[1] field 4 (ppid); field 22 (starttime) is fields[19].
        if (fields.length < 20) {
            throw new IllegalArgumentException("short /proc/<pid>/stat line: " + line);
        }
        return new ProcStat(fields[0].charAt(0), Integer.parseInt(fields[1]), Long.parseLong(fields[19]));
    }

    /** The start time of a live process (not a zombie), or null when there is none. */
    public static Long startTimeOfLive(int pid) throws IOException {
        ProcStat stat = read(pid);
        return stat == null || stat.isGone() ? null : stat.startTime();
    }

    /** Whether the process that started at {@code startTime} still has pid {@code pid} and has not exited. */
    public static boolean isRunning(int pid, long startTime) throws IOException {
        Long started = startTimeOfLive(pid);
        return started != null && started == startTime;
    }

    /**
     * The processes in the pid namespace of {@code init} (the container's processes when it has a pid namespace
     * of its own), {@code init} first. When {@code init} shares this process's pid namespace, only {@code init}.
     */
    public static List<Integer> inPidNamespaceOf(int init) throws IOException {
        List<Integer> pids = new ArrayList<>();
        pids.add(init);
        Path namespace;
        try {
            namespace = Files.readSymbolicLink(Path.of("/proc/" + init + "/ns/pid"));
        } catch (AccessDeniedException e) {
            // An init not yet started keeps itself undumpable, so a caller in another user namespace (a rootless
            // engine's next call in a new one) cannot read its namespaces: the init alone is what it can reach,
            // and a pid namespace ends with its init.
            return pids;
        } catch (IOException e) {
            if (exitedMeanwhile(e)) {
                return pids;
            }
            throw e;
        }
        if (namespace.equals(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")))) {
            return pids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || name.equals(String.valueOf(init))) {
                    continue;
                }
                try {
                    if (namespace.equals(Files.readSymbolicLink(entry.resolve("ns/pid")))) {
                        pids.add(Integer.parseInt(name));
                    }
                } catch (IOException e) {
                    // exited meanwhile, or a kernel thread
                }
            }
        }
        return pids;
    }

    /**
     * Whether a failed read of a process's /proc files means it has gone: ENOENT when it had gone before the open,
     * ESRCH when it went between the open and the read (a killed container's processes, as delete reads them).
     */
    static boolean exitedMeanwhile(IOException e) {
        int errno = Errno.of(e);
        return errno == Errno.ENOENT || errno == Errno.ESRCH;
    }

    /** A zombie or a dead process: it has exited, whatever its parent did about it. */
    public boolean isGone() {
        return state == 'Z' || state == 'X';
    }
}
