package io.hako.container.internal;

import static io.hako.container.internal.Lifecycle.failed;
import static io.hako.container.internal.Lifecycle.reason;
import static io.hako.container.internal.Lifecycle.savedCgroup;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupEvents;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupStats;
import io.hako.container.ContainerException;
import io.hako.container.ContainerException.Kind;
import io.hako.container.Status;
import io.hako.container.internal.store.SavedState;
import io.hako.container.internal.store.StateStore;
import io.hako.oci.config.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * What is done to a container through its cgroup, apart from {@link Lifecycle}: pause, resume, update, stats,
 * events, ps.
 */
public final class ContainerCgroups {
    /** runc's words for pause and resume of a container without a cgroup (a rootless one left out of it). */
    private static final String FREEZER_MISSING = "cannot toggle freezer: cgroups not configured for container";

    private final StateStore store;

    ContainerCgroups(StateStore store) {
        this.store = store;
    }

    /** Freezes every process of a running container. */
    public void pause(String id) throws ContainerException {
        try (StateStore.Lock lock = store.lock(id)) {
            SavedState state = store.require(id);
            Status status = store.status(state);
            if (status != Status.RUNNING && status != Status.CREATED) {
                throw failed(id, "container not running");
            }
            Files.writeString(store.pausedMark(id), "");
            try {
                requireCgroup(id, state, FREEZER_MISSING).freeze();
            } catch (CgroupException | ContainerException e) {
                Files.deleteIfExists(store.pausedMark(id));
                throw e;
            }
        } catch (IOException | CgroupException e) {
            throw failed(id, "pause: " + reason(e), e);
        }
    }

    /** Lets a paused container's processes run again. */
    public void resume(String id) throws ContainerException {
        try (StateStore.Lock lock = store.lock(id)) {
            SavedState state = store.require(id);
            if (store.status(state) != Status.PAUSED) {
                throw failed(id, "container not paused");
            }
            requireCgroup(id, state, FREEZER_MISSING).thaw();
            Files.deleteIfExists(store.pausedMark(id));
        } catch (IOException | CgroupException e) {
            throw failed(id, "resume: " + reason(e), e);
        }
    }

    /** Changes a live container's resource limits: what {@code resources} names is applied, the rest left. */
    public void update(String id, Resources resources) throws ContainerException {
        try (StateStore.Lock lock = store.lock(id)) {
            SavedState state = store.require(id);
            if (state.rootless() && store.status(state) != Status.STOPPED) {
                // Left out of its cgroup, a rootless container still takes an update that needs none, as under runc.
                Cgroup cgroup = savedCgroup(state);
                if (cgroup != null) {
                    cgroup.apply(resources);
                    return;
                }
            }
            liveCgroup(id).apply(resources);
        } catch (IOException | CgroupException e) {
            throw failed(id, "update: " + reason(e), e);
        }
    }

    /** The container's resource usage now, from its cgroup. */
    public CgroupStats stats(String id) throws ContainerException {
        try {
            return liveCgroup(id).stats();
        } catch (IOException | CgroupException e) {
            throw failed(id, reason(e), e);
        }
    }

    /** A watch on the container's cgroup: its OOMs, OOM kills and removal. */
    public CgroupEvents events(String id) throws ContainerException {
        try {
            return liveCgroup(id).events();
        } catch (IOException | CgroupException e) {
            throw failed(id, reason(e), e);
        }
    }

    /** The pids of every process in the container (its cgroup's), on the host. */
    public List<Integer> processes(String id) throws ContainerException {
        try {
            SavedState state = store.require(id);
            if (store.status(state) == Status.STOPPED) {
                return List.of();
            }
            return requireCgroup(id, state).pids();
        } catch (IOException | CgroupException e) {
            throw failed(id, reason(e), e);
        }
    }

    /** The cgroup of a container that has not stopped; NOT_RUNNING once it has. */
    private Cgroup liveCgroup(String id) throws IOException, CgroupException, ContainerException {
        SavedState state = store.require(id);
        if (store.status(state) == Status.STOPPED) {
            throw new ContainerException(Kind.NOT_RUNNING, id);
        }
        return requireCgroup(id, state);
    }

    private static Cgroup requireCgroup(String id, SavedState state) throws CgroupException, ContainerException {
        return requireCgroup(id, state, "the container has no cgroup");
    }

    private static Cgroup requireCgroup(String id, SavedState state, String missing)
            throws CgroupException, ContainerException {
        Cgroup cgroup = savedCgroup(state);
        if (cgroup == null || !cgroup.exists()) {
            throw failed(id, missing);
        }
        return cgroup;
    }
}
