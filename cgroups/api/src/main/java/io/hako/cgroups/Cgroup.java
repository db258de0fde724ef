package io.hako.cgroups;

import io.hako.oci.config.Resources;
import java.util.List;

/**
 * One cgroup, as its driver lays it out (a directory in every v1 hierarchy, one in the v2 tree, or a systemd
 * unit). A handle: making it does not create the cgroup; {@link #create} does. Methods that change the cgroup
 * are not synchronised here: hako serialises them with the container's lock.
 */
public interface Cgroup {
    /** The path as its driver names it: {@code /hako/c1} for cgroupfs, {@code system.slice:hako:c1} for systemd. */
    String path();

    /** The driver's name (the one {@link CgroupDriver#name()} gives), which {@link Cgroups#driver} finds again. */
    String driver();

    /** Makes the cgroup if it is not there; nothing happens when it is. */
    void create() throws CgroupException;

    /** Whether the cgroup exists. */
    boolean exists();

    /** Moves a process (all its threads) into the cgroup. */
    void add(int pid) throws CgroupException;

    /**
     * Applies {@code resources}: every setting they have is written, and the rest left as they are (so an
     * update applies only what it names). A setting this layout cannot express is an error, not a silence.
     */
    void apply(Resources resources) throws CgroupException;

    /** Stops every process in the cgroup, and returns once they all are. */
    void freeze() throws CgroupException;

    /** Lets the processes run again. */
    void thaw() throws CgroupException;

    FreezerState freezerState() throws CgroupException;

    /** Every process in the cgroup and those under it. */
    List<Integer> pids() throws CgroupException;

    /** Sends {@code signal} to every process in the cgroup, with none able to fork away meanwhile. */
    void signalAll(int signal) throws CgroupException;

    /** Resource usage now. */
    CgroupStats stats() throws CgroupException;

    /**
     * The cgroup's hierarchies as the container is shown them under its cgroup mount, in the host's layout; the
     * cgroup need not exist yet.
     */
    List<CgroupHierarchy> hierarchies();

    /** Removes the cgroup, retrying while its last processes exit; nothing happens when it is gone. */
    void destroy() throws CgroupException;

    /**
     * Starts watching the cgroup: its OOMs and OOM kills, its removal, and, when {@code memoryPressure} is given
     * and the layout offers pressure information per cgroup, memory pressure crossing that threshold
     * ({@link CgroupEvents#memoryPressure()} says whether it is watched). The cgroup must exist, with the memory
     * controller (v1: mounted; v2: enabled for it).
     *
     * @param memoryPressure the pressure to report, or null for none
     * @throws CgroupException when the cgroup or its memory controller is missing, or the kernel refuses the
     *     registration or the trigger
     */
    CgroupEvents events(PressureTrigger memoryPressure) throws CgroupException;

    /** {@link #events(PressureTrigger)} without pressure: OOMs, OOM kills and the cgroup's removal. */
    default CgroupEvents events() throws CgroupException {
        return events(null);
    }
}
