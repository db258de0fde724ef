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
                new Call(1, List.of("--root", state.toString(), "delete", "--force", "x")),
                // A container directory a crashed create left behind: delete locks it (the first native call,
                // which links the system call handle every command after create uses) and removes it.
                new Call(0, List.of("--root", state.toString(), "delete", "stale")),
                new Call(1, List.of("--root", state.toString(), "create", "--bundle", bundle.toString(),
                        "--pid-file", scratch.resolve("pid").toString(), "x")),
                new Call(1, List.of("create")));

        int failures = 0;
        for (Call call : calls) {
            if (call.args().getFirst().equals("plan")) {
                // The default spec asks for a terminal, which the planner refuses for now: plan one without.
                Path config = bundle.resolve("config.json");
                Files.writeString(planned.resolve("config.json"),
                        Files.readString(config).replace("\"terminal\": true", "\"terminal\": false"));
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
        // Exit as Main does: System.exit loads the logging Runtime.exit uses, which belongs in the cache.
        System.exit(failures > 0 ? 1 : 0);
    }
}
