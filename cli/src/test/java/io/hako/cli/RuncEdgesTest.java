package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.oci.OciJson;
import io.hako.oci.config.Capabilities;
import io.hako.oci.config.Hook;
import io.hako.oci.config.Hooks;
import io.hako.oci.config.Resources;
import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Spec;
import io.hako.oci.config.Syscall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runc 1.1.5's behaviour at the edges, through the command line on real containers: what it prints (and does not)
 * on stderr, its exit statuses and the words engines and people match. Each case was run under runc with the same
 * bundle and command line; the expected words and statuses are runc's.
 */
class RuncEdgesTest {
    @TempDir
    Path dir;
    Path bundle;
    String root;

    @BeforeEach
    void bundle() throws Exception {
        bundle = Hako.busyboxBundle(dir, "sh", "sleep", "true", "grep", "cat", "test");
        root = dir.resolve("state").toString();
        // runc spec's own process settings (its ambient capabilities included), without a terminal.
        edit(spec -> spec.withProcess(spec.process().withTerminal(false).withArgs(List.of("sleep", "60"))));
    }

    @AfterEach
    void nothingLeft() {
        if (root != null) {
            Hako.deleteAll(dir, root);
        }
    }

    private void edit(UnaryOperator<Spec> change) throws Exception {
        Path config = bundle.resolve("config.json");
        Files.write(config, OciJson.write(change.apply(OciJson.readSpec(config)), true));
    }

