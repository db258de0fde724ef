package io.hako.cli.faults;

import static io.hako.cli.PackagedHako.CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cli.PackagedHako;
import io.hako.cli.sidebyside.BusyboxBundle;
import io.hako.cli.sidebyside.SideBySide;
import io.hako.oci.config.Hook;
import io.hako.oci.config.Hooks;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * hako killed by SIGKILL at each named point of create, start, exec and delete ({@code HAKO_FAULT_POINT}, see
 * {@code FaultPoint}): afterwards {@code state} and {@code list} tell what is there, and {@code delete --force}
 * removes all of it — processes, mounts, cgroups in every hierarchy, state — leaving no stage process waiting either.
 * Each point is taken cold (the command is killed) and warm (the resident hako serving the call is killed). A point
 * this build does not have fails the test: the command would not be killed.
 */
class KilledAtEveryPointIT {
    /** Who runs the command: the client itself, or a resident hako it hands the call to. */
    enum Mode { COLD, WARM }

    /** What a killed command's caller sees: the JVM ended by SIGKILL. */
    private static final int KILLED = 128 + 9;

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();
    private Set<Long> stagesBefore;

    @BeforeEach
    void check() {
        PackagedHako.assumeContainersRun();
        stagesBefore = stageProcesses();
    }

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    static Stream<Arguments> createPoints() {
        return bothModes("create:state-saved", "create:cgroup-made", "create:cgroup-joined", "create:hooks-ran",
                "create:init-saved", "create:limits-applied", "create:config-saved");
    }

    static Stream<Arguments> hostMountPoints() {
        return bothModes("create:hooks-ran", "create:config-saved");
    }

    static Stream<Arguments> startPoints() {
        return bothModes("start:released");
    }

    static Stream<Arguments> execPoints() {
        return bothModes("exec:cgroup-joined", "exec:started");
    }

    static Stream<Arguments> deletePoints() {
        return bothModes("delete:killed", "delete:cgroup-removed");
    }

