package io.hako.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostMountsTest {
    private static final String MOUNTINFO = String.join("\n",
            "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
            "90 22 0:50 / /var/lib/c/rootfs rw shared:40 - overlay overlay rw",
            "91 90 0:51 / /var/lib/c/rootfs/proc rw - proc proc rw",
            "92 90 0:52 / /var/lib/c/rootfs/dev rw - tmpfs tmpfs rw",
            "93 92 0:53 / /var/lib/c/rootfs/dev/pts rw - devpts devpts rw",
            "94 22 0:54 / /var/lib/c/rootfs2 rw - tmpfs tmpfs rw",
            "95 90 0:55 / /var/lib/c/rootfs/my\\040dir rw - tmpfs tmpfs rw",
            "");

    @Test
    void onlyMountsAtOrBelowTheRootfsCountNotItsNamesakes() {
        var entries = HostMounts.under(MOUNTINFO, Path.of("/var/lib/c/rootfs"));
        assertEquals(List.of("/var/lib/c/rootfs", "/var/lib/c/rootfs/proc", "/var/lib/c/rootfs/dev",
                "/var/lib/c/rootfs/dev/pts", "/var/lib/c/rootfs/my dir"),
                entries.stream().map(HostMounts.Entry::mountPoint).toList());
    }

    @Test
    void whatWasMountedBeforeCreateIsNeverTheContainers() {
        var before = HostMounts.under(String.join("\n", MOUNTINFO.lines().limit(2).toList()),
                Path.of("/var/lib/c/rootfs"));
        var now = HostMounts.under(MOUNTINFO, Path.of("/var/lib/c/rootfs"));
        assertEquals(List.of("/var/lib/c/rootfs/proc", "/var/lib/c/rootfs/dev", "/var/lib/c/rootfs/dev/pts",
                "/var/lib/c/rootfs/my dir"), HostMounts.madeSince(HostMounts.ids(before), now));
    }

    @Test
    void octalEscapesAreDecoded() {
        assertEquals("a b\tc\\d", HostMounts.unescape("a\\040b\\011c\\134d"));
        assertEquals("trailing\\04", HostMounts.unescape("trailing\\04"));
    }
}
