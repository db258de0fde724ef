package io.hako.checkpoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.checkpoint.internal.RestoreMountPoints.MountPoint;
import io.hako.oci.DefaultSpec;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mount points a restore makes in a fresh root, as runc makes them; never outside the root. */
class RestoreMountPointsTest {
    @TempDir
    Path dir;

    private static Spec with(Mount... more) {
        Spec spec = DefaultSpec.create();
        List<Mount> mounts = new ArrayList<>(spec.mounts());
        mounts.addAll(List.of(more));
        return spec.withMounts(mounts);
    }

    private static Mount mount(String destination, String type, String source, String... options) {
        return new Mount(destination, type, source, List.of(options), null, null, null);
    }

    @Test
    void everyPointButThoseInsideATmpfsAndTheCgroupsInTheConfigurationsOrder() {
        Spec spec = with(mount("/run", "tmpfs", "tmpfs"), mount("/run/secrets", "bind", "/host/secrets", "rbind"),
                mount("/etc/hosts", "bind", "/host/hosts", "bind"), mount("/data/", "bind", "data", "bind"));
        List<MountPoint> points = RestoreMountPoints.of(spec, Path.of("/bundle"),
                source -> source.equals(Path.of("/host/hosts")));
        List<String> paths = points.stream().map(p -> p.path() + (p.directory() ? "/" : "")).toList();
        assertTrue(paths.contains("/run/"), "the tmpfs's own point: " + paths);
        assertFalse(paths.contains("/run/secrets/"), "inside a tmpfs: CRIU restores it with the tmpfs");
        assertTrue(paths.contains("/etc/hosts"), "a bound file's point is a file");
        assertTrue(paths.contains("/data/"), "a relative source is the bundle's; a directory");
        assertTrue(paths.contains("/proc/") && paths.contains("/dev/"), paths.toString());
        assertFalse(paths.contains("/dev/pts/") || paths.contains("/dev/mqueue/"), "inside the /dev tmpfs");
        assertFalse(paths.stream().anyMatch(p -> p.startsWith("/sys/fs/cgroup")), "a cgroup mount needs none");
        assertEquals(paths.indexOf("/run/") < paths.indexOf("/etc/hosts"), true, "the configuration's order");
    }

    @Test
    void missingPointsAreMadeAndWhatIsThereIsLeft() throws Exception {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs/etc"));
        rootfs = rootfs.getParent();
        Files.writeString(rootfs.resolve("etc/hosts"), "kept\n");
        RestoreMountPoints.make(rootfs, List.of(new MountPoint("/run", true), new MountPoint("/a/b/c", true),
                new MountPoint("/etc/hosts", false), new MountPoint("/etc/resolv.conf", false)));
        assertTrue(Files.isDirectory(rootfs.resolve("run")));
        assertTrue(Files.isDirectory(rootfs.resolve("a/b/c")));
        assertEquals("kept\n", Files.readString(rootfs.resolve("etc/hosts")));
        assertTrue(Files.isRegularFile(rootfs.resolve("etc/resolv.conf")));
    }

    /**
     * An image's symlink that leads out of the root is resolved inside it, where it leads nowhere: the point is
     * refused, naming it, and nothing is made on the host.
     */
    @Test
    void anImagesSymlinkNeverLeadsOutOfTheRoot() throws Exception {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(rootfs.resolve("run"), outside);
        Files.createSymbolicLink(rootfs.resolve("etc"), Path.of("../../outside"));
        for (MountPoint point : List.of(new MountPoint("/run/made", true), new MountPoint("/etc/hosts", false))) {
            CriuException refused = assertThrows(CriuException.class, () -> RestoreMountPoints.make(rootfs,
                    List.of(point)));
            assertTrue(refused.getMessage().startsWith("restore: mount point " + point.path() + " in " + rootfs),
                    refused.getMessage());
        }
        try (var stream = Files.list(outside)) {
            assertEquals(0, stream.count(), "nothing made outside the root");
        }
    }
}
