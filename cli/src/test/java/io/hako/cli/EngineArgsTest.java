package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cli.args.UsageException;
import io.hako.cli.log.LogFormat;
import io.hako.cli.request.CheckpointRequest;
import io.hako.cli.request.CommandLine;
import io.hako.cli.request.CreateRequest;
import io.hako.cli.request.DeleteRequest;
import io.hako.cli.request.EventsRequest;
import io.hako.cli.request.ExecRequest;
import io.hako.cli.request.FeaturesRequest;
import io.hako.cli.request.GlobalOptions;
import io.hako.cli.request.KillRequest;
import io.hako.cli.request.ListRequest;
import io.hako.cli.request.OutputFormat;
import io.hako.cli.request.PauseRequest;
import io.hako.cli.request.PsRequest;
import io.hako.cli.request.Request;
import io.hako.cli.request.ResourcesSource;
import io.hako.cli.request.RestoreRequest;
import io.hako.cli.request.ResumeRequest;
import io.hako.cli.request.StartRequest;
import io.hako.cli.request.StateRequest;
import io.hako.cli.request.UpdateRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The argument lists engines really produce (docs/ENGINE-CONTRACT.md, from the sources of go-runc
 * {@code runc.go}, conmon {@code src/runtime_args.c}, podman {@code libpod/oci_conmon_common.go} and CRI-O
 * {@code internal/oci/runtime_oci.go}) parse to the request they mean.
 */
class EngineArgsTest {
    private static final Path CWD = Path.of("/var/lib/engine");
    private static final String ID = "3f2a9c0d41e5";
    private static final String BUNDLE = "/run/containerd/io.containerd.runtime.v2.task/k8s.io/" + ID;

    /** go-runc's prefix: {@code --root R --log <bundle>/log.json --log-format json [--systemd-cgroup]}. */
    private static final List<String> GO_RUNC = List.of("--root", "/run/containerd/runc/k8s.io",
            "--log", BUNDLE + "/log.json", "--log-format", "json", "--systemd-cgroup");

    private static CommandLine.Call parse(List<String> prefix, String... args) throws UsageException {
        return CommandLine.parse(Stream.concat(prefix.stream(), Stream.of(args)).toList(), CWD);
    }

    private static <T extends Request> T request(Class<T> type, List<String> prefix, String... args)
            throws UsageException {
        var action = assertInstanceOf(CommandLine.Execute.class, parse(prefix, args).action());
        return assertInstanceOf(type, action.request());
    }

    // ---- containerd (containerd-shim-runc-v2 through go-runc) ----------------------------------------------

    @Test
    void containerdGlobalOptions() throws UsageException {
        GlobalOptions options = parse(GO_RUNC, "start", ID).options();
        assertEquals(Optional.of(Path.of("/run/containerd/runc/k8s.io")), options.root());
        assertEquals(Optional.of(Path.of(BUNDLE, "log.json")), options.log());
        assertEquals(LogFormat.JSON, options.logFormat());
        assertTrue(options.systemdCgroup());
        assertFalse(options.debug());
        assertEquals(GlobalOptions.Rootless.AUTO, options.rootless());

        GlobalOptions rootless = parse(List.of("--root", "/r", "--debug", "--rootless=true"), "state", ID).options();
        assertTrue(rootless.debug());
        assertEquals(GlobalOptions.Rootless.TRUE, rootless.rootless());
        assertEquals(GlobalOptions.Rootless.FALSE,
                parse(List.of("--rootless=false"), "state", ID).options().rootless());
    }

