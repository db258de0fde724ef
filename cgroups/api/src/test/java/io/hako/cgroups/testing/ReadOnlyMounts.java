package io.hako.cgroups.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Directories whose writes fail with EROFS, a permission error in runc's sense (as a cgroupfs the caller may not
 * write refuses with EACCES): each a read-only bind mount of itself, unmounted by {@link #unmountAll()}. The
 * rootless cgroup tests of the v1 and v2 drivers share it.
 */
public final class ReadOnlyMounts {
    private final List<Path> mounted = new ArrayList<>();

    /** Makes {@code path} (and its parents) and bind-mounts it read-only on itself; skips the test without root. */
    public Path make(Path path) throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "a read-only bind mount needs root");
        Files.createDirectories(path);
        run("mount", "--bind", path.toString(), path.toString());
        mounted.add(path);
        run("mount", "-o", "remount,bind,ro", path.toString());
        return path;
    }

    /** Unmounts every directory {@link #make} mounted. */
    public void unmountAll() throws IOException, InterruptedException {
        for (Path path : mounted) {
            run("umount", path.toString());
        }
        mounted.clear();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }
}
