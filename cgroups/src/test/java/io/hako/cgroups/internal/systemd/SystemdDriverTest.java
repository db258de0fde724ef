package io.hako.cgroups.internal.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.hako.cgroups.CgroupDriver;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.Cgroups;
import java.nio.file.Path;
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
