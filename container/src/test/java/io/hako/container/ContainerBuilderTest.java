package io.hako.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.OciJson;
import io.hako.oci.config.Hook;
import io.hako.oci.config.Hooks;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Process;
import io.hako.oci.config.Root;
import io.hako.oci.config.Spec;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Containers made from a spec in memory or a bundle, with their standard streams chosen by the test. */
class ContainerBuilderTest {
    @TempDir
    Path dir;
    Containers containers;

    @BeforeEach
    void open() {
        Bundles.assumeContainersCanRun();
        containers = Containers.open(dir.resolve("state"));
    }

    @AfterEach
    void deleteEverything() throws Exception {
        Bundles.deleteAll(containers);
    }

    @Test
    void aSpecInMemoryWithPipedOutputLeavesNothingOnceClosed() throws Exception {
        // Hooks hako runs itself have their own stdio: nothing of theirs may reach the container's pipes.
        Hook noisy = new Hook("/bin/busybox", List.of("sh", "-c", "echo from-hook; echo hook-err >&2"), null, null,
                null);
        Spec spec = Bundles.busyboxSpec(dir, "echo hello; echo oops >&2; exit 3")
                .withHooks(new Hooks(List.of(noisy), null, null, null, List.of(noisy), List.of(noisy), null));
        Container container = containers.builder(spec).stdout(Stdio.pipe()).stderr(Stdio.pipe()).create();
        assertTrue(container.id().matches("[0-9a-f]{32}"), container.id());
        Path bundle = Path.of(container.info().bundle());
        assertEquals(dir.resolve("state").resolve(container.id()), bundle.getParent(), "beside its state");
        assertEquals(spec.root().path(), OciJson.readSpec(bundle.resolve("config.json")).root().path());
        List<Path> cgroups = cgroupDirectories(container);
        assertFalse(cgroups.isEmpty(), "the created container has its cgroup");

        container.start();
        assertEquals("hello\n", new String(container.stdout().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("oops\n", new String(container.stderr().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(3, container.waitFor());
        container.close();

        assertEquals(3, container.waitFor(), "its status stays with the handle");
        assertFalse(Files.exists(bundle), "its bundle went with it");
        for (Path cgroup : cgroups) {
            assertFalse(Files.exists(cgroup), cgroup + " left");
        }
        assertFalse(Files.exists(Path.of("/proc/" + container.pid())), "no process, not even a zombie");
        assertNothingLeft();
    }

    @Test
    void aPipedStdinIsTheProcessInputAndItsCloseTheEnd() throws Exception {
        Spec spec = Bundles.busyboxSpec(dir, "exec cat");
        Path rootfs = Path.of(spec.root().path());
        // A root relative to a directory the caller names, as a bundle's is to the bundle.
        try (Container container = containers.builder(spec.withRoot(new Root("rootfs", true, null)),
                rootfs.getParent()).id("cat").stdin(Stdio.pipe()).stdout(Stdio.pipe()).start()) {
            assertEquals(rootfs.toString(), container.info().rootfs());
            container.stdin().write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
            container.stdin().close();
            assertEquals("one\ntwo\n", new String(container.stdout().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, container.waitFor());
        }
        assertNothingLeft();
    }

    @Test
    void outputToAFileAndToTheCallersDescriptorFromABundleOnDisk() throws Exception {
        Path bundle = Bundles.busybox(dir, "cat; echo to-file; echo to-fd >&2", spec -> spec);
        Path file = dir.resolve("stdout.txt");
        Files.writeString(file, "what was there before, longer than what comes");
        Path other = dir.resolve("stderr.txt");
        try (Fd fd = Sys.open(other.toString(), Sys.O_WRONLY | Sys.O_CREAT | Sys.O_TRUNC, 0644);
                Container container = containers.builder(bundle).stdin(Stdio.discard()).stdout(Stdio.file(file))
                        .stderr(Stdio.of(fd)).start()) {
            assertEquals(0, container.waitFor(), "cat read an empty stdin");
            assertTrue(fd.isOpen(), "the caller's descriptor stays the caller's");
            var notPiped = assertThrows(IllegalStateException.class, container::stdout);
            assertEquals("stdout of container " + container.id() + " is not a pipe: choose Stdio.pipe()",
                    notPiped.getMessage());
        }
        assertEquals("to-file\n", Files.readString(file));
        assertEquals("to-fd\n", Files.readString(other));
        assertNothingLeft();
    }

    @Test
    void theInitAndAnExecdProcessSeeTheirStandardStreamsOnly() throws Exception {
        Spec spec = Bundles.busyboxSpec(dir,
                "ls /proc/self/fd; for n in 0 1 2; do readlink /proc/self/fd/$n; done; exec cat");
        try (Container container = containers.builder(spec).stdin(Stdio.pipe()).stdout(Stdio.pipe())
                .stderr(Stdio.pipe()).start()) {
            var out = new BufferedReader(new InputStreamReader(container.stdout(), StandardCharsets.UTF_8));
            // ls's own descriptor on the directory it lists is 3: nothing else may be there.
            assertEquals(List.of("0", "1", "2", "3"), Stream.generate(() -> line(out)).limit(4).toList());
            for (int n = 0; n < 3; n++) {
                assertTrue(line(out).startsWith("pipe:["), "stream " + n + " is the test's pipe");
            }
            try (ContainerProcess exec = container.exec(process("ls /proc/self/fd"), Stdio.pipe(), Stdio.pipe(),
                    Stdio.pipe())) {
                assertEquals("0\n1\n2\n3\n", new String(exec.stdout().readAllBytes(), StandardCharsets.UTF_8));
                assertEquals(0, exec.waitFor());
            }
            container.stdin().close();
            assertEquals(null, out.readLine(), "cat ended with its input");
            assertEquals(0, container.waitFor());
        }
        assertNothingLeft();
    }

    @Test
    void closingARunningContainerKillsItsProcessesAndDeletesIt() throws Exception {
        Container created = containers.builder(Bundles.busyboxSpec(dir, "true")).create();
        created.close();
        assertEquals(128 + 9, created.waitFor(), "a created one is killed too");
        assertNothingLeft();

        Container container = containers.builder(Bundles.busyboxSpec(dir, "exec sleep 60")).stdout(Stdio.pipe())
                .start();
        ContainerProcess exec = container.exec(process("exec sleep 60"), Stdio.discard(), Stdio.pipe(),
                Stdio.discard());
        assertEquals(Status.RUNNING, container.info().status());
        container.close();
        assertEquals(128 + 9, container.waitFor());
        assertEquals(128 + 9, exec.waitFor(), "its exec'd process went with it");
        exec.close();
        assertThrows(IOException.class, () -> exec.stdout().read(), "the exec'd process's pipes are closed");
        assertThrows(IOException.class, () -> container.stdout().read(), "the container's pipes are closed");
        assertThrows(ContainerException.class, container::info);
        assertNothingLeft();
    }

    @Test
    void aBadSpecFailsCreateInOneLineNamingTheFieldAndLeavesNothing() throws Exception {
        Spec good = Bundles.busyboxSpec(dir, "true");
        List<Mount> relativeDestination = new ArrayList<>(good.mounts());
        relativeDestination.add(new Mount("relative/dir", "tmpfs", "tmpfs", null, null, null, null));
        int destination = relativeDestination.size() - 1;
        record Case(Spec spec, CreateOptions options, String message) {}
        List<Case> cases = List.of(
                new Case(good.withRoot(null), CreateOptions.DEFAULTS,
                        "spec: /root: required on every platform but Windows"),
                new Case(good.withRoot(new Root("/nonexistent/rootfs", true, null)), CreateOptions.DEFAULTS,
                        "rootfs /nonexistent/rootfs does not exist or is not a directory: no such file or directory"),
                new Case(good.withRoot(new Root("rootfs", true, null)), CreateOptions.DEFAULTS,
                        "spec: /root/path: \"rootfs\" is relative, and no directory was given for it to be relative to"),
                new Case(good.withMounts(relativeDestination), CreateOptions.DEFAULTS,
                        "spec: /mounts/" + destination + "/destination: must be an absolute path, got \"relative/dir\""),
                new Case(good.withProcess(good.process().withTerminal(true)),
                        new CreateOptions(null, false, 0, dir.resolve("console.sock"), 0),
                        "spec: /process/terminal: a process with a terminal has it as its standard streams; "
                                + "choose none of them"));
        long pipesBefore = pipesOfThisJvm();
        for (Case bad : cases) {
            var e = assertThrows(ContainerException.class, () -> containers.builder(bad.spec()).id("bad")
                    .options(bad.options()).stdin(Stdio.pipe()).stdout(Stdio.pipe()).create());
            assertEquals(bad.message(), e.getMessage());
            assertEquals("bad", e.containerId());
            assertNothingLeft();
        }
        var badId = assertThrows(ContainerException.class, () -> containers.builder(good).id("a/b").create());
        assertEquals(ContainerException.Kind.INVALID_ID, badId.kind());
        assertEquals(pipesBefore, pipesOfThisJvm(), "no pipe end left open");
    }

    @Test
    void twoContainersAtOnceEachGetOnlyTheirOwnOutput() throws Exception {
        String script = "i=0; while [ $i -lt 500 ]; do echo $NAME $i; i=$((i+1)); done";
        List<Container> running = new ArrayList<>();
        var pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> outputs = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                Spec spec = Bundles.busyboxSpec(dir, script);
                List<String> env = new ArrayList<>(spec.process().env());
                env.add("NAME=" + name);
                Container container = containers.builder(spec.withProcess(spec.process().withEnv(env)))
                        .id("twin-" + name).stdout(Stdio.pipe()).start();
                running.add(container);
                outputs.add(pool.submit(() -> new String(container.stdout().readAllBytes(), StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < 2; i++) {
                String name = List.of("a", "b").get(i);
                String expected = IntStream.range(0, 500).mapToObj(n -> name + " " + n + "\n")
                        .reduce("", String::concat);
                assertEquals(expected, outputs.get(i).get());
                assertEquals(0, running.get(i).waitFor());
            }
        } finally {
            pool.shutdown();
            for (Container container : running) {
                container.close();
            }
        }
        assertNothingLeft();
    }

    private static Process process(String script) {
        return new Process(false, null, null, List.of("sh", "-c", script), null, List.of("PATH=/bin"), "/", null,
                null, null, null, null, null, null, null, null, null);
    }

    private static String line(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The container's cgroup directories on the host, in every hierarchy, from its init's {@code /proc/PID/cgroup}. */
    private static List<Path> cgroupDirectories(Container container) throws IOException {
        List<Path> hierarchies = new ArrayList<>(List.of(Path.of("/sys/fs/cgroup")));
        try (Stream<Path> mounted = Files.list(Path.of("/sys/fs/cgroup"))) {
            mounted.filter(Files::isDirectory).forEach(hierarchies::add);
        }
        List<Path> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + container.pid() + "/cgroup"))) {
            String path = line.split(":", 3)[2];
            if (path.contains(container.id())) {
                for (Path hierarchy : hierarchies) {
                    Path cgroup = hierarchy.resolve(path.substring(1));
                    if (Files.isDirectory(cgroup) && !found.contains(cgroup)) {
                        found.add(cgroup);
                    }
                }
            }
        }
        return found;
    }

    /** The pipe ends this JVM holds. */
    private static long pipesOfThisJvm() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("pipe:");
                } catch (IOException e) {
                    return false; // the listing's own descriptor, closed by now
                }
            }).count();
        }
    }

    private void assertNothingLeft() throws Exception {
        assertEquals(List.of(), containers.list());
        Path state = dir.resolve("state");
        try (Stream<Path> left = Files.exists(state) ? Files.list(state) : Stream.empty()) {
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().startsWith("@")).toList(),
                    "no state directory left");
        }
        assertEquals(List.of(), ProcessHandle.current().children().map(ProcessHandle::info).toList());
    }
}
