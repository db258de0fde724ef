package io.hako.seccomp;

import static io.hako.seccomp.Profiles.arg;
import static io.hako.seccomp.Profiles.rule;
import static io.hako.seccomp.Profiles.seccomp;
import static io.hako.seccomp.Profiles.withArchitectures;
import static io.hako.seccomp.Profiles.withFlags;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Syscall;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Compiling with the real libseccomp. */
class CompileTest {
    private static SeccompCompiler compiler;
    private static SeccompSupport support;

    @BeforeAll
    static void libseccomp() throws SeccompException {
        compiler = SeccompCompilers.require();
        support = compiler.support();
    }

    private static SeccompProgram compile(Seccomp s) throws SeccompException {
        List<String> warnings = new ArrayList<>();
        SeccompProgram p = compiler.compile(s, warnings::add);
        assertEquals(List.of(), warnings);
        return p;
    }

    private static int specAllow() {
        return support.flags().contains("SECCOMP_FILTER_FLAG_SPEC_ALLOW") ? SeccompProgram.FLAG_SPEC_ALLOW : 0;
    }

    @Test
    void theServiceLoaderFindsLibseccomp() {
        assertEquals("libseccomp", compiler.name());
        assertTrue(compiler.isAvailable());
        assertTrue(support.libseccompVersion().matches("\\d+\\.\\d+\\.\\d+"), support.libseccompVersion());
        assertTrue(support.archs().contains("SCMP_ARCH_X86_64"), support.archs().toString());
        assertTrue(support.archs().contains("SCMP_ARCH_AARCH64"), support.archs().toString());
        assertEquals(7, support.operators().size());
        assertTrue(support.actions().containsAll(List.of("SCMP_ACT_KILL", "SCMP_ACT_ERRNO", "SCMP_ACT_ALLOW")));
        assertTrue(support.flags().contains("SECCOMP_FILTER_FLAG_TSYNC"));
    }

    @Test
    void aSmallProfileIsASmallProgramThatFirstChecksTheArchitecture() throws SeccompException {
        SeccompProgram p = compile(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", "mkdir", "rmdir")));
        assertTrue(p.instructions() > 3 && p.instructions() < 30, p.toString());
        assertEquals(specAllow(), p.flags(), "no flags in the config: SPEC_ALLOW when the kernel has it, as runc");
        assertFalse(p.usesNotify());
        // struct sock_filter { u16 code; u8 jt, jf; u32 k; }: first BPF_LD|BPF_W|BPF_ABS of seccomp_data.arch.
        ByteBuffer first = ByteBuffer.wrap(p.filter(), 0, 8).order(ByteOrder.nativeOrder());
        assertEquals(0x20, first.getShort(0));
        assertEquals(4, first.getInt(4));
        assertArrayEquals(p.filter(), compile(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", "mkdir", "rmdir")))
                .filter(), "the same section compiles to the same program");
    }

    @Test
    void dockersDefaultProfileCompiles() throws SeccompException {
        List<String> warnings = new ArrayList<>();
        SeccompProgram p = compiler.compile(Profiles.dockerDefault(), warnings::add);
        // 377 names on three architectures (x86_64, x86, x32) as a binary tree: hundreds of instructions.
        assertTrue(p.instructions() > 300 && p.instructions() <= SeccompProgram.MAX_INSTRUCTIONS, p.toString());
        assertEquals(specAllow(), p.flags());
        for (String w : warnings) {
            assertTrue(w.matches("/linux/seccomp/syscalls/\\d+/names/\\d+: ignoring syscall \"\\w+\": unknown to"
                    + " libseccomp .*"), w);
        }
    }

    @Test
    void everyActionCompilesAsRuleAndAsDefault() throws SeccompException {
        for (String action : support.actions()) {
            String other = action.equals("SCMP_ACT_ALLOW") ? "SCMP_ACT_ERRNO" : "SCMP_ACT_ALLOW";
            SeccompProgram asRule = compile(seccomp(other, rule(action, "mkdir")));
            boolean notify = action.equals("SCMP_ACT_NOTIFY");
            assertEquals(notify, asRule.usesNotify(), action);
            assertEquals(specAllow() | (notify ? SeccompProgram.FLAG_NEW_LISTENER : 0), asRule.flags(), action);
            if (!notify) {
                assertFalse(compile(seccomp(action, rule(other, "mkdir"))).usesNotify(), action);
            }
        }
        Seccomp trace = seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_TRACE", 7L, null, "mkdir"));
        assertFalse(java.util.Arrays.equals(compile(trace).filter(),
                compile(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_TRACE", "mkdir"))).filter()),
                "the errnoRet of TRACE is in the program");
    }

    @Test
    void everyOperatorCompiles() throws SeccompException {
        List<Syscall> rules = new ArrayList<>();
        List<String> names = List.of("read", "write", "openat", "close", "lseek", "mmap", "ioctl");
        for (int i = 0; i < support.operators().size(); i++) {
            rules.add(rule("SCMP_ACT_ERRNO", null, List.of(arg(i % 5, support.operators().get(i), 0x1234,
                    0x1230), arg(5, "SCMP_CMP_NE", -1L)), names.get(i)));
        }
        SeccompProgram p = compile(seccomp("SCMP_ACT_ALLOW", rules.toArray(Syscall[]::new)));
        assertTrue(p.instructions() > 7 * 4, p.toString());
    }

    @Test
    void anUnknownSyscallIsSkippedWithAWarning() throws SeccompException {
        List<String> warnings = new ArrayList<>();
        SeccompProgram with = compiler.compile(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_LOG", "getpid"),
                rule("SCMP_ACT_ERRNO", "mkdir", "hako_no_such_syscall")), warnings::add);
        assertEquals(List.of("/linux/seccomp/syscalls/1/names/1: ignoring syscall \"hako_no_such_syscall\": unknown to"
                + " libseccomp " + support.libseccompVersion()), warnings);
        assertArrayEquals(compile(seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_LOG", "getpid"),
                rule("SCMP_ACT_ERRNO", "mkdir"))).filter(), with.filter());
    }

    @Test
    void moreArchitecturesMakeALongerProgramAndTheNativeOneIsNoError() throws SeccompException {
        Seccomp native_ = seccomp("SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", "mkdir"));
        int alone = compile(native_).instructions();
        assertEquals(alone, compile(withArchitectures(native_, List.of("SCMP_ARCH_X86_64"))).instructions());
        assertTrue(compile(withArchitectures(native_, List.of("SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64")))
                .instructions() > alone);
    }

    @Test
    void anArchitectureThisLibseccompLacksIsRefusedWithItsPointer() {
        assumeFalse(support.archs().contains("SCMP_ARCH_M68K"), "this libseccomp knows m68k");
        SeccompException e = assertThrows(SeccompException.class, () -> compiler.compile(withArchitectures(
                seccomp("SCMP_ACT_ALLOW"), List.of("SCMP_ARCH_X86", "SCMP_ARCH_M68K")), w -> {}));
        assertEquals("/linux/seccomp/architectures/1: SCMP_ARCH_M68K is not supported by libseccomp "
                + support.libseccompVersion(), e.getMessage());
    }

    @Test
    void badInputIsRefusedWithItsPointerBeforeLibseccompIsAsked() {
        SeccompException action = assertThrows(SeccompException.class, () -> compiler.compile(seccomp(
                "SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", "a"), rule("SCMP_ACT_ERRNO", "b"), rule("SCMP_ACT_LOG", "c"),
                rule("SCMP_ACT_FOO", "d")), w -> {}));
        assertEquals("/linux/seccomp/syscalls/3/action: unknown action \"SCMP_ACT_FOO\"", action.getMessage());
        assertTrue(action.call().isEmpty());
        SeccompException index = assertThrows(SeccompException.class, () -> compiler.compile(seccomp(
                "SCMP_ACT_ALLOW", rule("SCMP_ACT_ERRNO", null, List.of(arg(7, "SCMP_CMP_EQ", 0)), "read")), w -> {}));
        assertEquals("/linux/seccomp/syscalls/0/args/0/index", index.pointer().orElseThrow());
        SeccompException flag = assertThrows(SeccompException.class, () -> compiler.compile(withFlags(
                seccomp("SCMP_ACT_ALLOW"), List.of("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV")), w -> {}));
        assertEquals("/linux/seccomp/flags/0", flag.pointer().orElseThrow());
    }

