package io.hako.cgroups;

/**
 * A cgroup layout's manager: the service provider interface of this module. hako's drivers are modules of their
 * own ({@code io.hako.cgroups.v1}, {@code io.hako.cgroups.v2}, {@code io.hako.cgroups.systemd}), found with
 * {@link java.util.ServiceLoader} ({@code provides io.hako.cgroups.CgroupDriver with ...} in a named module,
 * {@code META-INF/services/io.hako.cgroups.CgroupDriver} on the class path); {@link Cgroups} lists and picks them.
 *
 * <p>The contract of a provider:
 * <ul>
 *   <li><b>Instances.</b> A driver is made with its public no-argument constructor whenever drivers are listed
 *       (every {@link Cgroups#drivers()}, so every command that looks one up), and any number of instances may
 *       exist. The constructor must be cheap and touch nothing on the host.
 *   <li><b>Threads.</b> A driver keeps no state of its own: its methods may be called from several threads at
 *       once, on one instance or several (the resident hako serves calls concurrently). A {@link Cgroup} it
 *       returns is the caller's, used as {@link Cgroup} says.
 *   <li><b>Availability.</b> {@link #serves(CgroupLayout)} says whether the driver can manage cgroups on a host
 *       laid out so; it is pure (the layout alone decides, no I/O), and {@link Cgroups#select} asks it. What the
 *       layout cannot tell (systemd running as init, say) is checked when a cgroup is made, as an error.
 *   <li><b>Priority.</b> Where several drivers of the same kind ({@link #isSystemd()}) serve a layout, the one
 *       with the highest {@link #priority()} is chosen, ties broken by {@link #name()}.
 *   <li><b>Errors.</b> Every failure is a {@link CgroupException} naming the cgroup and what was refused (with
 *       the kernel's errno when it refused); a driver asked for what it does not do (a path it does not take, a
 *       rootless mode it lacks) says so with one, never silently does something else.
 * </ul>
 */
public interface CgroupDriver {
    /** {@return the name hako records with a container's cgroup, {@code cgroupfs-v1}: unique among drivers} */
    String name();

    /**
     * {@return whether this driver manages cgroups on a host laid out as {@code layout}} Pure: see the contract
     * above.
     *
     * @param layout the host's cgroup mounts
     */
    boolean serves(CgroupLayout layout);

    /**
     * The driver's rank among those of its kind that serve a layout: higher wins. hako's own are
     * {@code cgroupfs-v2} 300, {@code cgroupfs-v1} 200 (on today's layouts the two never serve the same one) and
     * {@code systemd} 100 (chosen only when asked for, so it competes with systemd drivers alone). The default, 0,
     * puts another provider after them: a plug-in replaces one of hako's drivers only by saying so.
     *
     * @return the rank; 0 unless overridden
     */
    default int priority() {
        return 0;
    }

    /**
     * {@return whether this is a systemd driver: one chosen only when asked for ({@code --systemd-cgroup})} False
     * unless overridden.
     */
    default boolean isSystemd() {
        return false;
    }

    /**
     * The cgroup for a container: its configuration's {@code cgroupsPath} (null when absent) interpreted as
     * this driver does, with the container's id for the default.
     *
     * @param cgroupsPath the configuration's {@code linux.cgroupsPath}, or null
     * @param containerId the container's id, which names the default cgroup
     * @param layout the host's cgroup mounts
     * @return a handle; the cgroup is not made until {@link Cgroup#create()}
     * @throws CgroupException when the path is not one this driver takes (a systemd path to cgroupfs, say), or the
     *     layout not one it serves
     */
    Cgroup forContainer(String cgroupsPath, String containerId, CgroupLayout layout) throws CgroupException;

    /**
     * The cgroup at {@code path}, as {@link Cgroup#path()} gave it: how a later command finds a container's cgroup
     * again from its state.
     *
     * @param path the path as this driver's {@link Cgroup#path()} names it
     * @param layout the host's cgroup mounts
     * @return a handle; whether the cgroup exists is not checked
     * @throws CgroupException when the path is not one this driver takes, or the layout not one it serves
     */
    Cgroup at(String path, CgroupLayout layout) throws CgroupException;

    /**
     * As {@link #forContainer(String, String, CgroupLayout)}, for runc's rootless cgroup manager when
     * {@code rootless}: device rules that cannot be applied are ignored, and when {@code cgroupsPath} is null
     * (the runtime chooses the cgroup) a cgroup that cannot be made or joined for lack of rights
     * ({@link CgroupException#isPermissionError()}) is left out and the container runs without it; a limit that
     * needs it is then an error. A driver without such a mode refuses {@code rootless}: never a silent cgroup
     * manager of another kind.
     *
     * @param cgroupsPath the configuration's {@code linux.cgroupsPath}, or null
     * @param containerId the container's id, which names the default cgroup
     * @param layout the host's cgroup mounts
     * @param rootless whether the caller is rootless ({@code --rootless})
     * @return a handle; the cgroup is not made until {@link Cgroup#create()}
     * @throws CgroupException when the path is not one this driver takes, the layout not one it serves, or
     *     {@code rootless} is asked of a driver without that mode
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
     *
     * @param path the path as this driver's {@link Cgroup#path()} names it
     * @param layout the host's cgroup mounts
     * @param rootless whether the container was made rootless (its state records it)
     * @return a handle; whether the cgroup exists is not checked
     * @throws CgroupException when the path is not one this driver takes, the layout not one it serves, or
     *     {@code rootless} is asked of a driver without that mode
     */
    default Cgroup at(String path, CgroupLayout layout, boolean rootless) throws CgroupException {
        if (rootless) {
            throw new CgroupException(path, "the " + name() + " cgroup driver has no rootless mode (--rootless)");
        }
        return at(path, layout);
    }
}
