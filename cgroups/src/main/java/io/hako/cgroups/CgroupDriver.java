package io.hako.cgroups;

/**
 * A cgroup layout's manager, found with {@link java.util.ServiceLoader}: cgroupfs v1, cgroupfs v2, systemd.
 * Providers must be cheap to make: every one is instantiated when drivers are listed.
 */
public interface CgroupDriver {
    /** The name hako records with a container's cgroup, {@code cgroupfs-v1}. */
    String name();

    /** Whether this driver manages cgroups on a host laid out as {@code layout}. */
    boolean serves(CgroupLayout layout);

    /** Whether this is the systemd driver (chosen with {@code --systemd-cgroup}). */
    default boolean isSystemd() {
        return false;
    }

    /**
     * The cgroup for a container: its configuration's {@code cgroupsPath} (null when absent) interpreted as
     * this driver does, with the container's id for the default.
     *
     * @throws CgroupException when the path is not one this driver takes (a systemd path to cgroupfs, say)
     */
    Cgroup forContainer(String cgroupsPath, String containerId, CgroupLayout layout) throws CgroupException;

    /** The cgroup at {@code path}, as {@link Cgroup#path()} gave it. */
    Cgroup at(String path, CgroupLayout layout) throws CgroupException;
}