    @Test
    void containerdCreate() throws UsageException {
        var create = request(CreateRequest.class, GO_RUNC, "create", "--bundle", BUNDLE, "--pid-file",
                BUNDLE + "/init.pid", "--console-socket", "/tmp/pty1234/pty.sock", "--pidfd-socket",
                "/tmp/pidfd.sock", "--no-pivot", "--no-new-keyring", "--detach", "--preserve-fds", "2", ID);
        assertEquals(ID, create.id());
        assertEquals(Path.of(BUNDLE), create.launch().bundle());
        assertEquals(Optional.of(Path.of(BUNDLE, "init.pid")), create.launch().pidFile());
        assertEquals(Optional.of(Path.of("/tmp/pty1234/pty.sock")), create.launch().consoleSocket());
        assertEquals(Optional.of(Path.of("/tmp/pidfd.sock")), create.launch().pidfdSocket());
        assertTrue(create.launch().noPivot());
        assertTrue(create.launch().noNewKeyring());
        assertEquals(2, create.launch().preserveFds());

        var plain = request(CreateRequest.class, GO_RUNC, "create", "--bundle", BUNDLE, "--pid-file",
                BUNDLE + "/init.pid", ID);
        assertEquals(Optional.empty(), plain.launch().consoleSocket());
        assertFalse(plain.launch().noPivot());
        assertEquals(0, plain.launch().preserveFds());
    }

    @Test
    void containerdStartStateDelete() throws UsageException {
        assertEquals(ID, request(StartRequest.class, GO_RUNC, "start", ID).id());
        assertEquals(ID, request(StateRequest.class, GO_RUNC, "state", ID).id());
        var delete = request(DeleteRequest.class, GO_RUNC, "delete", "--force", ID);
        assertEquals(ID, delete.id());
        assertTrue(delete.force());
        assertFalse(request(DeleteRequest.class, GO_RUNC, "delete", ID).force());
    }

    @Test
    void containerdExecAlwaysDetaches() throws UsageException {
        var exec = request(ExecRequest.class, GO_RUNC, "exec", "--process", "/run/user/0/runc-process811",
                "--console-socket", "/tmp/pty99/pty.sock", "--detach", "--pid-file", BUNDLE + "/exec1.pid", ID);
        assertEquals(ID, exec.id());
        assertEquals(Optional.of(Path.of("/run/user/0/runc-process811")), exec.process());
        assertEquals(List.of(), exec.command());
        assertTrue(exec.detach());
        assertEquals(Optional.of(Path.of(BUNDLE, "exec1.pid")), exec.pidFile());
        assertEquals(Optional.of(Path.of("/tmp/pty99/pty.sock")), exec.consoleSocket());

        // The per-exec log file replaces the global one.
        var perExecLog = List.of("--root", "/r", "--log", BUNDLE + "/exec1.log", "--log-format", "json");
        assertEquals(Optional.of(Path.of(BUNDLE, "exec1.log")),
                parse(perExecLog, "exec", "--process", "/tmp/p.json", "--detach", ID).options().log());
    }

    @Test
    void containerdKillTakesNumbers() throws UsageException {
        var kill = request(KillRequest.class, GO_RUNC, "kill", ID, "15");
        assertEquals(ID, kill.id());
        assertEquals(15, kill.signal().number());
        assertFalse(kill.all());

        var killAll = request(KillRequest.class, GO_RUNC, "kill", "--all", ID, "9");
        assertEquals(9, killAll.signal().number());
        assertTrue(killAll.all());
    }

    @Test
    void containerdPsUpdateEventsListFeatures() throws UsageException {
        var pids = request(PsRequest.class, GO_RUNC, "ps", "--format", "json", ID);
        assertEquals(OutputFormat.JSON, pids.format());
        assertEquals(List.of(), pids.psArgs());

        // Top: the ps options come after the id and are ps(1)'s, even when they look like ours (-f).
        var top = request(PsRequest.class, GO_RUNC, "ps", "--format", "table", ID, "-f");
        assertEquals(OutputFormat.TABLE, top.format());
        assertEquals(List.of("-f"), top.psArgs());

        var update = request(UpdateRequest.class, GO_RUNC, "update", "--resources=-", ID);
        assertEquals(ID, update.id());
        assertEquals(Optional.of(new ResourcesSource.StandardInput()), update.resources());

        var stats = request(EventsRequest.class, GO_RUNC, "events", "--stats", ID);
        assertTrue(stats.stats());
        assertEquals(Duration.ofSeconds(5), stats.interval());
        var events = request(EventsRequest.class, GO_RUNC, "events", "--interval=7s", ID);
        assertFalse(events.stats());
        assertEquals(Duration.ofSeconds(7), events.interval());

        var list = request(ListRequest.class, GO_RUNC, "list", "--format=json");
        assertEquals(OutputFormat.JSON, list.format());
        assertFalse(list.quiet());

        // The shim runs "features" without global options.
        assertInstanceOf(FeaturesRequest.class, request(FeaturesRequest.class, List.of(), "features"));
    }

