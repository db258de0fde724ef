package io.hako.container.internal.plan;

/**
 * The operations the native stage performs, with their wire tags and field signatures. This table and
 * {@code OP_DEFS} in {@code container/src/main/c/plan.c} are the two halves of one contract; a test compares
 * them through the stage's {@code --list-ops}.
 *
 * <p>Signature letters: {@code u} u32, {@code U} u64, {@code I} i64, {@code s} string, {@code S} list of
 * strings, {@code L} list of u32, {@code b} bytes.
 */
public enum OpCode {
    // intermediate: namespaces, then the fork of the init
    JOIN_NAMESPACE(1, "join-namespace", "us"),
    UNSHARE(2, "unshare", "u"),
    AWAIT_ID_MAPS(3, "await-id-maps", ""),
    SET_IDS(4, "set-ids", "uu"),
    TIME_OFFSET(5, "time-offset", "uIu"),
    FORK_INIT(6, "fork-init", ""),
    // init: the container's own set-up
    SETSID(10, "setsid", ""),
    MOUNT(11, "mount", "sssUsu"),
    REMOUNT(12, "remount", "sU"),
    PROPAGATION(13, "propagation", "sU"),
    PIVOT_ROOT(14, "pivot-root", "s"),
    CHROOT(15, "chroot", "s"),
    MKNOD(16, "mknod", "suuuuu"),
    SYMLINK(17, "symlink", "ss"),
    MASK_PATH(18, "mask-path", "s"),
    READONLY_PATH(19, "readonly-path", "s"),
    SYSCTL(20, "sysctl", "ss"),
    HOSTNAME(21, "hostname", "s"),
    DOMAINNAME(22, "domainname", "s"),
    RLIMIT(23, "rlimit", "uUU"),
    OOM_SCORE_ADJ(24, "oom-score-adj", "I"),
    UMASK(25, "umask", "u"),
    CHDIR(26, "chdir", "s"),
    GROUPS(27, "groups", "L"),
    USER(28, "user", "uu"),
    CAPABILITIES(29, "capabilities", "UUUUU"),
    NO_NEW_PRIVILEGES(30, "no-new-privileges", ""),
    SECCOMP(31, "seccomp", "ub"),
    LSM_LABEL(32, "lsm-label", "ss"),
    CONSOLE(33, "console", "uu"),
    READY(34, "ready", ""),
    WAIT_START(35, "wait-start", "u"),
    EXEC(36, "exec", "sSS");

    private final int tag;
    private final String label;
    private final String signature;

    OpCode(int tag, String label, String signature) {
        this.tag = tag;
        this.label = label;
        this.signature = signature;
    }

    public int tag() {
        return tag;
    }

    /** The name printed in a plan listing, {@code join-namespace}. */
    public String label() {
        return label;
    }

    public String signature() {
        return signature;
    }
}
