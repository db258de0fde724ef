package io.hako.examples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cgroups.CgroupDriver;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.Cgroups;
import io.hako.cgroups.testing.ServiceDeclarations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomRuntimeTest {
    @TempDir
    Path dir;

    @Test
    void theDriverOfItsOwnIsChosenForItsPriorityAndAnotherCanBeForced() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "containers need root");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static");
        String host;
        try {
            host = Cgroups.drivers().stream().filter(d -> !(d instanceof JournalingCgroupDriver))
                    .filter(d -> !d.isSystemd()).filter(d -> d.serves(layout())).map(CgroupDriver::name)
                    .findFirst().orElse(null);
        } catch (IllegalStateException e) {
            host = null;
        }
        assumeTrue(host != null, "no cgroupfs driver serves this host");
        Path bin = Files.createDirectories(dir.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "cat")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        for (String mountPoint : List.of("proc", "sys", "dev", "tmp")) {
            Files.createDirectories(dir.resolve("rootfs").resolve(mountPoint));
        }

        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = CustomRuntime.run(new String[] {dir.resolve("state").toString(), dir.resolve("rootfs").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals(0, status);
        String limit = String.valueOf(CustomRuntime.MEMORY_LIMIT);
        assertEquals(List.of(
                "cgroup drivers, by priority: journaling-cgroupfs (1000), cgroupfs-v2 (300), cgroupfs-v1 (200), "
                        + "systemd (100)",
                "chosen for this host: journaling-cgroupfs",
                "the container sees a memory limit of " + limit,
                "journal: cgroup for custom-1: /custom-1",
                "journal: create /custom-1",
                "journal: add a process to /custom-1",
                "journal: limit memory to " + limit + " bytes",
                "journal: signal 9 to every process of /custom-1",
                "journal: destroy /custom-1",
                "with " + host + " forced by name, the journal has 0 entries"),
                out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private static io.hako.cgroups.CgroupLayout layout() {
        try {
            return Cgroups.layout();
        } catch (CgroupException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void moduleInfoAndTheServicesFileDeclareTheDriverAlike() throws Exception {
        assertEquals(List.of(), ServiceDeclarations.differences(
                ServiceDeclarations.classesOf(JournalingCgroupDriver.class)));
    }
}
