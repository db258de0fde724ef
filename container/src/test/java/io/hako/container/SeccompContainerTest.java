package io.hako.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Spec;
import io.hako.oci.config.Syscall;
import io.hako.oci.config.SyscallArg;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seccomp filters in real containers: compiled by libseccomp in the JVM, loaded by the stage. */
class SeccompContainerTest {
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

    private static Spec withFilter(Spec spec, Seccomp seccomp, boolean noNewPrivileges) {
        return spec.withProcess(spec.process().withNoNewPrivileges(noNewPrivileges))
                .withLinux(spec.linux().withSeccomp(seccomp));
    }

    /** With no_new_privs the filter is loaded just before the exec, without it before the uid change. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void errnoRulesAndArgumentConditionsHoldInTheContainer(boolean noNewPrivileges) throws Exception {
        var seccomp = new Seccomp("SCMP_ACT_ALLOW", null, List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"), null, null,
                null, List.of(
                        new Syscall(List.of("mkdir", "mkdirat"), "SCMP_ACT_ERRNO", 18L, null, null),
                        // kill(pid, 0) is refused; other signals are not.
                        new Syscall(List.of("kill"), "SCMP_ACT_ERRNO", 1L,
                                List.of(new SyscallArg(1, 0, null, "SCMP_CMP_EQ", null)), null)),
                null);
        String script = String.join("\n",
                "exec > /out/facts 2>&1",
                "mkdir /tmp/x; echo mkdir=$?",
                "kill -0 $$; echo kill0=$?",
                "kill -CONT $$; echo cont=$?",
                "grep -E '^(Seccomp|NoNewPrivs):' /proc/self/status");
        Path bundle = Bundles.busybox(dir, script, spec -> withFilter(spec, seccomp, noNewPrivileges));
        containers.create("filtered", bundle, CreateOptions.DEFAULTS);
        // The compiled filter is kept for the next create, beside the containers but never one of them.
        try (var kept = Files.list(dir.resolve("state/@cache/seccomp"))) {
            assertEquals(1, kept.count());
        }
        assertEquals(List.of("filtered"), containers.list().stream().map(ContainerInfo::id).toList());
        containers.start("filtered");
        assertEquals(0, containers.waitForExit("filtered"));
        String facts = Files.readString(dir.resolve("out/facts"));
        assertTrue(facts.contains("Invalid cross-device link") && facts.contains("mkdir=1"), facts);
        assertTrue(facts.contains("kill0=1") && facts.contains("cont=0"), facts);
        assertTrue(facts.matches("(?s).*Seccomp:\\s+2\n.*"), facts);
        assertTrue(facts.matches("(?s).*NoNewPrivs:\\s+" + (noNewPrivileges ? 1 : 0) + "\n.*"), facts);
    }

    @Test
    void theNotifyListenerGoesToTheAgentWithTheContainerProcessState() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "needs gcc to build the test agent");
        Path agentBinary = Path.of("target/seccomp_agent");
        Process build = new ProcessBuilder("gcc", "-O2", "-o", agentBinary.toString(), "src/test/c/seccomp_agent.c")
                .redirectErrorStream(true).start();
        String buildOutput = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, build.waitFor(), buildOutput);

        Path socket = dir.resolve("agent.sock");
        Path stateFile = dir.resolve("agent-state.json");
        Process agent = new ProcessBuilder(agentBinary.toString(), socket.toString(), stateFile.toString(), "18")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            var agentOut = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", agentOut.readLine());
            var seccomp = new Seccomp("SCMP_ACT_ALLOW", null, null, null, socket.toString(), "test-metadata",
                    List.of(new Syscall(List.of("mkdir", "mkdirat"), "SCMP_ACT_NOTIFY", null, null, null)), null);
            Path bundle = Bundles.busybox(dir, "mkdir /tmp/x 2> /out/err; echo $? > /out/status",
                    spec -> withFilter(spec, seccomp, true));
            ContainerInfo created = containers.create("notified", bundle, CreateOptions.DEFAULTS);
            containers.start("notified");
            assertEquals(0, containers.waitForExit("notified"));
            assertTrue(agent.waitFor(10, TimeUnit.SECONDS), "the agent answered");
            assertTrue(agentOut.readLine().startsWith("syscall "));
            assertEquals("1\n", Files.readString(dir.resolve("out/status")));
            assertTrue(Files.readString(dir.resolve("out/err")).contains("Invalid cross-device link"));

            String state = Files.readString(stateFile);
            assertTrue(state.contains("\"fds\":[\"seccompFd\"]"), state);
            assertTrue(state.contains("\"pid\":" + created.pid()), state);
            assertTrue(state.contains("\"metadata\":\"test-metadata\""), state);
            assertTrue(state.contains("\"id\":\"notified\"") && state.contains("\"status\":\"creating\""), state);
        } finally {
            agent.destroyForcibly().waitFor();
        }
    }

    @Test
    void aFilterThatCannotBeCompiledIsRefusedByItsPointerAndLeavesNothing() throws Exception {
        var seccomp = new Seccomp("SCMP_ACT_ALLOW", null, null, null, null, null,
                List.of(new Syscall(List.of("mkdir"), "SCMP_ACT_EXPLODE", null, null, null)), null);
        Path bundle = Bundles.busybox(dir, "true", spec -> withFilter(spec, seccomp, true));
        var e = org.junit.jupiter.api.Assertions.assertThrows(ContainerException.class,
                () -> containers.create("bad", bundle, CreateOptions.DEFAULTS));
        assertTrue(e.getMessage().contains("/linux/seccomp/syscalls/0/action"), e.getMessage());
        assertEquals(List.of(), containers.list());
        assertTrue(!Files.exists(dir.resolve("state/bad")));
    }
}
