package io.hako.oci;

import io.hako.oci.config.Capabilities;
import io.hako.oci.config.DeviceRule;
import io.hako.oci.config.IdMapping;
import io.hako.oci.config.Linux;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Namespace;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Process;
import io.hako.oci.config.Resources;
import io.hako.oci.config.Rlimit;
import io.hako.oci.config.Root;
import io.hako.oci.config.Spec;
import io.hako.oci.config.User;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration {@code hako spec} writes: the same starting point as {@code runc spec}, a shell in a
 * {@code rootfs} folder with few capabilities, a read-only root and the usual mounts, so that a bundle made
 * for one runtime works with the other.
 */
public final class DefaultSpec {
    /** The spec version hako implements and writes. */
    public static final String OCI_VERSION = "1.3.0";

    private static final List<String> CAPABILITIES = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
    private static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/asound", "/proc/kcore",
            "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
            "/sys/firmware", "/proc/scsi");
    private static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    private DefaultSpec() {}

    /** {@return the default configuration for a container run by root} */
    public static Spec create() {
        return build(false, 0, 0);
    }

    /**
     * The default configuration for a rootless container: a user namespace mapping root in the container to
     * {@code hostUid}/{@code hostGid}, no network namespace of its own, {@code /sys} bound from the host and no
     * device cgroup rule (an unprivileged user cannot set one).
     *
     * @param hostUid the host's uid that is root in the container
     * @param hostGid the host's gid that is root's group in the container
     * @return the configuration
     */
    public static Spec rootless(long hostUid, long hostGid) {
        return build(true, hostUid, hostGid);
    }

    private static Spec build(boolean rootless, long hostUid, long hostGid) {
        var process = new Process(
                true, null, new User(0L, 0L, null, null, null, null),
                List.of("sh"), null,
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"),
                "/",
                new Capabilities(CAPABILITIES, CAPABILITIES, null, CAPABILITIES, CAPABILITIES, null),
                List.of(new Rlimit("RLIMIT_NOFILE", 1024, 1024, null)),
                true, null, null, null, null, null, null, null);

        List<Mount> mounts = new ArrayList<>();
        mounts.add(mount("/proc", "proc", "proc"));
        mounts.add(mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"));
        mounts.add(rootless
                ? mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")
                : mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620",
                        "gid=5"));
        mounts.add(mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
        mounts.add(mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"));
        mounts.add(rootless
                ? mount("/sys", "none", "/sys", "rbind", "nosuid", "noexec", "nodev", "ro")
                : mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"));
        mounts.add(mount("/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro"));

        List<Namespace> namespaces = new ArrayList<>();
        namespaces.add(new Namespace(NamespaceType.PID));
        if (!rootless) {
            namespaces.add(new Namespace(NamespaceType.NETWORK));
        }
        namespaces.add(new Namespace(NamespaceType.IPC));
        namespaces.add(new Namespace(NamespaceType.UTS));
        namespaces.add(new Namespace(NamespaceType.MOUNT));
        namespaces.add(new Namespace(NamespaceType.CGROUP));
        if (rootless) {
            namespaces.add(new Namespace(NamespaceType.USER));
        }

        var linux = new Linux(
                namespaces,
                rootless ? List.of(new IdMapping(0, hostUid, 1)) : null,
                rootless ? List.of(new IdMapping(0, hostGid, 1)) : null,
                null, null, null, null,
                rootless ? null : new Resources(List.of(new DeviceRule(false, null, null, null, "rwm", null)),
                        null, null, null, null, null, null, null, null, null),
                null, null, null, null, MASKED_PATHS, READONLY_PATHS, null, null, null, null);

        return new Spec(OCI_VERSION, new Root("rootfs", true, null), process, "hako", null, mounts, null, null,
                linux, null);
    }

    private static Mount mount(String destination, String type, String source, String... options) {
        return new Mount(destination, type, source, options.length == 0 ? null : List.of(options), null, null, null);
    }
}