    /** Each point with hako cold (the command killed) and warm (the resident hako that runs it killed). */
    private static Stream<Arguments> bothModes(String... points) {
        return Stream.of(Mode.values()).flatMap(mode -> Stream.of(points).map(point -> Arguments.of(mode, point)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("createPoints")
    void aCreateKilledAtAnyPointIsStoppedAndDeletedWithoutARest(Mode mode, String point) throws Exception {
        String id = id(mode, point);
        Path bundle = bundle(id, spec -> spec);
        killedAt(mode, point, "create", "--bundle", bundle.toString(), id);
        assertStatus(id, "stopped");
        assertDeletedWithoutARest(bundle, id);
    }

    /** Without a mount namespace the stage mounts in the host's: a create that died must not leave them there. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("hostMountPoints")
    void aCreateWithoutAMountNamespaceKilledLeavesNoMountOnTheHost(Mode mode, String point) throws Exception {
        String id = id(mode, "host-mounts-" + point);
        Path bundle = bundle(id, spec -> spec.editLinux(linux -> linux.withoutNamespace(NamespaceType.MOUNT)));
        killedAt(mode, point, "create", "--bundle", bundle.toString(), id);
        assertTrue(mountsUnder(bundle) > 0, "the stage had mounted in the host's namespace when it was killed");
        assertStatus(id, "stopped");
        assertDeletedWithoutARest(bundle, id);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("startPoints")
    void aStartKilledLeavesARunningContainerDeletedWithoutARest(Mode mode, String point) throws Exception {
        String id = id(mode, point);
        Path bundle = bundle(id, spec -> spec);
        call("create", "--bundle", bundle.toString(), id);
        killedAt(mode, point, "start", id);
        assertStatus(id, "running");
        assertDeletedWithoutARest(bundle, id);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("execPoints")
    void anExecKilledLeavesTheContainerRunningAndDeletedWithoutARest(Mode mode, String point) throws Exception {
        String id = id(mode, point);
        Path bundle = bundle(id, spec -> spec);
        call("create", "--bundle", bundle.toString(), id);
        call("start", id);
        killedAt(mode, point, "exec", "--detach", id, "sh", "-c", "sleep 600; : " + id);
        assertStatus(id, "running");
        assertDeletedWithoutARest(bundle, id);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("deletePoints")
    void aDeleteKilledIsFinishedByTheNext(Mode mode, String point) throws Exception {
        String id = id(mode, point);
        Path bundle = bundle(id, spec -> spec);
        call("create", "--bundle", bundle.toString(), id);
        call("start", id);
        killedAt(mode, point, "delete", "--force", id);
        assertStatus(id, "stopped");
        assertDeletedWithoutARest(bundle, id);
    }

    private static String id(Mode mode, String point) {
        return "fault-" + mode.name().toLowerCase(java.util.Locale.ROOT) + "-" + point.replace(':', '-');
    }

    /** A bundle whose init sleeps (its command line names the container), with a createRuntime hook to pass. */
    private Path bundle(String id, UnaryOperator<Spec> edit) throws IOException {
        Hook hook = new Hook("/bin/true", List.of("true"), null, null, null);
        return BusyboxBundle.make(dir, "sleep 600; : " + id, spec -> edit.apply(spec.withHooks(new Hooks(null,
                List.of(hook), null, null, null, null, null))));
    }

    /**
     * Runs a hako command whose hako dies at {@code point}: cold, the command itself is armed and ends by the
     * SIGKILL; warm, a resident hako of its own is armed, and the client, left without it, says so and fails.
     */
    private void killedAt(Mode mode, String point, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(CLIENT.toString(), "--root", state().toString()));
        argv.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile());
        Process resident = null;
        if (mode == Mode.COLD) {
            builder.environment().putAll(Map.of("HAKO_DAEMON", "off", "HAKO_FAULT_POINT", point));
        } else {
            Path socket = Files.createTempDirectory(dir, "resident").resolve("sock");
            resident = PackagedHako.startResident(socket, socket.resolveSibling("log"),
                    Map.of("HAKO_FAULT_POINT", point));
            started.add(resident);
            builder.environment().put("HAKO_DAEMON_SOCKET", socket.toString());
        }
        Process process = builder.start();
        started.add(process);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", args) + " hung at " + point);
        if (mode == Mode.COLD) {
            assertEquals(KILLED, process.exitValue(), String.join(" ", args) + ": " + Files.readString(err));
        } else {
            assertTrue(resident.waitFor(60, TimeUnit.SECONDS), "the resident hako did not die at " + point);
            assertEquals(KILLED, resident.exitValue());
            assertEquals(1, process.exitValue(), String.join(" ", args) + ": " + Files.readString(err));
            assertTrue(Files.readString(err).contains("the resident hako ended during the call"),
                    Files.readString(err));
        }
    }

    private void assertStatus(String id, String expected) throws Exception {
        assertEquals(expected, call("state", id).replaceAll("(?s).*\"status\": \"([a-z]+)\".*", "$1"));
        assertTrue(call("list").contains(id), "listed");
    }

    private void assertDeletedWithoutARest(Path bundle, String id) throws Exception {
        assertEquals("", call("delete", "--force", id));
        SideBySide.assertNothingLeft(new SideBySide.Runtime("hako", List.of(CLIENT.toString()), state()), bundle,
                id);
        Set<Long> stages = stageProcesses();
        stages.removeAll(stagesBefore);
        assertEquals(Set.of(), stages, "stage processes left waiting");
    }

    private static long mountsUnder(Path bundle) throws IOException {
        String root = bundle.toRealPath() + "/";
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(line -> line.split(" ")[4].startsWith(root)).count();
    }

    /** Processes running hako's stage (a sealed memfd), whatever they wait for. */
    private static Set<Long> stageProcesses() {
        Set<Long> found = new HashSet<>();
        ProcessHandle.allProcesses().forEach(process -> {
            try {
                if (Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "exe")).toString()
                        .startsWith("/memfd:")) {
                    found.add(process.pid());
                }
            } catch (IOException | UnsupportedOperationException e) {
                // gone, or a kernel thread: not a stage
            }
        });
        return found;
    }

    private Path state() {
        return dir.resolve("state");
    }

    /**
     * A cold call's stdout; it must succeed. Written to a file, not a pipe: a container created here keeps its
     * creator's stdout, and a pipe would not end before the container does.
     */
    private String call(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(CLIENT.toString(), "--root", state().toString()));
        argv.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        ProcessBuilder builder = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(out.toFile());
        builder.environment().put("HAKO_DAEMON", "off");
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", args) + " hung");
        String text = Files.readString(out);
        assertEquals(0, process.exitValue(), String.join(" ", args) + ": " + text);
        return text;
    }
}
