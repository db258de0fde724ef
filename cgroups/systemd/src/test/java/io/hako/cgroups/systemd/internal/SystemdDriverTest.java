package io.hako.cgroups.systemd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.hako.cgroups.CgroupDriver;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.Cgroups;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemdDriverTest {
    private static final CgroupLayout HYBRID = new CgroupLayout(Map.of("memory", Path.of("/sys/fs/cgroup/memory")),
            Path.of("/sys/fs/cgroup/unified"));
    private static final CgroupLayout UNIFIED = new CgroupLayout(Map.of(), Path.of("/sys/fs/cgroup"));

    @Test
    void isFoundOnlyWhenAskedFor() throws CgroupException {
        CgroupDriver driver = Cgroups.select(UNIFIED, true);
        assertEquals(SystemdDriver.NAME, driver.name());
        assertTrue(driver.isSystemd());
        assertEquals("cgroupfs-v2", Cgroups.select(UNIFIED, false).name());
        assertEquals(SystemdDriver.NAME, Cgroups.select(HYBRID, true).name());
        assertEquals("cgroupfs-v1", Cgroups.select(HYBRID, false).name());
    }

    /** This module's tests see all three of hako's drivers (it requires the other two). */
    @Test
    void hakosDriversComeByPriority() {
        assertEquals(List.of("cgroupfs-v2", "cgroupfs-v1", "systemd"),
                Cgroups.drivers().stream().map(CgroupDriver::name).toList());
        assertEquals(List.of(300, 200, 100), Cgroups.drivers().stream().map(CgroupDriver::priority).toList());
    }

    @Test
    void itHasNoRootlessMode() {
        CgroupException refused = assertThrows(CgroupException.class,
                () -> new SystemdDriver().forContainer(null, "rl", UNIFIED, true));
        assertTrue(refused.getMessage().contains("has no rootless mode"), refused.getMessage());
    }

    @Test
    void withoutSystemdAsInitItIsAClearError() {
        assumeFalse(SystemdDriver.systemdRunning(), "systemd runs on this host");
        var e = assertThrows(CgroupException.class,
                () -> new SystemdDriver().forContainer("system.slice:hako:c1", "c1", HYBRID));
        assertEquals(SystemdDriver.NOT_RUNNING, e.getMessage());
    }

    @Test
    void aSavedPathComesBackAsTheSameUnit() throws CgroupException {
        var cgroup = new SystemdDriver().at("machine.slice:hako:c1", UNIFIED);
        assertEquals("machine.slice:hako:c1", cgroup.path());
        assertEquals(SystemdDriver.NAME, cgroup.driver());
    }

    @Test
    void versionsAreTheLeadingNumber() {
        assertEquals(252, SystemdManager.versionNumber("252.38-1~deb12u1"));
        assertEquals(255, SystemdManager.versionNumber("255"));
        assertEquals(0, SystemdManager.versionNumber("v?"));
    }
}
