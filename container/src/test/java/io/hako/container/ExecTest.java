package io.hako.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.config.Process;
import io.hako.oci.config.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exec into real containers: the same namespaces and cgroup as the init, its own user, its status back. */
class ExecTest {
    @TempDir
    Path dir;
    Containers containers;

    @BeforeEach
    void open() {
        Bundles.assumeContainersCanRun();
        containers = Containers.open(dir.resolve("state"));
    }

    @AfterEach
    void deleteEverything() throws Exception {
        Bundles.deleteAll(containers);
    }

    private static Process process(String script, Long uid) {
        return new Process(false, null, uid == null ? null : new User(uid, uid, null, null, null, null),
                List.of("sh", "-c", script), null, List.of("PATH=/bin"), "/", null, null, null, null, null, null,
                null, null, null, null);
    }

    @Test
    void theProcessJoinsTheContainerAndItsStatusComesBack() throws Exception {
        ContainerInfo sleeper = containers.create("target", Bundles.busybox(dir, "exec sleep 60", spec -> spec),
                CreateOptions.DEFAULTS);
        containers.start("target");
        int pid = containers.exec("target", process("{ echo $$; hostname; id -u; "
                + "for n in pid mnt net uts ipc; do readlink /proc/self/ns/$n; done; } > /out/exec; exit 7", 1000L),
                ExecOptions.DEFAULTS);
        assertEquals(7, containers.waitForProcess(pid));
        List<String> lines = Files.readAllLines(dir.resolve("out/exec"));
        assertTrue(Integer.parseInt(lines.get(0)) > 1, "a new process in the container's pid namespace: " + lines);
        assertEquals("hako", lines.get(1), "the container's hostname");
        assertEquals("1000", lines.get(2), "its own user");
        List<String> kinds = List.of("pid", "mnt", "net", "uts", "ipc");
        for (int i = 0; i < kinds.size(); i++) {
            assertEquals(Files.readSymbolicLink(Path.of("/proc/" + sleeper.pid() + "/ns/" + kinds.get(i))).toString(),
                    lines.get(3 + i), kinds.get(i) + " namespace");
        }
        assertEquals(List.of(sleeper.pid()), containers.processes("target").subList(0, 1));
    }

    @Test
    void withATerminalAndNoConsoleSocketTheTerminalIsRelayed() throws Exception {
        containers.create("tty", Bundles.busybox(dir, "exec sleep 60", spec -> spec), CreateOptions.DEFAULTS);
        containers.start("tty");
        Process withTerminal = new Process(true, null, null, List.of("sh"), null, List.of("PATH=/bin"), "/", null,
                null, null, null, null, null, null, null, null, null);
        var in = new java.io.ByteArrayInputStream("readlink /proc/self/fd/0\necho relayed\nexit 4\n".getBytes());
        var out = new java.io.ByteArrayOutputStream();
        assertEquals(4, containers.execAttached("tty", withTerminal, ExecOptions.DEFAULTS, in, out));
        String printed = out.toString();
        assertTrue(printed.contains("relayed") && printed.contains("/dev/pts/"), printed);
        var detached = assertThrows(ContainerException.class, () -> containers.exec("tty", withTerminal,
                ExecOptions.DEFAULTS));
        assertTrue(detached.getMessage().contains("console socket"), detached.getMessage());
    }

    @Test
    void execIntoAPausedStoppedOrMissingContainerIsRefused() throws Exception {
        containers.create("paused", Bundles.busybox(dir, "exec sleep 60", spec -> spec), CreateOptions.DEFAULTS);
        containers.start("paused");
        containers.pause("paused");
        var paused = assertThrows(ContainerException.class, () -> containers.exec("paused", process("true", null),
                ExecOptions.DEFAULTS));
        assertTrue(paused.getMessage().contains("paused"), paused.getMessage());
        containers.resume("paused");
        containers.kill("paused", 9, false);
        containers.waitForExit("paused");
        var stopped = assertThrows(ContainerException.class, () -> containers.exec("paused", process("true", null),
                ExecOptions.DEFAULTS));
        assertEquals("cannot exec in a stopped container", stopped.getMessage());
        var missing = assertThrows(ContainerException.class, () -> containers.exec("nope", process("true", null),
                ExecOptions.DEFAULTS));
        assertEquals(ContainerException.Kind.NOT_FOUND, missing.kind());
    }
}
