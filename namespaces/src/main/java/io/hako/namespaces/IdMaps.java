package io.hako.namespaces;

import io.hako.oci.config.IdMapping;
import io.hako.sys.Errno;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Writes a new user namespace's id maps from outside it, as the kernel requires and as runc does:
 * {@code /proc/<pid>/uid_map} and {@code gid_map}, each in one write, tried directly first. Root (in the
 * caller's user namespace) may write any map of ids it has; anyone may map its own id alone. When the kernel
 * refuses (EPERM) a caller that is not root, the setuid helpers {@code newuidmap} and {@code newgidmap} (found in
 * {@code PATH}) write the map, as {@code /etc/subuid} and {@code /etc/subgid} allow; root in a user namespace
 * (podman's rootless one) is not helped, as runc does not help it.
 */
public final class IdMaps {
    private IdMaps() {}

    /**
     * {@return the text of a map file: one {@code containerID hostID size} line per mapping, each ended by a
     * newline}
     *
     * @param mappings the mappings, in the order written
     */
    public static String format(List<IdMapping> mappings) {
        StringBuilder text = new StringBuilder();
        for (IdMapping m : mappings) {
            text.append(m.containerId()).append(' ').append(m.hostId()).append(' ').append(m.size()).append('\n');
        }
        return text.toString();
    }

    /**
     * Whether {@code setgroups} is set to "deny" before the gid map, as runc does: for a caller that is not root
     * whose gid map is its own gid as root alone ({@code 0 egid 1}), which the kernel takes from an unprivileged
     * writer only so. Any other map of such a caller goes through newgidmap, which decides setgroups itself.
     *
     * @param gids the container's gid mappings
     * @param euid the caller's effective uid, in its own user namespace
     * @param egid the caller's effective gid, in its own user namespace
     * @return true when setgroups must be denied first
     */
    public static boolean deniesSetgroups(List<IdMapping> gids, long euid, long egid) {
        return euid != 0 && gids.size() == 1 && gids.get(0).containerId() == 0 && gids.get(0).hostId() == egid
                && gids.get(0).size() == 1;
    }

    /**
     * Writes the maps of the user namespace of {@code pid}, whose process waits for them: setgroups first where
     * {@link #deniesSetgroups} says so, then each map directly, or through its helper when the kernel refuses a
     * caller that is not root ({@code euid} other than 0). {@code environment} gives the {@code PATH} the helpers
     * are found in.
     *
     * @param pid a process in the new user namespace, as this process's pid namespace numbers it
     * @param uids the uid mappings; null or empty writes no uid map
     * @param gids the gid mappings; null or empty writes no gid map
     * @param euid the caller's effective uid, in its own user namespace
     * @param egid the caller's effective gid, in its own user namespace
     * @param environment the caller's environment, for its {@code PATH}
     * @throws IOException if a write is refused, with the file, the map and the kernel's reason in runc's words;
     *     if a helper is needed and not in {@code PATH}; or if a helper fails (its exit status and output), does
     *     not exit in time, or this thread is interrupted while it runs
     */
    public static void write(int pid, List<IdMapping> uids, List<IdMapping> gids, long euid, long egid,
            Map<String, String> environment) throws IOException {
        Path proc = Path.of("/proc", String.valueOf(pid));
        if (deniesSetgroups(gids, euid, egid)) {
            try {
                writeOnce(proc.resolve("setgroups"), "deny");
            } catch (NoSuchFileException e) {
                // a kernel before 3.19 has no setgroups file, and no such rule
            }
        }
        writeMap(pid, proc.resolve("uid_map"), uids, euid, "newuidmap", environment);
        writeMap(pid, proc.resolve("gid_map"), gids, euid, "newgidmap", environment);
    }

    private static void writeMap(int pid, Path file, List<IdMapping> mappings, long euid, String helper,
            Map<String, String> environment) throws IOException {
        if (mappings == null || mappings.isEmpty()) {
            return;
        }
        String text = format(mappings);
        try {
            writeOnce(file, text);
        } catch (IOException e) {
            String what = "write " + file + " (\"" + text.strip().replace('\n', ',') + "\")";
            if (Errno.of(e) != Errno.EPERM || euid == 0) {
                throw new IOException(Errno.explain(what, e), e);
            }
            Optional<Path> found = findInPath(helper, environment.get("PATH"));
            if (found.isEmpty()) {
                throw new IOException(Errno.explain(what, e) + "; without root, " + helper + " maps these ids, and "
                        + "it is not in $PATH (install the uidmap package)", e);
            }
            runHelper(found.get(), pid, mappings);
        }
    }

    /** The kernel takes a map in a single write(2); a second write fails with EPERM. */
    private static void writeOnce(Path file, String text) throws IOException {
        Files.write(file, text.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
    }

    /**
     * Looks a program up as exec finds it: the first executable regular file {@code name} in the directories of a
     * {@code PATH} value, an empty directory meaning the working directory.
     *
     * @param name the program's file name
     * @param path a {@code PATH} value, directories separated by {@code :}; null or empty finds nothing
     * @return the program's absolute path; empty when no directory has it
     */
    public static Optional<Path> findInPath(String name, String path) {
        if (path == null || path.isEmpty()) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /**
     * {@return the command line of newuidmap or newgidmap: the helper, then {@code pid containerID hostID size
     * ...}}
     *
     * @param helper the helper's path, the command line's first word
     * @param pid a process in the new user namespace
     * @param mappings the mappings, three arguments each
     */
    public static List<String> helperCommand(String helper, int pid, List<IdMapping> mappings) {
        List<String> command = new ArrayList<>();
        command.add(helper);
        command.add(String.valueOf(pid));
        for (IdMapping m : mappings) {
            command.add(String.valueOf(m.containerId()));
            command.add(String.valueOf(m.hostId()));
            command.add(String.valueOf(m.size()));
        }
        return command;
    }

    private static void runHelper(Path helper, int pid, List<IdMapping> mappings) throws IOException {
        List<String> command = helperCommand(helper.toString(), pid, mappings);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear(); // runc runs the helpers with an empty environment
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": timed out");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + ": exit status " + process.exitValue()
                        + (output.isEmpty() ? "" : ": " + output.replace('\n', ' ')));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(helper + " interrupted", e);
        }
    }
}
