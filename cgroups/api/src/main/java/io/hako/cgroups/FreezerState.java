package io.hako.cgroups;

/** Whether a cgroup's processes run. */
public enum FreezerState {
    /** The processes run (or the cgroup has no freezer state of its own yet). */
    THAWED,
    /** On the way to frozen: some processes have not stopped yet. */
    FREEZING,
    /** Every process is stopped, until thawed. */
    FROZEN
}