    @Test
    void twoActionsForTheSameSyscallAndConditionsAreRefused() {
        // libseccomp cannot tell which should win and says EEXIST; runc fails the same way.
        SeccompException e = assertThrows(SeccompException.class, () -> compiler.compile(seccomp("SCMP_ACT_ALLOW",
                rule("SCMP_ACT_KILL_PROCESS", null, List.of(arg(0, "SCMP_CMP_NE", 0)), "read"),
                rule("SCMP_ACT_TRACE", null, List.of(arg(0, "SCMP_CMP_NE", 0)), "read")), w -> {}));
        assertEquals("/linux/seccomp/syscalls/1/names/0", e.pointer().orElseThrow());
        assertEquals(17, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains("another action"), e.getMessage());
    }

    @Test
    void longRuleListsAreBuiltAsATreeAndStayCorrect() throws SeccompException {
        // Above 32 rules libseccomp is asked for a binary tree (runc's choice): fewer instructions run per call.
        List<Syscall> rules = new ArrayList<>();
        for (String name : List.of("read", "write", "openat", "close", "lseek", "mmap", "ioctl", "pread64",
                "pwrite64", "readv", "writev", "access", "pipe", "select", "sched_yield", "mremap", "msync",
                "mincore", "madvise", "shmget", "shmat", "shmctl", "dup", "dup2", "pause", "nanosleep", "getitimer",
                "alarm", "setitimer", "getpid", "sendfile", "socket", "connect", "accept")) {
            rules.add(rule("SCMP_ACT_ERRNO", name));
        }
        SeccompProgram p = compile(seccomp("SCMP_ACT_ALLOW", rules.toArray(Syscall[]::new)));
        assertTrue(p.instructions() > 34, p.toString());
    }

    @Test
    void aFilterLongerThanTheKernelTakesIsRefused() {
        List<Syscall> rules = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            rules.add(rule("SCMP_ACT_ERRNO", null, List.of(arg(0, "SCMP_CMP_EQ", 0x100000000L * i + i)), "getppid"));
        }
        SeccompException e = assertThrows(SeccompException.class,
                () -> compiler.compile(seccomp("SCMP_ACT_ALLOW", rules.toArray(Syscall[]::new)), w -> {}));
        assertEquals("/linux/seccomp", e.pointer().orElseThrow());
        assertTrue(e.getMessage().contains("more than the kernel loads (4096)"), e.getMessage());
    }
}
