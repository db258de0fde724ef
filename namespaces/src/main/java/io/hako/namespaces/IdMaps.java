package io.hako.namespaces;

import io.hako.oci.config.IdMapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes a new user namespace's id maps from outside it, as the kernel requires: {@code /proc/<pid>/uid_map}
 * and {@code gid_map}, each in one write. Root writes them directly. Without root, a process may map only its
 * own ids, one range each; anything more goes through the setuid helpers {@code newuidmap} and
 * {@code newgidmap}, which check {@code /etc/subuid} and {@code /etc/subgid}.
 */
public final class IdMaps {
    private IdMaps() {}

    /** The text of a map file: one {@code containerID hostID size} line per mapping. */
    public static String format(List<IdMapping> mappings) {
        StringBuilder text = new StringBuilder();
        for (IdMapping m : mappings) {
            text.append(m.containerId()).append(' ').append(m.hostId()).append(' ').append(m.size()).append('\n');
        }
        return text.toString();
    }

    /**
     * Whether the maps can be written directly: as root (uid 0 in the runtime's user namespace), or when each
     * map is one range of the caller's own id.
     */
    public static boolean canWriteDirectly(List<IdMapping> uids, List<IdMapping> gids, long euid, long egid) {
        if (euid == 0) {
            return true;
        }
        return uids.size() == 1 && uids.get(0).hostId() == euid && uids.get(0).size() == 1
                && gids.size() == 1 && gids.get(0).hostId() == egid && gids.get(0).size() == 1;
    }

    /**
     * Writes the maps of the user namespace of {@code pid}, whose process waits for them. Without root and for
     * several ranges, uses newuidmap/newgidmap; without root and one range each, writes "deny" to
     * {@code setgroups} first, as the kernel requires before an unprivileged gid map.
     */
    public static void write(int pid, List<IdMapping> uids, List<IdMapping> gids, long euid, long egid)
            throws IOException {
        Path proc = Path.of("/proc", String.valueOf(pid));
        if (canWriteDirectly(uids, gids, euid, egid)) {
            if (euid != 0) {
                writeOnce(proc.resolve("setgroups"), "deny");
            }
            writeOnce(proc.resolve("uid_map"), format(uids));
            writeOnce(proc.resolve("gid_map"), format(gids));
            return;
        }
        runHelper("newuidmap", pid, uids);
        runHelper("newgidmap", pid, gids);
    }

    /** The kernel takes a map in a single write(2); a second write fails with EPERM. */
    private static void writeOnce(Path file, String text) throws IOException {
        try {
            Files.write(file, text.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("write " + file + " (\"" + text.strip().replace('\n', ',') + "\"): "
                    + e.getMessage(), e);
        }
    }

    /** The command line of newuidmap/newgidmap: {@code pid containerID hostID size ...}. */
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

    private static void runHelper(String helper, int pid, List<IdMapping> mappings) throws IOException {
        List<String> command = helperCommand(helper, pid, mappings);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(helper + " is needed to map several id ranges without root: install the uidmap "
                    + "package (" + e.getMessage() + ")", e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": timed out");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + ": exit status " + process.exitValue()
                        + (output.isEmpty() ? "" : ": " + output));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(helper + " interrupted", e);
        }
    }
}
