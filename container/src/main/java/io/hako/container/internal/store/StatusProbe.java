package io.hako.container.internal.store;

import io.hako.container.Status;
import io.hako.container.internal.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Derives a container's status when it is read, as runc does, instead of trusting a stored one: the init is
 * gone (no process, a zombie, or another process with its pid) → stopped; the exec fifo is still there →
 * created (start has not released the init); else running. Paused comes from the cgroup freezer, which the
 * cgroup manager reports; until a container has one, it cannot be paused.
 */
final class StatusProbe {
    private StatusProbe() {}

    static Status derive(SavedState state, Path containerDir) throws IOException {
        if (!isInitAlive(state)) {
            return Status.STOPPED;
        }
        return Files.exists(containerDir.resolve(StateStore.EXEC_FIFO)) ? Status.CREATED : Status.RUNNING;
    }

    /** Whether the saved init still runs: same pid, same start time, not a zombie. */
    static boolean isInitAlive(SavedState state) throws IOException {
        return ProcStat.isRunning(state.pid(), state.pidStartTime());
    }
}
