package io.hako.cgroups;

/** Whether a cgroup's processes run. */
public enum FreezerState {
    THAWED,
    /** On the way to frozen: some processes have not stopped yet. */
    FREEZING,
    FROZEN
}
