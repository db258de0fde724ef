package io.hako.cli.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.oci.OciJson;
import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Spec;
import io.hako.oci.config.Syscall;
import io.hako.oci.state.ContainerProcessState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seccomp as runc 1.1.5 applies it: the ENOSYS stub, SCMP_ACT_NOTIFY's limits, and the listeners of exec. */
class SeccompIT {
    private static final Path UNISTD_64 = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");

    @TempDir
    Path dir;
    SideBySide both;

    @BeforeEach
    void runtimes() {
        both = SideBySide.in(dir);
    }

    private static Spec withSeccomp(Spec spec, Seccomp seccomp) {
        return spec.withLinux(spec.linux().withSeccomp(seccomp));
    }

    /**
     * An allow list as engines' profiles are: every x86_64 call older than clone3 but getpriority, on the three
     * architectures Docker lists. clone3 and a number no kernel has are newer than all it names: ENOSYS, so that
     * libc falls back; getpriority, left out but older, gets the default errno.
     */
    @Test
    void aCallNewerThanEveryNamedOneFailsWithEnosys() throws Exception {
        assumeTrue(Files.isReadable(UNISTD_64), "needs the kernel's x86_64 syscall table (linux-libc-dev)");
        List<String> names = new ArrayList<>();
        Matcher define = Pattern.compile("(?m)^#define __NR_(\\w+) (\\d+)$").matcher(Files.readString(UNISTD_64));
        while (define.find()) {
            if (Integer.parseInt(define.group(2)) < 435 && !define.group(1).equals("getpriority")) {
                names.add(define.group(1));
            }
        }
        var profile = new Seccomp("SCMP_ACT_ERRNO", null, List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86",
                "SCMP_ARCH_X32"), null, null, null, List.of(new Syscall(names, "SCMP_ACT_ALLOW", null, null, null)),
                null);
        Path bundle = BusyboxBundle.make(dir, "true", spec -> withSeccomp(spec.withProcess(spec.process()
                .withArgs(List.of("/probe"))), profile));
        Files.copy(TestPrograms.build("enosys_probe", true), bundle.resolve("rootfs/probe"));
        assertEquals("syscall1000 -1 38\nclone3 -1 38\ngetpriority -1 1\n",
                both.run(bundle, "seccomp14-enosys").bothSucceedAlike());
    }

    @Test
    void notifyOnWriteIsRefusedInRuncsWords() throws Exception {
        var profile = new Seccomp("SCMP_ACT_ALLOW", null, null, null, dir.resolve("no-agent.sock").toString(), null,
                List.of(new Syscall(List.of("getpid", "write"), "SCMP_ACT_NOTIFY", null, null, null)), null);
        Path bundle = BusyboxBundle.make(dir, "echo ran", spec -> withSeccomp(spec, profile));
        SideBySide.Pair run = both.run(bundle, "seccomp14-notify-write");
        for (SideBySide.Result result : List.of(run.runc(), run.hako())) {
            assertNotEquals(0, result.status(), run.toString());
            assertEquals("", result.out(), run.toString());
            assertTrue(result.err().contains("SCMP_ACT_NOTIFY cannot be used for the write syscall"), run.toString());
        }
    }

    /** A listenerPath is only used when a rule notifies: this one names a socket nobody listens on. */
    @Test
    void withoutANotifyRuleNoListenerIsSent() throws Exception {
        var profile = new Seccomp("SCMP_ACT_ALLOW", null, null, null, dir.resolve("no-agent.sock").toString(), null,
                List.of(new Syscall(List.of("mkdir"), "SCMP_ACT_ERRNO", 18L, null, null)), null);
        Path bundle = BusyboxBundle.make(dir, "mkdir /tmp/x 2>&1", spec -> withSeccomp(spec, profile));
        assertTrue(both.run(bundle, "seccomp14-no-notify").sameOutput().endsWith("Invalid cross-device link\n"));
    }

    /**
     * The process exec starts gets the container's filter, and with it a listener of its own, which goes to the
     * agent as the init's did: the container process state names the exec'd process, and the container running.
     */
    @Test
    void anExecdProcessesListenerReachesTheAgent() throws Exception {
        Path agentBinary = TestPrograms.build("seccomp_agent", false);
        List<ContainerProcessState> execListeners = new ArrayList<>();
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String id = "seccomp14-exec-notify-" + runtime.name();
            Path socket = dir.resolve(runtime.name() + ".sock");
            Path states = Files.createDirectory(dir.resolve(runtime.name() + "-states"));
            var profile = new Seccomp("SCMP_ACT_ALLOW", null, null, null, socket.toString(), "seccomp14",
                    List.of(new Syscall(List.of("mkdir", "mkdirat"), "SCMP_ACT_NOTIFY", null, null, null)), null);
            Path bundle = BusyboxBundle.make(dir, "sleep 600", spec -> withSeccomp(spec, profile));
            Process agent = new ProcessBuilder(agentBinary.toString(), socket.toString(), states.toString(), "18")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                var agentOut = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("ready", agentOut.readLine());
                var run = runtime.call(bundle, "run", "-d", "--bundle", bundle.toString(), id);
                assertEquals(0, run.status(), run.toString());
                assertTrue(Files.exists(states.resolve("1.json")), "the init's listener came during create");
                var exec = runtime.call(bundle, "exec", id, "sh", "-c", "mkdir /tmp/x; echo $?");
                assertEquals(0, exec.status(), exec.toString());
                assertEquals("1\n", exec.out(), exec.toString());
                // The agent answered with EXDEV, not the kernel with ENOSYS for a listener nobody holds.
                assertTrue(exec.err().contains("Invalid cross-device link"), exec.toString());
                // Saved before the answer, which the exec'd process waited for before it exited.
                Path second = states.resolve("2.json");
                assertTrue(Files.exists(second), runtime.name() + ": the exec's listener reached the agent");
                var state = OciJson.read(Files.readAllBytes(second), ContainerProcessState.class);
                int initPid = OciJson.read(runtime.call(bundle, "state", id).out().getBytes(StandardCharsets.UTF_8),
                        io.hako.oci.state.State.class).pid();
                assertEquals(List.of("seccompFd"), state.fds());
                assertEquals("seccomp14", state.metadata());
                assertEquals(id, state.state().id());
                assertEquals(initPid, state.state().pid(), "the state is the container's");
                assertNotEquals(initPid, state.pid(), "the process is the exec'd one");
                assertEquals(bundle.toString(), state.state().bundle());
                execListeners.add(state);
            } finally {
                runtime.call(bundle, "delete", "--force", id);
                agent.destroyForcibly().waitFor();
            }
            SideBySide.assertNothingLeft(runtime, bundle, id);
        }
        assertEquals(execListeners.get(0).state().status(), execListeners.get(1).state().status());
        assertEquals("running", execListeners.get(1).state().status());
    }
}
