package io.hako.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.hako.oci.config.Mount;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tmpcopyup keeps what runc's copy loses: extended attributes and times (crun keeps the attributes too). The
 * side-by-side test (the cli's MountsIT) compares files, owners and modes with runc; this one looks at the copy
 * from the host, through the created container's root.
 */
class TmpCopyUpTest {
    @TempDir
    Path dir;
    Containers containers;

    @BeforeEach
    void open() {
        Bundles.assumeContainersCanRun();
        containers = Containers.open(dir.resolve("state"));
    }

    @AfterEach
    void deleteEverything() throws Exception {
        Bundles.deleteAll(containers);
    }

    @Test
    void theCopyKeepsExtendedAttributesAndModificationTimes() throws Exception {
        Path bundle = Bundles.busybox(dir, "true", spec -> {
            List<Mount> mounts = new ArrayList<>(spec.mounts());
            mounts.add(new Mount("/data", "tmpfs", "tmpfs", List.of("tmpcopyup", "size=1m"), null, null, null));
            return spec.withMounts(mounts);
        });
        Path image = Files.createDirectories(bundle.resolve("rootfs/data/sub"));
        Path file = Files.writeString(image.resolve("file"), "copied\n");
        UserDefinedFileAttributeView attributes = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        attributes.write("hako.test", StandardCharsets.UTF_8.encode("kept"));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));

        ContainerInfo info = containers.create("copyup", bundle, CreateOptions.DEFAULTS);
        // The created init's view: its mount namespace, reached through /proc.
        Path copy = Path.of("/proc", String.valueOf(info.pid()), "root/data/sub/file");
        assertNotEquals(Files.getAttribute(file, "unix:dev"), Files.getAttribute(copy, "unix:dev"), "a copy, in the tmpfs");
        assertEquals("copied\n", Files.readString(copy));
        UserDefinedFileAttributeView copied = Files.getFileAttributeView(copy, UserDefinedFileAttributeView.class);
        ByteBuffer value = ByteBuffer.allocate(16);
        copied.read("hako.test", value);
        assertEquals("kept", StandardCharsets.UTF_8.decode(value.flip()).toString());
        assertEquals(1_000_000_000_000L, Files.getLastModifiedTime(copy).toMillis());
    }
}
