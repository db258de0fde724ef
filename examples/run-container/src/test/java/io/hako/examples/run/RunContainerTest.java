package io.hako.examples.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunContainerTest {
    @TempDir
    Path dir;

    record Output(int status, List<String> out, String err) {}

    private static Output run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
                var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = RunContainer.run(args, o, e);
        }
        return new Output(status, out.toString(StandardCharsets.UTF_8).lines().toList(),
                err.toString(StandardCharsets.UTF_8));
    }

    /** A root filesystem of the host's static busybox and its shell. */
    private Path busybox() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "containers need root");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static");
        Path bin = Files.createDirectories(dir.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "hostname")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        for (String mountPoint : List.of("proc", "sys", "dev", "tmp")) {
            Files.createDirectories(dir.resolve("rootfs").resolve(mountPoint));
        }
        return dir.resolve("rootfs");
    }

    @Test
    void readsTheContainersOutputAndStatus() throws Exception {
        Path rootfs = busybox();
        Path root = dir.resolve("state");

        Output output = run(root.toString(), rootfs.toString(), "sh", "-c",
                "echo \"$GREETING in $(hostname)\"; echo oops >&2; exit 3");

        assertEquals(3, output.status(), output.toString());
        assertEquals("", output.err());
        assertTrue(output.out().get(0).matches("started [0-9a-f]{32}, init pid \\d+"), output.out().get(0));
        assertEquals(List.of("stdout: hello from Java in example", "stderr: oops", "exit status: 3"),
                output.out().subList(1, output.out().size()));
        try (var left = Files.list(root)) {
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().startsWith("@")).toList(),
                    "the container is deleted");
        }
    }

    @Test
    void aRootfsThatIsNotThereIsOneLineAndNothingLeft() throws Exception {
        busybox();
        Path root = dir.resolve("state");

        Output output = run(root.toString(), dir.resolve("nowhere").toString(), "true");

        assertEquals(1, output.status());
        assertEquals(1, output.err().lines().count(), output.err());
        assertTrue(output.err().startsWith("RunContainer: "), output.err());
        assertTrue(output.err().contains(dir.resolve("nowhere").toString()), output.err());
        try (var left = Files.list(root)) {
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().startsWith("@")).toList());
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing made at all
        }
    }
}
