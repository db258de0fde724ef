package io.hako.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the whole command line in-process, the way the launcher does, and keeps what it printed. */
public final class Hako {
    private Hako() {}

    /** What one call returned and printed. */
    public record Result(int status, String out, String err) {
        /** stderr's lines, without the empty one after the last newline. */
        public List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }

        @Override
        public String toString() {
            return "status " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static Result run(Path cwd, String... args) {
        return runWithInput(cwd, "", args);
    }

    /**
     * A bundle in {@code dir}/bundle: a busybox root with {@code applets}, and {@code hako spec}'s config. Skips
     * the test where containers cannot run (not root, no busybox-static).
     */
    public static Path busyboxBundle(Path dir, String... applets) throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "containers need root");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static");
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : applets) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Result spec = run(bundle, "spec");
        if (spec.status() != 0) {
            throw new IOException("hako spec failed: " + spec);
        }
        return bundle;
    }

    /** Deletes, forcibly, every container under {@code root}, and checks that none is left. */
    public static void deleteAll(Path cwd, String root) {
        for (String id : run(cwd, "--root", root, "list", "-q").out().lines().toList()) {
            run(cwd, "--root", root, "delete", "--force", id);
        }
        String left = run(cwd, "--root", root, "list", "-q").out();
        if (!left.isEmpty()) {
            throw new AssertionError("containers left after delete --force: " + left);
        }
    }

    public static Result runWithInput(Path cwd, String stdin, String... args) {
        return run(cwd, Map.of(), stdin, args);
    }

    /** A call with {@code environment} besides {@code PATH}. */
    public static Result runWithEnvironment(Path cwd, Map<String, String> environment, String... args) {
        return run(cwd, environment, "", args);
    }

    private static Result run(Path cwd, Map<String, String> environment, String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("PATH", "/usr/bin:/bin");
        int status = Main.run(new Invocation(List.of(args), cwd, Map.copyOf(env),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
