package io.hako.seccomp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs src/test/c/seccomp_run.c: loads a program in a child process and makes system calls under it. Built
 * with gcc on first use into target/; tests skip when there is no gcc.
 */
public final class SeccompRunner {
    /** The exit status of a process killed by SIGSYS, as {@link Process#exitValue()} reports it. */
    public static final int KILLED_BY_SIGSYS = 128 + 31;

    private static Path binary;
    private static String unavailable;

    private SeccompRunner() {}

    /** What the calls returned, in call order, and how the helper ended. */
    public record Outcome(int exitStatus, List<Call> calls, Integer listener, String stderr) {
        /** The one call of {@code name}. */
        public Call call(String name) {
            List<Call> named = calls.stream().filter(c -> c.name().equals(name)).toList();
            if (named.size() != 1) {
                throw new AssertionError("not one result for " + name + " (exit " + exitStatus + ", stderr: "
                        + stderr + ", results: " + calls + ")");
            }
            return named.getFirst();
        }
    }

    /** One call's raw result and errno (0 when it succeeded). */
    public record Call(String name, long result, int errno) {
        public boolean succeeded() {
            return errno == 0;
        }
    }

    /** Loads {@code program} and makes {@code calls}, each {@code name} or {@code name:arg0,arg1,...}. */
    public static Outcome run(SeccompProgram program, String... calls) throws IOException, InterruptedException {
        Path helper = helper();
        List<String> command = new ArrayList<>(List.of(helper.toString(), Integer.toString(program.flags())));
        command.addAll(List.of(calls));
        Process p = new ProcessBuilder(command).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(program.filter());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("seccomp_run did not end: " + command);
        }
        List<Call> results = new ArrayList<>();
        Integer listener = null;
        for (String line : out.lines().toList()) {
            String[] f = line.split(" ");
            if (f[0].equals("listener")) {
                listener = Integer.parseInt(f[1]);
            } else {
                results.add(new Call(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2])));
            }
        }
        if (p.exitValue() == 2 || p.exitValue() == 3) {
            throw new AssertionError("seccomp_run failed (" + p.exitValue() + "): " + err);
        }
        return new Outcome(p.exitValue(), results, listener, err);
    }

    private static synchronized Path helper() throws IOException, InterruptedException {
        if (binary == null && unavailable == null) {
            Path source = Path.of(System.getProperty("basedir", "."), "src/test/c/seccomp_run.c");
            Path target = Path.of(System.getProperty("basedir", "."), "target/seccomp_run");
            Files.createDirectories(target.getParent());
            try {
                Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", target.toString(),
                        source.toString()).redirectErrorStream(true).start();
                String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (gcc.waitFor() != 0) {
                    throw new AssertionError("gcc failed on " + source + ":\n" + output);
                }
                binary = target;
            } catch (IOException noGcc) {
                unavailable = "no gcc to build the seccomp test helper: " + noGcc.getMessage();
            }
        }
        assumeTrue(binary != null, unavailable);
        return binary;
    }
}
