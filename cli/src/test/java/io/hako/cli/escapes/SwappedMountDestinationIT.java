package io.hako.cli.escapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hako.cli.sidebyside.BusyboxBundle;
import io.hako.cli.sidebyside.SideBySide;
import io.hako.cli.sidebyside.TestPrograms;
import io.hako.oci.config.Hook;
import io.hako.oci.config.Hooks;
import io.hako.oci.config.Mount;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CVE-2021-30465: a mount's destination swapped with a symlink while the runtime creates the container. A process on
 * the host exchanges the rootfs's directory {@code vol/dir} with {@code vol/link}, a symlink to an absolute path that
 * names a directory of the host (and, inside the rootfs, a directory of the rootfs), again and again, while the
 * container is run many times with a tmpfs at {@code /vol/dir}. A createRuntime hook copies the container's mount
 * table after its mounts are made and before pivot_root, when a mount outside the rootfs would still show: the tmpfs
 * must be inside the rootfs every time, on the directory or on the rootfs's own copy of the symlink's target (which
 * shows that the race was won at least once). hako resolves destinations with openat2 RESOLVE_IN_ROOT and mounts on
 * the descriptor it opened; runc 1.1.5 (fixed in 1.0.0-rc95) passes the same test.
 */
class SwappedMountDestinationIT {
    private static final int RUNS = 25;
    private static final String PROBE = "swap-probe";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"hako", "runc"})
    void aDestinationSwappedWithASymlinkDuringCreateIsMountedInsideTheRootfs(String name) throws Exception {
        SideBySide sides = SideBySide.in(dir);
        SideBySide.Runtime runtime = name.equals("hako") ? sides.hako() : sides.runc();
        Path hostTarget = Files.createDirectories(dir.resolve("host-target"));
        Path tables = Files.createDirectories(dir.resolve("mountinfo"));
        Path hook = hook(tables);
        Path bundle = BusyboxBundle.make(dir, "true", spec -> spec
                .plusMount(new Mount("/vol/dir", "tmpfs", PROBE, List.of("size=64k"), null, null, null))
                .withHooks(new Hooks(null, List.of(new Hook(hook.toString(), List.of(hook.toString()), null, null,
                        null)), null, null, null, null, null)));
        Path rootfs = bundle.resolve("rootfs").toRealPath();
        Files.createDirectories(rootfs.resolve("vol/dir"));
        Files.createSymbolicLink(rootfs.resolve("vol/link"), hostTarget);
        Files.createDirectories(rootfs.resolve(hostTarget.toString().substring(1))); // the target inside the rootfs

        Process swapper = new ProcessBuilder(TestPrograms.build("swap_paths", false).toString(),
                rootfs.resolve("vol/dir").toString(), rootfs.resolve("vol/link").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            var started = new BufferedReader(new InputStreamReader(swapper.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("swapping", started.readLine(), "the swapper started");
            for (int run = 0; run < RUNS; run++) {
                String id = "swap-" + name + "-" + run;
                runtime.call(bundle, "run", "--bundle", bundle.toString(), id); // may fail: the race is the runtime's
                SideBySide.assertNothingLeft(runtime, bundle, id);
            }
            assertTrue(swapper.isAlive(), "the swapper swapped throughout");
        } finally {
            swapper.destroyForcibly().waitFor();
        }

        List<String> inside = new ArrayList<>();
        try (var files = Files.list(tables)) {
            for (Path table : files.toList()) {
                for (String line : Files.readAllLines(table)) {
                    String[] fields = line.split(" ");
                    int dash = List.of(fields).indexOf("-");
                    if (dash < 0 || !fields[dash + 1].equals("tmpfs") || !fields[dash + 2].equals(PROBE)) {
                        continue;
                    }
                    String mountPoint = fields[4];
                    if (!mountPoint.startsWith(rootfs + "/")) {
                        fail(name + " mounted the swapped destination outside the rootfs, at " + mountPoint
                                + " (" + table.getFileName() + ")");
                    }
                    inside.add(mountPoint.substring(rootfs.toString().length()));
                }
            }
        }
        // A run may fail where the swap makes the destination vanish between two looks (runc often does): what is
        // tested is where the runs that mounted it put it.
        assertTrue(!inside.isEmpty(), name + ": no run got as far as its mounts");
        assertTrue(inside.contains(hostTarget.toString()),
                name + ": never mounted through the symlink (the race was never won), so nothing was tested: " + inside);
    }

    /** A createRuntime hook that copies the container's mount table, named for the container. */
    private Path hook(Path tables) throws IOException {
        Path hook = dir.resolve("copy-mountinfo");
        Files.writeString(hook, """
                #!/bin/sh
                state=$(cat)
                pid=$(echo "$state" | sed -n 's/.*"pid": *\\([0-9][0-9]*\\).*/\\1/p')
                id=$(echo "$state" | sed -n 's/.*"id": *"\\([^"]*\\)".*/\\1/p')
                cat /proc/$pid/mountinfo > %s/$id
                """.formatted(tables));
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        return hook;
    }
}
