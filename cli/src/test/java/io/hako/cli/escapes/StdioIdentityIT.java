package io.hako.cli.escapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cli.sidebyside.BusyboxBundle;
import io.hako.cli.sidebyside.SideBySide;
import io.hako.oci.config.Root;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container's standard streams are the very descriptors its caller gave, in the init and in an exec'd process:
 * never reopened by a path the rootfs resolves, where an image could put anything. The identity (device and inode)
 * of each stream seen from inside is compared with the caller's {@code /dev/null}, output file and error file. The
 * one exception is the init's stream on the null device, which becomes the container's own null device, the node
 * checked to be one (1:3) and reopened through its descriptor, never by name.
 *
 * <p>runc 1.1.5 reopens by path: after {@code pivot_root} it opens the container's {@code /dev/null} and puts it in
 * place of every stream with the same device number. With a {@code /dev} of its own making that is only a null device
 * exchanged for another; with an image's {@code /dev} it is whatever the image has there (the second test).
 */
class StdioIdentityIT {
    private static final String SHOW_STREAMS = "stat -L -c %d:%i /proc/self/fd/0 /proc/self/fd/1 /proc/self/fd/2";

    @TempDir
    Path dir;
    private SideBySide sides;

    @BeforeEach
    void check() {
        sides = SideBySide.in(dir);
    }

    /**
     * The init's stdin on the caller's null device becomes the container's own null device (the node in its /dev),
     * as runc does, so that the init holds no file of a mount outside its namespace (CRIU could not dump it: podman's
     * checkpoint); its stdout and stderr, files, stay the caller's. An exec'd process keeps all three.
     */
    @Test
    void theInitAndAnExecdProcessHaveTheCallersDescriptors() throws Exception {
        Path bundle = BusyboxBundle.make(dir, SHOW_STREAMS + "; stat -c %d:%i /dev/null; stat -L -c %t:%T"
                + " /proc/self/fd/0; : stdio-identity-run", spec -> spec);
        List<String> run = withStdio(sides.hako(), bundle, "run", "run", "--bundle", bundle.toString(),
                "stdio-identity-run").lines().toList();
        List<String> callers = expected("run").lines().toList();
        assertEquals(callers.subList(1, 3), run.subList(1, 3), "stdout and stderr: the caller's files");
        assertEquals(run.get(3), run.get(0), "stdin: the container's /dev/null");
        assertNotEquals(callers.get(0), run.get(0), "stdin: not the caller's /dev/null");
        assertEquals("1:3", run.get(4), "the null device");
        SideBySide.assertNothingLeft(sides.hako(), bundle, "stdio-identity-run");

        Path sleeping = BusyboxBundle.make(dir, "sleep 600; : stdio-identity-exec", spec -> spec);
        withStdio(sides.hako(), sleeping, "create", "create", "--bundle", sleeping.toString(), "stdio-identity-exec");
        try {
            withStdio(sides.hako(), sleeping, "start", "start", "stdio-identity-exec");
            String exec = withStdio(sides.hako(), sleeping, "exec", "exec", "stdio-identity-exec", "sh", "-c",
                    SHOW_STREAMS);
            assertEquals(expected("exec"), exec);
        } finally {
            assertEquals(0, sides.hako().call(sleeping, "delete", "--force", "stdio-identity-exec").status());
        }
        SideBySide.assertNothingLeft(sides.hako(), sleeping, "stdio-identity-exec");
    }

    /**
     * An image that brings its own {@code /dev} with a regular file at {@code dev/null}: a runtime that reopened a
     * stream by that path would give the process the image's file. runc 1.1.5 does, for every stream that is a
     * regular file (it compares device numbers, and a regular file's is 0 as the image's file's is): the container's
     * stdout and stderr are written into the image's {@code dev/null}, and the caller's files stay empty.
     */
    @Test
    void anImagesOwnDevNullIsNeverWhatAStreamBecomes() throws Exception {
        String id = "stdio-identity-own";
        Path bundle = BusyboxBundle.make(dir, SHOW_STREAMS + "; cat; : " + id, StdioIdentityIT::imagesOwnDev);
        Path imagesNull = bundle.resolve("rootfs/dev/null");
        Files.writeString(imagesNull, "from the image\n");
        String out = withStdio(sides.hako(), bundle, "own", "run", "--bundle", bundle.toString(), id);
        assertEquals(expected("own"), out);
        assertEquals("from the image\n", Files.readString(imagesNull), "the image's file is not written");
        SideBySide.assertNothingLeft(sides.hako(), bundle, id);
    }

    /**
     * The same with the image's {@code dev/null} a symlink to a host procfs file. runc 1.1.5 follows it after
     * {@code pivot_root}, before the read-only paths are made, and gives the container's stdout the host's
     * {@code core_pattern}: what the container prints becomes the host's core handler (CVE-2025-31133's class). hako
     * does not open it at all.
     */
    @Test
    void anImagesDevNullLeadingToAProcfsFileIsNeverWhatAStreamBecomes() throws Exception {
        Path corePattern = Path.of("/proc/sys/kernel/core_pattern");
        String before = Files.readString(corePattern);
        String id = "stdio-identity-procfs";
        Path bundle = BusyboxBundle.make(dir, SHOW_STREAMS + "; : " + id, StdioIdentityIT::imagesOwnDev);
        Files.createSymbolicLink(bundle.resolve("rootfs/dev/null"), corePattern);
        String out = withStdio(sides.hako(), bundle, "procfs", "run", "--bundle", bundle.toString(), id);
        assertEquals(expected("procfs"), out);
        assertEquals(before, Files.readString(corePattern), "the host's core_pattern is not written");
        SideBySide.assertNothingLeft(sides.hako(), bundle, id);
    }

    /**
     * Without the tmpfs on /dev, and without masks (which need a null device) or read-only paths; a writable root,
     * which runc 1.1.5 cannot make read-only here (EBUSY).
     */
    private static Spec imagesOwnDev(Spec spec) {
        return spec.withRoot(new Root(spec.root().path(), false, null)).withMounts(spec.mounts().stream().filter(mount -> !mount.destination().startsWith("/dev"))
                .toList()).editLinux(linux -> linux.withMaskedPaths(List.of()).withReadonlyPaths(List.of()));
    }

    /** Device and inode of the caller's three streams for {@code name}'s call, as {@code stat -c %d:%i} prints. */
    private String expected(String name) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path stream : List.of(Path.of("/dev/null"), out(name), err(name))) {
            lines.add(Files.getAttribute(stream, "unix:dev") + ":" + Files.getAttribute(stream, "unix:ino"));
        }
        return String.join("\n", lines) + "\n";
    }

    private Path out(String name) {
        return dir.resolve(name + ".out");
    }

    private Path err(String name) {
        return dir.resolve(name + ".err");
    }

    /**
     * Runs {@code args} under {@code runtime} with stdin on the host's {@code /dev/null} and stdout and stderr in
     * files of their own; it must succeed. Its stdout.
     */
    private String withStdio(SideBySide.Runtime runtime, Path cwd, String name, String... args) throws Exception {
        List<String> argv = new ArrayList<>(runtime.command());
        argv.addAll(List.of("--root", runtime.stateRoot().toString()));
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out(name).toFile()).redirectError(err(name).toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", args) + " hung");
        String out = Files.readString(out(name));
        assertEquals(0, process.exitValue(), runtime.name() + " " + String.join(" ", args) + ": " + out
                + Files.readString(err(name)));
        return out;
    }
}
