import io.hako.cgroups.CgroupDriver;

/**
 * The systemd driver ({@code systemd}, {@code --systemd-cgroup}): a container's cgroup is a transient unit, made
 * over a pure-Java D-Bus client, whose files the v1 or v2 driver manages. Found only as a {@link CgroupDriver}.
 */
module io.hako.cgroups.systemd {
    requires io.hako.cgroups;
    requires io.hako.cgroups.v1;
    requires io.hako.cgroups.v2;
    requires io.hako.sys;

    provides CgroupDriver with io.hako.cgroups.systemd.internal.SystemdDriver;
}