    private Hako.Result hako(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root));
        all.addAll(List.of(args));
        return Hako.run(bundle, all.toArray(String[]::new));
    }

    private void created(String id) {
        var create = hako("create", id);
        assertEquals(0, create.status(), create::toString);
    }

    // ---- noise ------------------------------------------------------------------------------------------------

    @Test
    void runcSpecsDefaultConfigCreatesAndExecsWithoutAWord() throws Exception {
        // The default's ambient capabilities are not inheritable: runc drops them silently; hako says so at debug.
        var create = hako("create", "noise-quiet");
        assertEquals(0, create.status(), create::toString);
        assertEquals("", create.err());
        hako("start", "noise-quiet");
        var exec = hako("exec", "noise-quiet", "true");
        assertEquals(0, exec.status(), exec::toString);
        assertEquals("", exec.err());
        var debug = Hako.run(bundle, "--root", root, "--debug", "exec", "noise-quiet", "true");
        assertTrue(debug.errLines().stream().anyMatch(line -> line.contains("level=debug")
                && line.contains("ambient capabilities")), debug::toString);
        assertFalse(debug.err().contains("level=warning"), debug::toString);
    }

    // ---- delete and kill ----------------------------------------------------------------------------------------

    @Test
    void deleteForceOfAContainerThatDoesNotExistSucceeds() {
        var forced = hako("delete", "--force", "noise-none");
        assertEquals(0, forced.status(), forced::toString);
        assertEquals("", forced.err());
        var plain = hako("delete", "noise-none");
        assertEquals(1, plain.status(), plain::toString);
        assertEquals("container does not exist\n", plain.err());
    }

    @Test
    void killAllOfAStoppedContainerSucceedsAndAPlainKillDoesNot() throws Exception {
        edit(spec -> spec.withProcess(spec.process().withArgs(List.of("true"))));
        Path pidFile = dir.resolve("init.pid");
        var create = hako("create", "--pid-file", pidFile.toString(), "noise-stopped");
        assertEquals(0, create.status(), create::toString);
        ProcessHandle init = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
        assertEquals(0, hako("start", "noise-stopped").status());
        init.onExit().get(10, TimeUnit.SECONDS);
        assertTrue(hako("state", "noise-stopped").out().contains("\"status\": \"stopped\""));
        for (String signal : List.of("0", "KILL", "TERM")) {
            var all = hako("kill", "--all", "noise-stopped", signal);
            assertEquals(0, all.status(), all::toString);
            assertEquals("", all.err());
        }
        var one = hako("kill", "noise-stopped", "KILL");
        assertEquals(1, one.status(), one::toString);
        assertEquals("container not running\n", one.err());
    }

    @Test
    void killOfAPausedContainerThawsItForSigkillAndKillAllAsRuncDoes() throws Exception {
        Path pidFile = dir.resolve("init.pid");
        assertEquals(0, hako("create", "--pid-file", pidFile.toString(), "noise-paused").status());
        ProcessHandle init = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
        hako("start", "noise-paused");
        assertEquals(0, hako("pause", "noise-paused").status());
        // --all freezes, signals and thaws: the container runs again (sleep, as pid 1, ignores SIGTERM).
        assertEquals(0, hako("kill", "--all", "noise-paused", "TERM").status());
        assertTrue(hako("state", "noise-paused").out().contains("\"status\": \"running\""));
        assertEquals(0, hako("pause", "noise-paused").status());
        assertEquals(0, hako("kill", "noise-paused", "KILL").status());
        init.onExit().get(10, TimeUnit.SECONDS);
        assertTrue(hako("state", "noise-paused").out().contains("\"status\": \"stopped\""));
    }

    // ---- capabilities -------------------------------------------------------------------------------------------

    @Test
    void unknownCapabilitiesAreSkippedWithRuncsWarningInTheConfigAndInExecCap() throws Exception {
        List<String> set = List.of("CAP_UNKNOWN", "CAP_KILL");
        edit(spec -> spec.withProcess(spec.process().withCapabilities(new Capabilities(set, set, null, set, null,
                null))));
        var create = hako("create", "noise-caps");
        assertEquals(0, create.status(), create::toString);
        assertEquals(1, create.errLines().size(), create::toString);
        assertTrue(create.err().contains(
                "level=warning msg=\"ignoring unknown or unavailable capabilities: [CAP_UNKNOWN]\""), create::toString);
        hako("start", "noise-caps");
        // The container's bounding set is CAP_KILL alone: the known name was kept, the unknown one left out.
        var bounding = hako("exec", "noise-caps", "sh", "-c", "grep -q '^CapBnd:\t0000000000000020$' /proc/self/status");
        assertEquals(0, bounding.status(), bounding::toString);

        var exec = hako("exec", "--cap", "CAP_UNKNOWN2", "--cap", "CAP_NET_RAW", "noise-caps", "true");
        assertEquals(0, exec.status(), exec::toString);
        assertTrue(exec.err().contains("ignoring unknown or unavailable capabilities: [CAP_UNKNOWN CAP_UNKNOWN2]"),
                exec::toString);
        assertFalse(exec.err().contains("internal error") || exec.err().contains("Exception"), exec::toString);
    }

    // ---- exec's statuses ----------------------------------------------------------------------------------------

    @Test
    void execFailuresExit255WithRuncsPrefix() {
        var missing = hako("exec", "noise-none", "true");
        assertEquals(255, missing.status(), missing::toString);
        assertEquals("exec failed: container does not exist\n", missing.err());
        var bare = hako("exec", "noise-none");
        assertEquals(255, bare.status(), bare::toString);
        assertEquals("exec failed: container does not exist\n", bare.err(), "the container is looked for first");

        created("noise-exec");
        hako("start", "noise-exec");
        var noArgs = hako("exec", "noise-exec");
        assertEquals(255, noArgs.status(), noArgs::toString);
        assertEquals("exec failed: process args cannot be empty\n", noArgs.err());
        var notFound = hako("exec", "noise-exec", "no-such-program");
        assertEquals(255, notFound.status(), notFound::toString);
        assertTrue(notFound.err().startsWith("exec failed: ") && notFound.err().contains(
                "executable file not found in $PATH"), notFound::toString);
        var badUser = hako("exec", "--user", "nobody", "noise-exec", "true");
        assertEquals(255, badUser.status(), badUser::toString);
        var process = hako("exec", "--process", dir.resolve("none.json").toString(), "noise-exec");
        assertEquals(255, process.status(), process::toString);
        assertTrue(process.err().endsWith("none.json: no such file or directory\n"), process::toString);

        assertEquals(0, hako("pause", "noise-exec").status());
        var paused = hako("exec", "noise-exec", "true");
        assertEquals(255, paused.status(), paused::toString);
        assertEquals("exec failed: cannot exec in a paused container (use --ignore-paused to override)\n",
                paused.err());
        assertEquals(0, hako("resume", "noise-exec").status());
        var status = hako("exec", "noise-exec", "sh", "-c", "exit 7");
        assertEquals(7, status.status(), "the process's own status is exec's: " + status);
    }

    // ---- the words ----------------------------------------------------------------------------------------------

    @Test
    void unifiedOnACgroupV1HostIsAnInvalidConfiguration() throws Exception {
        assumeFalse(Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")), "a pure cgroup v2 host takes unified");
        edit(spec -> spec.withLinux(spec.linux().withResources(new Resources(null, null, null, null, null, null,
                null, null, Map.of("memory.max", "100000000"), null))));
        var create = hako("create", "noise-unified");
        assertEquals(1, create.status(), create::toString);
        assertTrue(create.err().contains("invalid configuration: cannot use unified on cgroup v1"), create::toString);
        assertEquals("", hako("list", "-q").out());
    }

    @Test
    void anAgentThatCannotBeReachedIsSaidInRuncsWords() throws Exception {
        var seccomp = new Seccomp("SCMP_ACT_ALLOW", null, null, null, dir.resolve("no-agent.sock").toString(), null,
                List.of(new Syscall(List.of("mkdir"), "SCMP_ACT_NOTIFY", null, null, null)), null);
        edit(spec -> spec.withLinux(spec.linux().withSeccomp(seccomp)));
        var create = hako("create", "noise-agent");
        assertEquals(1, create.status(), create::toString);
        assertTrue(create.err().contains("failed to connect with seccomp agent specified in the seccomp profile: "),
                create::toString);
        assertEquals("", hako("list", "-q").out());
    }

    @Test
    void failingHooksAreSaidInRuncsWordsOnOneLine() throws Exception {
        Hook failing = new Hook("/bin/sh", List.of("sh", "-c", "echo out; echo err >&2; exit 3"), null, null, null);
        edit(spec -> spec.withHooks(new Hooks(List.of(failing), null, null, null, null, null, null)));
        var prestart = hako("create", "noise-hook");
        assertEquals(1, prestart.status(), prestart::toString);
        assertEquals("error running hook #0: prestart hook /bin/sh: exit status 3, stdout: out\\n, stderr: err\\n\n",
                prestart.err());

        Hook inside = new Hook("/bin/sh", List.of("sh", "-c", "exit 4"), null, null, null);
        edit(spec -> spec.withHooks(new Hooks(null, null, List.of(inside), null, null, null, null)));
        var createContainer = hako("create", "noise-hook");
        assertEquals(1, createContainer.status(), createContainer::toString);
        assertTrue(createContainer.err().startsWith("error running hook: "), createContainer::toString);
        assertEquals(1, createContainer.errLines().size(), createContainer::toString);
        assertEquals("", hako("list", "-q").out());
    }

    @Test
    void stateAndListPrintRuncsContainerStateInItsOrder() throws Exception {
        edit(spec -> spec.withAnnotations(Map.of("z.last", "2", "a.first", "1")));
        created("noise-state");
        var state = hako("state", "noise-state");
        assertTrue(state.out().matches("(?s)\\{\n  \"ociVersion\": \"[^\"]+\",\n  \"id\": \"noise-state\",\n"
                + "  \"pid\": [1-9][0-9]*,\n  \"status\": \"created\",\n  \"bundle\": \"" + Pattern.quote(bundle.toString())
                + "\",\n  \"rootfs\": \"[^\"]+\",\n  \"created\": \"[^\"]+\",\n  \"annotations\": \\{\n"
                + "    \"a.first\": \"1\",\n    \"z.last\": \"2\"\n  },\n  \"owner\": \"\"\n}"), state.out());
        var list = hako("list", "--format", "json");
        assertTrue(list.out().matches("\\[\\{\"ociVersion\":\"[^\"]+\",\"id\":\"noise-state\",\"pid\":[1-9][0-9]*,"
                + "\"status\":\"created\",\"bundle\":\"[^\"]+\",\"rootfs\":\"[^\"]+\",\"created\":\"[^\"]+\","
                + "\"annotations\":\\{\"a.first\":\"1\",\"z.last\":\"2\"},\"owner\":\"root\"}]\n"), list.out());
    }

    @Test
    void eventsStatsHasRuncsKeysInRuncsOrderAndNoOomBeforeAnOom() throws Exception {
        edit(spec -> spec.withLinux(spec.linux().withCgroupsPath("/noise-events-hako")));
        created("noise-events");
        var stats = hako("events", "--stats", "noise-events");
        assertEquals(0, stats.status(), stats::toString);
        assertFalse(stats.out().contains("oom"), "grep oom must not fire before an OOM: " + stats.out());
        List<String> keys = keys(stats.out());
        assertEquals(List.of("type", "id", "data", "cpu", "usage"), keys.subList(0, 5));
        assertTrue(keys.containsAll(List.of("cpuset", "memory", "kernelTCP", "pids", "blkio", "hugetlb", "intel_rdt",
                "network_interfaces")), keys::toString);
        assertTrue(stats.out().endsWith("\"intel_rdt\":{},\"network_interfaces\":null}}\n"), stats.out());

        // runc's own output for the same bundle: hako's keys are some of runc's, in runc's order.
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/runc")) || Files.isExecutable(Path.of("/usr/sbin/runc")),
                "needs runc to compare with");
        edit(spec -> spec.withLinux(spec.linux().withCgroupsPath("/noise-events-runc")));
        String runcRoot = dir.resolve("runc").toString();
        try {
            assertEquals(0, runc("--root", runcRoot, "create", "--bundle", bundle.toString(), "noise-events-runc")
                    .status());
            List<String> runcKeys = keys(runc("--root", runcRoot, "events", "--stats", "noise-events-runc").out());
            assertTrue(isSubsequence(keys, runcKeys), "hako " + keys + "\nrunc " + runcKeys);
        } finally {
            runc("--root", runcRoot, "delete", "--force", "noise-events-runc");
        }
    }

    @Test
    void aDomainnameSysctlEqualToTheDomainnameIsAcceptedAndAConflictIsNot() throws Exception {
        UnaryOperator<Spec> domain = spec -> spec.withDomainname("noise.example");
        edit(spec -> domain.apply(spec).withLinux(spec.linux().withSysctl(Map.of("kernel.domainname",
                "noise.example"))));
        created("noise-domain");
        hako("start", "noise-domain");
        var seen = hako("exec", "noise-domain", "sh", "-c", "test \"$(cat /proc/sys/kernel/domainname)\" = noise.example");
        assertEquals(0, seen.status(), seen::toString);

        edit(spec -> spec.withLinux(spec.linux().withSysctl(Map.of("kernel.domainname", "other.example"))));
        var conflict = hako("create", "noise-domain-conflict");
        assertEquals(1, conflict.status(), conflict::toString);
        assertTrue(conflict.err().contains(
                "kernel.domainname: is not allowed as it conflicts with the OCI \"domainname\" field"), conflict::toString);
    }

    // ---- found by CommandLineFuzzTest ---------------------------------------------------------------------------

    @Test
    void deleteReturnsWhenAnExecDetachedInProcessIsStillThisJvmsChild() throws Exception {
        // In-process, exec --detach leaves its process a child of this JVM: once killed it is a zombie until
        // reaped, and the container's init (its pid namespace's) cannot exit before it.
        created("noise-reap");
        hako("start", "noise-reap");
        assertEquals(0, hako("exec", "--detach", "noise-reap", "true").status());
        assertEquals(0, hako("exec", "--detach", "noise-reap", "sleep", "60").status());
        var delete = new FutureTask<>(() -> hako("delete", "--force", "noise-reap"));
        Thread.ofPlatform().daemon().start(delete);
        try {
            var deleted = delete.get(30, TimeUnit.SECONDS);
            assertEquals(0, deleted.status(), deleted::toString);
        } catch (TimeoutException e) {
            root = null; // the stuck delete holds the container's lock: a clean-up would wait as long
            fail("delete --force waited for the exec'd zombie; the container is left behind");
        }
    }

    @Test
    void aPathNoFileSystemCanNameIsAUsageErrorNotATrace() throws Exception {
        var flag = hako("create", "--pid-file", "pid\u0000file", "noise-nul");
        assertEquals(1, flag.status(), flag::toString);
        assertEquals("invalid value \"pid\\x00file\" for flag -pid-file: nul character not allowed", flag.errLines()
                .getFirst());
        edit(spec -> spec.withRoot(new io.hako.oci.config.Root("root\u0000fs", true, null)));
        var config = hako("create", "noise-nul");
        assertEquals(1, config.status(), config::toString);
        // runc: "invalid rootfs: stat …/root\x00fs: invalid argument"; hako names the field, for any string.
        assertEquals(1, config.errLines().size(), config::toString);
        assertTrue(config.err().contains("/root/path: a string must not hold a NUL byte"), config::toString);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Every object key of a JSON text, in order (no key in these texts has an escaped quote). */
    private static List<String> keys(String json) {
        List<String> keys = new ArrayList<>();
        Matcher key = Pattern.compile("\"([^\"]*)\":").matcher(json);
        while (key.find()) {
            keys.add(key.group(1));
        }
        return keys;
    }

    private static boolean isSubsequence(List<String> part, List<String> whole) {
        int at = 0;
        for (String item : part) {
            while (at < whole.size() && !whole.get(at).equals(item)) {
                at++;
            }
            if (at++ >= whole.size()) {
                return false;
            }
        }
        return true;
    }

    /** runc with the same bundle; its output goes through files, since create hands its stdio to the container. */
    private Hako.Result runc(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("runc"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "runc", ".out");
        Path err = Files.createTempFile(dir, "runc", ".err");
        Process runc = new ProcessBuilder(command).directory(bundle.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(runc.waitFor(30, TimeUnit.SECONDS), "runc finished");
        return new Hako.Result(runc.exitValue(), Files.readString(out), Files.readString(err));
    }
}
