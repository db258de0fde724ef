package io.hako.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupLayoutTest {
    /** This project's test host: v1 controllers (cpu and cpuacct apart), name=systemd, cgroup2 beside them. */
    static final String HYBRID = String.join("\n",
            "25 1 0:22 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755",
            "26 25 0:23 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu",
            "27 25 0:24 / /sys/fs/cgroup/cpuacct rw - cgroup cgroup rw,cpuacct",
            "28 25 0:25 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory",
            "29 25 0:26 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,release_agent=/x,name=systemd",
            "30 25 0:27 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw,nsdelegate",
            "31 25 0:28 / /sys/fs/cgroup/net_cls,net_prio rw - cgroup cgroup rw,net_cls,net_prio",
            "");

    @Test
    void aHybridHostHasV1ControllersAndCgroup2Beside() {
        CgroupLayout layout = CgroupLayout.parse(HYBRID);
        assertEquals(List.of("cpu", "cpuacct", "memory", "name=systemd", "net_cls", "net_prio"),
                List.copyOf(layout.v1().keySet()));
        assertEquals(Path.of("/sys/fs/cgroup/net_cls,net_prio"), layout.v1().get("net_prio"));
        assertEquals(Path.of("/sys/fs/cgroup/unified"), layout.unified());
        assertTrue(layout.hasV1());
        assertFalse(layout.isUnified());
    }

    @Test
    void aUnifiedHostHasOnlyCgroup2() {
        CgroupLayout layout = CgroupLayout.parse("30 1 0:27 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n");
        assertTrue(layout.isUnified());
        assertFalse(layout.hasV1());
        CgroupLayout none = CgroupLayout.parse("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
        assertFalse(none.isUnified() || none.hasV1());
        assertNull(none.unified());
    }
}
