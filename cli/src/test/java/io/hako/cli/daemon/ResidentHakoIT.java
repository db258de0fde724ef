package io.hako.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cli.PackagedHako;
import io.hako.cli.sidebyside.BusyboxBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client and the resident hako: a call the resident hako takes prints and exits exactly as the cold path
 * does, and every way the hand-over can fail (no resident hako, another build, another uid, one that ends during
 * the call) leaves the caller with the cold path's result or a clear error.
 */
class ResidentHakoIT {
    private static final Path DIST = PackagedHako.DIST;
    private static final Path CLIENT = PackagedHako.CLIENT;

    @TempDir
    Path dir;
    private Daemon daemon;
    private Thread serving;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void check() {
        assumeTrue("root".equals(System.getProperty("user.name")), "containers need root");
        assumeTrue(Files.isExecutable(CLIENT), "needs the packaged client at " + CLIENT);
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
            serving.join(5000);
        }
        for (Process process : started) {
            process.destroyForcibly().waitFor();
        }
        call(null, "--root", dir.resolve("state").toString(), "delete", "--force", "warm");
    }

    /** A resident hako in this JVM, of {@code build}, at dir/daemon/sock. */
    private Path startDaemon(String build) throws Exception {
        Path socket = dir.resolve("daemon/sock");
        daemon = Daemon.listen(socket, build, message -> { });
        serving = Thread.ofPlatform().start(() -> {
            try {
                daemon.serve(Duration.ZERO);
            } catch (Exception e) {
                // closed by the test
            }
        });
        return socket;
    }

    private static String thisBuild() throws IOException {
        // What the client was built with: the launcher's --version says it.
        Process version = new ProcessBuilder(DIST.resolve("bin/hako-jvm").toString(), "--version").start();
        List<String> lines = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        return lines.get(0).substring("hako version ".length()) + "+" + lines.get(1).substring("commit: ".length());
    }

    record Result(int status, String out, String err) {}

    /** The client with {@code args}; warm through {@code socket}, cold when it is null. */
    private Result call(Path socket, String... args) throws Exception {
        return call(socket, Map.of(), args);
    }

    /** The client with {@code input} as its stdin. */
    private Result callWithInput(Path socket, String input, String... args) throws Exception {
        Path in = Files.writeString(Files.createTempFile(dir, "in", ""), input);
        return call(socket, Map.of(), in, args);
    }

    private Result call(Path socket, Map<String, String> extraEnv, String... args) throws Exception {
        return call(socket, extraEnv, null, args);
    }

    private Result call(Path socket, Map<String, String> extraEnv, Path stdin, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(CLIENT.toString()));
        argv.addAll(List.of(args));
        return run(socket, extraEnv, stdin, argv);
    }

    /** The client with {@code args}, exec'd by {@code sh -c PREPARE} (the shell's descriptors and pid its own). */
    private Result callThroughShell(Path socket, String prepare, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", prepare + " exec \"$0\" \"$@\"",
                CLIENT.toString()));
        argv.addAll(List.of(args));
        return run(socket, Map.of(), null, argv);
    }

    private Result run(Path socket, Map<String, String> extraEnv, Path stdin, List<String> argv) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().putAll(extraEnv);
        if (socket == null) {
            builder.environment().put("HAKO_DAEMON", "off");
        } else {
            builder.environment().put("HAKO_DAEMON_SOCKET", socket.toString());
        }
        Path out = Files.createTempFile(dir, "out", "");
        Path err = Files.createTempFile(dir, "err", "");
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", argv) + " hung");
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Log records differ by their time only. */
    private static Result timeless(Result result) {
        return new Result(result.status(), result.out(), result.err().replaceAll("time=\"[^\"]+\"", "time=T")
                .replaceAll("\"time\":\"[^\"]+\"", "\"time\":T"));
    }

    @Test
    void whatTheResidentHakoRunsPrintsAndExitsAsTheColdPath() throws Exception {
        Path socket = startDaemon(thisBuild());
        Path bundle = BusyboxBundle.make(dir, "sleep 60", spec -> spec);
        String root = dir.resolve("state").toString();
        assertEquals(0, call(null, "--root", root, "create", "--bundle", bundle.toString(), "warm").status());
        List<List<String>> calls = List.of(
                List.of("--version"), List.of("--root", root, "state", "warm"), List.of("--root", root, "list"),
                List.of("--root", root, "list", "--format", "json"), List.of("--root", root, "state", "nosuch"),
                List.of("--root", root, "ps", "--format", "json", "warm"), List.of("--root", root, "ps", "warm"),
                List.of("--root", root, "ps", "warm", "-o", "pid,comm"), List.of("--root", root, "nosuch"),
                List.of("--root", root, "kill", "warm", "0"), List.of("features"),
                List.of("--root", root, "--log-format", "json", "start", "nosuch"));
        for (List<String> args : calls) {
            long before = daemon.served();
            Result warm = timeless(call(socket, args.toArray(String[]::new)));
            assertEquals(before + 1, daemon.served(), "taken by the resident hako: " + args);
            Result cold = timeless(call(null, args.toArray(String[]::new)));
            assertEquals(cold, warm, String.join(" ", args));
        }
        // start and delete of a container without hooks are taken too; its state changes as with the cold path.
        long before = daemon.served();
        assertEquals(0, call(socket, "--root", root, "start", "warm").status());
        assertEquals("running", status(call(socket, "--root", root, "state", "warm")));
        assertEquals(0, call(socket, "--root", root, "delete", "--force", "warm").status());
        assertEquals(before + 3, daemon.served());
        assertEquals(1, call(null, "--root", root, "state", "warm").status(), "deleted");
    }

    private static String status(Result state) {
        return state.out().replaceAll("(?s).*\"status\": \"([a-z]+)\".*", "$1");
    }

    @Test
    void aForegroundRunOrExecRunsWarmAndEndsAsTheColdPath() throws Exception {
        Path socket = startDaemon(thisBuild());
        String root = dir.resolve("state").toString();
        Path bundle = BusyboxBundle.make(dir, "echo from the container; exit 3", spec -> spec);
        for (Path side : new Path[] {socket, null}) {
            Result run = call(side, "--root", root, "run", "--bundle", bundle.toString(), "warm");
            assertEquals(new Result(3, "from the container\n", ""), run, side == null ? "cold" : "warm");
        }
        assertEquals(1, daemon.served(), "the foreground run is taken");
        Path terminal = BusyboxBundle.make(Files.createDirectories(dir.resolve("tty")), "tty; exit 2",
                spec -> spec.withProcess(spec.process().withTerminal(true)));
        List<Result> runs = new ArrayList<>();
        for (Path side : new Path[] {socket, null}) {
            runs.add(call(side, "--root", root, "run", "--bundle", terminal.toString(), "warm"));
        }
        assertEquals(new Result(2, "/dev/pts/0\r\n", ""), runs.get(0), "run with a terminal, relayed warm");
        assertEquals(runs.get(1), runs.get(0), "warm and cold");

        Path sleeping = BusyboxBundle.make(Files.createDirectories(dir.resolve("sleeping")), "sleep 60", spec -> spec);
        assertEquals(0, call(null, "--root", root, "run", "-d", "--bundle", sleeping.toString(), "warm").status());
        long before = daemon.served();
        List<Result> execs = new ArrayList<>();
        for (Path side : new Path[] {socket, null}) {
            execs.add(call(side, "--root", root, "exec", "warm", "sh", "-c", "echo in $(hostname); exit 4"));
            // The terminal's input is the caller's stdin, relayed: the line is echoed by the pty, then read.
            execs.add(callWithInput(side, "hello\n", "--root", root, "exec", "-t", "warm", "sh", "-c",
                    "read line; echo \"got $line\"; exit 5"));
        }
        assertEquals(before + 2, daemon.served(), "both foreground execs are taken");
        assertEquals(new Result(4, "in " + hostname(sleeping) + "\n", ""), execs.get(0));
        assertEquals(new Result(5, "hello\r\ngot hello\r\n", ""), execs.get(1));
        assertEquals(execs.subList(0, 2), execs.subList(2, 4), "warm and cold");
    }

    private static String hostname(Path bundle) throws IOException {
        return Files.readString(bundle.resolve("config.json")).replaceAll("(?s).*\"hostname\": *\"([^\"]*)\".*",
                "$1");
    }

    @Test
    void theCallersDescriptorsArePassedOnWarmAsCold() throws Exception {
        Path socket = startDaemon(thisBuild());
        String root = dir.resolve("state").toString();
        Path three = Files.writeString(dir.resolve("three"), "from descriptor 3\n");
        Path four = Files.writeString(dir.resolve("four"), "from descriptor 4\n");
        Path bundle = BusyboxBundle.make(dir, "echo \"$LISTEN_FDS $LISTEN_PID\"; cat <&3; cat <&4",
                spec -> spec);
        Path sleeping = BusyboxBundle.make(Files.createDirectories(dir.resolve("sleeping")), "sleep 60",
                spec -> spec);
        assertEquals(0, call(null, "--root", root, "run", "-d", "--bundle", sleeping.toString(), "warm").status());
        List<Result> results = new ArrayList<>();
        for (Path side : new Path[] {socket, null}) {
            // The shell opens 3 and 4 and execs the client, which keeps its pid for LISTEN_PID.
            String opened = "exec 3<" + three + " 4<" + four + ";";
            results.add(callThroughShell(side, opened, "--root", root, "exec", "--preserve-fds", "2", "warm", "sh",
                    "-c", "cat <&3; cat <&4"));
            results.add(callThroughShell(side, opened + " export LISTEN_FDS=1 LISTEN_PID=$$;", "--root", root, "run",
                    "--preserve-fds", "1", "--bundle", bundle.toString(), "passed"));
        }
        assertEquals(2, daemon.served(), "both taken");
        assertEquals(new Result(0, "from descriptor 3\nfrom descriptor 4\n", ""), results.get(0));
        assertEquals(new Result(0, "1 1\nfrom descriptor 3\nfrom descriptor 4\n", ""), results.get(1));
        assertEquals(results.subList(0, 2), results.subList(2, 4), "warm and cold");
    }

    @Test
    void aForegroundExecGetsTheCallersSignalsWarmAsCold() throws Exception {
        Path socket = startDaemon(thisBuild());
        String root = dir.resolve("state").toString();
        Path sleeping = BusyboxBundle.make(dir, "sleep 60", spec -> spec);
        assertEquals(0, call(null, "--root", root, "run", "-d", "--bundle", sleeping.toString(), "warm").status());
        for (Path side : new Path[] {socket, null}) {
            List<String> argv = List.of(CLIENT.toString(), "--root", root, "exec", "warm", "sh", "-c",
                    "trap 'echo got TERM; exit 7' TERM; echo ready; while :; do sleep 1 & wait; done");
            ProcessBuilder builder = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put(side == null ? "HAKO_DAEMON" : "HAKO_DAEMON_SOCKET",
                    side == null ? "off" : side.toString());
            Process exec = builder.start();
            started.add(exec);
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(exec.getInputStream(),
                    StandardCharsets.UTF_8));
            String mode = side == null ? "cold" : "warm";
            // Once the process runs, a signal to its caller is its own: passed on, or held until it runs.
            assertEquals("ready", out.readLine(), mode);
            exec.toHandle().destroy(); // SIGTERM to the caller (Process.destroy would close the streams)
            assertEquals("got TERM", out.readLine(), mode);
            assertTrue(exec.waitFor(60, TimeUnit.SECONDS));
            assertEquals(7, exec.exitValue(), mode);
        }
        assertEquals(1, daemon.served());
    }

    @Test
    void createExecAndHooksRunWarmWithTheirProcessesStartedByTheCaller() throws Exception {
        Path socket = startDaemon(thisBuild());
        Path marks = Files.createDirectories(dir.resolve("marks"));
        Path hook = dir.resolve("hook");
        Files.writeString(hook, "#!/bin/sh\necho \"$1 $PPID\" > " + marks + "/$1\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bundle = BusyboxBundle.make(dir, "sleep 60", spec -> spec.withHooks(new io.hako.oci.config.Hooks(
                List.of(hookOf(hook, "prestart")), null, null, null, List.of(hookOf(hook, "poststart")),
                List.of(hookOf(hook, "poststop")), null)));
        String root = dir.resolve("state").toString();
        Path pidFile = dir.resolve("init.pid");
        Result created = call(socket, "--root", root, "create", "--pid-file", pidFile.toString(), "--bundle",
                bundle.toString(), "warm");
        assertEquals(new Result(0, "", ""), created);
        assertEquals(1, daemon.served(), "create is taken");
        // The init is the caller's (the client's, now gone) and never the resident hako's.
        int init = Integer.parseInt(Files.readString(pidFile).strip());
        assertTrue(ProcessHandle.of(init).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                .filter(parent -> parent == ProcessHandle.current().pid()).isEmpty(), "the init's parent");
        assertTrue(Files.exists(marks.resolve("prestart")), "prestart ran");
        assertEquals(0, call(socket, "--root", root, "start", "warm").status());
        assertTrue(Files.exists(marks.resolve("poststart")), "poststart ran");
        Path execPid = dir.resolve("exec.pid");
        assertEquals(0, call(socket, "--root", root, "exec", "--detach", "--pid-file", execPid.toString(), "warm",
                "sleep", "30").status());
        assertTrue(ProcessHandle.of(Long.parseLong(Files.readString(execPid).strip())).isPresent(), "exec'd");
        assertEquals(0, call(socket, "--root", root, "delete", "--force", "warm").status());
        assertTrue(Files.exists(marks.resolve("poststop")), "poststop ran");
        assertEquals(4, daemon.served(), "create, start, exec --detach and delete");
        // Each hook ran as a child of a client, not of the resident hako (this JVM).
        for (String kind : List.of("prestart", "poststart", "poststop")) {
            long parent = Long.parseLong(Files.readString(marks.resolve(kind)).strip().split(" ")[1]);
            assertTrue(parent != ProcessHandle.current().pid(), kind + "'s parent " + parent);
        }
    }

    private static io.hako.oci.config.Hook hookOf(Path path, String kind) {
        return new io.hako.oci.config.Hook(path.toString(), List.of(path.toString(), kind), null, null, null);
    }

    @Test
    void withoutAResidentHakoOrOfAnotherBuildTheCallRunsCold() throws Exception {
        Result cold = call(null, "--version");
        assertEquals(cold, call(dir.resolve("nobody/sock"), "--version"), "no socket");
        Path socket = startDaemon("another build");
        assertEquals(cold, call(socket, "--version"));
        assertEquals(0, daemon.served(), "another build's client runs cold");
    }

    @Test
    void aCallerOfAnotherUidIsNotServed() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs util-linux's setpriv");
        Path socket = startDaemon(thisBuild());
        // The socket's directory is only its owner's; opened here so that the resident hako's own check is seen.
        Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rwxrwxrwx"));
        Process process = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "env", "HAKO_DAEMON_SOCKET=" + socket, CLIENT.toString(), "--version").start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertTrue(out.startsWith("hako version "), out);
        assertEquals(0, daemon.served(), "refused, and run cold by the caller");
    }

    @Test
    void manyCallersAtOnceAreEachServed() throws Exception {
        Path socket = startDaemon(thisBuild());
        String root = dir.resolve("state").toString();
        Path sleeping = BusyboxBundle.make(Files.createDirectories(dir.resolve("sleeping")), "sleep 60",
                spec -> spec);
        Path echoing = BusyboxBundle.make(Files.createDirectories(dir.resolve("echoing")), "echo ran; exit 6",
                spec -> spec);
        assertEquals(0, call(null, "--root", root, "run", "-d", "--bundle", sleeping.toString(), "warm").status());
        long before = daemon.served();
        try (var calls = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Result>> execs = new ArrayList<>();
            List<java.util.concurrent.Future<Result>> runs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                execs.add(calls.submit(() -> call(socket, "--root", root, "exec", "warm", "sh", "-c",
                        "echo exec " + n + "; exit " + n)));
            }
            for (int i = 0; i < 10; i++) {
                int n = i;
                runs.add(calls.submit(() -> call(socket, "--root", root, "run", "--bundle", echoing.toString(),
                        "many-" + n)));
            }
            for (int i = 0; i < execs.size(); i++) {
                assertEquals(new Result(i, "exec " + i + "\n", ""), execs.get(i).get(120, TimeUnit.SECONDS));
            }
            for (var run : runs) {
                assertEquals(new Result(6, "ran\n", ""), run.get(120, TimeUnit.SECONDS));
            }
        }
        assertEquals(before + 30, daemon.served(), "every call taken");
        assertEquals("warm\n", call(socket, "--root", root, "list", "--quiet").out(), "every run deleted itself");
    }

    @Test
    void aUserWithoutRootGetsAResidentHakoOfTheirOwn() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs util-linux's setpriv");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        Files.setAttribute(runtime, "unix:uid", 65534);
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        List<String> asNobody = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "env", "-i", "PATH=/usr/bin:/bin", "XDG_RUNTIME_DIR=" + runtime);
        List<String> daemonArgv = new ArrayList<>(asNobody);
        daemonArgv.addAll(List.of(DIST.resolve("bin/hako-daemon").toString(), "--idle-timeout", "0"));
        Path log = dir.resolve("daemon.log");
        Process resident = new ProcessBuilder(daemonArgv).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        started.add(resident);
        // Where the client of a user without root looks: under the user's runtime directory, as runc's state.
        Path socket = runtime.resolve("hako/@daemon/sock");
        while (!Files.exists(socket)) {
            assertTrue(resident.isAlive(), () -> "the resident hako ended: " + read(log));
            Thread.onSpinWait();
        }
        List<String> listArgv = new ArrayList<>(asNobody);
        listArgv.addAll(List.of(CLIENT.toString(), "list", "--quiet"));
        Process list = new ProcessBuilder(listArgv).redirectErrorStream(true).start();
        String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(list.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, list.exitValue(), out);
        assertEquals("", out, "no containers, and not the resident hako's directory");
        resident.toHandle().destroy();
        assertTrue(resident.waitFor(30, TimeUnit.SECONDS));
        assertTrue(read(log).contains("hako daemon: ended after 1 calls"), read(log));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void aResidentHakoThatEndsDuringACallIsAnErrorNotARetry() throws Exception {
        Path socket = dir.resolve("packaged/sock");
        Process resident = new ProcessBuilder(DIST.resolve("bin/hako-daemon").toString(), "--socket",
                socket.toString()).redirectErrorStream(true).start();
        started.add(resident);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(socket) && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the JVM's start: the socket is the sign it is up
        }
        assumeTrue(Files.exists(socket), "the resident hako did not come up");
        Path bundle = BusyboxBundle.make(dir, "sleep 60", spec -> spec);
        String root = dir.resolve("state").toString();
        assertEquals(0, call(null, "--root", root, "create", "--bundle", bundle.toString(), "warm").status());
        // update --resources - reads the caller's stdin: the resident hako waits on it while it ends.
        ProcessBuilder builder = new ProcessBuilder(CLIENT.toString(), "--root", root, "update", "--resources", "-",
                "warm");
        builder.environment().put("HAKO_DAEMON_SOCKET", socket.toString());
        Process update = builder.start();
        started.add(update);
        var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(update.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        // The call has arrived when the resident hako holds the client's stdin.
        String stdin = Files.readSymbolicLink(Path.of("/proc/" + update.pid() + "/fd/0")).toString();
        while (!holds(resident.pid(), stdin)) {
            Thread.onSpinWait();
        }
        resident.destroyForcibly().waitFor();
        assertTrue(update.waitFor(30, TimeUnit.SECONDS), "the client waits for nothing once its peer is gone");
        assertEquals(1, update.exitValue());
        update.getOutputStream().close();
        String err = stderr.get(30, TimeUnit.SECONDS);
        assertTrue(err.contains("the resident hako ended during the call"), err);
    }

    /** Whether process {@code pid} has a descriptor on {@code file} (a link text such as pipe:[123]). */
    private static boolean holds(long pid, String file) throws IOException {
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(file);
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            });
        }
    }
}
