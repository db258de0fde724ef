package io.hako.container.internal.store;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.Cgroups;
import io.hako.cgroups.FreezerState;
import io.hako.container.Status;
import io.hako.container.internal.ProcStat;
import io.hako.container.internal.stage.StageBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Derives a container's status when it is read, as runc does, instead of trusting a stored one: the init is
 * gone (no process, a zombie, or another process with its pid) → stopped; the exec fifo is still there and the
 * init still runs the stage → created (start has not released the init); else paused if its cgroup is frozen, else running. The freezer is
 * asked only when hako has paused the container (its mark is there): reading it means finding the cgroup layout
 * and driver, some milliseconds of every state, list, kill and delete otherwise.
 */
final class StatusProbe {
    private StatusProbe() {}

    static Status derive(SavedState state, Path containerDir) throws IOException {
        if (!isInitAlive(state)) {
            return Status.STOPPED;
        }
        if (Files.exists(containerDir.resolve(StateStore.PAUSED_MARK)) && isFrozen(state)) {
            return Status.PAUSED;
        }
        return Files.exists(containerDir.resolve(StateStore.EXEC_FIFO)) && runsStage(state.pid()) ? Status.CREATED
                : Status.RUNNING;
    }

    /**
     * Whether {@code pid} still runs hako's stage, which waits for start, and not yet the container's program: a start
     * killed after it let the init go leaves the fifo, and the container runs all the same. Where the link cannot be
     * read (another user's process), the fifo's word stands.
     */
    private static boolean runsStage(int pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString()
                    .startsWith("/memfd:" + StageBinary.MEMFD_NAME);
        } catch (IOException | SecurityException e) {
            return true;
        }
    }

    private static boolean isFrozen(SavedState state) throws IOException {
        if (state.cgroupPath() == null || state.cgroupPath().isEmpty()) {
            return false;
        }
        try {
            Cgroup cgroup = Cgroups.driver(state.cgroupDriver()).at(state.cgroupPath(), Cgroups.layout());
            return cgroup.exists() && cgroup.freezerState() == FreezerState.FROZEN;
        } catch (CgroupException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Whether the saved init still runs: same pid, same start time, not a zombie. */
    static boolean isInitAlive(SavedState state) throws IOException {
        return ProcStat.isRunning(state.pid(), state.pidStartTime());
    }
}
