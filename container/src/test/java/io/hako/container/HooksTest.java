package io.hako.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.config.Hook;
import io.hako.oci.config.Hooks;
import io.hako.oci.config.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The six hooks on a real container: where each runs, in which order, with what on its stdin, and how failing works. */
class HooksTest {
    @TempDir
    Path dir;
    Containers containers;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void open() {
        Bundles.assumeContainersCanRun();
        containers = Containers.open(dir.resolve("state"), warnings::add);
    }

    @AfterEach
    void deleteEverything() throws Exception {
        Bundles.deleteAll(containers);
    }

    /** A hook that records its stdin, its mount namespace and its turn; {@code out} is where /out is for it. */
    private static Hook recording(String kind, String out) {
        return new Hook("/bin/busybox", List.of("sh", "-c", "cat > " + out + "/" + kind + ".json; "
                + "readlink /proc/self/ns/mnt > " + out + "/" + kind + ".ns; echo " + kind + " >> " + out + "/order"),
                List.of("PATH=/bin"), 5L, null);
    }

    private Path bundle(String script, Hooks hooks) throws Exception {
        return Bundles.busybox(dir, script, spec -> new Spec(spec.ociVersion(), spec.root(), spec.process(),
                spec.hostname(), spec.domainname(), spec.mounts(), hooks, java.util.Map.of("who", "hooks-test"),
                spec.linux(), spec.unknown()));
    }

    @Test
    void eachHookRunsInItsPlaceWithTheStateOnItsStdin() throws Exception {
        String host = dir.resolve("out").toString();
        Hooks hooks = new Hooks(List.of(recording("prestart", host)), List.of(recording("createRuntime", host)),
                List.of(recording("createContainer", host)), List.of(recording("startContainer", "/out")),
                List.of(recording("poststart", host)), List.of(recording("poststop", host)), null);
        ContainerInfo created = containers.create("hooked", bundle("true", hooks), CreateOptions.DEFAULTS);
        assertEquals(List.of("prestart", "createRuntime", "createContainer"),
                Files.readAllLines(dir.resolve("out/order")), "create ran its three");
        containers.start("hooked");
        assertEquals(0, containers.waitForExit("hooked"));
        containers.delete("hooked", false);
        assertEquals(List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart",
                "poststop"), Files.readAllLines(dir.resolve("out/order")));

        String hostNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
        for (String kind : List.of("prestart", "createRuntime", "poststart", "poststop")) {
            assertEquals(hostNamespace, Files.readString(dir.resolve("out/" + kind + ".ns")).strip(),
                    kind + " runs in the runtime's namespace");
        }
        for (String kind : List.of("createContainer", "startContainer")) {
            assertNotEquals(hostNamespace, Files.readString(dir.resolve("out/" + kind + ".ns")).strip(),
                    kind + " runs in the container's namespace");
        }
        String prestart = Files.readString(dir.resolve("out/prestart.json"));
        assertTrue(prestart.contains("\"id\":\"hooked\"") && prestart.contains("\"status\":\"created\"")
                && prestart.contains("\"pid\":" + created.pid()) && prestart.contains("\"who\":\"hooks-test\""),
                prestart);
        assertTrue(Files.readString(dir.resolve("out/poststart.json")).contains("\"status\":\"running\""));
        assertTrue(Files.readString(dir.resolve("out/poststop.json")).contains("\"status\":\"stopped\""));
        assertEquals(List.of(), warnings.stream().filter(w -> w.contains("hook")).toList());
    }

    @Test
    void aFailingCreateHookAbortsCreateAndLeavesNothing() throws Exception {
        Hook failing = new Hook("/bin/busybox", List.of("sh", "-c", "echo no network for you >&2; exit 3"), null,
                null, null);
        Path bundle = bundle("true", new Hooks(null, List.of(failing), null, null, null, null, null));
        var e = assertThrows(ContainerException.class, () -> containers.create("doomed", bundle,
                CreateOptions.DEFAULTS));
        // runc's words ("error running hook"), which people and tools match, on one line.
        assertEquals("error running hook #0: createRuntime hook /bin/busybox: exit status 3, stdout: , stderr: "
                + "no network for you\\n", e.getMessage());
        assertEquals(List.of(), containers.list());
        assertFalse(Files.exists(dir.resolve("state/doomed")));
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/pids/doomed")), "no cgroup left");
    }

    @Test
    void aHookPastItsTimeoutIsKilledAndFailsCreate() throws Exception {
        Hook slow = new Hook("/bin/busybox", List.of("sleep", "30"), null, 1L, null);
        Path bundle = bundle("true", new Hooks(List.of(slow), null, null, null, null, null, null));
        long started = System.nanoTime();
        var e = assertThrows(ContainerException.class, () -> containers.create("slow", bundle,
                CreateOptions.DEFAULTS));
        assertTrue(e.getMessage().startsWith("error running hook #0: prestart hook /bin/busybox: ran past its "
                + "timeout of 1 s"), e.getMessage());
        assertTrue(System.nanoTime() - started < 10_000_000_000L, "killed at its timeout, not waited for");
    }

    @Test
    void failingPoststartAndPoststopHooksAreWarningsAndTheOthersStillRun() throws Exception {
        String host = dir.resolve("out").toString();
        Hook failing = new Hook("/bin/busybox", List.of("false"), null, null, null);
        Path bundle = bundle("true", new Hooks(null, null, null, null, List.of(failing, recording("poststart", host)),
                List.of(failing, recording("poststop", host)), null));
        containers.create("warned", bundle, CreateOptions.DEFAULTS);
        containers.start("warned");
        assertEquals(0, containers.waitForExit("warned"));
        containers.delete("warned", false);
        assertEquals(List.of("poststart", "poststop"), Files.readAllLines(dir.resolve("out/order")));
        assertEquals(List.of("error running hook #0: poststart hook /bin/busybox: exit status 1, stdout: , stderr: ",
                "error running hook #0: poststop hook /bin/busybox: exit status 1, stdout: , stderr: "),
                warnings.stream().filter(w -> w.contains("hook")).toList());
    }
}
