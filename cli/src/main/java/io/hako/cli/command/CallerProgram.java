package io.hako.cli.command;

import io.hako.cli.Invocation;
import io.hako.container.ProcessLauncher;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A program a command runs for its output (ps's table): started by the invocation's launcher, so that it is the
 * caller's child with the caller's environment and standard input whether hako runs cold or in a resident hako;
 * its standard output and error are captured together.
 */
final class CallerProgram {
    /** Where a program is looked for when the caller has no {@code PATH} (what the JDK's process builder uses). */
    private static final String DEFAULT_PATH = "/bin:/usr/bin";

    private CallerProgram() {}

    record Result(int status, String output) {}

    static Result run(Invocation invocation, List<String> argv) throws CommandError {
        String name = argv.getFirst();
        String path = find(name, invocation.environment().getOrDefault("PATH", DEFAULT_PATH))
                .orElseThrow(() -> CommandError.failed("exec: \"" + name + "\": executable file not found in $PATH"));
        ProcessLauncher launcher = invocation.launcher();
        try {
            Fd[] pipe = Sys.pipe();
            try (Fd read = pipe[0]) {
                ProcessLauncher.Launched launched;
                try (Fd write = pipe[1]) {
                    launched = launcher.launch(new ProcessLauncher.Launch(null, path, argv,
                            launcher.callerEnvironment(), Map.of(1, write, 2, write)));
                }
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                byte[] buffer = new byte[16384];
                for (int n; (n = Sys.read(read, buffer)) > 0;) {
                    output.write(buffer, 0, n);
                }
                return new Result(launched.waitExit().status(), output.toString(StandardCharsets.UTF_8));
            }
        } catch (SysException e) {
            throw CommandError.failed(name + ": " + e.getMessage());
        }
    }

    /** {@code name} looked up as execvp does: a name with a slash as it is, else the first executable in PATH. */
    static Optional<String> find(String name, String searchPath) {
        if (name.contains("/")) {
            return Optional.of(name);
        }
        return Arrays.stream(searchPath.split(":", -1))
                .map(directory -> Path.of(directory.isEmpty() ? "." : directory, name))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .map(Path::toString).findFirst();
    }
}
