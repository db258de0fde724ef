package io.hako.cli.faults;

import static io.hako.cli.PackagedHako.CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cli.PackagedHako;
import io.hako.cli.sidebyside.BusyboxBundle;
import io.hako.cli.sidebyside.SideBySide;
import io.hako.oci.config.Hook;
import io.hako.oci.config.Hooks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A create killed part-way (hako itself, or the resident hako that runs it) leaves a container that state and list
 * describe truthfully — creating while it runs, stopped once its creator is gone — and that delete --force removes
 * entirely: its cgroups in every hierarchy, its processes, its state. The kill comes while a createRuntime hook
 * runs, when the cgroup and the init exist and create has not finished.
 */
class KilledCreateIT {
    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();
    private final List<Long> hooks = new ArrayList<>();

    @BeforeEach
    void check() {
        PackagedHako.assumeContainersRun();
    }

    @AfterEach
    void stop() {
        hooks.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aColdCreateKilledPartWayIsDeletedWithoutARest() throws Exception {
        Path bundle = bundle("killed-cold");
        Process create = client(Map.of("HAKO_DAEMON", "off"), "create", "--bundle", bundle.toString(),
                "killed-cold");
        awaitHook();
        assertEquals("creating", status("killed-cold"), "its creator still runs");
        create.destroyForcibly().waitFor(); // SIGKILL: no clean-up of its own
        assertDeletedWithoutARest(bundle, "killed-cold");
    }

    @Test
    void aCreateWhoseResidentHakoIsKilledPartWayIsDeletedWithoutARest() throws Exception {
        Path socket = dir.resolve("daemon/sock");
        Process resident = PackagedHako.startResident(socket, dir.resolve("daemon.log"));
        started.add(resident);
        Path bundle = bundle("killed-warm");
        Process create = client(Map.of("HAKO_DAEMON_SOCKET", socket.toString()), "create", "--bundle",
                bundle.toString(), "killed-warm");
        awaitHook();
        assertEquals("creating", status("killed-warm"));
        resident.destroyForcibly().waitFor();
        assertTrue(create.waitFor(60, TimeUnit.SECONDS), "the client ends with its resident hako");
        assertEquals(1, create.exitValue());
        String err = new String(create.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(err.contains("the resident hako ended during the call"), err);
        assertDeletedWithoutARest(bundle, "killed-warm");
    }

    private void assertDeletedWithoutARest(Path bundle, String id) throws Exception {
        assertEquals("stopped", status(id), "its creator is gone");
        assertTrue(call("list").contains(id), "listed");
        assertEquals("", call("delete", "--force", id));
        SideBySide.assertNothingLeft(new SideBySide.Runtime("hako", List.of(CLIENT.toString()), state()), bundle,
                id);
    }

    /** A bundle whose createRuntime hook tells the test it runs (its pid), then waits to be killed. */
    private Path bundle(String id) throws IOException {
        Path hook = dir.resolve("hook");
        Files.writeString(hook, "#!/bin/sh\necho $$ > " + dir.resolve("hook.pid.tmp") + "\nmv " + dir.resolve(
                "hook.pid.tmp") + " " + dir.resolve("hook.pid") + "\nexec sleep 600\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        Hook createRuntime = new Hook(hook.toString(), List.of(hook.toString()), null, null, null);
        return BusyboxBundle.make(dir, "sleep 600; : " + id, spec -> spec.withHooks(new Hooks(null,
                List.of(createRuntime), null, null, null, null, null)));
    }

    private void awaitHook() throws IOException {
        Path pidFile = dir.resolve("hook.pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(pidFile)) {
            assertTrue(System.nanoTime() < deadline, "the createRuntime hook never ran");
            Thread.onSpinWait();
        }
        hooks.add(Long.parseLong(Files.readString(pidFile).strip()));
    }

    private Path state() {
        return dir.resolve("state");
    }

    private Process client(Map<String, String> env, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(CLIENT.toString(), "--root", state().toString()));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** A cold call's stdout; it must succeed. */
    private String call(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(CLIENT.toString(), "--root", state().toString()));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("HAKO_DAEMON", "off");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", args) + " hung");
        assertEquals(0, process.exitValue(), String.join(" ", args) + ": " + out);
        return out;
    }

    private String status(String id) throws Exception {
        return call("state", id).replaceAll("(?s).*\"status\": \"([a-z]+)\".*", "$1");
    }
}
