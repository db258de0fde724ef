package io.hako.container.internal;

import io.hako.sys.Sys;
import io.hako.sys.SysException;

/**
 * Points of create, start, exec and delete at which hako can be made to die, for the tests that check what a command
 * killed part-way leaves behind: its state must describe it and {@code delete --force} must remove it.
 *
 * <p>{@code HAKO_FAULT_POINT=<name>} in hako's environment (the resident hako's, for a warm call) makes the process
 * that reaches that point kill itself with SIGKILL there: no finally block, no shutdown hook, as a kill -9 from an
 * engine or the OOM killer would. Unset, as it always is outside those tests, reaching a point compares a null.
 */
enum FaultPoint {
    /** create: the unfinished state is on disk; nothing else is made. */
    CREATE_STATE_SAVED("create:state-saved"),
    /** create: the container's cgroup is made in every hierarchy. */
    CREATE_CGROUP_MADE("create:cgroup-made"),
    /** create: the stage's intermediate process is in the cgroup and waits for its answer. */
    CREATE_CGROUP_JOINED("create:cgroup-joined"),
    /** create: the init exists, the rootfs is mounted, the createRuntime hooks have run. */
    CREATE_HOOKS_RAN("create:hooks-ran"),
    /** create: the state names the init. */
    CREATE_INIT_SAVED("create:init-saved"),
    /** create: the resource limits are applied. */
    CREATE_LIMITS_APPLIED("create:limits-applied"),
    /** create: the configuration's copy is written, the final state not yet. */
    CREATE_CONFIG_SAVED("create:config-saved"),
    /** start: the init has been let go, the exec fifo not yet removed. */
    START_RELEASED("start:released"),
    /** exec: the stage's intermediate process is in the container's cgroup and waits for its answer. */
    EXEC_CGROUP_JOINED("exec:cgroup-joined"),
    /** exec: the process runs in the container, its pid file not yet written. */
    EXEC_STARTED("exec:started"),
    /** delete: the container's processes are killed, nothing removed yet. */
    DELETE_KILLED("delete:killed"),
    /** delete: the cgroup is removed, the state not yet. */
    DELETE_CGROUP_REMOVED("delete:cgroup-removed");

    /** The environment variable that names the point to die at. */
    static final String VARIABLE = "HAKO_FAULT_POINT";

    private static final String ARMED = System.getenv(VARIABLE);

    private final String label;

    FaultPoint(String label) {
        this.label = label;
    }

    /** The point's name, as {@code HAKO_FAULT_POINT} gives it. */
    String label() {
        return label;
    }

    /** Dies here, by SIGKILL, when {@code HAKO_FAULT_POINT} names this point; else returns at once. */
    void reach() {
        if (label.equals(ARMED)) {
            try {
                Sys.kill((int) ProcessHandle.current().pid(), Signals.SIGKILL);
            } catch (SysException e) {
                throw new IllegalStateException("fault point " + label + ": " + e.getMessage(), e);
            }
        }
    }
}
