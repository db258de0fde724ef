package io.hako.container;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.oci.DefaultSpec;
import io.hako.oci.OciJson;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Root;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Test bundles: a busybox root filesystem and a config made from {@code hako spec}'s default; and what every test
 * that runs them needs before and after.
 */
final class Bundles {
    private Bundles() {}

    /** Skips the test where containers cannot run: not root, or no busybox-static to fill their root. */
    static void assumeContainersCanRun() {
        assumeTrue("root".equals(System.getProperty("user.name")), "containers need root");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static");
    }

    /** Deletes, forcibly, every container a test left in {@code containers} (null when the test was skipped). */
    static void deleteAll(Containers containers) throws ContainerException {
        if (containers != null) {
            for (ContainerInfo info : containers.list()) {
                containers.delete(info.id(), true);
            }
        }
    }

    /**
     * A bundle in {@code dir} whose process runs {@code sh -c script}, with {@code dir/out} bound at {@code /out}
     * for the container to leave its results.
     */
    static Path busybox(Path dir, String script, UnaryOperator<Spec> edit) throws IOException {
        Path bundle = rootfs(dir);
        Spec spec = edit.apply(spec(dir, "rootfs", script));
        Files.write(bundle.resolve("config.json"), OciJson.write(spec, true));
        return bundle;
    }

    /**
     * What {@link #busybox} writes, in memory: its {@code root.path} is the absolute path of a busybox root
     * filesystem made in {@code dir}.
     */
    static Spec busyboxSpec(Path dir, String script) throws IOException {
        return spec(dir, rootfs(dir).resolve("rootfs").toString(), script);
    }

    /** A new directory in {@code dir} with a busybox root filesystem in it, {@code rootfs}. */
    static Path rootfs(Path dir) throws IOException {
        // Readable by all, as bundles are: a user namespace's root is an ordinary user on the host.
        Path bundle = Files.createTempDirectory(dir, "bundle",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "echo", "cat", "ls", "sleep", "hostname", "id", "true", "readlink",
                "stat", "wc", "touch", "grep", "df", "mkdir", "cut", "head", "tr")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        // Mount points made in advance, as image layers have them: a user namespace's root cannot make them.
        for (String mountPoint : List.of("proc", "sys", "dev", "tmp", "out")) {
            Files.createDirectories(bundle.resolve("rootfs").resolve(mountPoint));
        }
        return bundle;
    }

    /** {@code hako spec}'s default running {@code sh -c script} in {@code root}, with {@code dir/out} at /out. */
    private static Spec spec(Path dir, String root, String script) throws IOException {
        Files.createDirectories(dir.resolve("out"));
        Files.setPosixFilePermissions(dir.resolve("out"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Spec spec = DefaultSpec.create()
                .plusMount(new Mount("/out", "bind", dir.resolve("out").toString(), List.of("rbind", "rw"), null,
                        null, null))
                .editProcess(p -> p.withTerminal(false).withArgs("sh", "-c", script));
        return spec.withRoot(new Root(root, spec.root().readonly(), null));
    }
}
