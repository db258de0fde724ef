package io.hako.cli.sidebyside;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The mode the side-by-side tests drive hako in: cold (the client runs every call itself) or, with
 * {@code -Dhako.mode=warm}, warm: one resident hako of this build (the packaged {@code bin/hako-daemon}) for the
 * whole run, which the client hands the calls it takes. A difference between the modes is a failure of one run.
 */
final class ResidentHako {
    private static Path socket;

    private ResidentHako() {}

    static boolean warm() {
        return "warm".equals(System.getProperty("hako.mode"));
    }

    /** The command line that runs {@code client} in this run's mode. */
    static synchronized List<String> command(Path client) {
        if (!warm()) {
            return List.of("env", "HAKO_DAEMON=off", client.toString());
        }
        if (socket == null) {
            socket = start(client.resolveSibling("hako-daemon"));
        }
        return List.of("env", "HAKO_DAEMON_SOCKET=" + socket, client.toString());
    }

    private static Path start(Path daemon) {
        try {
            Path directory = Files.createTempDirectory("hako-resident");
            Path at = directory.resolve("daemon/sock");
            Process resident = new ProcessBuilder(daemon.toString(), "--socket", at.toString(), "--idle-timeout", "0")
                    .redirectErrorStream(true).redirectOutput(directory.resolve("log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                resident.destroy();
                try {
                    resident.waitFor(10, TimeUnit.SECONDS);
                    // Its socket, its directory and its log: nothing of the run is left in /tmp.
                    try (var left = Files.walk(directory)) {
                        left.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException | UncheckedIOException e) {
                    // a run's directory left in /tmp is all that is lost
                }
            }));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(at)) {
                if (!resident.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the resident hako did not come up: "
                            + Files.readString(directory.resolve("log")));
                }
                Thread.onSpinWait(); // its JVM's start; the socket is the sign
            }
            return at;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
