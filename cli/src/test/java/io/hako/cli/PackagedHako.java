package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The packaged distribution the integration tests run hako from: its client, and a resident hako of it. */
public final class PackagedHako {
    public static final Path DIST = Path.of(System.getProperty("hako.repo", ".")).resolve("cli/target/hako");
    /** bin/hako, the client engines run. */
    public static final Path CLIENT = DIST.resolve("bin/hako");

    private PackagedHako() {}

    /** Skips a test that runs real containers where it cannot: without root, the package or busybox-static. */
    public static void assumeContainersRun() {
        assumeTrue("root".equals(System.getProperty("user.name")), "containers need root");
        assumeTrue(Files.isExecutable(CLIENT), "needs the packaged client at " + CLIENT);
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static");
    }

    /**
     * A resident hako of the package listening at {@code socket}, with no idle end and its output in {@code log};
     * returned once its socket is there (its JVM's start: the socket is the sign it is up).
     */
    public static Process startResident(Path socket, Path log) throws IOException {
        return startResident(socket, log, Map.of());
    }

    /** As {@link #startResident(Path, Path)}, with {@code environment} added to the resident's. */
    public static Process startResident(Path socket, Path log, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(DIST.resolve("bin/hako-daemon").toString(), "--socket",
                socket.toString(), "--idle-timeout", "0").redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process resident = builder.start();
        while (!Files.exists(socket)) {
            assertTrue(resident.isAlive(), () -> "the resident hako ended: " + read(log));
            Thread.onSpinWait();
        }
        return resident;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
