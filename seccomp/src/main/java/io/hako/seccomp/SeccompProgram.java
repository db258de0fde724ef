package io.hako.seccomp;

import java.util.Arrays;

/**
 * A compiled seccomp filter, ready for {@code seccomp(SECCOMP_SET_MODE_FILTER, flags, &program)}.
 *
 * <p>The JVM does not load filters (it would filter itself); the stage does, which is why the load-time
 * choices that libseccomp keeps as context attributes (log, SSB) travel here as {@code flags} instead.
 *
 * @param filter the program as libseccomp exported it: an array of {@code struct sock_filter}, 8 bytes each,
 *     in the host's byte order
 * @param flags the {@code SECCOMP_FILTER_FLAG_*} bits to load it with
 * @param usesNotify whether the program can return {@code SECCOMP_RET_USER_NOTIF} (a rule has SCMP_ACT_NOTIFY):
 *     then {@code flags} holds {@link #FLAG_NEW_LISTENER} and loading returns the listener to hand to the
 *     seccomp agent. (Not "notify", which a record cannot have: it would clash with {@link Object#notify()}.)
 */
public record SeccompProgram(byte[] filter, int flags, boolean usesNotify) {
    /** Size of one {@code struct sock_filter}. */
    public static final int INSTRUCTION_SIZE = 8;
    /** The kernel's limit on one program ({@code BPF_MAXINSNS}). */
    public static final int MAX_INSTRUCTIONS = 4096;

    // The SECCOMP_FILTER_FLAG_* bits of <linux/seccomp.h>.
    public static final int FLAG_TSYNC = 1;
    public static final int FLAG_LOG = 2;
    public static final int FLAG_SPEC_ALLOW = 4;
    public static final int FLAG_NEW_LISTENER = 8;
    public static final int FLAG_WAIT_KILLABLE_RECV = 32;

    /**
     * Checks the program's shape and keeps a copy of its bytes.
     *
     * @throws IllegalArgumentException when {@code filter} is no whole number of instructions, or
     *     {@code usesNotify} and {@link #FLAG_NEW_LISTENER} disagree
     */
    public SeccompProgram {
        if (filter == null || filter.length == 0 || filter.length % INSTRUCTION_SIZE != 0) {
            throw new IllegalArgumentException("a BPF program is a non-empty array of 8-byte instructions, got "
                    + (filter == null ? "none" : filter.length + " bytes"));
        }
        if (usesNotify != ((flags & FLAG_NEW_LISTENER) != 0)) {
            throw new IllegalArgumentException("usesNotify and SECCOMP_FILTER_FLAG_NEW_LISTENER go together");
        }
        filter = filter.clone();
    }

    /**
     * A copy of the program's bytes.
     *
     * @return the instructions, 8 bytes each
     */
    @Override
    public byte[] filter() {
        return filter.clone();
    }

    /**
     * The number of BPF instructions.
     *
     * @return the filter's length in instructions
     */
    public int instructions() {
        return filter.length / INSTRUCTION_SIZE;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SeccompProgram p && Arrays.equals(filter, p.filter) && flags == p.flags
                && usesNotify == p.usesNotify;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(filter) + flags) + Boolean.hashCode(usesNotify);
    }

    @Override
    public String toString() {
        return "SeccompProgram[" + instructions() + " instructions, flags 0x" + Integer.toHexString(flags)
                + (usesNotify ? ", notify" : "") + "]";
    }
}