    @Test
    void containerdCheckpoint() throws UsageException {
        var checkpoint = request(CheckpointRequest.class, GO_RUNC, "checkpoint", "--image-path", "/cp/img",
                "--work-path", "/cp/work", "--parent-path", "/cp/parent", "--tcp-established", "--ext-unix-sk",
                "--shell-job", "--page-server", "10.0.0.2:27", "--file-locks", "--manage-cgroups-mode", "soft",
                "--empty-ns", "network", "--empty-ns", "ipc", "--lazy-pages", "--status-fd", "3", "--leave-running",
                ID);
        assertEquals(ID, checkpoint.id());
        assertEquals(Optional.of(Path.of("/cp/img")), checkpoint.criu().imagePath());
        assertEquals(Optional.of(Path.of("/cp/work")), checkpoint.criu().workPath());
        assertEquals(Optional.of(Path.of("/cp/parent")), checkpoint.parentPath());
        assertTrue(checkpoint.criu().tcpEstablished());
        assertTrue(checkpoint.criu().externalUnixSockets());
        assertTrue(checkpoint.criu().shellJob());
        assertEquals(Optional.of("10.0.0.2:27"), checkpoint.pageServer());
        assertTrue(checkpoint.criu().fileLocks());
        assertEquals(Optional.of("soft"), checkpoint.criu().manageCgroupsMode());
        assertEquals(List.of("network", "ipc"), checkpoint.criu().emptyNamespaces());
        assertTrue(checkpoint.criu().lazyPages());
        assertEquals(3, checkpoint.statusFd());
        assertTrue(checkpoint.leaveRunning());
        assertFalse(checkpoint.preDump());

        var preDump = request(CheckpointRequest.class, GO_RUNC, "checkpoint", "--image-path", "/cp/img",
                "--pre-dump", ID);
        assertTrue(preDump.preDump());
        assertEquals(-1, preDump.statusFd());
    }

    @Test
    void containerdRestoreWithGoRuncsSingleDashNoSubreaper() throws UsageException {
        var restore = request(RestoreRequest.class, GO_RUNC, "restore", "--image-path", "/cp/img", "--work-path",
                "/cp/work", "--detach", "--pid-file", BUNDLE + "/init.pid", "--console-socket", "/tmp/pty/s.sock",
                "--no-pivot", "-no-subreaper", "--bundle", BUNDLE, ID);
        assertEquals(ID, restore.id());
        assertTrue(restore.noSubreaper());
        assertTrue(restore.detach());
        assertTrue(restore.noPivot());
        assertEquals(Path.of(BUNDLE), restore.bundle());
        assertEquals(Optional.of(Path.of(BUNDLE, "init.pid")), restore.pidFile());
        assertEquals(Optional.of(Path.of("/cp/img")), restore.criu().imagePath());
    }

    // ---- podman through conmon, and podman directly ---------------------------------------------------------

    /** podman's {@code --runtime-arg}s when the runtime is in {@code runtime_supports_json}. */
    private static final List<String> CONMON = List.of("--systemd-cgroup", "--log-format=json", "--log",
            "/run/containers/storage/overlay-containers/" + ID + "/userdata/oci-log");

