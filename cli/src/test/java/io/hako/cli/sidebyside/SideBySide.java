package io.hako.cli.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * runc and hako side by side: the same bundle and the same command line under each, and what a user sees
 * compared (exit status, the container's output, what is left on the host). hako is its packaged launcher, called
 * as engines call it; so these tests are integration tests (failsafe, after {@code package}).
 *
 * <p>A test makes a {@link SideBySide} in its temporary directory, a bundle with {@link BusyboxBundle}, and calls
 * {@link #run} (or {@link Runtime#call} for any command line). Each runtime has its own state root there.
 */
public final class SideBySide {
    private static final Path RUNC = Path.of("/usr/sbin/runc");
    private static final long TIMEOUT_SECONDS = 60;

    private final Runtime runc;
    private final Runtime hako;

    /** What one call of a runtime returned and printed. */
    public record Result(String runtime, int status, String out, String err) {
        @Override
        public String toString() {
            return runtime + ": status " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** One runtime's command line: its executable and state root, ready for a command. */
    public record Runtime(String name, List<String> command, Path stateRoot) {
        /** Runs {@code args} after the global options, with {@code stdin} as input; waits for the end. */
        public Result callWithInput(Path cwd, String stdin, String... args) {
            List<String> argv = new ArrayList<>(List.of("--root", stateRoot.toString()));
            argv.addAll(List.of(args));
            return execute(cwd, stdin, argv);
        }

        public Result call(Path cwd, String... args) {
            return callWithInput(cwd, "", args);
        }

        /** Runs {@code args} right after the command, without the state root. */
        public Result callRaw(Path cwd, String... args) {
            return execute(cwd, "", List.of(args));
        }

        /**
         * Runs the runtime with its output in files, not pipes: a detached container keeps its stdio, and the call
         * ends when the runtime exits, not when every holder of the output has closed it.
         */
        private Result execute(Path cwd, String stdin, List<String> args) {
            List<String> argv = new ArrayList<>(command);
            argv.addAll(args);
            try {
                Path out = Files.createTempFile(stateRoot.getParent(), name, ".out");
                Path err = Files.createTempFile(stateRoot.getParent(), name, ".err");
                Process process = new ProcessBuilder(argv).directory(cwd.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                try (var input = process.getOutputStream()) {
                    input.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail(String.join(" ", argv) + " did not finish within " + TIMEOUT_SECONDS + " s");
                }
                Result result = new Result(name, process.exitValue(), Files.readString(out), Files.readString(err));
                Files.delete(out);
                Files.delete(err);
                return result;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

    }

    /** Both results of one command line. */
    public record Pair(Result runc, Result hako) {
        /** Asserts that both exited alike and printed the same on stdout; returns that output. */
        public String sameOutput() {
            assertEquals(runc.status(), hako.status(), "exit status differs:\n" + this);
            assertEquals(runc.out(), hako.out(), "stdout differs:\n" + this);
            return hako.out();
        }

        /** Asserts that both succeeded with the same stdout; returns it. */
        public String bothSucceedAlike() {
            assertEquals(0, runc.status(), "runc failed:\n" + runc);
            return sameOutput();
        }

        @Override
        public String toString() {
            return runc + "\n" + hako;
        }
    }

    private SideBySide(Runtime runc, Runtime hako) {
        this.runc = runc;
        this.hako = hako;
    }

    /**
     * The two runtimes with state roots under {@code dir}. Skips where they cannot run here: not root, no runc, no
     * packaged launcher, no busybox-static.
     */
    public static SideBySide in(Path dir) {
        assumeTrue("root".equals(System.getProperty("user.name")), "containers need root");
        assumeTrue(Files.isExecutable(RUNC), "needs runc to compare with (apt-get install runc)");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static");
        Path launcher = Path.of(System.getProperty("hako.repo", ".")).resolve("cli/target/hako/bin/hako");
        assumeTrue(Files.isExecutable(launcher), "needs the packaged launcher at " + launcher);
        return new SideBySide(new Runtime("runc", List.of(RUNC.toString()), dir.resolve("runc-state")),
                new Runtime("hako", ResidentHako.command(launcher), dir.resolve("hako-state")));
    }

    public Runtime runc() {
        return runc;
    }

    public Runtime hako() {
        return hako;
    }

    /** The same command line under both runtimes, runc first. */
    public Pair call(Path cwd, String... args) {
        return new Pair(runc.call(cwd, args), hako.call(cwd, args));
    }

    /**
     * {@code run --bundle B ID} in the foreground under each runtime in turn (ids {@code ID-runc} and
     * {@code ID-hako}), then checks that neither left anything of its container on the host.
     */
    public Pair run(Path bundle, String id) {
        Result byRunc = runc.call(bundle, "run", "--bundle", bundle.toString(), id + "-runc");
        assertNothingLeft(runc, bundle, id + "-runc");
        Result byHako = hako.call(bundle, "run", "--bundle", bundle.toString(), id + "-hako");
        assertNothingLeft(hako, bundle, id + "-hako");
        return new Pair(byRunc, byHako);
    }

    /** Fails when a runtime left state, a mount, a cgroup or a process of container {@code id} on the host. */
    public static void assertNothingLeft(Runtime runtime, Path bundle, String id) {
        List<String> left = new ArrayList<>();
        if (Files.exists(runtime.stateRoot().resolve(id))) {
            left.add("state " + runtime.stateRoot().resolve(id));
        }
        try {
            String root = bundle.toRealPath().toString();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && fields[4].startsWith(root)) {
                    left.add("mount " + fields[4]);
                }
            }
            try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
                for (Path hierarchy : hierarchies.toList()) {
                    try (Stream<Path> found = Files.find(hierarchy, 4, (path, attributes) -> attributes.isDirectory()
                            && path.getFileName().toString().contains(id))) {
                        found.forEach(path -> left.add("cgroup " + path));
                    } catch (UncheckedIOException | IOException e) {
                        // a cgroup removed while it was listed is gone, which is what is checked
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessHandle.allProcesses().filter(process -> process.info().arguments()
                .map(arguments -> String.join(" ", arguments).contains(id)).orElse(false))
                .forEach(process -> left.add("process " + process.pid() + " " + process.info().commandLine()
                        .orElse("")));
        if (!left.isEmpty()) {
            fail(runtime.name() + " left container " + id + " behind: " + left);
        }
    }
}
