import io.hako.cgroups.CgroupDriver;

/**
 * Cgroup managers' API: one cgroup ({@link io.hako.cgroups.Cgroup}), the driver SPI
 * ({@link io.hako.cgroups.CgroupDriver}) and the choice of a driver for this host ({@link io.hako.cgroups.Cgroups}).
 * The drivers are modules of their own, found with {@code ServiceLoader}: {@code io.hako.cgroups.v1},
 * {@code io.hako.cgroups.v2} and {@code io.hako.cgroups.systemd}; this module has none.
 */
// The qualified export names the driver modules, which are not on this module's path when it is compiled.
@SuppressWarnings("module")
module io.hako.cgroups {
    requires io.hako.sys;
    requires transitive io.hako.oci;

    exports io.hako.cgroups;
    // What the cgroupfs drivers share (file access, paths, the cgroup tree, the events' wait): theirs only, not an
    // API another driver could rely on.
    exports io.hako.cgroups.internal to io.hako.cgroups.v1, io.hako.cgroups.v2;

    uses CgroupDriver;
}
