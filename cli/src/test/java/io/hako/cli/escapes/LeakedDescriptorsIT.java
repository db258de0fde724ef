package io.hako.cli.escapes;

import static io.hako.cli.PackagedHako.CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cli.PackagedHako;
import io.hako.cli.sidebyside.BusyboxBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CVE-2024-21626's class: no descriptor of the runtime's reaches a container's process — the init's or an exec'd
 * one's, cold or through the resident hako, whose client holds more descriptors than the standard streams — and a
 * working directory of /proc/self/fd/N cannot land anywhere the runtime had open.
 */
class LeakedDescriptorsIT {
    @TempDir
    Path dir;
    private Process resident;

    @BeforeEach
    void check() {
        PackagedHako.assumeContainersRun();
    }

    @AfterEach
    void stop() throws Exception {
        call(Map.of("HAKO_DAEMON", "off"), "delete", "--force", "fds");
        if (resident != null) {
            resident.destroyForcibly().waitFor();
        }
    }

    record Result(int status, String out, String err) {}

    /** The client; the shell that starts it holds descriptors 5 and 6 (not passed on: no --preserve-fds). */
    private Result call(Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "exec 5</dev/null 6>/dev/null; exec \"$0\" \"$@\"",
                CLIENT.toString(), "--root", dir.resolve("state").toString()));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", "");
        Path err = Files.createTempFile(dir, "err", "");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", args) + " hung");
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Map<String, String> warm() throws Exception {
        Path socket = dir.resolve("daemon/sock");
        resident = PackagedHako.startResident(socket, dir.resolve("daemon.log"));
        return Map.of("HAKO_DAEMON_SOCKET", socket.toString());
    }

    /** ls's own descriptor on the directory it lists is 3: nothing else may be there. */
    private static final String ONLY_STANDARD_STREAMS = "0\n1\n2\n3\n";

    private void onlyTheStandardStreams(Map<String, String> env) throws Exception {
        // The rootfs is read-only; /dev/shm is the container's own tmpfs.
        Path bundle = BusyboxBundle.make(dir, "ls /proc/self/fd > /dev/shm/init; exec sleep 60", spec -> spec);
        Result run = call(env, "run", "-d", "--bundle", bundle.toString(), "fds");
        assertEquals(0, run.status(), run::toString);
        Result init = call(env, "exec", "fds", "sh", "-c",
                "while [ ! -s /dev/shm/init ]; do sleep 0.1; done; cat /dev/shm/init");
        assertEquals(ONLY_STANDARD_STREAMS, init.out(), "the init");
        Result exec = call(env, "exec", "fds", "ls", "/proc/self/fd");
        assertEquals(new Result(0, ONLY_STANDARD_STREAMS, ""), exec, "an exec'd process");
        Result detached = call(env, "exec", "-d", "fds", "sh", "-c", "ls /proc/self/fd > /dev/shm/fds");
        assertEquals(0, detached.status(), detached::toString);
        Result written = call(env, "exec", "fds", "sh", "-c",
                "while [ ! -s /dev/shm/fds ]; do sleep 0.1; done; cat /dev/shm/fds");
        assertEquals(ONLY_STANDARD_STREAMS, written.out(), "exec --detach's process");
        Result foreground = call(env, "run", "--bundle", BusyboxBundle.make(dir, "ls /proc/self/fd", spec -> spec)
                .toString(), "fds-run");
        assertEquals(new Result(0, ONLY_STANDARD_STREAMS, ""), foreground, "a foreground run's init");
    }

    @Test
    void coldNothingButTheStandardStreamsReachesAProcess() throws Exception {
        onlyTheStandardStreams(Map.of("HAKO_DAEMON", "off"));
    }

    @Test
    void warmNothingButTheStandardStreamsReachesAProcess() throws Exception {
        onlyTheStandardStreams(warm());
    }

    @Test
    void aWorkingDirectoryThroughProcSelfFdNeverLandsOutsideTheContainer() throws Exception {
        // From a directory outside the process's root, ".." climbs to the host's root, never to the container's.
        String whereAmI = "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do cd -P ..; done; "
                + "[ \"$(stat -c %d:%i .)\" = \"$(stat -c %d:%i /)\" ] && echo inside || echo OUTSIDE";
        for (int fd = 3; fd < 12; fd++) {
            String cwd = "/proc/self/fd/" + fd;
            Path bundle = BusyboxBundle.make(dir, whereAmI, spec -> spec.withProcess(spec.process().withCwd(cwd)));
            Result run = call(Map.of("HAKO_DAEMON", "off"), "run", "--bundle", bundle.toString(), "cwd-" + fd);
            // Refused, or somewhere in the container.
            if (run.status() == 0) {
                assertEquals("inside\n", run.out(), cwd);
            } else {
                assertNotEquals("", run.err(), cwd);
            }
        }
    }

    private void anExecCwdThroughProcSelfFd(Map<String, String> env) throws Exception {
        String whereAmI = "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do cd -P ..; done; "
                + "[ \"$(stat -c %d:%i .)\" = \"$(stat -c %d:%i /)\" ] && echo inside || echo OUTSIDE";
        Path bundle = BusyboxBundle.make(dir, "exec sleep 60", spec -> spec);
        assertEquals(0, call(env, "run", "-d", "--bundle", bundle.toString(), "fds").status());
        for (int fd = 3; fd < 12; fd++) {
            String cwd = "/proc/self/fd/" + fd;
            Result exec = call(env, "exec", "--cwd", cwd, "fds", "sh", "-c", whereAmI);
            // Refused, or somewhere in the container.
            if (exec.status() == 0) {
                assertEquals("inside\n", exec.out(), cwd);
            } else {
                assertNotEquals("", exec.err(), cwd);
            }
        }
    }

    @Test
    void coldAnExecCwdThroughProcSelfFdNeverLandsOutsideTheContainer() throws Exception {
        anExecCwdThroughProcSelfFd(Map.of("HAKO_DAEMON", "off"));
    }

    @Test
    void warmAnExecCwdThroughProcSelfFdNeverLandsOutsideTheContainer() throws Exception {
        anExecCwdThroughProcSelfFd(warm());
    }
}
