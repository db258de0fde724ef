package io.hako.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.Cgroups;
import io.hako.oci.config.Pids;
import io.hako.oci.config.Resources;
import io.hako.oci.config.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers whose cgroup systemd makes ({@code --systemd-cgroup}). They need systemd as init, so they run in the
 * VM's systemd mode ({@code cgroups/src/test/vm/run-systemd-tests.sh}); elsewhere only the refusal is checked.
 */
class SystemdContainerTest {
    private static final CreateOptions SYSTEMD = new CreateOptions(null, false, 0, null, 0, false, true);
    @TempDir
    Path dir;
    Containers containers;
    String id = "sd" + ProcessHandle.current().pid();

    @BeforeEach
    void open() {
        Bundles.assumeContainersCanRun();
        containers = Containers.open(dir.resolve("state"));
    }

    @AfterEach
    void deleteEverything() throws Exception {
        if (containers != null) {
            Bundles.deleteAll(containers);
        }
    }

    private static boolean systemdRuns() {
        return Files.isDirectory(Path.of("/run/systemd/system"));
    }

    private static Spec withCgroup(Spec spec, String cgroupsPath, Resources resources) {
        return spec.withLinux(spec.linux().withCgroupsPath(cgroupsPath).withResources(resources));
    }

    private static String show(String unit, String property) throws Exception {
        Process systemctl = new ProcessBuilder("systemctl", "show", unit, "-p", property, "--value")
                .redirectErrorStream(true).start();
        String out = new String(systemctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        systemctl.waitFor();
        return out;
    }

    @Test
    void withoutSystemdAsInitItIsAnErrorAndNothingIsLeft() throws Exception {
        assumeTrue(!systemdRuns(), "systemd runs here: the other tests cover it");
        Path bundle = Bundles.busybox(dir, "true", spec -> spec);
        var e = assertThrows(ContainerException.class, () -> containers.create(id, bundle, SYSTEMD));
        assertTrue(e.getMessage().contains("systemd is not running on this host"), e.getMessage());
        assertEquals(List.of(), containers.list());
        assertFalse(Files.exists(dir.resolve("state").resolve(id)));
    }

    @Test
    void theContainerRunsInATransientScopeThatDeleteStops() throws Exception {
        assumeTrue(systemdRuns(), "needs systemd as init: run cgroups/src/test/vm/run-systemd-tests.sh");
        String unit = "hako-" + id + ".scope";
        Path bundle = Bundles.busybox(dir, "unused", spec -> withCgroup(
                spec.withProcess(spec.process().withArgs(List.of("/bin/echo", "hello"))), "system.slice:hako:" + id,
                new Resources(spec.linux().resources().devices(), null, null, new Pids(1, null), null, null, null,
                        null, null, null)));
        ContainerInfo created = containers.create(id, bundle, SYSTEMD);
        assertEquals("active", show(unit, "ActiveState"));
        assertEquals("1", show(unit, "TasksMax"));
        assertEquals("strict", show(unit, "DevicePolicy"), "runc's default device rules are an allow list");
        String own = Files.readString(Path.of("/proc/" + created.pid() + "/cgroup"));
        assertTrue(own.contains("/system.slice/" + unit), own);
        CgroupLayout layout = Cgroups.layout();
        if (layout.isUnified()) {
            Path directory = layout.unified().resolve("system.slice").resolve(unit);
            // The stage is single-threaded and its intermediate is gone: the init alone is in the scope.
            assertEquals("1", Files.readString(directory.resolve("pids.current")).strip());
        }
        containers.start(id);
        assertEquals(0, containers.waitForExit(id));
        containers.delete(id, false);
        assertEquals("inactive", show(unit, "ActiveState"));
        assertEquals(List.of(), containers.list());
    }

    @Test
    void pausedResumedAndKilledThroughItsScope() throws Exception {
        assumeTrue(systemdRuns(), "needs systemd as init: run cgroups/src/test/vm/run-systemd-tests.sh");
        Path bundle = Bundles.busybox(dir, "exec sleep 60", spec -> spec);
        ContainerInfo created = containers.create(id, bundle, SYSTEMD);
        containers.start(id);
        assertEquals(List.of(created.pid()), containers.processes(id));
        containers.pause(id);
        assertEquals(Status.PAUSED, containers.state(id).status());
        containers.resume(id);
        containers.update(id, new Resources(null, null, null, new Pids(42, null), null, null, null, null, null,
                null));
        assertEquals("42", show("hako-" + id + ".scope", "TasksMax"));
        containers.delete(id, true);
        assertEquals("inactive", show("hako-" + id + ".scope", "ActiveState"));
    }

    @Test
    void aPathNotInSystemdsFormIsTheFieldsError() throws Exception {
        assumeTrue(systemdRuns(), "needs systemd as init: run cgroups/src/test/vm/run-systemd-tests.sh");
        Path bundle = Bundles.busybox(dir, "true", spec -> withCgroup(spec, "/not/systemd", null));
        var e = assertThrows(ContainerException.class, () -> containers.create(id, bundle, SYSTEMD));
        assertTrue(e.getMessage().contains("/linux/cgroupsPath"), e.getMessage());
        assertEquals(List.of(), containers.list());
    }
}
