package io.hako.cgroups;

import io.hako.oci.config.Resources;
import java.util.List;

/**
 * One cgroup, as its driver lays it out (a directory in every v1 hierarchy, one in the v2 tree, or a systemd
 * unit). A handle: making it does not create the cgroup; {@link #create} does. Methods that change the cgroup
 * are not synchronised here: hako serialises them with the container's lock.
 */
public interface Cgroup {
    /**
     * {@return the path as its driver names it: {@code /hako/c1} for cgroupfs, {@code system.slice:hako:c1} for
     * systemd} {@link CgroupDriver#at(String, CgroupLayout)} takes it back.
     */
    String path();

    /**
     * {@return the driver's name (the one {@link CgroupDriver#name()} gives), which {@link Cgroups#driver} finds
     * again}
     */
    String driver();

    /**
     * Makes the cgroup if it is not there; nothing happens when it is.
     *
     * @throws CgroupException when the cgroup cannot be made (the kernel's errno kept), or the driver cannot make
     *     it on this host (no systemd as init, say)
     */
    void create() throws CgroupException;

    /** {@return whether the cgroup exists} */
    boolean exists();

    /**
     * Moves a process (all its threads) into the cgroup.
     *
     * @param pid the process, in this process's pid namespace
     * @throws CgroupException when the cgroup is missing or the kernel refuses the move (ESRCH for a process
     *     gone, EBUSY for a v2 cgroup with controllers enabled below it)
     */
    void add(int pid) throws CgroupException;

    /**
     * Applies {@code resources}: every setting they have is written, and the rest left as they are (so an
     * update applies only what it names). A setting this layout cannot express is an error, not a silence.
     *
     * @param resources the configuration's {@code linux.resources}
     * @throws CgroupException naming the first setting that could not be written, its file and value, or one this
     *     layout cannot express; the settings before it stay written
     */
    void apply(Resources resources) throws CgroupException;

    /**
     * Stops every process in the cgroup, and returns once they all are.
     *
     * @throws CgroupException when the cgroup or its freezer is missing, or the processes do not all stop
     */
    void freeze() throws CgroupException;

    /**
     * Lets the processes run again.
     *
     * @throws CgroupException when the cgroup or its freezer is missing, or the kernel refuses
     */
    void thaw() throws CgroupException;

    /**
     * {@return whether the cgroup's processes run, as its freezer says now}
     *
     * @throws CgroupException when the cgroup's freezer state cannot be read
     */
    FreezerState freezerState() throws CgroupException;

    /**
     * {@return every process in the cgroup and those under it, in this process's pid namespace}
     *
     * @throws CgroupException when a {@code cgroup.procs} file cannot be read (the cgroup is gone, say)
     */
    List<Integer> pids() throws CgroupException;

    /**
     * Sends {@code signal} to every process in the cgroup, with none able to fork away meanwhile.
     *
     * @param signal the signal's number
     * @throws CgroupException when the cgroup cannot be frozen around the signals, or its processes listed
     */
    void signalAll(int signal) throws CgroupException;

    /**
     * {@return resource usage now; the parts of controllers the layout does not have are null}
     *
     * @throws CgroupException when a file of the cgroup cannot be read
     */
    CgroupStats stats() throws CgroupException;

    /**
     * The cgroup's hierarchies as the container is shown them under its cgroup mount, in the host's layout; the
     * cgroup need not exist yet.
     *
     * @return one per hierarchy the container's cgroup mount shows, in the order they are mounted
     */
    List<CgroupHierarchy> hierarchies();

    /**
     * Removes the cgroup, retrying while its last processes exit; nothing happens when it is gone.
     *
     * @throws CgroupException when the cgroup stays busy (processes left in it) or the kernel refuses
     */
    void destroy() throws CgroupException;

    /**
     * Starts watching the cgroup: its OOMs and OOM kills, its removal, and, when {@code memoryPressure} is given
     * and the layout offers pressure information per cgroup, memory pressure crossing that threshold
     * ({@link CgroupEvents#memoryPressure()} says whether it is watched). The cgroup must exist, with the memory
     * controller (v1: mounted; v2: enabled for it).
     *
     * @param memoryPressure the pressure to report, or null for none
     * @return the watch, the caller's to close
     * @throws CgroupException when the cgroup or its memory controller is missing, or the kernel refuses the
     *     registration or the trigger
     */
    CgroupEvents events(PressureTrigger memoryPressure) throws CgroupException;

    /**
     * {@link #events(PressureTrigger)} without pressure: OOMs, OOM kills and the cgroup's removal.
     *
     * @return the watch, the caller's to close
     * @throws CgroupException when the cgroup or its memory controller is missing, or the kernel refuses the
     *     registration
     */
    default CgroupEvents events() throws CgroupException {
        return events(null);
    }
}
