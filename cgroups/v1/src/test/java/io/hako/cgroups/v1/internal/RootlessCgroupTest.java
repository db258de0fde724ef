package io.hako.cgroups.v1.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.testing.ReadOnlyMounts;
import io.hako.oci.config.DeviceRule;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Pids;
import io.hako.oci.config.Resources;
import io.hako.sys.Errno;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runc's rootless cgroup manager (--rootless) on v1 hierarchies: which permission errors are ignored, and what a
 * container left out of a hierarchy can still do. The hierarchies are directories of this test; the memory one is
 * a read-only bind mount ({@link ReadOnlyMounts}).
 */
class RootlessCgroupTest {
    private static final Resources PIDS = resources(null, null, new Pids(10, null));
    private static final Resources MEMORY = resources(null,
            new Memory(64L << 20, null, null, null, null, null, null, null, null, null), null);
    private static final Resources DEVICES = resources(List.of(new DeviceRule(false, null, null, null, "rwm", null)),
            null, null);

    @TempDir
    Path dir;
    private final ReadOnlyMounts readOnly = new ReadOnlyMounts();

    private static Resources resources(List<DeviceRule> devices, Memory memory, Pids pids) {
        return new Resources(devices, memory, null, pids, null, null, null, null, null, null);
    }

    @AfterEach
    void unmount() throws Exception {
        readOnly.unmountAll();
    }

    /** A writable pids hierarchy and a read-only memory one. */
    private CgroupLayout layout() throws Exception {
        return new CgroupLayout(Map.of("memory", readOnly.make(dir.resolve("memory")),
                "pids", Files.createDirectories(dir.resolve("pids"))), null);
    }

    @Test
    void v1LeavesOutTheHierarchiesItMayNotWriteAndKeepsTheOthers() throws Exception {
        CgroupLayout layout = layout();
        Cgroup cgroup = new V1Driver().forContainer(null, "rl", layout, true);
        cgroup.create();
        assertFalse(Files.exists(dir.resolve("memory/rl")));
        Path pids = dir.resolve("pids/rl");
        assertTrue(Files.isDirectory(pids));
        Files.writeString(pids.resolve("cgroup.procs"), "");
        Files.writeString(pids.resolve("pids.max"), "");
        cgroup.add(4242);
        assertEquals("4242", Files.readString(pids.resolve("cgroup.procs")));
        cgroup.apply(PIDS);
        assertEquals("10", Files.readString(pids.resolve("pids.max")));
        cgroup.apply(DEVICES); // no devices hierarchy: a rootless container goes on without device rules
        CgroupException memory = assertThrows(CgroupException.class, () -> cgroup.apply(MEMORY));
        assertEquals("cgroup /rl: cannot set memory limit: container could not join or create cgroup",
                memory.getMessage());
    }

    @Test
    void v1KeepsThePermissionErrorWithoutRootlessOrWithACgroupsPath() throws Exception {
        CgroupLayout layout = layout();
        CgroupException strict = assertThrows(CgroupException.class,
                () -> new V1Driver().forContainer(null, "rl", layout, false).create());
        assertEquals(Errno.EROFS, strict.errno());
        assertTrue(strict.isPermissionError());
        assertEquals("cgroup /rl: create " + dir.resolve("memory/rl") + ": read-only file system", strict.getMessage());
        // runc ignores the errors only where it chose the cgroup itself.
        assertThrows(CgroupException.class, () -> new V1Driver().forContainer("/rl", "rl", layout, true).create());
    }

    @Test
    void v1OfARootlessContainerMadeBeforeJoinsOnlyWhereItIs() throws Exception {
        CgroupLayout layout = layout();
        Path pids = Files.createDirectories(dir.resolve("pids/rl"));
        Files.writeString(pids.resolve("cgroup.procs"), "");
        Cgroup made = new V1Driver().at("/rl", layout, true);
        assertTrue(made.exists());
        made.add(77); // an exec: the memory hierarchy was left out
        assertEquals("77", Files.readString(pids.resolve("cgroup.procs")));
        assertThrows(CgroupException.class, () -> new V1Driver().at("/rl", layout, false).add(77));
    }
}
