package io.hako.cgroups.systemd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupEvent;
import io.hako.cgroups.CgroupEvents;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.Cgroups;
import io.hako.cgroups.FreezerState;
import io.hako.oci.config.Cpu;
import io.hako.oci.config.DeviceRule;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Pids;
import io.hako.oci.config.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The systemd driver against a real systemd: it needs systemd as init and root, so it runs in the VM's systemd
 * mode ({@code cgroups/src/test/vm/run-systemd-tests.sh}) and skips elsewhere, saying why.
 */
class SystemdCgroupTest {
    private final String name = "sdtest" + ProcessHandle.current().pid() + "x" + System.nanoTime() % 100000;
    private final List<Process> processes = new ArrayList<>();
    private final List<Cgroup> cgroups = new ArrayList<>();
    private CgroupLayout layout;

    @BeforeEach
    void needSystemd() throws CgroupException {
        assumeTrue(SystemdDriver.systemdRunning(), "systemd is not init here (no /run/systemd/system): the VM's "
                + "systemd mode runs this (cgroups/src/test/vm/run-systemd-tests.sh)");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        layout = Cgroups.layout();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        for (Cgroup cgroup : cgroups) {
            cgroup.destroy();
        }
    }

    private Cgroup cgroup(String cgroupsPath) throws CgroupException {
        Cgroup cgroup = Cgroups.select(layout, true).forContainer(cgroupsPath, name, layout);
        cgroups.add(cgroup);
        return cgroup;
    }

    private int sleeper() throws IOException {
        Process process = new ProcessBuilder("sleep", "300").start();
        processes.add(process);
        return (int) process.pid();
    }

    private static String show(String unit, String property) throws Exception {
        Process systemctl = new ProcessBuilder("systemctl", "show", unit, "-p", property, "--value")
                .redirectErrorStream(true).start();
        String out = new String(systemctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        systemctl.waitFor();
        return out;
    }

    private Path directory(String relative) {
        return (layout.isUnified() ? layout.unified() : layout.v1().get("memory")).resolve(relative.substring(1));
    }

    @Test
    void aScopeStartsWithItsFirstProcessAndStopsOnDestroy() throws Exception {
        Cgroup cgroup = cgroup(null);
        String unit = "hako-" + name + ".scope";
        assertEquals("system.slice:hako:" + name, cgroup.path());
        assertFalse(cgroup.exists());
        cgroup.create();
        assertFalse(cgroup.exists(), "a scope cannot start empty: it waits for its first process");
        int pid = sleeper();
        cgroup.add(pid);
        assertTrue(cgroup.exists());
        assertEquals("active", show(unit, "ActiveState"));
        assertEquals("yes", show(unit, "Delegate"));
        assertEquals("system.slice", show(unit, "Slice"));
        assertEquals(List.of(pid), cgroup.pids());
        String own = Files.readString(Path.of("/proc/" + pid + "/cgroup"));
        assertTrue(own.contains("/system.slice/" + unit), own);

        cgroup.destroy();
        assertFalse(cgroup.exists());
        assertEquals("inactive", show(unit, "ActiveState"));
        assertTrue(processes.getFirst().waitFor(5, TimeUnit.SECONDS), "stopping the scope killed its process");
    }

    @Test
    void resourcesAreUnitPropertiesAndFiles() throws Exception {
        Cgroup cgroup = cgroup("system.slice:hako:" + name);
        String unit = "hako-" + name + ".scope";
        cgroup.add(sleeper());
        Resources resources = new Resources(List.of(new DeviceRule(false, "a", null, null, "rwm", null),
                new DeviceRule(true, "c", 1L, 3L, "rwm", null)),
                new Memory(64L << 20, null, null, null, null, null, null, null, null, null),
                new Cpu(null, 50_000L, null, 100_000L, null, null, null, null, null, null), new Pids(20, null), null,
                null, null, null, null, null);
        cgroup.apply(resources);
        assertEquals("20", show(unit, "TasksMax"));
        assertEquals("500ms", show(unit, "CPUQuotaPerSecUSec"));
        assertEquals("strict", show(unit, "DevicePolicy"));
        assertEquals("/dev/char/1:3 rwm", show(unit, "DeviceAllow"));
        if (layout.isUnified()) {
            assertEquals(Long.toString(64L << 20), show(unit, "MemoryMax"));
            assertEquals(Long.toString(64L << 20), Files.readString(directory("/system.slice/" + unit)
                    .resolve("memory.max")).strip());
            assertEquals("20", Files.readString(directory("/system.slice/" + unit).resolve("pids.max")).strip());
        } else {
            assertEquals(Long.toString(64L << 20), show(unit, "MemoryLimit"));
        }
        // A later update goes through the same path.
        cgroup.apply(new Resources(null, null, null, new Pids(30, null), null, null, null, null, null, null));
        assertEquals("30", show(unit, "TasksMax"));
    }

    @Test
    void freezeAndStatsGoThroughTheFiles() throws Exception {
        Cgroup cgroup = cgroup(null);
        cgroup.add(sleeper());
        cgroup.freeze();
        assertEquals(FreezerState.FROZEN, cgroup.freezerState());
        cgroup.thaw();
        assertEquals(FreezerState.THAWED, cgroup.freezerState());
        assertEquals(1, cgroup.stats().pids().current());
    }

    @Test
    void eventsWatchTheUnitsCgroupUntilStopRemovesIt() throws Exception {
        Cgroup cgroup = cgroup(null);
        cgroup.add(sleeper());
        try (CgroupEvents events = cgroup.events()) {
            assertEquals(List.of(), events.await(Duration.ofMillis(100)));
            cgroup.destroy();
            assertEquals(List.of(new CgroupEvent.Removed()), events.await(Duration.ofSeconds(5)));
        }
    }

    @Test
    void aSliceOfItsOwnStartsEmpty() throws Exception {
        String slice = "hakotest-" + name + ".slice";
        Cgroup cgroup = cgroup("hakotest.slice::" + slice);
        cgroup.create();
        assertTrue(cgroup.exists());
        assertEquals("active", show(slice, "ActiveState"));
        int pid = sleeper();
        cgroup.add(pid);
        assertEquals(List.of(pid), cgroup.pids());
        // systemd keeps no process in a slice: stopping it leaves this one alone, and destroy waits for it.
        processes.getFirst().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        cgroup.destroy();
        assertFalse(cgroup.exists());
        assertEquals("inactive", show(slice, "ActiveState"));
    }

    @Test
    void aBadPathMakesNothing() {
        var e = assertThrows(CgroupException.class,
                () -> Cgroups.select(layout, true).forContainer("no-slice:hako:" + name, name, layout));
        assertTrue(e.getMessage().contains("\"no-slice\" is not a slice"), e.getMessage());
    }
}
