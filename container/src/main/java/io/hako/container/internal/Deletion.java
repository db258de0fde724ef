package io.hako.container.internal;

import static io.hako.container.internal.Lifecycle.failed;
import static io.hako.container.internal.Lifecycle.reason;
import static io.hako.container.internal.Lifecycle.savedCgroup;
import static io.hako.container.internal.Lifecycle.stateJson;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupException;
import io.hako.container.ContainerException;
import io.hako.container.ContainerException.Kind;
import io.hako.container.ProcessLauncher;
import io.hako.container.Status;
import io.hako.container.internal.store.SavedState;
import io.hako.container.internal.store.StateStore;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * delete, apart from {@link Lifecycle} as create is in {@link Creation}: what a container (or a create that died)
 * left is killed, reaped and removed (host mounts, cgroup, state), then its poststop hooks run.
 */
final class Deletion {
    /** How long delete waits for a killed init to exit (runc: 100 checks 100 ms apart). */
    private static final Duration INIT_EXIT_TIMEOUT = Duration.ofSeconds(10);

    private final StateStore store;
    private final Consumer<String> warnings;
    private final ProcessLauncher launcher;

    Deletion(StateStore store, Consumer<String> warnings, ProcessLauncher launcher) {
        this.store = store;
        this.warnings = warnings;
        this.launcher = launcher;
    }

    /** See {@link io.hako.container.Containers#delete}. */
    void delete(String id, boolean force) throws ContainerException {
        StateStore.checkId(id);
        if (!store.exists(id)) {
            throw new ContainerException(Kind.NOT_FOUND, id);
        }
        try (StateStore.Lock lock = store.lock(id)) {
            var saved = store.load(id);
            if (saved.isPresent()) {
                SavedState state = saved.get();
                // This delete holds the lock a create holds to its end: an unfinished create is one that died.
                Status status = state.unfinished() ? Status.STOPPED : store.status(state);
                if (status == Status.RUNNING || status == Status.PAUSED) {
                    if (!force) {
                        throw failed(id, "cannot delete container " + id + " that is not stopped: " + status);
                    }
                }
                Cgroup cgroup = savedCgroup(state);
                if (status != Status.STOPPED || state.unfinished()) {
                    // A created container is killed and deleted without --force, as runc does: engines rely on it;
                    // so is whatever a create that died had started.
                    killAll(state, cgroup);
                }
                FaultPoint.DELETE_KILLED.reach();
                reapOwnExecs(state);
                // Also reaps an init that exited as this JVM's child (in-process use), so that a long-lived JVM
                // keeps no zombie; another parent's is left to it. Ten seconds, as runc waits: an init in a frozen
                // cgroup (one not the container's) cannot die, and delete must not hang on it.
                if (!Signals.awaitExit(state.pid(), state.pidStartTime(), INIT_EXIT_TIMEOUT)) {
                    throw failed(id, "container init still running");
                }
                if (state.hostMounts() != null) {
                    HostMounts.unmount(state.hostMounts());
                } else if (state.mountsBefore() != null) {
                    // A create that died: what is under the rootfs now and was not before is its own.
                    HostMounts.unmount(HostMounts.madeSince(state.mountsBefore(),
                            HostMounts.current(Path.of(state.rootfs()))));
                }
                if (cgroup != null) {
                    // Processes of a container without a pid namespace may outlive its init: not its cgroup. With
                    // one, what is left is someone else's, and is left alone (runc too).
                    if (!state.ownPidNamespace() && cgroup.exists() && !cgroup.pids().isEmpty()) {
                        cgroup.signalAll(Signals.SIGKILL);
                    }
                    try {
                        cgroup.destroy();
                    } catch (CgroupException e) {
                        // The container is gone; a cgroup kept by another's process is said, as runc logs it.
                        warnings.accept("failed to remove the container's cgroup: " + e.getMessage());
                    }
                }
                FaultPoint.DELETE_CGROUP_REMOVED.reach();
            }
            store.remove(id);
            if (saved.isPresent() && saved.get().hooks() != null) {
                // After the container is gone, before delete returns; a failure is a warning.
                HookRunner.runOrWarn(launcher, warnings, "poststop", saved.get().hooks().poststop(),
                        stateJson(saved.get(), "stopped", 0));
            }
        } catch (SysException | IOException | CgroupException e) {
            throw failed(id, "delete: " + reason(e), e);
        }
    }

    /**
     * Reaps the processes of the container's pid namespace that are this JVM's own children: what exec started
     * in-process (exec --detach returns without waiting). Killed, they stay zombies until their parent waits for
     * them, and a killed init, the namespace's last reaper, does not exit before them: delete would wait for it
     * until its bound and fail.
     */
    private static void reapOwnExecs(SavedState state) throws SysException, IOException {
        long self = ProcessHandle.current().pid();
        for (int pid : ProcStat.inPidNamespaceOf(state.pid())) {
            ProcStat stat = pid == state.pid() ? null : ProcStat.read(pid);
            if (stat != null && stat.parentPid() == self) {
                Signals.awaitExit(pid, stat.startTime(), INIT_EXIT_TIMEOUT);
            }
        }
    }

    /** Kills the container's processes: its cgroup's (frozen meanwhile), or those of its pid namespace. */
    private static void killAll(SavedState state, Cgroup cgroup) throws SysException, IOException, CgroupException {
        if (cgroup != null && cgroup.exists()) {
            cgroup.signalAll(Signals.SIGKILL);
        } else {
            for (int pid : ProcStat.inPidNamespaceOf(state.pid())) {
                Sys.signalIfPresent(pid, Signals.SIGKILL);
            }
        }
    }
}
