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
    ROOT_PROPAGATION(11, "root-propagation", "U"),
    /** The rootfs, bound on itself; 1: first make the mount holding it private if it is shared. */
    ROOTFS(12, "rootfs", "su"),
    /**
     * source, target in the rootfs, type, MS_* flags, data, mount point (0 existing, 1 directory, 2 file), and
     * {@link #MOUNT_COPY_UP} | {@link #MOUNT_ORDINARY_DIRECTORY}.
     */
    MOUNT(13, "mount", "sssUsuu"),
    REMOUNT(14, "remount", "sU"),
    PIVOT_ROOT(15, "pivot-root", ""),
    CHROOT(16, "chroot", ""),
    MKNOD(17, "mknod", "suuuuu"),
    SYMLINK(18, "symlink", "ss"),
    MASK_PATH(19, "mask-path", "s"),
    READONLY_PATH(20, "readonly-path", "s"),
    SYSCTL(21, "sysctl", "ss"),
    HOSTNAME(22, "hostname", "s"),
    DOMAINNAME(23, "domainname", "s"),
    RLIMIT(24, "rlimit", "uUU"),
    OOM_SCORE_ADJ(25, "oom-score-adj", "I"),
    UMASK(26, "umask", "u"),
    /** The working directory; 1: make it (and its parents, 0755) when it is missing. */
    CHDIR(27, "chdir", "su"),
    GROUPS(28, "groups", "L"),
    USER(29, "user", "uu"),
    CAPABILITIES(30, "capabilities", "UUUUU"),
    NO_NEW_PRIVILEGES(31, "no-new-privileges", ""),
    SECCOMP(32, "seccomp", "ub"),
    LSM_LABEL(33, "lsm-label", "ss"),
    CONSOLE(34, "console", "uu"),
    FIND_EXECUTABLE(35, "find-executable", "sS"),
    READY(36, "ready", ""),
    WAIT_START(37, "wait-start", "u"),
    EXEC(38, "exec", "SS"),
    /** Without a mount namespace: chroot into the rootfs (nothing is moved over the host's "/"). */
    ENTER_ROOT(39, "enter-root", ""),
    /**
     * An id-mapped mount made with the host's privileges, before anything else: source, recursive (1 for ridmap),
     * uid and gid maps as (id, host id, size) triples. Prepared mounts are numbered in plan order.
     */
    IDMAP_PREPARE(40, "idmap-prepare", "suLL"),
    /** A prepared id-mapped mount attached in the container: its number, destination, MS_* flags, kind. */
    IDMAP_ATTACH(41, "idmap-attach", "usUu"),
    /** The intermediate waits for main to move it into the container's cgroup, before it makes anything. */
    AWAIT_CGROUP(42, "await-cgroup", ""),
    /** The init joins a new session keyring of this name: the container does not share its caller's keys. */
    JOIN_SESSION_KEYRING(43, "join-session-keyring", "s"),
    /** The init, its mounts made, waits while main runs the prestart and createRuntime hooks and sends the state. */
    AWAIT_HOOKS(44, "await-hooks", ""),
    /**
     * A createContainer or startContainer hook run by the init: path, argv, envp, timeout in seconds, and 1 when
     * envp is the process's (the hook has no env of its own), to which the stage adds the HOME it found.
     */
    RUN_HOOK(45, "run-hook", "sSSuu"),
    /** Recursive mount attributes (mount_setattr with AT_RECURSIVE) of a target in the rootfs: set, clear. */
    MOUNT_SETATTR(46, "mount-setattr", "sUU"),
    /** When the process's environment has no HOME: the home of this uid in the container's /etc/passwd, or "/". */
    DEFAULT_HOME(47, "default-home", "u"),
    /** The standard streams, unless /dev/null, are given to this uid (keeping their group), so it can use them. */
    STDIO_OWNER(48, "stdio-owner", "u"),
    /**
     * Bind sources of a container with a user namespace: their opener is forked while the intermediate still has
     * the host's privileges (before the user namespace).
     */
    PREPARE_SOURCES(49, "prepare-sources", "S"),
    /** The opener opens the sources in the new mount namespace and sends them; MOUNT_PREOPENED_SOURCE binds use them. */
    RECEIVE_SOURCES(50, "receive-sources", ""),
    /**
     * The init's own cgroup of one hierarchy bound at a target: its key in /proc/self/cgroup ("memory",
     * "name=systemd", "" for cgroup2), the hierarchy's mount point on the host, the target, MS_* flags.
     */
    MOUNT_OWN_CGROUP(51, "mount-own-cgroup", "sssU"),
    /**
     * In the container's root: standard streams on the null device become the container's own null device (a
     * checked 1:3 node), so that nothing the init holds is a file of a mount outside its namespace (CRIU cannot
     * dump such a descriptor). Streams on anything else, and a rootfs whose /dev/null is no null device, are left.
     */
    STDIO_NULL(52, "stdio-null", ""),
    /** In a network namespace just made: its loopback interface brought up. */
    LOOPBACK_UP(53, "loopback-up", "");

    /** MOUNT: the tmpfs starts with a copy of what was at its target (tmpcopyup). */
    public static final int MOUNT_COPY_UP = 1;
    /** MOUNT: the target must be a directory, not a symlink or a file (proc, sysfs). */
    public static final int MOUNT_ORDINARY_DIRECTORY = 2;
    /** MOUNT: bind from the source's descriptor that RECEIVE_SOURCES brought (opened with the host's rights). */
    public static final int MOUNT_PREOPENED_SOURCE = 4;
    /**
     * MOUNT: the destination is one of the procfs files a mount may cover (runc's list, lxcfs's files); without it
     * the stage refuses a target that turns out to be in a procfs (reached through a symlink of the rootfs).
     */
    public static final int MOUNT_INSIDE_PROC = 8;

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