    @Test
    void conmonCreate() throws UsageException {
        var call = parse(CONMON, "create", "--bundle", "/var/lib/containers/" + ID + "/userdata", "--pid-file",
                "/run/containers/" + ID + "/pidfile", "--no-new-keyring", "--preserve-fds", "1", "--console-socket",
                "/run/libpod/socket/" + ID + "/attach", ID);
        assertEquals(LogFormat.JSON, call.options().logFormat());
        assertTrue(call.options().systemdCgroup());
        var create = assertInstanceOf(CreateRequest.class, ((CommandLine.Execute) call.action()).request());
        assertEquals(ID, create.id());
        assertEquals(Path.of("/var/lib/containers/" + ID + "/userdata"), create.launch().bundle());
        assertTrue(create.launch().noNewKeyring());
        assertEquals(1, create.launch().preserveFds());
    }

    @Test
    void conmonExecWithRuntimeOptsAfterDetach() throws UsageException {
        var exec = request(ExecRequest.class, List.of("--log-format=json", "--log", "/run/oci-log"), "exec",
                "--pid-file", "/run/exec.pid", "--process", "/run/exec-process-spec", "--detach", "--preserve-fds",
                "2", "--console-socket", "/run/attach", ID);
        assertEquals(ID, exec.id());
        assertTrue(exec.detach());
        assertEquals(2, exec.preserveFds());
        assertEquals(Optional.of(Path.of("/run/exec-process-spec")), exec.process());
    }

    @Test
    void conmonRestore() throws UsageException {
        var restore = request(RestoreRequest.class, CONMON, "restore", "--bundle", "/b", "--pid-file", "/b/pid",
                "--no-pivot", "--detach", "--image-path", "/cp", "--work-path", "/b", "--tcp-established",
                "--file-locks", "--lsm-profile", "selinux:system_u:system_r:container_t:s0", ID);
        assertTrue(restore.detach());
        assertTrue(restore.criu().tcpEstablished());
        assertTrue(restore.criu().fileLocks());
        assertEquals(Optional.of("selinux:system_u:system_r:container_t:s0"), restore.lsmProfile());
    }

    @Test
    void podmanDirectCalls() throws UsageException {
        assertEquals(ID, request(StartRequest.class, List.of(), "start", ID).id());
        assertEquals(ID, request(StateRequest.class, List.of(), "state", ID).id());
        assertEquals(ID, request(PauseRequest.class, List.of(), "pause", ID).id());
        assertEquals(ID, request(ResumeRequest.class, List.of(), "resume", ID).id());
        assertTrue(request(DeleteRequest.class, List.of(), "delete", "--force", ID).force());
        var kill = request(KillRequest.class, List.of(), "kill", "--all", ID, "9");
        assertTrue(kill.all());
        assertEquals(9, kill.signal().number());

        var update = request(UpdateRequest.class, List.of(), "update", "--resources=/tmp/podman-res.json", ID);
        assertEquals(Optional.of(new ResourcesSource.File(Path.of("/tmp/podman-res.json"))), update.resources());

        var checkpoint = request(CheckpointRequest.class, List.of(), "checkpoint", "--image-path", "/cp",
                "--work-path", "/w", "--leave-running", "--tcp-established", "--file-locks", "--pre-dump",
                "--parent-path", "../pre-checkpoint", ID);
        assertTrue(checkpoint.preDump());
        // Kept as given: runc joins it to the image path (and refuses an absolute one), not to the working directory.
        assertEquals(Optional.of(Path.of("../pre-checkpoint")), checkpoint.parentPath());
    }

    // ---- CRI-O ------------------------------------------------------------------------------------------------

    private static final List<String> CRIO = List.of("--root", "/run/runc", "--systemd-cgroup");

    @Test
    void crioKillTakesNamesAndNumbers() throws UsageException {
        assertEquals(9, request(KillRequest.class, CRIO, "kill", ID, "KILL").signal().number());
        assertEquals(15, request(KillRequest.class, CRIO, "kill", ID, "15").signal().number());
        var all = request(KillRequest.class, CRIO, "kill", "-a", ID, "9");
        assertTrue(all.all());
        assertEquals(9, all.signal().number());
        // A stop signal as an image may give it.
        assertEquals(37, request(KillRequest.class, CRIO, "kill", ID, "SIGRTMIN+3").signal().number());
    }

