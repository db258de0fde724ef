package io.hako.seccomp.internal;

import io.hako.oci.config.Seccomp;
import io.hako.seccomp.SeccompCompiler;
import io.hako.seccomp.SeccompException;
import io.hako.seccomp.SeccompProgram;
import io.hako.seccomp.SeccompSupport;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The compiler on libseccomp: {@link Policy} checks the section, then one libseccomp context gets the default
 * action, the architectures and the rules, and exports the program, which gets runc's {@link EnosysStub} in front.
 * libseccomp is opened on first use, never when the service loader instantiates this class. Safe to share between
 * threads: the library is opened once under a lock, and each compile has a context and an arena of its own.
 */
public final class LibseccompCompiler implements SeccompCompiler {
    /**
     * Above this many rules the filter is built as a binary tree of syscall numbers, as runc does: libseccomp
     * (up to 2.5.4 at least) builds a wrong tree for an empty filter, and its tree nodes hold four syscalls.
     */
    static final int OPTIMIZE_ABOVE = 32;

    /** For the service loader; opens nothing. */
    public LibseccompCompiler() {}

    @Override
    public String name() {
        return "libseccomp";
    }

    /** The built-in compiler's priority (see {@link SeccompCompiler#priority()}). */
    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean isAvailable() {
        try {
            Libseccomp.get();
            return true;
        } catch (SeccompException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public SeccompProgram compile(Seccomp seccomp, Consumer<String> warnings) throws SeccompException {
        Objects.requireNonNull(seccomp, "seccomp");
        Objects.requireNonNull(warnings, "warnings");
        Policy policy = Policy.parse(seccomp);
        Libseccomp lib = Libseccomp.get();
        policy.checkActions(lib.apiLevel());
        policy.warnings().forEach(warnings);

        boolean notify = false;
        byte[] filter;
        try (Arena arena = Arena.ofConfined();
                Libseccomp.Context ctx = lib.context(policy.defaultAction(),
                        Pointer.at(Pointer.SECCOMP, "defaultAction"))) {
            for (Policy.Arch arch : policy.architectures()) {
                ctx.addArch(arch.arch(), arch.pointer());
            }
            int added = 0;
            for (Rule rule : policy.rules()) {
                int number = lib.syscallNumber(rule.syscall(), arena);
                if (number == Libseccomp.NR_SCMP_ERROR) {
                    // Most likely newer than this libseccomp, so unknown to the kernel too: runc skips it alike.
                    warnings.accept(rule.namePointer() + ": ignoring syscall \"" + rule.syscall()
                            + "\": unknown to libseccomp " + lib.version());
                    continue;
                }
                ctx.addRule(rule, number, arena);
                added++;
                notify |= rule.action().kind() == Action.Kind.NOTIFY;
            }
            if (added > OPTIMIZE_ABOVE) {
                ctx.optimize();
            }
            filter = ctx.exportBpf();
            if (EnosysStub.wanted(policy.defaultAction())) {
                filter = EnosysStub.prepend(EnosysStub.assemble(largestNamed(lib, seccomp, policy, arena)), filter);
            }
        }
        int flags = policy.loadFlags(Support.flags(lib.apiLevel(), kernelRelease()), notify);
        if (filter.length == 0 || filter.length % SeccompProgram.INSTRUCTION_SIZE != 0) {
            throw new SeccompException(Pointer.SECCOMP, "libseccomp exported " + filter.length
                    + " bytes, which is no BPF program", "seccomp_export_bpf", 0);
        }
        int instructions = filter.length / SeccompProgram.INSTRUCTION_SIZE;
        if (instructions > SeccompProgram.MAX_INSTRUCTIONS) {
            throw new SeccompException(Pointer.SECCOMP, "the filter compiles to " + instructions
                    + " BPF instructions, more than the kernel loads (" + SeccompProgram.MAX_INSTRUCTIONS + ")");
        }
        return new SeccompProgram(filter, flags, notify);
    }

    /**
     * For the ENOSYS stub: on the native architecture and each one the profile lists, the largest number of a call
     * it names, whatever the rule's action (a rule dropped for repeating the default names its call too, as in
     * runc). An architecture where it names none is left out.
     */
    private static List<EnosysStub.Largest> largestNamed(Libseccomp lib, Seccomp seccomp, Policy policy,
            Arena arena) {
        Set<String> names = new LinkedHashSet<>();
        if (seccomp.syscalls() != null) {
            seccomp.syscalls().forEach(entry -> names.addAll(entry.names()));
        }
        Set<Integer> tokens = new LinkedHashSet<>();
        tokens.add(lib.nativeArchToken());
        policy.architectures().forEach(arch -> tokens.add(lib.archToken(arch.arch())));
        List<EnosysStub.Largest> largest = new ArrayList<>();
        for (int token : tokens) {
            int max = 0;
            for (String name : names) {
                max = Math.max(max, lib.syscallNumber(token, name, arena)); // pseudo-syscalls are negative
            }
            if (max > 0) {
                largest.add(new EnosysStub.Largest(token, max));
            }
        }
        return largest;
    }

    @Override
    public SeccompSupport support() throws SeccompException {
        Libseccomp lib = Libseccomp.get();
        return Support.of(lib.apiLevel(), kernelRelease(), lib::resolves, lib.version());
    }

    /** The running kernel's release, as {@code uname -r} prints it. */
    private static String kernelRelease() {
        return System.getProperty("os.version", "");
    }
}
