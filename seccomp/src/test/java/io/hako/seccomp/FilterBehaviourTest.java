package io.hako.seccomp;

import static io.hako.seccomp.Profiles.arg;
import static io.hako.seccomp.Profiles.rule;
import static io.hako.seccomp.Profiles.seccomp;
import static io.hako.seccomp.Profiles.withDefaultErrnoRet;
import static io.hako.seccomp.Profiles.withFlags;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.oci.config.Seccomp;
import io.hako.seccomp.SeccompRunner.Call;
import io.hako.seccomp.SeccompRunner.Outcome;
import io.hako.seccomp.internal.Operator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What compiled programs do once loaded: a child process (src/test/c/seccomp_run.c) loads each with seccomp(2)
 * and makes system calls under it. getppid serves as the guinea pig: it has no side effect and ignores its
 * arguments, which the filter still sees.
 */
class FilterBehaviourTest {
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    private static SeccompCompiler compiler;

    @BeforeAll
    static void libseccomp() throws SeccompException {
        compiler = SeccompCompilers.require();
    }

    private static Outcome run(Seccomp s, String... calls) throws Exception {
        return SeccompRunner.run(compiler.compile(s, w -> {}), calls);
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    @Test
    void anErrnoRuleReturnsItsErrnoAndEpermWithoutOne() throws Exception {
        Outcome o = run(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", 42L, null, "getppid"),
                rule("SCMP_ACT_ERRNO", "umask")), "getpid", "getppid", "umask:18");
        assertEquals(0, o.exitStatus(), o.stderr());
        assertTrue(o.call("getpid").succeeded());
        assertEquals(new Call("getppid", -1, 42), o.call("getppid"));
        assertEquals(new Call("umask", -1, EPERM), o.call("umask"));
    }

    @Test
    void theDefaultErrnoIsDefaultErrnoRet() throws Exception {
        // An allow list: what the helper needs after loading (write its lines, exit) and getpid.
        Seccomp allowList = withDefaultErrnoRet(seccomp("SCMP_ACT_ERRNO",
                rule("SCMP_ACT_ALLOW", "write", "exit_group", "exit", "getpid")), 95L);
        Outcome o = run(allowList, "getpid", "getppid");
        assertTrue(o.call("getpid").succeeded());
        assertEquals(new Call("getppid", -1, 95), o.call("getppid"));
    }

