package io.hako.cli.sidebyside;

import static io.hako.cli.sidebyside.CriuContainers.COUNTER;
import static io.hako.cli.sidebyside.CriuContainers.attached;
import static io.hako.cli.sidebyside.CriuContainers.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.checkpoint.CriuCheck;
import io.hako.cli.sidebyside.CriuContainers.Attached;
import io.hako.oci.config.Hook;
import io.hako.oci.config.Hooks;
import io.hako.oci.config.Namespace;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Spec;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips beside runc of what engines and orchestrators bring to a checkpoint: a pod's network namespace and a
 * sandbox's IPC and UTS namespaces joined by path, a paused container, the restore hooks, a restore in the
 * foreground, the memory sent to a page server, and a lazy migration. Like {@link CheckpointIT}, they need a host where CRIU's check
 * passes (the VM guest) and skip elsewhere with CRIU's reason.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CheckpointEnginesIT {
    @TempDir
    Path dir;
    SideBySide both;
    CriuCheck criu;

    @BeforeEach
    void runtimes() {
        both = SideBySide.in(dir);
        criu = CriuContainers.criuInstalled();
        CriuContainers.assumeWorks(criu);
    }

    /**
     * A pod's network namespace, made by the engine ({@code ip netns add}), joined by path: CRIU leaves it out of
     * the images and the restored counter is in it again, counting on.
     */
    @Test
    void aJoinedNetworkNamespaceIsThereAgainAfterTheRestore() throws Exception {
        String pod = "hako-cr-pod";
        Path netns = Path.of("/run/netns", pod);
        run("ip", "netns", "add", pod);
        try {
            Path bundle = BusyboxBundle.make(dir, COUNTER, joining(new Namespace(NamespaceType.NETWORK,
                    netns.toString(), null)));
            for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
                String id = "cr3-netns-" + runtime.name();
                Path images = dir.resolve("images-netns-" + runtime.name());
                Attached created = attached(runtime, "run", "-d", "--bundle", bundle.toString(), id);
                assertEquals("1", created.next());
                checkpoint(runtime, bundle, images, id);
                assertNull(created.readLine(), runtime.name() + ": the dumped processes are gone");
                Attached restored = attached(runtime, images, "restore", "-d", "--image-path", images.toString(),
                        "--bundle", bundle.toString(), id);
                assertEquals("2", restored.next(), runtime.name() + ": the count restored from memory");
                assertEquals(inode(netns), namespaceOf(pid(runtime, bundle, id), "net"),
                        runtime.name() + ": the restored init is in the pod's network namespace");
                assertEquals(0, runtime.call(bundle, "delete", "-f", id).status());
                SideBySide.assertNothingLeft(runtime, bundle, id);
            }
        } finally {
            run("ip", "netns", "delete", pod);
        }
    }

    /**
     * A sandbox container's IPC and UTS namespaces, joined through its {@code /proc/PID/ns}: CRIU joins them on
     * restore, and the restored counter shares them with the sandbox again.
     */
    @Test
    void aSandboxsJoinedNamespacesAreJoinedAgainOnRestore() throws Exception {
        Path sandboxBundle = BusyboxBundle.make(dir, "sleep 600", spec -> spec);
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String sandbox = "cr3-sandbox-" + runtime.name();
            assertEquals(0, runtime.call(sandboxBundle, "run", "-d", "--bundle", sandboxBundle.toString(), sandbox)
                    .status());
            try {
                int sandboxPid = pid(runtime, sandboxBundle, sandbox);
                Path bundle = BusyboxBundle.make(dir, COUNTER, joining(
                        new Namespace(NamespaceType.IPC, "/proc/" + sandboxPid + "/ns/ipc", null),
                        new Namespace(NamespaceType.UTS, "/proc/" + sandboxPid + "/ns/uts", null)));
                String id = "cr3-joined-" + runtime.name();
                Path images = dir.resolve("images-joined-" + runtime.name());
                Attached created = attached(runtime, "run", "-d", "--bundle", bundle.toString(), id);
                assertEquals("1", created.next());
                checkpoint(runtime, bundle, images, id);
                Attached restored = attached(runtime, images, "restore", "-d", "--image-path", images.toString(),
                        "--bundle", bundle.toString(), id);
                assertEquals("2", restored.next(), runtime.name() + ": the count restored from memory");
                int init = pid(runtime, bundle, id);
                for (String ns : List.of("ipc", "uts")) {
                    assertEquals(namespaceOf(sandboxPid, ns), namespaceOf(init, ns),
                            runtime.name() + ": the sandbox's " + ns + " namespace, joined again");
                }
                assertEquals(0, runtime.call(bundle, "delete", "-f", id).status());
                SideBySide.assertNothingLeft(runtime, bundle, id);
            } finally {
                runtime.call(sandboxBundle, "delete", "-f", sandbox);
            }
        }
    }

    /**
     * A paused container is checkpointed as it is: left running, it is still paused, and counts on once resumed;
     * dumped, it is restored and counts on.
     */
    @Test
    void aPausedContainerIsCheckpointedAsRuncDoes() throws Exception {
        Path bundle = BusyboxBundle.make(dir, COUNTER, spec -> spec);
        List<String> seen = new ArrayList<>();
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String id = "cr3-paused-" + runtime.name();
            Path kept = dir.resolve("images-paused-kept-" + runtime.name());
            Path images = dir.resolve("images-paused-" + runtime.name());
            Attached created = attached(runtime, "run", "-d", "--bundle", bundle.toString(), id);
            assertEquals("1", created.next());
            assertEquals(0, runtime.call(bundle, "pause", id).status());
            var leftRunning = runtime.call(bundle, "checkpoint", "--leave-running", "--image-path", kept.toString(),
                    id);
            assertEquals(0, leftRunning.status(), leftRunning + CriuContainers.criuErrors(kept));
            String afterLeftRunning = status(runtime, bundle, id);
            assertEquals(0, runtime.call(bundle, "resume", id).status());
            assertEquals("2", created.next(), runtime.name() + ": counting once resumed");
            assertEquals(0, runtime.call(bundle, "pause", id).status());
            checkpoint(runtime, bundle, images, id);
            Attached restored = attached(runtime, images, "restore", "-d", "--image-path", images.toString(),
                    "--bundle", bundle.toString(), id);
            String afterRestore = status(runtime, bundle, id);
            if (afterRestore.equals("paused")) {
                assertEquals(0, runtime.call(bundle, "resume", id).status());
            }
            assertEquals("3", restored.next(), runtime.name() + ": the count restored from memory");
            seen.add(afterLeftRunning + ", restored " + afterRestore);
            assertEquals(0, runtime.call(bundle, "delete", "-f", id).status());
            SideBySide.assertNothingLeft(runtime, bundle, id);
        }
        assertEquals("paused, restored running", seen.getFirst(), "runc");
        assertEquals(seen.getFirst(), seen.get(1), "hako as runc");
    }

    /**
     * The prestart and createRuntime hooks run on restore, as runc runs them (CRIU's {@code setup-namespaces}):
     * their state has the restored init's pid, and status {@code stopped} (runc's, as no init runs yet).
     */
    @Test
    void theRestoreRunsThePrestartAndCreateRuntimeHooks() throws Exception {
        List<String> states = new ArrayList<>();
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            Path prestart = dir.resolve("prestart-" + runtime.name());
            Path createRuntime = dir.resolve("create-runtime-" + runtime.name());
            Path bundle = BusyboxBundle.make(dir, COUNTER, spec -> spec.withHooks(new Hooks(
                    List.of(writer(prestart)), List.of(writer(createRuntime)), null, null, null, null, null)));
            String id = "cr3-hooks-" + runtime.name();
            Path images = dir.resolve("images-hooks-" + runtime.name());
            Attached created = attached(runtime, "run", "-d", "--bundle", bundle.toString(), id);
            assertEquals("1", created.next());
            checkpoint(runtime, bundle, images, id);
            Files.delete(prestart);
            Files.delete(createRuntime);
            Attached restored = attached(runtime, images, "restore", "-d", "--image-path", images.toString(),
                    "--bundle", bundle.toString(), id);
            assertEquals("2", restored.next());
            int init = pid(runtime, bundle, id);
            for (Path state : List.of(prestart, createRuntime)) {
                String json = Files.readString(state);
                assertTrue(json.contains("\"pid\":" + init), runtime.name() + ": " + state.getFileName() + ": " + json);
                states.add(json.replaceAll(".*\"status\":\"([a-z]+)\".*", "$1").strip());
            }
            assertEquals(0, runtime.call(bundle, "delete", "-f", id).status());
            SideBySide.assertNothingLeft(runtime, bundle, id);
        }
        assertEquals(List.of("stopped", "stopped"), states.subList(0, 2), "runc's hooks' status: no init runs yet");
        assertEquals(states.subList(0, 2), states.subList(2, 4), "the hooks' status, hako's as runc's");
    }

    /**
     * Without {@code --detach} the restore stays with the container, as run does: the runtime ends when the
     * restored process ends, with its status, and the container is gone.
     */
    @Test
    void aForegroundRestoreEndsWithTheContainersStatus() throws Exception {
        Path bundle = BusyboxBundle.make(dir, "i=0; while read x; do i=$((i+1)); echo $i; [ $i -ge 3 ] && exit 7;"
                + " done", spec -> spec);
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String id = "cr3-foreground-" + runtime.name();
            Path images = dir.resolve("images-foreground-" + runtime.name());
            Attached created = attached(runtime, "run", "-d", "--bundle", bundle.toString(), id);
            assertEquals("1", created.next());
            checkpoint(runtime, bundle, images, id);
            var foreground = CriuContainers.started(runtime, "restore", "--image-path", images.toString(),
                    "--bundle", bundle.toString(), id);
            assertEquals("2", foreground.attached().next(), runtime.name() + ": restored, counting");
            assertEquals("running", status(runtime, bundle, id));
            assertEquals("3", foreground.attached().next());
            assertEquals(7, CriuContainers.exitStatus(foreground.pid(), runtime.name() + " restore"),
                    runtime.name() + ": the container's status");
            assertEquals("absent", status(runtime, bundle, id), runtime.name() + ": deleted once it ended");
            SideBySide.assertNothingLeft(runtime, bundle, id);
        }
    }

    /**
     * {@code --page-server}: the memory goes to a CRIU page server ({@code criu page-server}, the receiving side of
     * a migration), the rest to the images; the pages copied beside them, the restore counts on.
     */
    @Test
    void theMemoryGoesToAPageServer() throws Exception {
        Path bundle = BusyboxBundle.make(dir, COUNTER, spec -> spec);
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String id = "cr3-pages-" + runtime.name();
            Path images = dir.resolve("images-pages-" + runtime.name());
            Path pages = Files.createDirectories(dir.resolve("pages-" + runtime.name()));
            Attached created = attached(runtime, "run", "-d", "--bundle", bundle.toString(), id);
            assertEquals("1", created.next());
            int port = freePort();
            Process server = new ProcessBuilder("criu", "page-server", "--images-dir", pages.toString(), "--port",
                    String.valueOf(port), "--address", "127.0.0.1", "--daemon", "--pidfile",
                    pages.resolve("server.pid").toString()).redirectErrorStream(true).start();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS) && server.exitValue() == 0,
                    "criu page-server: " + new String(server.getInputStream().readAllBytes()));
            var checkpoint = runtime.call(bundle, "checkpoint", "--page-server", "127.0.0.1:" + port,
                    "--image-path", images.toString(), id);
            assertEquals(0, checkpoint.status(), checkpoint + CriuContainers.criuErrors(images));
            assertTrue(Files.list(images).noneMatch(p -> p.getFileName().toString().startsWith("pages-")),
                    runtime.name() + ": no pages beside the images");
            try (var received = Files.list(pages)) {
                for (Path page : received.filter(p -> p.getFileName().toString().endsWith(".img")).toList()) {
                    Files.copy(page, images.resolve(page.getFileName()));
                }
            }
            Attached restored = attached(runtime, images, "restore", "-d", "--image-path", images.toString(),
                    "--bundle", bundle.toString(), id);
            assertEquals("2", restored.next(), runtime.name() + ": the count restored from the server's pages");
            assertEquals(0, runtime.call(bundle, "delete", "-f", id).status());
            SideBySide.assertNothingLeft(runtime, bundle, id);
        }
    }

    /**
     * A post-copy migration ({@code --lazy-pages}), as runc's own test runs one: the checkpoint serves the memory
     * from its page server and says so on {@code --status-fd}; then a {@code criu lazy-pages} daemon is started
     * beside the images, the restore (with {@code --lazy-pages}) counts on at once, and the checkpoint ends once the
     * daemon has every page.
     */
    @Test
    void aLazyMigrationThroughThePageServerAndTheStatusFd() throws Exception {
        Process feature = new ProcessBuilder("criu", "check", "--feature", "uffd-noncoop").redirectErrorStream(true)
                .start();
        String featureSays = new String(feature.getInputStream().readAllBytes());
        org.junit.jupiter.api.Assumptions.assumeTrue(feature.waitFor() == 0,
                "CRIU cannot serve memory lazily here: " + featureSays.strip());
        Path bundle = BusyboxBundle.make(dir, COUNTER, spec -> spec);
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String id = "cr3-lazy-" + runtime.name();
            Path images = dir.resolve("images-lazy-" + runtime.name());
            Attached created = attached(runtime, "run", "-d", "--bundle", bundle.toString(), id);
            assertEquals("1", created.next());
            int port = freePort();
            Fd[] status = Sys.pipe();
            int checkpoint;
            try {
                Fd log = Sys.open(dir.resolve("lazy-" + runtime.name() + ".log").toString(),
                        Sys.O_WRONLY | Sys.O_CREAT | Sys.O_CLOEXEC, 0644);
                try {
                    checkpoint = CriuContainers.spawn(runtime, Map.of(1, log, 2, log, 3, status[1]), "checkpoint",
                            "--lazy-pages", "--page-server", "127.0.0.1:" + port, "--status-fd", "3",
                            "--image-path", images.toString(), id);
                } finally {
                    log.close();
                }
            } finally {
                status[1].close();
            }
            try {
                assertTrue(Sys.pollIn(60_000, status[0])[0] != 0, runtime.name() + ": the page server never listened");
                byte[] ready = new byte[1];
                assertEquals(1, Sys.read(status[0], ready), runtime.name() + ": "
                        + Files.readString(dir.resolve("lazy-" + runtime.name() + ".log")));
                assertEquals(0, ready[0], "\\0 on the status fd");
            } finally {
                status[0].close();
            }
            Process daemon = new ProcessBuilder("criu", "lazy-pages", "--page-server", "--address", "127.0.0.1",
                    "--port", String.valueOf(port), "-D", images.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("lazy-daemon-" + runtime.name() + ".log").toFile()).start();
            // Under a new id, as runc's test: the checkpointed container is there until its last page is sent.
            String restoredId = id + "-restored";
            Attached restored = attached(runtime, images, "restore", "-d", "--lazy-pages", "--image-path",
                    images.toString(), "--bundle", bundle.toString(), restoredId);
            assertEquals("2", restored.next(), runtime.name() + ": the count, its pages brought in lazily");
            assertEquals(0, CriuContainers.exitStatus(checkpoint, runtime.name() + " checkpoint --lazy-pages"),
                    runtime.name() + ": " + Files.readString(dir.resolve("lazy-" + runtime.name() + ".log")));
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the lazy-pages daemon ends with the migration");
            assertEquals("absent", status(runtime, bundle, id), runtime.name() + ": the checkpointed one is gone");
            assertEquals("3", restored.next(), runtime.name() + ": counting on once every page is in");
            assertEquals(0, runtime.call(bundle, "delete", "-f", restoredId).status());
            if (runtime == both.runc()) {
                // runc 1.1.5 leaves the migrated container's cgroup, as after --leave-running (CheckpointIT).
                CriuContainers.removeRuncsCgroups(id, restoredId);
            }
            SideBySide.assertNothingLeft(runtime, bundle, restoredId);
            SideBySide.assertNothingLeft(runtime, bundle, id);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private static void checkpoint(SideBySide.Runtime runtime, Path bundle, Path images, String id) {
        var checkpoint = runtime.call(bundle, "checkpoint", "--image-path", images.toString(), id);
        assertEquals(0, checkpoint.status(), checkpoint + CriuContainers.criuErrors(images));
    }

    /** A hook that writes the state it reads to {@code file}. */
    private static Hook writer(Path file) {
        return new Hook("/bin/sh", List.of("sh", "-c", "cat > " + file), null, null, null);
    }

    /** The default configuration with these namespaces joined by path instead of made. */
    private static UnaryOperator<Spec> joining(Namespace... joined) {
        return spec -> spec.editLinux(linux -> {
            List<Namespace> namespaces = new ArrayList<>(linux.namespaces().stream()
                    .filter(ns -> List.of(joined).stream().noneMatch(j -> j.type() == ns.type())).toList());
            namespaces.addAll(List.of(joined));
            return linux.withNamespaces(namespaces);
        });
    }

    private static int pid(SideBySide.Runtime runtime, Path bundle, String id) {
        var state = runtime.call(bundle, "state", id);
        assertEquals(0, state.status(), state.toString());
        return Integer.parseInt(state.out().replaceAll("(?s).*\"pid\": ([0-9]+).*", "$1"));
    }

    /** The inode of process {@code pid}'s namespace of kind {@code ns}, as {@code /proc/PID/ns/NS} names it. */
    private static long namespaceOf(int pid, String ns) throws IOException {
        String link = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + ns)).toString();
        return Long.parseLong(link.replaceAll(".*\\[([0-9]+)\\]", "$1"));
    }

    private static long inode(Path file) throws IOException {
        return ((Number) Files.getAttribute(file, "unix:ino")).longValue();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " hung");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + out);
    }
}
