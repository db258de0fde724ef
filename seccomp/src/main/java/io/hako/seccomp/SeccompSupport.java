package io.hako.seccomp;

import io.hako.oci.features.SeccompFeatures;
import java.util.List;
import java.util.Objects;

/**
 * What a compiler accepts in {@code linux.seccomp} on this host, in the names of the OCI features document's
 * {@code linux.seccomp} object. Derived from the library and kernel at hand (libseccomp's API level, the
 * architectures it resolves), not a fixed list: an action the kernel cannot return is not listed.
 *
 * @param actions the {@code SCMP_ACT_*} names accepted as {@code defaultAction} and {@code syscalls[].action}
 * @param operators the {@code SCMP_CMP_*} names accepted as {@code syscalls[].args[].op}
 * @param archs the {@code SCMP_ARCH_*} names accepted in {@code architectures}
 * @param flags the {@code SECCOMP_FILTER_FLAG_*} names accepted in {@code flags} and honoured (the features
 *     document's {@code supportedFlags}); {@link #knownFlags()} are the ones recognised at all
 * @param libseccompVersion the library's version, {@code 2.5.4}
 */
public record SeccompSupport(List<String> actions, List<String> operators, List<String> archs, List<String> flags,
        String libseccompVersion) {
    /** Every flag the runtime-spec defines; a compiler recognises them all, and refuses those it cannot honour. */
    public static final List<String> KNOWN_FLAGS = List.of("SECCOMP_FILTER_FLAG_LOG",
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");

    /** Keeps copies of the lists. */
    public SeccompSupport {
        actions = List.copyOf(actions);
        operators = List.copyOf(operators);
        archs = List.copyOf(archs);
        flags = List.copyOf(flags);
        Objects.requireNonNull(libseccompVersion, "libseccompVersion");
    }

    /**
     * The features document's {@code knownFlags}.
     *
     * @return {@link #KNOWN_FLAGS}
     */
    public List<String> knownFlags() {
        return KNOWN_FLAGS;
    }

    /**
     * The features document's {@code linux.seccomp} object for this support.
     *
     * @return seccomp enabled, with these lists
     */
    public SeccompFeatures toFeatures() {
        return new SeccompFeatures(true, actions, operators, archs, KNOWN_FLAGS, flags, null);
    }
}
