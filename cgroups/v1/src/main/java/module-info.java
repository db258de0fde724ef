import io.hako.cgroups.CgroupDriver;

/** The cgroupfs v1 driver ({@code cgroupfs-v1}): legacy and hybrid hosts. Found only as a {@link CgroupDriver}. */
// The qualified export names the systemd driver's module, which is not on this module's path when it is compiled;
// the name ends in a digit on purpose: it is the cgroup version.
@SuppressWarnings("module")
module io.hako.cgroups.v1 {
    requires io.hako.cgroups;
    requires io.hako.sys;
    // Device rules in a user namespace follow runc's rules there.
    requires io.hako.namespaces;

    // The systemd driver has this driver manage the files of a unit's cgroup.
    exports io.hako.cgroups.v1.internal to io.hako.cgroups.systemd;

    provides CgroupDriver with io.hako.cgroups.v1.internal.V1Driver;
}
