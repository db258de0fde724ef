package io.hako.seccomp.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * The runtime-spec's {@code SCMP_ARCH_*} names (as of libseccomp 2.6). Whether this libseccomp knows one is
 * asked at compile time with {@code seccomp_arch_resolve_name} on {@link #libseccompName()}: 2.5 has no
 * LOONGARCH64, M68K, SH or SHEB.
 */
public enum Architecture {
    X86, X86_64, X32, ARM, AARCH64, MIPS, MIPS64, MIPS64N32, MIPSEL, MIPSEL64, MIPSEL64N32, PPC, PPC64, PPC64LE,
    S390, S390X, PARISC, PARISC64, RISCV64, LOONGARCH64, M68K, SH, SHEB;

    /** The spec's name, {@code SCMP_ARCH_X86_64}. */
    public String specName() {
        return "SCMP_ARCH_" + name();
    }

    /** The name libseccomp resolves: the spec's without its prefix, in lower case ({@code x86_64}). */
    public String libseccompName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The architecture the spec names {@code name}, empty when there is none. */
    public static Optional<Architecture> of(String name) {
        for (Architecture arch : values()) {
            if (arch.specName().equals(name)) {
                return Optional.of(arch);
            }
        }
        return Optional.empty();
    }
}
