package io.hako.seccomp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Syscall;
import io.hako.seccomp.Profiles;
import io.hako.seccomp.SeccompException;
import io.hako.seccomp.SeccompProgram;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Random rule sets through the real libseccomp: every one compiles, and every libseccomp context is released,
 * whether compiling succeeds or fails half-way.
 */
class ContextLeakTest {
    private final LibseccompCompiler compiler = new LibseccompCompiler();

    private static boolean known(String syscall) throws SeccompException {
        try (Arena arena = Arena.ofConfined()) {
            return Libseccomp.get().syscallNumber(syscall, arena) != Libseccomp.NR_SCMP_ERROR;
        }
    }

    @Property(tries = 300)
    void randomRuleSetsCompileAndReleaseTheirContext(@ForAll("sections") Seccomp s) throws SeccompException {
        List<String> warnings = new ArrayList<>();
        SeccompProgram p;
        try {
            p = compiler.compile(s, warnings::add);
        } catch (SeccompException e) {
            // Random rules can give one syscall the same conditions twice with two actions: libseccomp (and so
            // runc) refuses that, which is fine as long as the context goes.
            assertEquals(Optional.of("seccomp_rule_add_array"), e.call(), e.getMessage());
            assertEquals(17, e.errno(), e.getMessage()); // EEXIST
            assertEquals(0, Libseccomp.LIVE_CONTEXTS.get());
            return;
        }
        assertEquals(0, Libseccomp.LIVE_CONTEXTS.get());
        assertTrue(p.instructions() <= SeccompProgram.MAX_INSTRUCTIONS);
        boolean notify = false;
        for (Syscall rule : s.syscalls()) {
            if (rule.action().equals("SCMP_ACT_NOTIFY")) {
                for (String name : rule.names()) {
                    notify |= known(name);
                }
            }
        }
        assertEquals(notify, p.usesNotify(), s.toString());
        assertEquals(notify, (p.flags() & SeccompProgram.FLAG_NEW_LISTENER) != 0);
        for (String w : warnings) {
            assertTrue(w.startsWith("/linux/seccomp/syscalls/"), w);
        }
    }

    @Property(tries = 30)
    void failingHalfWayReleasesTheContextToo(@ForAll("sections") Seccomp s, @ForAll("failures") String failure)
            throws SeccompException {
        // Each failure is found after the context exists: an architecture or flag checked against libseccomp
        // and the kernel, or a filter too long to load.
        Libseccomp lib = Libseccomp.get();
        Architecture unknown = Arrays.stream(Architecture.values()).filter(a -> !lib.resolves(a)).findFirst()
                .orElse(null);
        Seccomp failing = switch (unknown == null && failure.equals("arch") ? "length" : failure) {
            case "arch" -> Profiles.withArchitectures(s, List.of("SCMP_ARCH_X86", unknown.specName()));
            case "flag" -> Profiles.withFlags(new Seccomp(s.defaultAction(), s.defaultErrnoRet(), s.architectures(),
                    null, null, null, s.syscalls().stream().filter(r -> !r.action().equals("SCMP_ACT_NOTIFY"))
                    .toList(), null), List.of("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"));
            default -> tooLong(s);
        };
        SeccompException e = assertThrows(SeccompException.class, () -> compiler.compile(failing, w -> {}));
        assertTrue(e.pointer().orElseThrow().startsWith("/linux/seccomp"), e.getMessage());
        assertEquals(0, Libseccomp.LIVE_CONTEXTS.get());
    }

    private static Seccomp tooLong(Seccomp s) {
        List<Syscall> rules = new ArrayList<>(s.syscalls());
        String action = s.defaultAction().equals("SCMP_ACT_LOG") ? "SCMP_ACT_ALLOW" : "SCMP_ACT_LOG";
        for (int i = 0; i < 1100; i++) {
            rules.add(Profiles.rule(action, null, List.of(Profiles.arg(2, "SCMP_CMP_EQ", 0x100000001L * i)),
                    "uname"));
        }
        // Native only: on x86 and x32 libseccomp takes seconds to split a thousand 64-bit comparisons.
        return new Seccomp(s.defaultAction(), s.defaultErrnoRet(), null, s.flags(), null, null, rules, null);
    }

    @Test
    void thousandsOfCompilationsLeaveNoContext() throws SeccompException {
        Seccomp medium = Profiles.read("medium.json");
        SeccompProgram first = compiler.compile(medium, w -> {});
        for (int i = 0; i < 2000; i++) {
            assertEquals(first, compiler.compile(medium, w -> {}));
        }
        assertEquals(0, Libseccomp.LIVE_CONTEXTS.get());
    }

    @Provide
    Arbitrary<Seccomp> sections() {
        return SeccompArbitraries.sections();
    }

    @Provide
    Arbitrary<String> failures() {
        return Arbitraries.of("arch", "flag", "length");
    }
}
