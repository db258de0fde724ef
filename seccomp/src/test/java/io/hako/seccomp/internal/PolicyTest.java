package io.hako.seccomp.internal;

import static io.hako.seccomp.Profiles.arg;
import static io.hako.seccomp.Profiles.rule;
import static io.hako.seccomp.Profiles.seccomp;
import static io.hako.seccomp.Profiles.withArchitectures;
import static io.hako.seccomp.Profiles.withDefaultErrnoRet;
import static io.hako.seccomp.Profiles.withFlags;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Syscall;
import io.hako.oci.config.SyscallArg;
import io.hako.seccomp.SeccompException;
import io.hako.seccomp.SeccompProgram;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Checking and flattening linux.seccomp, without libseccomp. */
class PolicyTest {
    private static final Set<FilterFlag> ALL_FLAGS = EnumSet.allOf(FilterFlag.class);

    private static SeccompException refused(Seccomp s) {
        return assertThrows(SeccompException.class, () -> Policy.parse(s));
    }

    private static void assertRefused(Seccomp s, String pointer, String message) {
        SeccompException e = refused(s);
        assertEquals(pointer, e.pointer().orElseThrow(), e.getMessage());
        assertEquals(pointer + ": " + message, e.getMessage());
    }

    @Test
    void unknownNamesAreRefusedWithTheirPointer() throws SeccompException {
        assertRefused(seccomp("SCMP_ACT_FOO"), "/linux/seccomp/defaultAction", "unknown action \"SCMP_ACT_FOO\"");
        assertRefused(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", "a"), rule("SCMP_ACT_ERRNO", "b"),
                rule("SCMP_ACT_LOG", "c"), rule("SCMP_ACT_FOO", "d")),
                "/linux/seccomp/syscalls/3/action", "unknown action \"SCMP_ACT_FOO\"");
        assertRefused(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", null,
                List.of(arg(0, "SCMP_CMP_EQ", 1), arg(1, "SCMP_CMP_SAME", 1)), "read")),
                "/linux/seccomp/syscalls/0/args/1/op", "unknown operator \"SCMP_CMP_SAME\"");
        assertRefused(withArchitectures(seccomp("SCMP_ACT_ALLOW"), List.of("SCMP_ARCH_X86", "SCMP_ARCH_AMD64")),
                "/linux/seccomp/architectures/1", "unknown architecture \"SCMP_ARCH_AMD64\"");
        assertRefused(withFlags(seccomp("SCMP_ACT_ALLOW"), List.of("SECCOMP_FILTER_FLAG_LOG",
                "SECCOMP_FILTER_FLAG_NEW_LISTENER")), "/linux/seccomp/flags/1",
                "unknown flag \"SECCOMP_FILTER_FLAG_NEW_LISTENER\"");
    }

    @Test
    void argumentsAreZeroToFive() throws SeccompException {
        assertRefused(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", null, List.of(arg(6, "SCMP_CMP_EQ", 1)),
                "read")), "/linux/seccomp/syscalls/0/args/0/index", "syscalls have six arguments (0 to 5), got 6");
        Policy p = Policy.parse(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", null,
                List.of(arg(5, "SCMP_CMP_EQ", 1)), "read")));
        assertEquals(5, p.rules().getFirst().conditions().getFirst().index());
    }

    @Test
    void theFirstErrorInDocumentOrderIsReported() throws SeccompException {
        assertRefused(withFlags(seccomp("SCMP_ACT_BAD", rule("SCMP_ACT_WORSE", "read")), List.of("NOPE")),
                "/linux/seccomp/defaultAction", "unknown action \"SCMP_ACT_BAD\"");
        assertRefused(withFlags(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_WORSE", "read")), List.of("NOPE")),
                "/linux/seccomp/flags/0", "unknown flag \"NOPE\"");
    }

    @Test
    void errnoAndTraceDefaultToEperm() throws SeccompException {
        Policy p = Policy.parse(seccomp("SCMP_ACT_ERRNO", rule("SCMP_ACT_TRACE", "read"),
                rule("SCMP_ACT_ERRNO", 38L, null, "write")));
        assertEquals(new Action(Action.Kind.ERRNO, 1), p.defaultAction());
        assertEquals(new Action(Action.Kind.TRACE, 1), p.rules().get(0).action());
        assertEquals(new Action(Action.Kind.ERRNO, 38), p.rules().get(1).action());
        assertEquals(new Action(Action.Kind.ERRNO, 22),
                Policy.parse(withDefaultErrnoRet(seccomp("SCMP_ACT_ERRNO"), 22L)).defaultAction());
    }

    @Test
    void anErrnoOnAnActionWithoutOneIsAnError() throws SeccompException {
        assertRefused(withDefaultErrnoRet(seccomp("SCMP_ACT_KILL"), 1L), "/linux/seccomp/defaultErrnoRet",
                "SCMP_ACT_KILL takes no errno; only SCMP_ACT_ERRNO and SCMP_ACT_TRACE do");
        assertRefused(seccomp("SCMP_ACT_ERRNO", rule("SCMP_ACT_ALLOW", 1L, null, "read")),
                "/linux/seccomp/syscalls/0/errnoRet", "SCMP_ACT_ALLOW takes no errno; only SCMP_ACT_ERRNO and"
                        + " SCMP_ACT_TRACE do");
    }

    @Test
    void errnoValuesAreWhatLibseccompAndTheKernelTake() throws SeccompException {
        assertEquals(4094, Policy.parse(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", 4094L, null, "read")))
                .rules().getFirst().action().data());
        assertRefused(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", 4095L, null, "read")),
                "/linux/seccomp/syscalls/0/errnoRet", "errno 4095 is out of range for SCMP_ACT_ERRNO: 0 to 4094");
        assertEquals(0xffff, Policy.parse(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_TRACE", 65535L, null, "read")))
                .rules().getFirst().action().data());
        assertRefused(withDefaultErrnoRet(seccomp("SCMP_ACT_TRACE"), 65536L), "/linux/seccomp/defaultErrnoRet",
                "trace message 65536 is out of range for SCMP_ACT_TRACE: 0 to 65535");
    }

    @Test
    void notifyCannotBeTheDefault() throws SeccompException {
        assertRefused(seccomp("SCMP_ACT_NOTIFY"), "/linux/seccomp/defaultAction",
                "SCMP_ACT_NOTIFY cannot be the default action");
    }

    @Test
    void notifyCannotTakeWriteInRuncsWords() throws SeccompException {
        assertRefused(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_NOTIFY", "getpid"),
                rule("SCMP_ACT_NOTIFY", "mkdir", "write")), "/linux/seccomp/syscalls/1/names/1",
                "SCMP_ACT_NOTIFY cannot be used for the write syscall");
        // Other actions on write, and notify on the other calls runc's init makes (read, close), are fine.
        assertEquals(3, Policy.parse(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", "write"),
                rule("SCMP_ACT_NOTIFY", "read", "close"))).rules().size());
    }

    @Test
    void namesMustBeThere() throws SeccompException {
        assertRefused(seccomp("SCMP_ACT_ALLOW", new Syscall(List.of(), "SCMP_ACT_ERRNO", null, null, null)),
                "/linux/seccomp/syscalls/0/names", "must name at least one syscall");
        assertRefused(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", "read", "")),
                "/linux/seccomp/syscalls/0/names/1", "is not a syscall name");
    }

    @Test
    void rulesWithTheDefaultActionAreDroppedAsRuncDoes() throws SeccompException {
        Policy p = Policy.parse(seccomp("SCMP_ACT_ERRNO", rule("SCMP_ACT_ERRNO", "read"),
                rule("SCMP_ACT_ERRNO", 1L, null, "write"), rule("SCMP_ACT_ERRNO", 38L, null, "clone3"),
                rule("SCMP_ACT_ALLOW", "getpid")));
        // ERRNO without errnoRet is ERRNO(EPERM), the default: dropped; ERRNO(ENOSYS) is another action.
        assertEquals(List.of("clone3", "getpid"), p.rules().stream().map(Rule::syscall).toList());
        assertEquals(List.of(), p.warnings());
        assertEquals(List.of(), Policy.parse(seccomp("SCMP_ACT_KILL", rule("SCMP_ACT_KILL_THREAD", "read")))
                .rules(), "KILL and KILL_THREAD are one action");
    }

    @Test
    void eachNameIsARuleWithAllTheConditions() throws SeccompException {
        List<SyscallArg> args = List.of(arg(0, "SCMP_CMP_EQ", 1), arg(2, "SCMP_CMP_MASKED_EQ", 0xf0, 0x10));
        Policy p = Policy.parse(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_LOG", "read"),
                rule("SCMP_ACT_ERRNO", 13L, args, "socket", "socketpair")));
        assertEquals(3, p.rules().size());
        Rule socketpair = p.rules().get(2);
        assertEquals("socketpair", socketpair.syscall());
        assertEquals(List.of(new Condition(0, Operator.EQ, 1, 0), new Condition(2, Operator.MASKED_EQ, 0xf0, 0x10)),
                socketpair.conditions());
        assertEquals("/linux/seccomp/syscalls/1/names/1", socketpair.namePointer());
        assertEquals("/linux/seccomp/syscalls/1/action", socketpair.actionPointer());
        assertEquals("/linux/seccomp/syscalls/0/names/0", p.rules().getFirst().namePointer());
    }

    @Test
    void conditionsOnTheSameArgumentBecomeARuleEachAsRuncDoes() throws SeccompException {
        List<SyscallArg> args = List.of(arg(1, "SCMP_CMP_GE", 10), arg(1, "SCMP_CMP_LE", 5), arg(0, "SCMP_CMP_EQ", 3));
        Policy p = Policy.parse(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", null, args, "getppid", "getpid")));
        assertEquals(6, p.rules().size());
        for (Rule r : p.rules()) {
            assertEquals(1, r.conditions().size());
        }
        assertEquals(List.of(new Condition(1, Operator.GE, 10, 0), new Condition(1, Operator.LE, 5, 0),
                new Condition(0, Operator.EQ, 3, 0)), p.rules().subList(0, 3).stream()
                .map(r -> r.conditions().getFirst()).toList());
        assertEquals(1, p.warnings().size());
        assertTrue(p.warnings().getFirst().startsWith("/linux/seccomp/syscalls/0/args: conditions on the same"
                + " argument are OR'ed"), p.warnings().getFirst());
    }

    @Test
    void absentFlagsMeanSpecAllowAsRuncDoesAndTsyncIsIgnored() throws SeccompException {
        Seccomp plain = seccomp("SCMP_ACT_ALLOW");
        assertEquals(SeccompProgram.FLAG_SPEC_ALLOW, Policy.parse(plain).loadFlags(ALL_FLAGS, false));
        assertEquals(0, Policy.parse(plain).loadFlags(EnumSet.of(FilterFlag.TSYNC), false),
                "not when the kernel lacks it");
        assertEquals(0, Policy.parse(withFlags(plain, List.of())).loadFlags(ALL_FLAGS, false), "[] is no flags");
        Policy tsync = Policy.parse(withFlags(plain, List.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG")));
        assertEquals(List.of(FilterFlag.LOG), tsync.flags().stream().map(Policy.Flag::flag).toList());
        assertEquals(SeccompProgram.FLAG_LOG, tsync.loadFlags(ALL_FLAGS, false));
        assertEquals(SeccompProgram.FLAG_LOG | SeccompProgram.FLAG_SPEC_ALLOW, Policy.parse(withFlags(plain,
                List.of("SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_LOG"))).loadFlags(ALL_FLAGS, false));
    }

    @Test
    void notifyAddsTheListenerFlag() throws SeccompException {
        Seccomp plain = seccomp("SCMP_ACT_ALLOW");
        assertEquals(SeccompProgram.FLAG_NEW_LISTENER | SeccompProgram.FLAG_SPEC_ALLOW,
                Policy.parse(plain).loadFlags(ALL_FLAGS, true));
        Policy killable = Policy.parse(withFlags(plain, List.of("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV")));
        assertEquals(SeccompProgram.FLAG_NEW_LISTENER | SeccompProgram.FLAG_WAIT_KILLABLE_RECV,
                killable.loadFlags(ALL_FLAGS, true));
        SeccompException e = assertThrows(SeccompException.class, () -> killable.loadFlags(ALL_FLAGS, false));
        assertEquals("/linux/seccomp/flags/0", e.pointer().orElseThrow());
        assertTrue(e.getMessage().contains("needs a rule with SCMP_ACT_NOTIFY"), e.getMessage());
    }

    @Test
    void aFlagTheHostCannotHonourIsRefused() throws SeccompException {
        Policy log = Policy.parse(withFlags(seccomp("SCMP_ACT_ALLOW"), List.of("SECCOMP_FILTER_FLAG_TSYNC",
                "SECCOMP_FILTER_FLAG_LOG")));
        SeccompException e = assertThrows(SeccompException.class,
                () -> log.loadFlags(EnumSet.of(FilterFlag.TSYNC, FilterFlag.SPEC_ALLOW), false));
        assertEquals("/linux/seccomp/flags/1: SECCOMP_FILTER_FLAG_LOG is not supported by this kernel or libseccomp",
                e.getMessage());
    }

    @Test
    void actionsTheApiLevelLacksAreRefusedWhereFirstUsed() throws SeccompException {
        Policy p = Policy.parse(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", "read"), rule("SCMP_ACT_LOG",
                "write"), rule("SCMP_ACT_NOTIFY", "mkdir")));
        p.checkActions(5);
        SeccompException notify = assertThrows(SeccompException.class, () -> p.checkActions(4));
        assertEquals("/linux/seccomp/syscalls/2/action", notify.pointer().orElseThrow());
        assertTrue(notify.getMessage().contains("SCMP_ACT_NOTIFY is not supported here: it needs libseccomp API"
                + " level 5"), notify.getMessage());
        assertEquals("/linux/seccomp/syscalls/1/action",
                assertThrows(SeccompException.class, () -> p.checkActions(2)).pointer().orElseThrow());
        assertEquals("/linux/seccomp/defaultAction", assertThrows(SeccompException.class,
                () -> Policy.parse(seccomp("SCMP_ACT_KILL_PROCESS")).checkActions(2)).pointer().orElseThrow());
    }

    @Property(tries = 200)
    void everyValidSectionFlattensIntoRulesThatLibseccompCanTake(@ForAll("sections") Seccomp s)
            throws SeccompException {
        Policy p = Policy.parse(s);
        int expected = 0;
        int warnings = 0;
        List<Syscall> entries = s.syscalls() == null ? List.of() : s.syscalls();
        for (Syscall entry : entries) {
            Action.Kind kind = Action.kind(entry.action()).orElseThrow();
            int data = !kind.takesData() ? 0 : entry.errnoRet() == null ? 1 : entry.errnoRet().intValue();
            if (new Action(kind, data).equals(p.defaultAction())) {
                continue;
            }
            List<SyscallArg> args = entry.args() == null ? List.of() : entry.args();
            Set<Long> indexes = new HashSet<>();
            boolean same = !args.stream().allMatch(a -> indexes.add(a.index()));
            expected += entry.names().size() * (same ? args.size() : 1);
            warnings += same ? 1 : 0;
        }
        assertEquals(expected, p.rules().size());
        assertEquals(warnings, p.warnings().size());
        for (Rule r : p.rules()) {
            // The pointer names the very name, and the rule never repeats an argument (libseccomp's EINVAL).
            List<String> tokens = Pointers.tokens(r.namePointer());
            Syscall entry = entries.get(Integer.parseInt(tokens.get(3)));
            assertEquals(r.syscall(), entry.names().get(Integer.parseInt(tokens.get(5))));
            assertEquals(r.conditions().size(), r.conditions().stream().map(Condition::index).distinct().count());
            assertTrue(!r.action().equals(p.defaultAction()));
        }
    }

    @Provide
    Arbitrary<Seccomp> sections() {
        return SeccompArbitraries.sections();
    }
}
