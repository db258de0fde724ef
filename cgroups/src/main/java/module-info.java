import io.hako.cgroups.CgroupDriver;

/**
 * Cgroup managers: one API ({@link io.hako.cgroups.Cgroup}), a driver per cgroup layout (v1, v2, systemd), found
 * with {@code ServiceLoader} ({@link io.hako.cgroups.Cgroups} picks one for the host).
 */
module io.hako.cgroups {
    requires io.hako.sys;
    // Device rules in a user namespace follow runc's rules there.
    requires io.hako.namespaces;
    requires transitive io.hako.oci;

    exports io.hako.cgroups;

    uses CgroupDriver;

    provides CgroupDriver with io.hako.cgroups.internal.v1.V1Driver, io.hako.cgroups.internal.v2.V2Driver,
            io.hako.cgroups.internal.systemd.SystemdDriver;
}
