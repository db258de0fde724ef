package io.hako.examples.run;

import io.hako.container.Container;
import io.hako.container.ContainerException;
import io.hako.container.Containers;
import io.hako.container.Stdio;
import io.hako.oci.DefaultSpec;
import io.hako.oci.config.Root;
import io.hako.oci.config.Spec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a container from Java: a configuration made in memory from the default one (no bundle on disk), its
 * standard output and error as pipes read by this program, its exit status waited for, and the container deleted
 * when the {@code try} ends, whatever happens.
 *
 * <pre>java --enable-native-access=io.hako.sys -p ... -m io.hako.examples.run/io.hako.examples.run.RunContainer STATE_ROOT ROOTFS COMMAND [ARG...]</pre>
 *
 * Needs root. Exit status: the container's, or 1 when it cannot be made, 2 usage.
 */
public final class RunContainer {
    private RunContainer() {}

    /**
     * Runs the example.
     *
     * @param args the state root ({@code /run/hako} is hako's own), the root filesystem, the command
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * What {@link #main} does.
     *
     * @param args the command line's arguments
     * @param out where the example prints what it shows
     * @param err where it prints errors, one line each
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 3) {
            err.println("usage: RunContainer STATE_ROOT ROOTFS COMMAND [ARG...]");
            return 2;
        }
        Containers containers = Containers.open(Path.of(args[0]), warning -> err.println("warning: " + warning));
        Spec defaults = DefaultSpec.create();
        Spec spec = defaults.withHostname("example")
                .withRoot(new Root(Path.of(args[1]).toAbsolutePath().toString(), true, null))
                .editProcess(process -> process.withTerminal(false)
                        .withArgs(Arrays.asList(args).subList(2, args.length))
                        .withEnv("GREETING", "hello from Java"));
        try (Container container = containers.builder(spec).stdin(Stdio.discard()).stdout(Stdio.pipe())
                .stderr(Stdio.pipe()).start()) {
            out.println("started " + container.id() + ", init pid " + container.pid());
            // Both pipes are drained at once: a container that fills one while this waits on the other would stall.
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(container.stderr()));
            String stdout = readAll(container.stdout());
            int status = container.waitFor();
            stdout.lines().forEach(line -> out.println("stdout: " + line));
            stderr.join().lines().forEach(line -> out.println("stderr: " + line));
            out.println("exit status: " + status);
            return status;
        } catch (ContainerException e) {
            err.println("RunContainer: " + e.getMessage());
            return 1;
        }
    }

    private static String readAll(InputStream in) {
        try {
            var bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
