package io.hako.seccomp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.seccomp.SeccompSupport;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The name tables against the runtime-spec's lists and libseccomp's seccomp.h values. */
class TablesTest {
    @Test
    void everyActionTheSpecNamesIsKnownWithLibseccompsValue() {
        assertEquals(List.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
                "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY"),
                Action.names());
        for (String name : Action.names()) {
            Action.Kind kind = Action.kind(name).orElseThrow();
            // SCMP_ACT_KILL is the old name of KILL_THREAD; every other name is its kind's.
            assertEquals(name.equals("SCMP_ACT_KILL") ? "SCMP_ACT_KILL_THREAD" : name, kind.specName());
        }
        // seccomp.h: SCMP_ACT_KILL_PROCESS 0x80000000U ... SCMP_ACT_ALLOW 0x7fff0000U
        assertEquals(0x80000000, new Action(Action.Kind.KILL_PROCESS, 0).value());
        assertEquals(0x00000000, new Action(Action.Kind.KILL_THREAD, 0).value());
        assertEquals(0x00030000, new Action(Action.Kind.TRAP, 0).value());
        assertEquals(0x00050000 | 38, new Action(Action.Kind.ERRNO, 38).value());
        assertEquals(0x7ff00000 | 0xffff, new Action(Action.Kind.TRACE, 0xffff).value());
        assertEquals(0x7ffc0000, new Action(Action.Kind.LOG, 0).value());
        assertEquals(0x7fff0000, new Action(Action.Kind.ALLOW, 0).value());
        assertEquals(0x7fc00000, new Action(Action.Kind.NOTIFY, 0).value());
        assertEquals(Optional.empty(), Action.kind("SCMP_ACT_FOO"));
        assertEquals(Optional.empty(), Action.kind("scmp_act_allow"));
    }

    @Test
    void onlyErrnoAndTraceCarryData() {
        assertThrows(IllegalArgumentException.class, () -> new Action(Action.Kind.ALLOW, 1));
        assertThrows(IllegalArgumentException.class, () -> new Action(Action.Kind.ERRNO, 0x10000));
        assertThrows(IllegalArgumentException.class, () -> new Action(Action.Kind.TRACE, -1));
        assertEquals(Set.of(Action.Kind.ERRNO, Action.Kind.TRACE), Arrays.stream(Action.Kind.values())
                .filter(Action.Kind::takesData).collect(Collectors.toSet()));
    }

    @Test
    void operatorsHaveTheValuesOfEnumScmpCompare() {
        assertEquals(List.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT",
                "SCMP_CMP_MASKED_EQ"), Arrays.stream(Operator.values()).map(Operator::specName).toList());
        for (Operator op : Operator.values()) {
            assertEquals(op.ordinal() + 1, op.value(), op.specName());
            assertEquals(Optional.of(op), Operator.of(op.specName()));
        }
        assertEquals(Optional.empty(), Operator.of("SCMP_CMP_MASKED_NE"));
    }

    @Test
    void flagsHaveTheBitsOfSeccomp2() {
        assertEquals(List.of(1, 2, 4, 32), Arrays.stream(FilterFlag.values()).map(FilterFlag::bit).toList());
        assertEquals(SeccompSupport.KNOWN_FLAGS, Arrays.stream(FilterFlag.values()).map(FilterFlag::specName).sorted()
                .toList());
        for (FilterFlag flag : FilterFlag.values()) {
            assertEquals(Optional.of(flag), FilterFlag.of(flag.specName()));
        }
        assertEquals(Optional.empty(), FilterFlag.of("SECCOMP_FILTER_FLAG_NEW_LISTENER"), "not a spec flag");
    }

    @Test
    void architecturesAreTheSpecsAndResolveByTheirLowerCaseName() {
        assertEquals(23, Architecture.values().length);
        assertEquals("x86_64", Architecture.X86_64.libseccompName());
        assertEquals("mipsel64n32", Architecture.MIPSEL64N32.libseccompName());
        assertEquals(Optional.of(Architecture.PPC64LE), Architecture.of("SCMP_ARCH_PPC64LE"));
        assertEquals(Optional.empty(), Architecture.of("SCMP_ARCH_AMD64"));
        assertEquals(Optional.empty(), Architecture.of("x86_64"));
    }

    @Property(tries = 300)
    void comparisonsAreUnsignedAndConsistent(@ForAll long arg, @ForAll long value, @ForAll long valueTwo) {
        boolean lt = Operator.LT.matches(arg, value, valueTwo);
        boolean eq = Operator.EQ.matches(arg, value, valueTwo);
        boolean gt = Operator.GT.matches(arg, value, valueTwo);
        assertEquals(1, (lt ? 1 : 0) + (eq ? 1 : 0) + (gt ? 1 : 0), "exactly one of <, =, >");
        assertEquals(!eq, Operator.NE.matches(arg, value, valueTwo));
        assertEquals(lt || eq, Operator.LE.matches(arg, value, valueTwo));
        assertEquals(gt || eq, Operator.GE.matches(arg, value, valueTwo));
        assertEquals(eq, Operator.MASKED_EQ.matches(arg, -1L, value), "an all-ones mask is equality");
        assertTrue(Operator.MASKED_EQ.matches(arg, value, arg & value));
        assertEquals(Long.compareUnsigned(arg, value) < 0, lt);
    }

    @Test
    void largeValuesCompareAsUnsigned() {
        assertTrue(Operator.GT.matches(0xffffffffffffffffL, 1, 0), "2^64-1 > 1, not -1 < 1");
        assertFalse(Operator.LT.matches(0x8000000000000000L, 0x7fffffffffffffffL, 0));
    }

    @Property(tries = 300)
    void pointerTokensRoundTrip(@ForAll("tokens") List<String> tokens) {
        String pointer = "";
        for (String t : tokens) {
            pointer = Pointer.at(pointer, t);
        }
        assertEquals(tokens, Pointers.tokens(pointer));
        assertEquals(tokens.size(), pointer.chars().filter(c -> c == '/').count(), "a / inside a token is escaped");
    }

    @Provide
    Arbitrary<List<String>> tokens() {
        return Arbitraries.strings().withChars("ab~/01").ofMaxLength(6).list().ofMaxSize(5);
    }

    @Test
    void pointersIntoTheSeccompSection() {
        assertEquals("/linux/seccomp/syscalls/3/action", Pointer.at(Pointer.at(Pointer.at(Pointer.SECCOMP,
                "syscalls"), 3), "action"));
        assertEquals("/a~1b/c~0d", Pointer.at(Pointer.at("", "a/b"), "c~d"));
        assertEquals(List.of("a/b", "c~d", "~1"), Pointers.tokens("/a~1b/c~0d/~01"));
    }
}
