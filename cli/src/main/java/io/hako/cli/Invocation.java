package io.hako.cli;

import io.hako.container.ProcessLauncher;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One call of the command line: everything a command may look at or write to. Commands read the working
 * directory and the environment from here, never from the JVM ({@code user.dir}, {@link System#getenv}), so
 * that a test, an embedding program or a warm launcher can run many invocations in one process.
 *
 * @param args the arguments after the program name, as {@code main} receives them
 * @param workingDirectory the caller's working directory, absolute; relative paths in arguments resolve here
 * @param environment the caller's environment
 * @param stdin the caller's standard input ({@code update --resources -} reads it)
 * @param stdout where output goes; commands write UTF-8
 * @param stderr where errors and diagnostics go; commands write UTF-8
 * @param launcher who starts the processes a command needs (the stage, hooks): this process, or, for a resident
 *     hako, its caller
 */
public record Invocation(
        List<String> args,
        Path workingDirectory,
        Map<String, String> environment,
        InputStream stdin,
        OutputStream stdout,
        OutputStream stderr,
        ProcessLauncher launcher) {
    /** An invocation whose processes this process starts itself. */
    public Invocation(List<String> args, Path workingDirectory, Map<String, String> environment, InputStream stdin,
            OutputStream stdout, OutputStream stderr) {
        this(args, workingDirectory, environment, stdin, stdout, stderr, ProcessLauncher.spawning());
    }

    public Invocation {
        args = List.copyOf(args);
        if (!workingDirectory.isAbsolute()) {
            throw new IllegalArgumentException("working directory must be absolute: " + workingDirectory);
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(launcher, "launcher");
    }
}
