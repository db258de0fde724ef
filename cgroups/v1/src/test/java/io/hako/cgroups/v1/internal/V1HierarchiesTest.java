package io.hako.cgroups.v1.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.cgroups.CgroupHierarchy;
import io.hako.cgroups.CgroupLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a container on v1 is shown of its cgroup: the host's hierarchies, each at its own name. Pure. */
class V1HierarchiesTest {
    private static final String HYBRID = String.join("\n",
            "31 23 0:28 / /sys/fs/cgroup ro,nosuid,nodev,noexec - tmpfs tmpfs ro,mode=755",
            "32 31 0:29 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw",
            "33 31 0:30 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup "
                    + "rw,xattr,name=systemd",
            "34 31 0:31 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup "
                    + "rw,cpu,cpuacct",
            "35 31 0:32 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,memory",
            "");

    @Test
    void eachHierarchyOnceWithItsControllersCoMountedOnesWithTheirAliasesAndUnifiedOnAHybridHost() {
        var cgroup = new V1Cgroup("/pod/c1", CgroupLayout.parse(HYBRID), false, false);
        Path root = Path.of("/sys/fs/cgroup");
        assertEquals(List.of(
                new CgroupHierarchy("cpu,cpuacct", "cgroup", "cpu,cpuacct", root.resolve("cpu,cpuacct"),
                        List.of("cpu", "cpuacct")),
                new CgroupHierarchy("memory", "cgroup", "memory", root.resolve("memory"), List.of()),
                new CgroupHierarchy("systemd", "cgroup", "name=systemd", root.resolve("systemd"), List.of()),
                new CgroupHierarchy("unified", "cgroup2", "", root.resolve("unified"), List.of())),
                cgroup.hierarchies());
    }

    @Test
    void aLegacyHostHasNoUnifiedEntry() {
        String legacy = HYBRID.lines().filter(line -> !line.contains("cgroup2")).reduce("", (a, b) -> a + b + "\n");
        List<String> names = new V1Cgroup("/c1", CgroupLayout.parse(legacy), false, false).hierarchies().stream()
                .map(CgroupHierarchy::name).toList();
        assertEquals(List.of("cpu,cpuacct", "memory", "systemd"), names);
    }
}