    @Test
    void everyOperatorMatchesWhatTheSpecSays() throws Exception {
        long value = 0x1_0000_ff00L; // beyond 32 bits, so that both halves are compared
        long valueTwo = 0x1200L;
        List<Long> args = List.of(0L, 1L, 0x1234L, 0x1334L, 0xff00L, value - 1, value, value + 1, 0x1_0000_1200L,
                0xffff_ffffL, -1L, 0x8000_0000_0000_0000L);
        for (String op : compiler.support().operators()) {
            List<String> calls = new ArrayList<>();
            for (long a : args) {
                calls.add("getppid:0," + hex(a));
            }
            Outcome o = run(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", 7L,
                    List.of(arg(1, op, value, valueTwo)), "getppid")), calls.toArray(String[]::new));
            assertEquals(args.size(), o.calls().size(), o.stderr());
            Operator operator = Operator.of(op).orElseThrow();
            for (int i = 0; i < args.size(); i++) {
                boolean refused = operator.matches(args.get(i), value, valueTwo);
                assertEquals(refused ? 7 : 0, o.calls().get(i).errno(), op + " with argument " + hex(args.get(i)));
            }
        }
    }

    @Test
    void conditionsOnDifferentArgumentsMustAllHold() throws Exception {
        Outcome o = run(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", 7L,
                List.of(arg(0, "SCMP_CMP_EQ", 1), arg(1, "SCMP_CMP_EQ", 2)), "getppid")),
                "getppid:1,2", "getppid:1,3", "getppid:0,2");
        assertEquals(List.of(7, 0, 0), o.calls().stream().map(Call::errno).toList());
    }

    @Test
    void conditionsOnTheSameArgumentAreOredAsWithRunc() throws Exception {
        List<String> warnings = new ArrayList<>();
        SeccompProgram p = compiler.compile(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", 7L,
                List.of(arg(1, "SCMP_CMP_GE", 10), arg(1, "SCMP_CMP_LE", 5)), "getppid")), warnings::add);
        assertEquals(1, warnings.size());
        Outcome o = SeccompRunner.run(p, "getppid:0,3", "getppid:0,12", "getppid:0,7");
        assertEquals(List.of(7, 7, 0), o.calls().stream().map(Call::errno).toList(),
                "either condition refuses: 3 <= 5, 12 >= 10; 7 is neither");
    }

    @Test
    void killAndTrapEndTheProcessWithSigsys() throws Exception {
        for (String action : List.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS",
                "SCMP_ACT_TRAP")) {
            Outcome o = run(seccomp("SCMP_ACT_ALLOW", rule(action, "getppid")), "getpid", "getppid", "gettid");
            assertEquals(SeccompRunner.KILLED_BY_SIGSYS, o.exitStatus(), action);
            assertEquals(List.of("getpid"), o.calls().stream().map(Call::name).toList(), action);
        }
    }

    @Test
    void logAllowsAndTraceWithoutATracerFailsWithEnosys() throws Exception {
        Outcome o = run(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_LOG", "getppid"),
                rule("SCMP_ACT_TRACE", 5L, null, "umask")), "getppid", "umask:18");
        assertTrue(o.call("getppid").succeeded());
        // seccomp(2): with no tracer, SECCOMP_RET_TRACE makes the call fail with ENOSYS.
        assertEquals(new Call("umask", -1, ENOSYS), o.call("umask"));
    }

    @Test
    void loadFlagsAreAcceptedByTheKernel() throws Exception {
        Seccomp logged = withFlags(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", "getppid")),
                List.of("SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC"));
        SeccompProgram p = compiler.compile(logged, w -> {});
        assertEquals(SeccompProgram.FLAG_LOG | SeccompProgram.FLAG_SPEC_ALLOW, p.flags());
        assertEquals(EPERM, SeccompRunner.run(p, "getppid").call("getppid").errno());
    }

    @Test
    void aNotifyRuleLoadsWithAListener() throws Exception {
        List<String> flags = compiler.support().flags().contains("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV")
                ? List.of("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV") : List.of();
        SeccompProgram p = compiler.compile(withFlags(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_NOTIFY", "mkdir")),
                flags), w -> {});
        assertTrue(p.usesNotify());
        Outcome o = SeccompRunner.run(p, "getpid");
        assertNotNull(o.listener(), "seccomp(2) returned a listener");
        assertTrue(o.listener() > 2, "a new descriptor: " + o.listener());
        assertTrue(o.call("getpid").succeeded());
    }

    @Test
    void dockersDefaultProfileRefusesWhatDockerRefuses() throws Exception {
        Outcome docker = run(Profiles.dockerDefault(), "getpid", "unshare:0", "keyctl:0", "mount:0,0,0,0,0",
                "personality:0xffffffff", "personality:1", "socket:40,1,0", "socket:1,1,0", "clone3:0,0");
        assertEquals(0, docker.exitStatus(), docker.stderr());
        assertTrue(docker.call("getpid").succeeded());
        assertEquals(EPERM, docker.call("unshare").errno());
        assertEquals(EPERM, docker.call("keyctl").errno());
        assertEquals(EPERM, docker.call("mount").errno());
        assertTrue(docker.calls().get(4).succeeded(), "personality(0xffffffff) queries: " + docker.calls());
        assertEquals(EPERM, docker.calls().get(5).errno(), "personality(PER_SVR4) is not in the list");
        assertEquals(EPERM, docker.calls().get(6).errno(), "AF_VSOCK sockets are refused");
        assertTrue(docker.calls().get(7).succeeded(), "AF_UNIX sockets are not");
        assertEquals(ENOSYS, docker.call("clone3").errno(), "clone3 fails with ENOSYS so that libc falls back");

        // Without a filter worth the name, unshare(0) succeeds: the EPERM above was the filter's.
        Outcome open = run(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", "kexec_load")), "unshare:0");
        assertTrue(open.call("unshare").succeeded());
    }

    /**
     * runc's ENOSYS stub: an allow list that names nothing newer than exit_group (231) answers clone3 (435) and
     * an unknown number with ENOSYS, so that libc falls back; a call it leaves out below that still gets the
     * default errno. With the architectures listed, as Docker lists them, and without any (the native one).
     */
    @Test
    void aCallNewerThanEveryNamedOneFailsWithEnosys() throws Exception {
        assumeTrue(compiler.support().archs().contains("SCMP_ARCH_X86"));
        Seccomp allowList = seccomp("SCMP_ACT_ERRNO", rule("SCMP_ACT_ALLOW", "write", "exit_group", "exit", "getpid"));
        for (Seccomp s : List.of(allowList, Profiles.withArchitectures(allowList,
                List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32")))) {
            Outcome o = run(s, "getpid", "umask:18", "clone3:0,0", "1000");
            assertTrue(o.call("getpid").succeeded(), o.toString());
            assertEquals(EPERM, o.call("umask").errno(), "left out, and older than exit_group");
            assertEquals(ENOSYS, o.call("clone3").errno());
            assertEquals(ENOSYS, o.call("1000").errno());
        }
        // Once the profile names clone3, its rule decides, and only what is newer still gets ENOSYS.
        Outcome named = run(seccomp("SCMP_ACT_ERRNO", rule("SCMP_ACT_ALLOW", "write", "exit_group", "exit"),
                rule("SCMP_ACT_ERRNO", 95L, null, "clone3")), "clone3:0,0", "1000");
        assertEquals(95, named.call("clone3").errno());
        assertEquals(ENOSYS, named.call("1000").errno());
        // A default that kills gets the stub too: the unknown call fails instead of killing.
        Outcome killing = run(seccomp("SCMP_ACT_KILL_PROCESS", rule("SCMP_ACT_ALLOW", "write", "exit_group", "exit")),
                "1000");
        assertEquals(0, killing.exitStatus(), killing.stderr());
        assertEquals(ENOSYS, killing.call("1000").errno());
    }

    @Test
    void extraArchitecturesKeepTheRulesOnTheNativeOne() throws Exception {
        assumeTrue(compiler.support().archs().contains("SCMP_ARCH_X86"));
        Seccomp s = Profiles.withArchitectures(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", 9L, null, "getppid")),
                List.of("SCMP_ARCH_X86", "SCMP_ARCH_X32"));
        Outcome o = run(s, "getppid", "getpid");
        assertEquals(9, o.call("getppid").errno());
        assertTrue(o.call("getpid").succeeded());
    }
}
