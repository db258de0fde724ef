package io.hako.cli.command;

import io.hako.cli.Invocation;
import io.hako.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run for the AOT cache ({@code bin/hako-aot-train}): representative calls in one JVM, so that
 * the classes and linkage they use are in the cache every later call maps. It also checks each call's status,
 * so a build whose launcher does not work fails here.
 *
 * <p>Usage: {@code Training SCRATCH-DIR} (an empty directory it may write to).
 */
final class Training {
    private Training() {}

    private record Call(int expectedStatus, List<String> args) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Training SCRATCH-DIR");
            System.exit(2);
        }
        Path scratch = Path.of(args[0]).toAbsolutePath();
        Path bundle = Files.createDirectories(scratch.resolve("bundle"));
        Files.createDirectories(bundle.resolve("rootfs"));
        Path rootless = Files.createDirectories(scratch.resolve("rootless"));
        Path state = Files.createDirectories(scratch.resolve("state"));
        Files.createDirectories(state.resolve("stale"));
        Path planned = Files.createDirectories(scratch.resolve("planned"));
        Files.createDirectories(planned.resolve("rootfs"));
        String log = scratch.resolve("log.json").toString();

        List<Call> calls = List.of(
                new Call(0, List.of("--version")),
                new Call(0, List.of("--help")),
                new Call(0, List.of("create", "--help")),
                new Call(0, List.of("spec", "--bundle", bundle.toString())),
                new Call(0, List.of("spec", "--rootless", "-b", rootless.toString())),
                new Call(1, List.of("spec", "--bundle", bundle.toString())),
                new Call(0, List.of("features")),
                new Call(0, List.of("validate", "--bundle", bundle.toString())),
                // create's path as far as it goes without making a container: read, validate, plan.
                new Call(0, List.of("plan", "--bundle", planned.toString())),
                new Call(1, List.of("validate", "--bundle", rootless.toString())),
                // The calls engines make most, failing as they do without a container: with a JSON log.
                new Call(1, List.of("--root", state.toString(), "--log", log, "--log-format", "json",
                        "state", "x")),
                new Call(1, List.of("--root", state.toString(), "--log", log, "--log-format", "json",
                        "kill", "--all", "x", "9")),
                new Call(0, List.of("--root", state.toString(), "delete", "--force", "x")),
                new Call(1, List.of("--root", state.toString(), "delete", "x")),
                // A container directory a crashed create left behind: delete locks it (the first native call,
                // which links the system call handle every command after create uses) and removes it.
                new Call(0, List.of("--root", state.toString(), "delete", "stale")),
                new Call(1, List.of("--root", state.toString(), "create", "--bundle", bundle.toString(),
                        "--pid-file", scratch.resolve("pid").toString(), "x")),
                new Call(1, List.of("create")));

        int failures = run(calls, bundle, planned, scratch);
        // The lifecycle commands on a real container, when this build can make one: their classes and
        // linkage are then in the cache too. Best effort: a host where containers cannot run still gets a cache.
        if (ProcessHandle.current().info().user().orElse("").equals("root")
                && Files.isExecutable(Path.of("/bin/busybox"))) {
            trainLifecycle(scratch);
        }
        System.exit(failures > 0 ? 1 : 0);
    }

    private static void trainLifecycle(Path scratch) throws IOException {
        Path bundle = Files.createDirectories(scratch.resolve("container"));
        Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "sleep", "true")) { // exec runs "true"
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        String root = scratch.resolve("containers").toString();
        String bundleDir = bundle.toString();
        String pidFile = scratch.resolve("container.pid").toString();
        int failures = hako(scratch, 0, "spec", "--bundle", bundleDir);
        Path config = bundle.resolve("config.json");
        // With a seccomp filter: the first create compiles it, the later ones read it from the cache.
        String spec = Files.readString(config).replace("\"terminal\": true", "\"terminal\": false")
                .replaceFirst("\"linux\": \\{", "\"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\","
                        + " \"syscalls\": [{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_ERRNO\"}]},");
        Files.writeString(config, spec.replaceFirst("\"sh\"\\s*]", "\"sleep\", \"10\"]"));
        failures += hako(scratch, 0, "--root", root, "create", "--bundle", bundleDir, "--pid-file", pidFile, "t")
                + hako(scratch, 0, "--root", root, "state", "t")
                + hako(scratch, 0, "--root", root, "list")
                + hako(scratch, 0, "--root", root, "list", "--format", "json")
                + hako(scratch, 0, "--root", root, "start", "t")
                + hako(scratch, 0, "--root", root, "exec", "t", "true")
                + hako(scratch, 0, "--root", root, "pause", "t")
                + hako(scratch, 0, "--root", root, "ps", "--format", "json", "t")
                + hako(scratch, 0, "--root", root, "events", "--stats", "t")
                + hako(scratch, 0, "--root", root, "resume", "t")
                + hako(scratch, 0, "--root", root, "kill", "--all", "t", "USR2")
                + hako(scratch, 0, "--root", root, "kill", "t", "TERM")
                + hako(scratch, 0, "--root", root, "kill", "t", "USR1")
                + hako(scratch, 0, "--root", root, "delete", "--force", "t")
                + hako(scratch, 0, "--root", root, "create", "--bundle", bundleDir, "t")
                + hako(scratch, 0, "--root", root, "kill", "t", "KILL")
                + hako(scratch, 0, "--root", root, "delete", "t");
        Files.writeString(config, spec.replaceFirst("\"sh\"\\s*]", "\"true\"]"));
        failures += hako(scratch, 0, "--root", root, "run", "--bundle", bundleDir, "r");
        if (failures > 0) {
            System.err.println("training: the container lifecycle did not run here; the cache lacks some of it");
        }
        for (String id : List.of("t", "r")) {
            hako(scratch, -1, "--root", root, "delete", "--force", id);
        }
    }

    /** One call as Main makes it; returns 1 when its status is not {@code expected} (any, when negative). */
    private static int hako(Path scratch, int expected, String... args) {
        var err = new ByteArrayOutputStream();
        int status = Main.run(new Invocation(List.of(args), scratch, System.getenv(),
                new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), err));
        if (expected >= 0 && status != expected) {
            System.err.println("training: hako " + String.join(" ", args) + ": status " + status + ", expected "
                    + expected + "\n" + err.toString(StandardCharsets.UTF_8));
            return 1;
        }
        return 0;
    }

    /** Runs the calls in this JVM as Main would; returns how many ended with another status than expected. */
    private static int run(List<Call> calls, Path bundle, Path planned, Path scratch) throws IOException {
        int failures = 0;
        for (Call call : calls) {
            if (call.args().getFirst().equals("plan")) {
                // The default spec asks for a terminal, which the planner refuses for now: plan one without.
                Path config = bundle.resolve("config.json");
                // With a seccomp filter, so that compiling one (libseccomp through FFM) is in the cache too.
                Files.writeString(planned.resolve("config.json"), Files.readString(config)
                        .replace("\"terminal\": true", "\"terminal\": false")
                        .replaceFirst("\"linux\": \\{", "\"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\","
                                + " \"syscalls\": [{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_ERRNO\"}]},"));
            }
            var out = new ByteArrayOutputStream();
            var err = new ByteArrayOutputStream();
            // Main's path, environment included, so that what it loads is in the cache too.
            int status = Main.run(new Invocation(call.args(), scratch, System.getenv(),
                    new ByteArrayInputStream(new byte[0]), out, err));
            if (status != call.expectedStatus()) {
                failures++;
                System.err.println("training: hako " + String.join(" ", call.args()) + ": status " + status
                        + ", expected " + call.expectedStatus() + "\n" + err.toString(StandardCharsets.UTF_8));
            }
        }
        return failures;
    }
}
