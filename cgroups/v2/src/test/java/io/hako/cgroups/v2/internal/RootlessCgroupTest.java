package io.hako.cgroups.v2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.testing.ReadOnlyMounts;
import io.hako.oci.config.DeviceRule;
import io.hako.oci.config.Pids;
import io.hako.oci.config.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runc's rootless cgroup manager (--rootless) on a cgroup2 hierarchy: a container goes on without its cgroup only
 * when nothing needs it. The hierarchy is a directory of this test, a read-only bind mount ({@link ReadOnlyMounts}).
 */
class RootlessCgroupTest {
    private static final Resources PIDS = resources(null, new Pids(10, null));
    private static final Resources DEVICES = resources(List.of(new DeviceRule(false, null, null, null, "rwm", null)),
            null);

    @TempDir
    Path dir;
    private final ReadOnlyMounts readOnly = new ReadOnlyMounts();

    private static Resources resources(List<DeviceRule> devices, Pids pids) {
        return new Resources(devices, null, null, pids, null, null, null, null, null, null);
    }

    @AfterEach
    void unmount() throws Exception {
        readOnly.unmountAll();
    }

    private CgroupLayout layout() throws Exception {
        Path root = Files.createDirectories(dir.resolve("unified"));
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        readOnly.make(root);
        return new CgroupLayout(Map.of(), root);
    }

    @Test
    void v2GoesOnWithoutItsCgroupOnlyWhenNoControllerIsNeeded() throws Exception {
        CgroupLayout layout = layout();
        Cgroup cgroup = new V2Driver().forContainer(null, "rl", layout, true);
        cgroup.create();
        assertFalse(cgroup.exists());
        cgroup.add(4242); // runc's manager returns before joining a cgroup it could not make
        cgroup.apply(DEVICES);
        cgroup.apply(resources(null, null));
        CgroupException pids = assertThrows(CgroupException.class, () -> cgroup.apply(PIDS));
        assertEquals("cgroup /rl: rootless needs no limits + no cgrouppath when no permission is granted for "
                + "cgroups: cgroup /rl: create " + dir.resolve("unified/rl") + ": read-only file system",
                pids.getMessage());
    }

    @Test
    void v2KeepsTheErrorWithoutRootlessOrWithACgroupsPath() throws Exception {
        CgroupLayout layout = layout();
        CgroupException strict = assertThrows(CgroupException.class,
                () -> new V2Driver().forContainer(null, "rl", layout, false).create());
        assertTrue(strict.isPermissionError());
        assertThrows(CgroupException.class, () -> new V2Driver().forContainer("/rl", "rl", layout, true).create());
    }
}
