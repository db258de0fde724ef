package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state root that cannot take a container (issue 17, faults): read-only, or full. {@code create} fails in one
 * line that names the path and the kernel's reason, and leaves nothing: no container, no cgroup, no file.
 */
class StateRootFaultsTest {
    @TempDir
    Path dir;
    Path bundle;
    Path mountPoint;

    @BeforeEach
    void bundle() throws Exception {
        bundle = Hako.busyboxBundle(dir, "true");
        Path config = bundle.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"terminal\": true", "\"terminal\": false")
                .replaceFirst("\"sh\"\\s*\\]", "\"true\"]"));
        mountPoint = Files.createDirectory(dir.resolve("mnt"));
    }

    @AfterEach
    void unmount() throws Exception {
        if (mountPoint != null) {
            run("umount", mountPoint.toString());
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    private void nothingLeft(String root, String id) throws IOException {
        assertEquals("", Hako.run(dir, "--root", root, "list", "-q").out());
        assertTrue(Files.notExists(Path.of("/sys/fs/cgroup/pids", id)) && Files.notExists(Path.of("/sys/fs/cgroup",
                id)), "no cgroup of " + id);
        try (Stream<Path> left = Files.list(Path.of(root))) {
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().startsWith("@")).toList());
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing made at all
        }
    }

    @Test
    void aReadOnlyRootIsOneLineNamingIt() throws Exception {
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "ro", "tmpfs", mountPoint.toString()) == 0, "mount a tmpfs");
        String root = mountPoint.resolve("state").toString();

        var create = Hako.run(bundle, "--root", root, "create", "ro-root");

        assertEquals(1, create.status(), create::toString);
        assertEquals(List.of("create state directory in " + root + ": " + root + ": read-only file system"),
                create.errLines());
        nothingLeft(mountPoint.toString(), "ro-root");
    }

    @Test
    void aFullRootIsOneLineNamingTheFileAndLeavesNothing() throws Exception {
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint.toString()) == 0,
                "mount a tmpfs");
        // Filled to the last block, so that the state directory can be made but no file written in it.
        run("sh", "-c", "dd if=/dev/zero of=" + mountPoint.resolve("fill") + " bs=4k 2>/dev/null; true");
        String root = mountPoint.resolve("state").toString();

        var create = Hako.run(bundle, "--root", root, "create", "full-root");

        assertEquals(1, create.status(), create::toString);
        assertEquals(1, create.errLines().size(), create::toString);
        assertTrue(create.err().startsWith(root + "/full-root/"), create::toString);
        assertTrue(create.err().strip().endsWith(": no space left on device"), create::toString);
        nothingLeft(root, "full-root");
    }
}
