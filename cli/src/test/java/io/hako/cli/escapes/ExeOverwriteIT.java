package io.hako.cli.escapes;

import static io.hako.cli.PackagedHako.CLIENT;
import static io.hako.cli.PackagedHako.DIST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cli.PackagedHako;
import io.hako.cli.sidebyside.BusyboxBundle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CVE-2019-5736's class: a container's process re-opening the runtime through {@code /proc/<pid>/exe} to overwrite
 * it on the host. hako's only program that ever runs in a container's namespaces is the stage, run from a sealed
 * memfd. A created container's init is the stage until {@code start}, and an exec'd process may look at it: what it
 * finds is that memfd, not a host file, and once the stage no longer runs (no ETXTBSY to stop a write) the seal
 * refuses the write. An entrypoint {@code #!/proc/self/exe} runs the same sealed copy. Afterwards every file of the
 * distribution (the client, the JVM launcher, the jars) and the JDK's {@code java} are as they were.
 */
class ExeOverwriteIT {
    @TempDir
    Path dir;
    private Process resident;
    private Map<Path, String> before;

    @BeforeEach
    void hashes() throws Exception {
        PackagedHako.assumeContainersRun();
        before = hostFiles();
    }

    @AfterEach
    void unchanged() throws Exception {
        call(Map.of("HAKO_DAEMON", "off"), "delete", "--force", "exe");
        if (resident != null) {
            resident.destroyForcibly().waitFor();
        }
        if (before != null) {
            assertEquals(before, hostFiles(), "hako's files on the host are untouched");
        }
    }

    /** The distribution's files and the java they start, with their SHA-256. */
    private static Map<Path, String> hostFiles() throws Exception {
        Map<Path, String> hashes = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(DIST)) {
            all.filter(Files::isRegularFile).forEach(files::add);
        }
        files.add(Path.of(ProcessHandle.current().info().command().orElseThrow()).toRealPath());
        for (Path file : files) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
            }
            hashes.put(file, HexFormat.of().formatHex(sha.digest()));
        }
        return hashes;
    }

    record Result(int status, String out, String err) {}

    private Result call(Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(CLIENT.toString(), "--root", dir.resolve("state").toString()));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", "");
        Path err = Files.createTempFile(dir, "err", "");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", args) + " hung");
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Map<String, String> warm() throws IOException {
        Path socket = dir.resolve("daemon/sock");
        resident = PackagedHako.startResident(socket, dir.resolve("daemon.log"));
        return Map.of("HAKO_DAEMON_SOCKET", socket.toString());
    }

    private void theStageSeenFromInsideCannotBeOverwritten(Map<String, String> env) throws Exception {
        Path bundle = BusyboxBundle.make(dir, "exec sleep 60", spec -> spec);
        assertEquals(0, call(env, "create", "--bundle", bundle.toString(), "exe").status());
        // While the container is created, its init is the stage: hold it open, read-only, as the attack does.
        Result held = call(env, "exec", "-d", "exe", "sh", "-c", "exec 3</proc/1/exe; "
                + "readlink /proc/self/fd/3 > /dev/shm/target; "
                + "while [ ! -e /dev/shm/go ]; do sleep 0.05; done; "
                + "if (echo pwned 1<> /proc/self/fd/3) 2>/dev/shm/error; then echo WROTE; else echo refused; fi"
                + " > /dev/shm/result");
        assertEquals(0, held.status(), held::toString);
        Result target = call(env, "exec", "exe", "sh", "-c",
                "while [ ! -s /dev/shm/target ]; do sleep 0.05; done; cat /dev/shm/target");
        assertEquals("/memfd:hako-stage (deleted)\n", target.out(), "the init before start is the sealed stage");
        // Started, the init has exec'd its process: the stage no longer runs, so no ETXTBSY stands in the way.
        assertEquals(0, call(env, "start", "exe").status());
        Result attempt = call(env, "exec", "exe", "sh", "-c", "touch /dev/shm/go; "
                + "while [ ! -s /dev/shm/result ]; do sleep 0.05; done; cat /dev/shm/result /dev/shm/error");
        assertEquals(0, attempt.status(), attempt::toString);
        assertTrue(attempt.out().startsWith("refused\n"), attempt.out());
        assertTrue(attempt.out().contains("Operation not permitted"), "the seal, not a busy text file: "
                + attempt.out());
    }

    @Test
    void coldTheStageSeenFromInsideCannotBeOverwritten() throws Exception {
        theStageSeenFromInsideCannotBeOverwritten(Map.of("HAKO_DAEMON", "off"));
    }

    @Test
    void warmTheStageSeenFromInsideCannotBeOverwritten() throws Exception {
        theStageSeenFromInsideCannotBeOverwritten(warm());
    }

    @Test
    void anEntrypointOfProcSelfExeRunsTheSealedCopyAndWritesNothing() throws Exception {
        // The rootfs's /evil is a script whose interpreter is whatever runs it: at the init's execve, the stage.
        Path bundle = BusyboxBundle.make(dir, "unused", spec -> spec.editProcess(p -> p.withArgs("/evil")));
        Path evil = bundle.resolve("rootfs/evil");
        Files.writeString(evil, "#!/proc/self/exe\n");
        evil.toFile().setExecutable(true, false);
        Result run = call(Map.of("HAKO_DAEMON", "off"), "run", "--bundle", bundle.toString(), "exe");
        // Whatever the stage makes of being run as a container's process, it is not a success, and nothing of the
        // host's changed (checked after each test).
        assertNotEquals(0, run.status(), run::toString);
    }
}
