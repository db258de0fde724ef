package io.hako.seccomp.internal;

import java.util.List;
import java.util.Optional;

/**
 * A seccomp action as libseccomp encodes it ({@code SCMP_ACT_*}, which are the kernel's {@code SECCOMP_RET_*}
 * values): a kind and, for ERRNO and TRACE, 16 bits of data.
 *
 * @param kind the action
 * @param data the errno (ERRNO) or the tracer's message (TRACE); 0 for the others
 */
public record Action(Kind kind, int data) {
    /** What runc returns when an ERRNO or TRACE action gives no errnoRet (and what the spec says). */
    public static final int DEFAULT_ERRNO = 1; // EPERM

    /** The kinds, with their value and the libseccomp API level that supports them (see seccomp_api_get(3)). */
    public enum Kind {
        KILL_THREAD(0x00000000, 1),
        KILL_PROCESS(0x80000000, 3),
        TRAP(0x00030000, 1),
        ERRNO(0x00050000, 1),
        TRACE(0x7ff00000, 1),
        LOG(0x7ffc0000, 3),
        ALLOW(0x7fff0000, 1),
        NOTIFY(0x7fc00000, 5);

        private final int value;
        private final int apiLevel;

        Kind(int value, int apiLevel) {
            this.value = value;
            this.apiLevel = apiLevel;
        }

        /** The libseccomp API level from which the library and the running kernel support this action. */
        public int apiLevel() {
            return apiLevel;
        }

        /** The spec's name, {@code SCMP_ACT_ERRNO}. */
        public String specName() {
            return "SCMP_ACT_" + name();
        }

        /** Whether the action carries 16 bits of data, and so takes an errnoRet. */
        public boolean takesData() {
            return this == ERRNO || this == TRACE;
        }
    }

    /** The spec's names; SCMP_ACT_KILL is libseccomp's old name for KILL_THREAD. */
    private static final List<String> NAMES = List.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
            "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW",
            "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");

    public Action {
        if (data != 0 && !kind.takesData() || data < 0 || data > 0xffff) {
            throw new IllegalArgumentException(kind + " cannot carry " + data);
        }
    }

    /** Every name the spec defines. */
    public static List<String> names() {
        return NAMES;
    }

    /** The kind named {@code name}, empty when the spec defines no such action. */
    public static Optional<Kind> kind(String name) {
        return switch (name) {
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> Optional.of(Kind.KILL_THREAD);
            case "SCMP_ACT_KILL_PROCESS" -> Optional.of(Kind.KILL_PROCESS);
            case "SCMP_ACT_TRAP" -> Optional.of(Kind.TRAP);
            case "SCMP_ACT_ERRNO" -> Optional.of(Kind.ERRNO);
            case "SCMP_ACT_TRACE" -> Optional.of(Kind.TRACE);
            case "SCMP_ACT_ALLOW" -> Optional.of(Kind.ALLOW);
            case "SCMP_ACT_LOG" -> Optional.of(Kind.LOG);
            case "SCMP_ACT_NOTIFY" -> Optional.of(Kind.NOTIFY);
            default -> Optional.empty();
        };
    }

    /** The spec names of the given kinds, in the spec's order. */
    public static List<String> names(java.util.Collection<Kind> kinds) {
        return NAMES.stream().filter(n -> kinds.contains(kind(n).orElseThrow())).toList();
    }

    /** The 32-bit value libseccomp takes ({@code SCMP_ACT_ERRNO(x)} is the ERRNO kind ORed with x). */
    public int value() {
        return kind.value | data;
    }

    @Override
    public String toString() {
        return kind.takesData() ? kind + "(" + data + ")" : kind.toString();
    }
}
