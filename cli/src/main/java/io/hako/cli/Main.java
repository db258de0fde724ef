package io.hako.cli;

import io.hako.cli.command.Cli;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.util.List;

/** The {@code hako} command: runc's command line. The only place that exits the JVM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Raw descriptors rather than System.out/err: commands write UTF-8 bytes whatever the caller's locale
        // (engines call with an almost empty environment, where the JVM would pick US-ASCII).
        var stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 8192);
        var stderr = new FileOutputStream(FileDescriptor.err);
        var invocation = new Invocation(List.of(args), Path.of("").toAbsolutePath(), System.getenv(),
                new FileInputStream(FileDescriptor.in), stdout, stderr);
        int status = run(invocation);
        // halt, not exit: hako registers no shutdown hooks and run() has flushed its output, while exit logs
        // the call through System.Logger, whose set-up (a service lookup over the module path) costs a
        // CLI call some 5 ms.
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    /**
     * Runs one invocation to its end and returns the exit status: 0 on success, 1 on failure (runc's
     * statuses; {@code 3} for an unknown command, as urfave/cli gives). Output is flushed, the streams are
     * left open.
     */
    public static int run(Invocation invocation) {
        return Cli.run(invocation);
    }
}
