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

    /**
     * As {@link #forContainer(String, String, CgroupLayout)}, for runc's rootless cgroup manager when
     * {@code rootless}: device rules that cannot be applied are ignored, and when {@code cgroupsPath} is null
     * (the runtime chooses the cgroup) a cgroup that cannot be made or joined for lack of rights
     * ({@link CgroupException#isPermissionError()}) is left out and the container runs without it; a limit that
     * needs it is then an error. A driver without such a mode refuses {@code rootless}: never a silent cgroup
     * manager of another kind.
     */
    default Cgroup forContainer(String cgroupsPath, String containerId, CgroupLayout layout, boolean rootless)
            throws CgroupException {
        if (rootless) {
            throw new CgroupException(null, "the " + name() + " cgroup driver has no rootless mode (--rootless)");
        }
        return forContainer(cgroupsPath, containerId, layout);
    }

    /**
     * As {@link #at(String, CgroupLayout)}, for a container made with {@code rootless}: a hierarchy it was left
     * out of is skipped when a process joins, and device rules that cannot be applied are ignored.
     */
    default Cgroup at(String path, CgroupLayout layout, boolean rootless) throws CgroupException {
        if (rootless) {
            throw new CgroupException(path, "the " + name() + " cgroup driver has no rootless mode (--rootless)");
        }
        return at(path, layout);
    }
}
