package io.hako.seccomp.internal;

import io.hako.seccomp.SeccompProgram;
import java.util.Optional;

/**
 * The runtime-spec's {@code linux.seccomp.flags}: flags of {@code seccomp(SECCOMP_SET_MODE_FILTER)}. They are
 * load-time choices, so they go into {@link SeccompProgram#flags()} for the stage, not into the libseccomp
 * context (whose LOG and SSB attributes only matter to seccomp_load, which hako never calls).
 */
public enum FilterFlag {
    /**
     * Accepted and ignored, as runc does: TSYNC applies a filter to all threads of the caller, and the stage
     * loads it in the container's single-threaded init, which then execs. Passing it on would only hurt: the
     * kernel refuses TSYNC together with NEW_LISTENER before Linux 5.7.
     */
    TSYNC(SeccompProgram.FLAG_TSYNC),
    LOG(SeccompProgram.FLAG_LOG),
    SPEC_ALLOW(SeccompProgram.FLAG_SPEC_ALLOW),
    /** Needs NEW_LISTENER: the kernel refuses it (EINVAL) on a filter without a notify listener. */
    WAIT_KILLABLE_RECV(SeccompProgram.FLAG_WAIT_KILLABLE_RECV);

    private final int bit;

    FilterFlag(int bit) {
        this.bit = bit;
    }

    /** The {@code SECCOMP_FILTER_FLAG_*} bit. */
    public int bit() {
        return bit;
    }

    /** The spec's name, {@code SECCOMP_FILTER_FLAG_LOG}. */
    public String specName() {
        return "SECCOMP_FILTER_FLAG_" + name();
    }

    /** The flag the spec names {@code name}, empty when there is none. */
    public static Optional<FilterFlag> of(String name) {
        for (FilterFlag flag : values()) {
            if (flag.specName().equals(name)) {
                return Optional.of(flag);
            }
        }
        return Optional.empty();
    }
}
