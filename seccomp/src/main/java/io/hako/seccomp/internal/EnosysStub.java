package io.hako.seccomp.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ENOSYS stub runc puts in front of every filter (libcontainer/seccomp/patchbpf): a system call newer than every
 * call the profile names, on an architecture the filter is for, fails with ENOSYS instead of the default action.
 * libc and language runtimes take ENOSYS to mean "this kernel has no such call" and fall back to an older one
 * (glibc 2.34 tries {@code clone3} before {@code clone}); the default action, EPERM for most profiles, they take as a
 * refusal and give up, so a profile written before a call existed would break programs built after it.
 *
 * <p>Pure: it assembles classic BPF from the largest number the profile names on each architecture; the program runs
 * before libseccomp's, which reloads what it reads, so everything that falls through reaches it unchanged.
 *
 * <p>As in runc from 1.1.15 (#4219, #4391), the native architecture always has its section, also when the profile
 * lists no architectures (runc 1.1.5 then added no stub at all, and such profiles returned EPERM for clone3).
 */
final class EnosysStub {
    /** {@code SCMP_ACT_ERRNO(ENOSYS)}. */
    static final int RET_ENOSYS = 0x0005_0000 | 38;
    /** The x32 ABI's calls are the x86_64 ones with this bit set, under the same audit architecture. */
    static final int X32_SYSCALL_BIT = 0x4000_0000;
    static final int AUDIT_ARCH_X86_64 = 0xc000_003e;
    /** libseccomp's token for x32, which is not an audit architecture: the kernel reports x32 calls as x86_64. */
    static final int SCMP_ARCH_X32 = 0x4000_003e;
    static final int AUDIT_ARCH_S390 = 0x0000_0016;
    static final int AUDIT_ARCH_S390X = 0x8000_0016;

    // Classic BPF opcodes (linux/bpf_common.h).
    private static final short LD_W_ABS = 0x20;
    private static final short JMP_JA = 0x05;
    private static final short JMP_JEQ_K = 0x15;
    private static final short JMP_JGT_K = 0x25;
    private static final short JMP_JSET_K = 0x45;
    private static final short RET_K = 0x06;
    /** Offsets in {@code struct seccomp_data}. */
    private static final int NR = 0;
    private static final int ARCH = 4;

    /**
     * The largest system call number a profile names on one architecture.
     *
     * @param archToken libseccomp's {@code SCMP_ARCH_*} token: the audit architecture, except for x32
     * @param number the largest number, positive
     */
    record Largest(int archToken, int number) {
        Largest {
            if (number <= 0) {
                throw new IllegalArgumentException("a syscall number above 0, got " + number);
            }
        }
    }

    private EnosysStub() {}

    /**
     * Whether a filter with this default action gets the stub: not when the default lets calls through (ALLOW,
     * LOG, TRACE: a tracer handles unknown calls itself), nor when it already returns ENOSYS.
     */
    static boolean wanted(Action defaultAction) {
        return switch (defaultAction.kind()) {
            case ALLOW, LOG, TRACE -> false;
            case ERRNO -> defaultAction.data() != 38;
            default -> true;
        };
    }

    /**
     * The stub's instructions, {@code struct sock_filter} in the host's byte order, for prepending to a filter: a
     * call that is not stubbed falls off its end into the filter. Each architecture (token) once; x86_64 and x32
     * share a section, told apart by {@link #X32_SYSCALL_BIT}. Empty when {@code largest} is.
     */
    static byte[] assemble(List<Largest> largest) {
        // One section per audit architecture: x32's largest is kept apart from x86_64's.
        Map<Integer, int[]> sections = new LinkedHashMap<>(); // audit arch -> {plain largest, x32 largest}, 0 = none
        for (Largest l : largest) {
            boolean x32 = l.archToken() == SCMP_ARCH_X32;
            int[] limits = sections.computeIfAbsent(x32 ? AUDIT_ARCH_X86_64 : l.archToken(), a -> new int[2]);
            limits[x32 ? 1 : 0] = Math.max(limits[x32 ? 1 : 0], l.number());
        }
        if (sections.isEmpty()) {
            return new byte[0];
        }
        Assembler a = new Assembler();
        int enosys = a.label();
        int filter = a.label();
        List<Integer> starts = new ArrayList<>();
        a.load(ARCH);
        for (int arch : sections.keySet()) {
            int start = a.label();
            starts.add(start);
            a.jumpIf(JMP_JEQ_K, arch, start);
        }
        a.jump(filter);
        int i = 0;
        for (var section : sections.entrySet()) {
            int arch = section.getKey();
            int plain = section.getValue()[0];
            int x32 = section.getValue()[1];
            a.mark(starts.get(i++));
            a.load(NR);
            if (arch == AUDIT_ARCH_S390 || arch == AUDIT_ARCH_S390X) {
                // s390 multiplexes calls with large numbers through setup(2), number 0: a number the kernel does
                // not know stays 0 there, so 0 is the unknown call.
                a.jumpIf(JMP_JEQ_K, 0, enosys);
            }
            if (arch != AUDIT_ARCH_X86_64) {
                a.jumpIf(JMP_JGT_K, plain, enosys);
            } else if (x32 == 0) {
                a.jumpIf(JMP_JSET_K, X32_SYSCALL_BIT, filter); // an x32 call: not this profile's concern
                a.jumpIf(JMP_JGT_K, plain, enosys);
            } else if (plain == 0) {
                a.jumpUnless(JMP_JSET_K, X32_SYSCALL_BIT, filter);
                a.jumpIf(JMP_JGT_K, x32, enosys);
            } else {
                int x32Calls = a.label();
                a.jumpIf(JMP_JSET_K, X32_SYSCALL_BIT, x32Calls);
                a.jumpIf(JMP_JGT_K, plain, enosys);
                a.jump(filter);
                a.mark(x32Calls);
                a.jumpIf(JMP_JGT_K, x32, enosys); // x32 numbers carry the bit, and so do libseccomp's for x32
            }
            a.jump(filter);
        }
        a.mark(enosys);
        a.ret(RET_ENOSYS);
        a.mark(filter);
        return a.bytes();
    }

    /** {@code stub} then {@code filter}: the filter's jumps are relative, so it runs as it did alone. */
    static byte[] prepend(byte[] stub, byte[] filter) {
        byte[] all = new byte[stub.length + filter.length];
        System.arraycopy(stub, 0, all, 0, stub.length);
        System.arraycopy(filter, 0, all, stub.length, filter.length);
        return all;
    }

    /**
     * Forward jumps to labels, resolved at the end. Conditional jumps are a test that skips or takes one
     * unconditional {@code ja}, whose 32-bit offset reaches anywhere: no 8-bit jump offset can overflow.
     */
    private static final class Assembler {
        private record Insn(short code, int jt, int jf, int k, int target) {}

        private final List<Insn> program = new ArrayList<>();
        private final List<Integer> positions = new ArrayList<>();

        int label() {
            positions.add(-1);
            return positions.size() - 1;
        }

        void mark(int label) {
            positions.set(label, program.size());
        }

        void load(int offset) {
            program.add(new Insn(LD_W_ABS, 0, 0, offset, -1));
        }

        /** Goes to {@code target} when the test holds. */
        void jumpIf(short test, int k, int target) {
            program.add(new Insn(test, 0, 1, k, -1));
            jump(target);
        }

        /** Goes to {@code target} when the test does not hold. */
        void jumpUnless(short test, int k, int target) {
            program.add(new Insn(test, 1, 0, k, -1));
            jump(target);
        }

        void jump(int target) {
            program.add(new Insn(JMP_JA, 0, 0, 0, target));
        }

        void ret(int value) {
            program.add(new Insn(RET_K, 0, 0, value, -1));
        }

        byte[] bytes() {
            ByteBuffer out = ByteBuffer.allocate(program.size() * 8).order(ByteOrder.nativeOrder());
            for (int pc = 0; pc < program.size(); pc++) {
                Insn insn = program.get(pc);
                int k = insn.k();
                if (insn.target() >= 0) {
                    int to = positions.get(insn.target());
                    if (to <= pc) {
                        throw new IllegalStateException("BPF jumps only forward: " + pc + " to " + to);
                    }
                    k = to - (pc + 1);
                }
                out.putShort(insn.code()).put((byte) insn.jt()).put((byte) insn.jf()).putInt(k);
            }
            return out.array();
        }
    }
}
