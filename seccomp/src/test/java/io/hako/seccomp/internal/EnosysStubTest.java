package io.hako.seccomp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.seccomp.internal.EnosysStub.Largest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The ENOSYS stub, run by a small classic-BPF interpreter in front of a filter that allows everything. */
class EnosysStubTest {
    private static final int ALLOW = 0x7fff_0000;
    private static final int I386 = 0x4000_0003;
    private static final int AARCH64 = 0xc000_00b7;
    private static final int X86_64 = EnosysStub.AUDIT_ARCH_X86_64;
    private static final int X32 = EnosysStub.SCMP_ARCH_X32;
    private static final int S390X = EnosysStub.AUDIT_ARCH_S390X;
    private static final int X32_BIT = EnosysStub.X32_SYSCALL_BIT;

    /** What the stub, then {@code ret ALLOW}, returns for call {@code nr} on audit architecture {@code arch}. */
    private static int run(byte[] stub, int arch, int nr) {
        byte[] allowAll = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putShort((short) 0x06).put((byte) 0)
                .put((byte) 0).putInt(ALLOW).array();
        ByteBuffer program = ByteBuffer.wrap(EnosysStub.prepend(stub, allowAll)).order(ByteOrder.nativeOrder());
        int length = program.capacity() / 8;
        int a = 0;
        for (int pc = 0; ; pc++) {
            if (pc >= length) {
                throw new AssertionError("ran off the program at " + pc);
            }
            int code = program.getShort(pc * 8) & 0xffff;
            int jt = program.get(pc * 8 + 2) & 0xff;
            int jf = program.get(pc * 8 + 3) & 0xff;
            int k = program.getInt(pc * 8 + 4);
            switch (code) {
                case 0x20 -> a = switch (k) {
                    case 0 -> nr;
                    case 4 -> arch;
                    default -> throw new AssertionError("loads only nr and arch, not offset " + k);
                };
                case 0x05 -> pc += k;
                case 0x15 -> pc += a == k ? jt : jf;
                case 0x25 -> pc += Integer.compareUnsigned(a, k) > 0 ? jt : jf;
                case 0x45 -> pc += (a & k) != 0 ? jt : jf;
                case 0x06 -> {
                    return k;
                }
                default -> throw new AssertionError("unexpected opcode 0x" + Integer.toHexString(code));
            }
        }
    }

    @Test
    void aCallNewerThanEveryNamedOneGetsEnosysOnItsArchitectureOnly() {
        byte[] stub = EnosysStub.assemble(List.of(new Largest(X86_64, 434)));
        assertEquals(EnosysStub.RET_ENOSYS, run(stub, X86_64, 435), "clone3");
        assertEquals(EnosysStub.RET_ENOSYS, run(stub, X86_64, 1000));
        assertEquals(EnosysStub.RET_ENOSYS, run(stub, X86_64, 0x8000_0000), "numbers compare unsigned, as the kernel's");
        assertEquals(ALLOW, run(stub, X86_64, 434), "the largest named call goes to the filter");
        assertEquals(ALLOW, run(stub, X86_64, 0));
        assertEquals(ALLOW, run(stub, X86_64, X32_BIT | 1000), "x32 is not in the profile: the filter decides");
        assertEquals(ALLOW, run(stub, I386, 1000), "an architecture without a section goes to the filter");
    }

    @Test
    void x86_64AndX32ShareTheirAuditArchitectureAndKeepTheirOwnLimits() {
        byte[] stub = EnosysStub.assemble(List.of(new Largest(X86_64, 300), new Largest(X32, X32_BIT | 500),
                new Largest(I386, 400)));
        assertEquals(EnosysStub.RET_ENOSYS, run(stub, X86_64, 301));
        assertEquals(ALLOW, run(stub, X86_64, X32_BIT | 301));
        assertEquals(EnosysStub.RET_ENOSYS, run(stub, X86_64, X32_BIT | 501));
        assertEquals(ALLOW, run(stub, I386, 301));
        assertEquals(EnosysStub.RET_ENOSYS, run(stub, I386, 401));

        byte[] x32Only = EnosysStub.assemble(List.of(new Largest(X32, X32_BIT | 500)));
        assertEquals(ALLOW, run(x32Only, X86_64, 1000), "x86_64 calls are not x32's");
        assertEquals(EnosysStub.RET_ENOSYS, run(x32Only, X86_64, X32_BIT | 501));
    }

    @Test
    void s390sMultiplexerIsTheUnknownCall() {
        byte[] stub = EnosysStub.assemble(List.of(new Largest(S390X, 400)));
        assertEquals(EnosysStub.RET_ENOSYS, run(stub, S390X, 0));
        assertEquals(ALLOW, run(stub, S390X, 1));
    }

    @Test
    void onlyDefaultsThatRefuseGetTheStub() {
        assertFalse(EnosysStub.wanted(new Action(Action.Kind.ALLOW, 0)));
        assertFalse(EnosysStub.wanted(new Action(Action.Kind.LOG, 0)));
        assertFalse(EnosysStub.wanted(new Action(Action.Kind.TRACE, 1)), "a tracer answers unknown calls itself");
        assertFalse(EnosysStub.wanted(new Action(Action.Kind.ERRNO, 38)), "ENOSYS already");
        assertTrue(EnosysStub.wanted(new Action(Action.Kind.ERRNO, 1)));
        assertTrue(EnosysStub.wanted(new Action(Action.Kind.KILL_PROCESS, 0)));
        assertEquals(0, EnosysStub.assemble(List.of()).length, "no named call anywhere: no stub");
    }

    @Provide
    Arbitrary<List<Largest>> limits() {
        Arbitrary<Integer> tokens = Arbitraries.of(X86_64, X32, I386, AARCH64, S390X);
        Arbitrary<Integer> numbers = Arbitraries.integers().between(1, 2000);
        return Combinators.combine(tokens, numbers)
                .as((token, n) -> new Largest(token, token == X32 ? X32_BIT | n : n)).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<Integer> architectures() {
        return Arbitraries.of(X86_64, I386, AARCH64, S390X, 0x4000_0028 /* ARM, never listed */);
    }

    @Provide
    Arbitrary<Integer> numbers() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-2, 2100),
                Arbitraries.integers().between(-2, 2100).map(n -> n | X32_BIT), Arbitraries.integers());
    }

    /** ENOSYS exactly for a call above the largest named on its architecture (and ABI); the filter otherwise. */
    @Property
    void enosysExactlyAboveTheLargestNamedCall(@ForAll("limits") List<Largest> limits,
            @ForAll("architectures") int arch, @ForAll("numbers") int nr) {
        boolean x32Call = arch == X86_64 && (nr & X32_BIT) != 0;
        Long largest = null;
        for (Largest l : limits) {
            int audit = l.archToken() == X32 ? X86_64 : l.archToken();
            boolean sameAbi = arch != X86_64 || (l.archToken() == X32) == x32Call;
            if (audit == arch && sameAbi) {
                largest = Math.max(largest == null ? 0 : largest, Integer.toUnsignedLong(l.number()));
            }
        }
        boolean enosys = largest != null && (Integer.toUnsignedLong(nr) > largest || arch == S390X && nr == 0);
        assertEquals(enosys ? EnosysStub.RET_ENOSYS : ALLOW, run(EnosysStub.assemble(limits), arch, nr),
                () -> "arch 0x" + Integer.toHexString(arch) + " nr " + nr + " limits " + limits);
    }
}
