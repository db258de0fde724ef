package io.hako.cli.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.checkpoint.Checkpoints;
import io.hako.checkpoint.CriuCheck;
import io.hako.sys.Fd;
import io.hako.sys.Pidfd;
import io.hako.sys.Spawn;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the checkpoint tests share: whether CRIU is there and works, detached containers (or restored ones) whose standard streams the test holds,
 * and a container's status as {@code state} tells it.
 */
final class CriuContainers {
    /** Counts the lines it reads: what it prints is the number of lines read so far, kept in memory only. */
    static final String COUNTER = "i=0; while read x; do i=$((i+1)); echo $i; done";

    private CriuContainers() {}

    /** CRIU's answer here; skips the test where CRIU is not installed at all. */
    static CriuCheck criuInstalled() {
        CriuCheck criu = Checkpoints.check("criu");
        assumeTrue(!criu.version().isEmpty() || criu.works(), "needs criu: " + criu.reason());
        return criu;
    }

    /** Skips a round trip where CRIU is installed but its check fails (this host's kernel), saying why. */
    static void assumeWorks(CriuCheck criu) {
        assumeTrue(criu.works(), "CRIU does not work on this host: " + criu.summary());
    }

    /**
     * A detached container's (or restored one's) standard streams, held by the test: pipes of its own (sys's), not
     * a {@link Process}'s, which the JDK closes once the runtime it started has exited.
     */
    record Attached(Fd in, Fd out) {
        /** Sends a line and returns what the container answers (the counter: its count). */
        String next() throws SysException {
            return send("x");
        }

        /** Sends {@code line} and returns the line the container answers. */
        String send(String line) throws SysException {
            Sys.writeFully(in, (line + "\n").getBytes(StandardCharsets.UTF_8));
            return readLine();
        }

        /**
         * The next line the container writes; null at the end of its output (no writer left). A container that says
         * nothing for a minute fails the test (a blocking read would outlive JUnit's time-out).
         */
        String readLine() throws SysException {
            var line = new StringBuilder();
            byte[] one = new byte[1];
            while (true) {
                if (Sys.pollIn(60_000, out)[0] == 0) {
                    throw new AssertionError("nothing from the container for 60 s after \"" + line + "\"");
                }
                if (Sys.read(out, one) != 1) {
                    break;
                }
                if (one[0] == '\n') {
                    return line.toString();
                }
                line.append((char) one[0]);
            }
            return line.isEmpty() ? null : line.toString();
        }
    }

    /** {@code args} under {@code runtime}, detached, the container's streams pipes of the test's. */
    static Attached attached(SideBySide.Runtime runtime, String... args) throws SysException {
        return attached(runtime, null, args);
    }

    /**
     * {@link #attached(SideBySide.Runtime, String...)}, CRIU's errors in {@code criuLogs} added to the message of a
     * failure (null for none).
     */
    static Attached attached(SideBySide.Runtime runtime, Path criuLogs, String... args) throws SysException {
        Started started = started(runtime, args);
        int status = exitStatus(started.pid(), runtime.name() + " " + String.join(" ", args));
        // The runtime has exited; the pipes stay open in the container. Its own words, if any, came first.
        assertEquals(0, status, runtime.name() + " " + String.join(" ", args) + ": "
                + (status == 0 ? "" : started.attached().readLine() + (criuLogs == null ? "" : criuErrors(criuLogs))));
        return started.attached();
    }

    /**
     * The exit status of the runtime {@code pid} (this JVM's child), waited for at most two minutes: a blocking wait
     * would outlive JUnit's time-out.
     */
    static int exitStatus(int pid, String what) throws SysException {
        try (Pidfd process = Pidfd.open(pid)) {
            if (Sys.pollIn(120_000, process.fd())[0] == 0) {
                Sys.signalIfPresent(pid, 9);
                throw new AssertionError(what + ": still running after 2 minutes (killed)");
            }
            return process.waitExit().status();
        }
    }

    /** A runtime started in the foreground, the container's streams pipes of the test's. */
    record Started(int pid, Attached attached) {}

    /**
     * {@code args} under {@code runtime}, not waited for (a foreground restore): its pid, to wait for, and the
     * container's streams, which are the runtime's.
     */
    static Started started(SideBySide.Runtime runtime, String... args) throws SysException {
        Fd[] in = Sys.pipe();
        Fd[] out = Sys.pipe();
        try {
            int pid = spawn(runtime, Map.of(0, in[0], 1, out[1], 2, out[1]), args);
            return new Started(pid, new Attached(in[1], out[0]));
        } finally {
            in[0].close();
            out[1].close();
        }
    }

    /** {@code args} under {@code runtime} with its state root, given {@code fds}, not waited for: its pid. */
    static int spawn(SideBySide.Runtime runtime, Map<Integer, Fd> fds, String... args) throws SysException {
        List<String> argv = new ArrayList<>(runtime.command());
        argv.addAll(List.of("--root", runtime.stateRoot().toString()));
        argv.addAll(List.of(args));
        List<String> env = System.getenv().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        String program = argv.getFirst().startsWith("/") ? argv.getFirst() : "/usr/bin/" + argv.getFirst();
        return Spawn.spawn(program, argv, env, fds);
    }

    /**
     * The {@code Error} lines of CRIU's logs in {@code directory} ({@code dump.log}, {@code restore.log}), for a
     * failure's message: the images are in the test's temporary directory, gone after it.
     */
    static String criuErrors(Path directory) {
        try (var logs = Files.list(directory)) {
            var errors = new StringBuilder();
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.readAllLines(log).stream().filter(l -> l.contains("Error")).forEach(l -> errors.append("\n  ")
                        .append(log.getFileName()).append(": ").append(l));
            }
            return errors.toString();
        } catch (IOException e) {
            return "\n  (no CRIU log in " + directory + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Removes the cgroups runc 1.1.5 leaves (seen in the VM guest, cgroup v2) of a container whose processes were
     * restored into another beside it, under the unified hierarchy: hako's side is what the tests assert.
     */
    static void removeRuncsCgroups(String... ids) throws IOException {
        for (String id : ids) {
            if (Files.deleteIfExists(Path.of("/sys/fs/cgroup", id))) {
                System.out.println("runc left cgroup /sys/fs/cgroup/" + id);
            }
        }
    }

    /** The container's status ({@code running}, ...), or {@code absent} when {@code state} does not know it. */
    static String status(SideBySide.Runtime runtime, Path bundle, String id) {
        var state = runtime.call(bundle, "state", id);
        if (state.status() != 0) {
            return "absent";
        }
        return state.out().replaceAll("(?s).*\"status\": \"([a-z]+)\".*", "$1");
    }
}
