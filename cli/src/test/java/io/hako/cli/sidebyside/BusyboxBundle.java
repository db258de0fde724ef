package io.hako.cli.sidebyside;

import io.hako.oci.DefaultSpec;
import io.hako.oci.OciJson;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A bundle for side-by-side runs: the host's static busybox with a link for every applet it has, the usual mount
 * points, and {@code hako spec}'s default config without a terminal, running {@code sh -c SCRIPT}.
 */
public final class BusyboxBundle {
    private static List<String> applets;

    private BusyboxBundle() {}

    /** A bundle in a new directory under {@code dir}; {@code edit} changes its config. */
    public static Path make(Path dir, String script, UnaryOperator<Spec> edit) throws IOException {
        // Readable by all, as bundles are: a user namespace's root is an ordinary user on the host.
        Path bundle = Files.createTempDirectory(dir, "bundle",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path rootfs = bundle.resolve("rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : applets()) {
            if (!applet.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
        }
        for (String mountPoint : List.of("proc", "sys", "dev", "tmp", "etc", "root")) {
            Files.createDirectories(rootfs.resolve(mountPoint));
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n"
                + "daemon:x:1:1:daemon:/usr/sbin:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\ntty:x:5:\nnogroup:x:65534:\n");
        Spec spec = DefaultSpec.create().editProcess(p -> p.withTerminal(false).withArgs("sh", "-c", script));
        Files.write(bundle.resolve("config.json"), OciJson.write(edit.apply(spec), true));
        return bundle;
    }

    private static synchronized List<String> applets() throws IOException {
        if (applets == null) {
            Process list = new ProcessBuilder("/bin/busybox", "--list").start();
            applets = List.of(new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
        return applets;
    }
}
