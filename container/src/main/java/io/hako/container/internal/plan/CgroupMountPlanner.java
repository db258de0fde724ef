package io.hako.container.internal.plan;

import io.hako.cgroups.CgroupHierarchy;
import java.util.List;

/**
 * A "cgroup" mount: the container's own cgroup, in the host's layout, where the container looks for it. In a
 * cgroup namespace each hierarchy is mounted afresh (its root is then the container's cgroup); without one,
 * the directory the init is in, in each hierarchy, is bound there (found by the stage in /proc/self/cgroup, as runc
 * finds it: a rootless container left out of a hierarchy shows its caller's), so that it never sees the host's
 * tree (runc binds on v1; on cgroup2 it would show the whole tree). On v1 the hierarchies sit in a tmpfs, each under its own
 * name, co-mounted ones also under each controller's name, and on a hybrid host cgroup2 under "unified". Pure.
 */
final class CgroupMountPlanner {
    /** What runc mounts cgroup filesystems and their tmpfs with. */
    static final long DEFAULT_FLAGS = MountOptions.MS_NOSUID | MountOptions.MS_NOEXEC | MountOptions.MS_NODEV;

    private CgroupMountPlanner() {}

    /**
     * @param destination where the config mounts "cgroup"
     * @param options the mount's options
     * @param view the container's cgroup hierarchies; empty for a plain cgroup2 mount
     * @param cgroupNamespace whether the init has a cgroup namespace of its own
     * @param tmpfsLabel the mount label option for the v1 tmpfs, or null
     */
    static void plan(List<Op> ops, String destination, MountOptions options, List<CgroupHierarchy> view,
            boolean cgroupNamespace, String tmpfsLabel) {
        long flags = options.flags() | options.propagation();
        if (view.isEmpty() || (view.size() == 1 && view.getFirst().name().isEmpty())) {
            if (cgroupNamespace || view.isEmpty()) {
                ops.add(Op.of(OpCode.MOUNT, "cgroup2", destination, "cgroup2", flags, options.data(), 1, 0));
            } else {
                ops.add(bind(view.getFirst(), destination, flags));
            }
            return;
        }
        String base = destination.endsWith("/") ? destination : destination + "/";
        ops.add(Op.of(OpCode.MOUNT, "tmpfs", destination, "tmpfs", DEFAULT_FLAGS | options.propagation(),
                tmpfsLabel == null ? "mode=755" : "mode=755," + tmpfsLabel, 1, 0));
        for (CgroupHierarchy hierarchy : view) {
            String target = base + hierarchy.name();
            if (cgroupNamespace) {
                String source = hierarchy.type().equals("cgroup2") ? "cgroup2"
                        : hierarchy.options().equals("name=systemd") ? "systemd" : "cgroup";
                ops.add(Op.of(OpCode.MOUNT, source, target, hierarchy.type(),
                        DEFAULT_FLAGS | (options.flags() & MountOptions.MS_RDONLY), hierarchy.options(), 1, 0));
            } else {
                ops.add(bind(hierarchy, target, flags));
            }
            for (String alias : hierarchy.aliases()) {
                ops.add(Op.of(OpCode.SYMLINK, hierarchy.name(), base + alias));
            }
        }
    }

    private static Op bind(CgroupHierarchy hierarchy, String target, long flags) {
        return Op.of(OpCode.MOUNT_OWN_CGROUP, hierarchy.procKey(), hierarchy.mountPoint().toString(), target,
                flags | MountOptions.MS_BIND | MountOptions.MS_REC);
    }
}
