package io.hako.namespaces;

import io.hako.oci.config.NamespaceType;
import java.util.List;

/**
 * What the kernel calls each kind of namespace: its {@code CLONE_NEW*} flag and its file under
 * {@code /proc/<pid>/ns/}.
 */
public final class Kinds {
    /**
     * The order in which namespaces are joined: the user namespace first (joining it grants the capabilities
     * that joining the others needs when they belong to it), the mount namespace last: joining it changes the root
     * and so what the later paths (/proc/PID/ns/... among them) would name.
     */
    public static final List<NamespaceType> JOIN_ORDER = List.of(NamespaceType.USER, NamespaceType.IPC,
            NamespaceType.UTS, NamespaceType.NETWORK, NamespaceType.PID, NamespaceType.CGROUP, NamespaceType.TIME,
            NamespaceType.MOUNT);

    private Kinds() {}

    /**
     * {@return the {@code CLONE_NEW*} flag of a kind, for clone3, unshare and setns}
     *
     * @param type the kind of namespace
     */
    public static int cloneFlag(NamespaceType type) {
        return switch (type) {
            case MOUNT -> 0x00020000;
            case UTS -> 0x04000000;
            case IPC -> 0x08000000;
            case USER -> 0x10000000;
            case PID -> 0x20000000;
            case NETWORK -> 0x40000000;
            case CGROUP -> 0x02000000;
            case TIME -> 0x00000080;
        };
    }

    /**
     * {@return the file name under {@code /proc/<pid>/ns/}: {@code mnt}, {@code net}, ...}
     *
     * @param type the kind of namespace
     */
    public static String procName(NamespaceType type) {
        return switch (type) {
            case MOUNT -> "mnt";
            case NETWORK -> "net";
            case UTS -> "uts";
            case IPC -> "ipc";
            case USER -> "user";
            case PID -> "pid";
            case CGROUP -> "cgroup";
            case TIME -> "time";
        };
    }
}
