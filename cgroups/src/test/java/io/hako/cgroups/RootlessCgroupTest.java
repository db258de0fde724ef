package io.hako.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cgroups.internal.v1.V1Driver;
import io.hako.cgroups.internal.v2.V2Driver;
import io.hako.oci.config.DeviceRule;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Pids;
import io.hako.oci.config.Resources;
import io.hako.sys.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runc's rootless cgroup manager (--rootless): which permission errors are ignored, and what a container left out
 * of its cgroup can still do. The hierarchies are directories of this test; a read-only bind mount refuses with
 * EROFS, a permission error in runc's sense, as a cgroupfs the caller may not write refuses with EACCES.
 */
class RootlessCgroupTest {
    private static final Resources PIDS = resources(null, null, new Pids(10, null));
    private static final Resources MEMORY = resources(null,
            new Memory(64L << 20, null, null, null, null, null, null, null, null, null), null);
    private static final Resources DEVICES = resources(List.of(new DeviceRule(false, null, null, null, "rwm", null)),
            null, null);

    @TempDir
    Path dir;
    private final List<Path> mounted = new ArrayList<>();

    private static Resources resources(List<DeviceRule> devices, Memory memory, Pids pids) {
        return new Resources(devices, memory, null, pids, null, null, null, null, null, null);
    }

    /** A directory whose writes fail with EROFS: a read-only bind mount of itself. */
    private Path readOnly(String name) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "a read-only bind mount needs root");
        Path path = Files.createDirectories(dir.resolve(name));
        run("mount", "--bind", path.toString(), path.toString());
        mounted.add(path);
        run("mount", "-o", "remount,bind,ro", path.toString());
        return path;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }

    @AfterEach
    void unmount() throws Exception {
        for (Path path : mounted) {
            run("umount", path.toString());
        }
    }

    private CgroupLayout v1(Path memory) throws IOException {
        return new CgroupLayout(Map.of("memory", memory, "pids", Files.createDirectories(dir.resolve("pids"))), null);
    }

    @Test
    void v1LeavesOutTheHierarchiesItMayNotWriteAndKeepsTheOthers() throws Exception {
        CgroupLayout layout = v1(readOnly("memory"));
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
        CgroupLayout layout = v1(readOnly("memory"));
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
        CgroupLayout layout = v1(readOnly("memory"));
        Path pids = Files.createDirectories(dir.resolve("pids/rl"));
        Files.writeString(pids.resolve("cgroup.procs"), "");
        Cgroup made = new V1Driver().at("/rl", layout, true);
        assertTrue(made.exists());
        made.add(77); // an exec: the memory hierarchy was left out
        assertEquals("77", Files.readString(pids.resolve("cgroup.procs")));
        assertThrows(CgroupException.class, () -> new V1Driver().at("/rl", layout, false).add(77));
    }

    private CgroupLayout v2() throws Exception {
        Path root = Files.createDirectories(dir.resolve("unified"));
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        readOnly("unified");
        return new CgroupLayout(Map.of(), root);
    }

    @Test
    void v2GoesOnWithoutItsCgroupOnlyWhenNoControllerIsNeeded() throws Exception {
        CgroupLayout layout = v2();
        Cgroup cgroup = new V2Driver().forContainer(null, "rl", layout, true);
        cgroup.create();
        assertFalse(cgroup.exists());
        cgroup.add(4242); // runc's manager returns before joining a cgroup it could not make
        cgroup.apply(DEVICES);
        cgroup.apply(resources(null, null, null));
        CgroupException pids = assertThrows(CgroupException.class, () -> cgroup.apply(PIDS));
        assertEquals("cgroup /rl: rootless needs no limits + no cgrouppath when no permission is granted for "
                + "cgroups: cgroup /rl: create " + dir.resolve("unified/rl") + ": read-only file system",
                pids.getMessage());
    }

    @Test
    void v2KeepsTheErrorWithoutRootlessOrWithACgroupsPath() throws Exception {
        CgroupLayout layout = v2();
        CgroupException strict = assertThrows(CgroupException.class,
                () -> new V2Driver().forContainer(null, "rl", layout, false).create());
        assertTrue(strict.isPermissionError());
        assertThrows(CgroupException.class, () -> new V2Driver().forContainer("/rl", "rl", layout, true).create());
    }

    @Test
    void aDriverWithoutARootlessModeRefusesIt() {
        CgroupDriver systemd = Cgroups.drivers().stream().filter(CgroupDriver::isSystemd).findFirst().orElseThrow();
        CgroupException refused = assertThrows(CgroupException.class,
                () -> systemd.forContainer(null, "rl", new CgroupLayout(Map.of(), dir), true));
        assertTrue(refused.getMessage().contains("has no rootless mode"), refused.getMessage());
    }
}