    @Test
    void crioStreamingExecStaysAttached() throws UsageException {
        var exec = request(ExecRequest.class, CRIO, "exec", "--process", "/tmp/exec-process-123", ID);
        assertFalse(exec.detach());
        assertEquals(Optional.of(Path.of("/tmp/exec-process-123")), exec.process());
    }

    @Test
    void crioUpdateFromStdinAndOtherCalls() throws UsageException {
        var update = request(UpdateRequest.class, CRIO, "update", "--resources", "-", ID);
        assertEquals(Optional.of(new ResourcesSource.StandardInput()), update.resources());
        assertTrue(request(DeleteRequest.class, CRIO, "delete", "--force", ID).force());
        var checkpoint = request(CheckpointRequest.class, CRIO, "checkpoint", "--file-locks", "--image-path",
                "/cp", "--work-path", "/w", "--leave-running", ID);
        assertTrue(checkpoint.criu().fileLocks());
        assertTrue(checkpoint.leaveRunning());
        assertEquals(Optional.of(Path.of("/run/runc")), parse(CRIO, "start", ID).options().root());
    }

    // ---- the whole command line, in-process ---------------------------------------------------------------------

    static List<List<String>> lifecycleCalls() {
        return List.of(
                List.of("create", "--bundle", BUNDLE, "--pid-file", BUNDLE + "/init.pid", ID),
                List.of("start", ID),
                List.of("state", ID),
                List.of("kill", ID, "KILL"),
                List.of("delete", "--force", ID),
                List.of("exec", "--process", "/tmp/p.json", "--detach", ID),
                List.of("ps", "--format", "json", ID),
                List.of("pause", ID),
                List.of("resume", ID),
                List.of("events", "--stats", ID),
                List.of("update", "--resources=-", ID),
                List.of("list", "--format=json"),
                List.of("run", "--bundle", BUNDLE, ID),
                List.of("checkpoint", "--image-path", "/cp", ID),
                List.of("restore", "--image-path", "/cp", "--bundle", BUNDLE, ID));
    }

    /**
     * Against an empty state root, each engine-shaped call fails through the normal error path: nothing on
     * stdout, one line on stderr, and exactly that message as the one JSON error record in the log (podman reads
     * the whole file as one object; containerd takes the last error record). {@code list} succeeds with runc's
     * {@code null}, and {@code delete --force}, as runc's, says nothing.
     */
    @ParameterizedTest
    @MethodSource("lifecycleCalls")
    void lifecycleCallsOnNoContainerFailWithOneErrorRecord(List<String> call, @TempDir Path dir) throws Exception {
        Path log = dir.resolve("log.json");
        var args = Stream.concat(Stream.of("--root", dir.resolve("state").toString(), "--log", log.toString(),
                "--log-format", "json"), call.stream()).toArray(String[]::new);
        Hako.Result result = Hako.runWithInput(dir, "{}", args);
        if (call.getFirst().equals("list")) {
            assertEquals(0, result.status(), result::toString);
            assertEquals("null\n", result.out());
            return;
        }
        if (call.getFirst().equals("delete")) {
            // runc: a container that is not there is deleted already, and --force says nothing of it.
            assertEquals(0, result.status(), result::toString);
            assertEquals("", result.out() + result.err());
            assertFalse(Files.exists(log), "no error record");
            return;
        }
        // exec's own failures exit 255, as runc's, so that callers tell them from the process's status.
        assertEquals(call.getFirst().equals("exec") ? 255 : 1, result.status(), result::toString);
        assertEquals("", result.out());
        String message = result.err().strip();
        assertFalse(message.isEmpty() || message.contains("\n"), result::toString);
        if (List.of("start", "state", "kill", "delete").contains(call.getFirst())) {
            assertEquals("container does not exist", message);
        }
        List<String> records = Files.readAllLines(log);
        assertEquals(1, records.size(), records::toString);
        assertTrue(records.getFirst().startsWith("{\"level\":\"error\",\"msg\":\"" + message.replace("\"", "\\\"")
                + "\",\"time\":\""), records.getFirst());
    }
}
