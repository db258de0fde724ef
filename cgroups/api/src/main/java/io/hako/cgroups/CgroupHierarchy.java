package io.hako.cgroups;

import java.nio.file.Path;
import java.util.List;

/**
 * One hierarchy of a container's cgroup as the container sees it under its cgroup mount ({@code /sys/fs/cgroup}),
 * laid out as the host lays it out: on v1 a directory per hierarchy ({@code memory}, {@code cpu,cpuacct},
 * {@code systemd}, and {@code unified} on a hybrid host), on a pure v2 host the cgroup2 tree at the mount itself.
 * The container sees only its own cgroup there: a fresh mount in its cgroup namespace, or without one a bind of
 * the directory its init is in (read from {@code /proc/self/cgroup} when the mount is made: a rootless container
 * may have been left out of a hierarchy and stays in its caller's cgroup there).
 *
 * @param name the directory under the cgroup mount; "" for cgroup2 alone, which is mounted at the mount itself
 * @param type the filesystem: {@code cgroup} (v1) or {@code cgroup2}
 * @param options what mounts this hierarchy afresh: its controllers ({@code memory}, {@code cpu,cpuacct}) or its
 *     name ({@code name=systemd}); "" for cgroup2
 * @param mountPoint where the host mounts this hierarchy
 * @param aliases the other names of a co-mounted hierarchy, links to {@code name} ({@code cpu} and
 *     {@code cpuacct} for {@code cpu,cpuacct}), as hosts and runc have them
 */
public record CgroupHierarchy(String name, String type, String options, Path mountPoint, List<String> aliases) {
    /**
     * Keeps a copy of the aliases.
     *
     * @param name the directory under the cgroup mount
     * @param type the filesystem
     * @param options the controllers or name that mount it
     * @param mountPoint where the host mounts it
     * @param aliases the co-mounted hierarchy's other names; empty for none
     */
    public CgroupHierarchy {
        aliases = List.copyOf(aliases);
    }

    /** {@return the hierarchy's key in {@code /proc/PID/cgroup}: its controllers or name, and "" for cgroup2} */
    public String procKey() {
        return type.equals("cgroup2") ? "" : options;
    }
}
