package io.hako.container.internal.store;

import io.hako.oci.UnknownFields;
import io.hako.oci.config.Hooks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What hako keeps about a container in {@code <root>/<id>/state.json}: the OCI state's facts plus what later
 * commands need. The status is not stored; it is derived when read (see {@link StatusProbe}).
 *
 * @param id the container's id
 * @param ociVersion the spec version of the bundle
 * @param pid the init's pid on the host, 0 before it exists
 * @param pidStartTime the init's start time in clock ticks since boot ({@code /proc/<pid>/stat} field 22),
 *     which tells the init from a later process that reuses its pid
 * @param bundle the bundle's absolute path
 * @param rootfs the root filesystem's absolute path
 * @param created when create finished, RFC 3339 in UTC
 * @param annotations the configuration's annotations
 * @param cgroupPath the container's cgroup, empty when none
 * @param cgroupDriver the cgroup driver that made it
 * @param rootless whether the container was made without root
 * @param ownPidNamespace whether the container has a pid namespace of its own: then its processes die with its
 *     init, and what is left in its cgroup at delete is someone else's (runc kills it only without one)
 * @param owner the uid of the user who made the container
 * @param hostMounts without a mount namespace of its own: the mounts create made in the host's, in order, which
 *     delete unmounts; absent otherwise
 * @param mountsBefore without a mount namespace of its own, while create runs: the ids of the mounts at or below
 *     the rootfs before it began (not its own), so that delete can tell what a create that died had mounted; absent
 *     otherwise
 * @param hooks the configuration's hooks, for those that run after create (poststart, poststop); absent when none
 * @param creating true from the first thing create makes until it has finished (absent after): a state that
 *     still says so once its creator is gone describes what a create that died left, for delete to remove
 */
public record SavedState(
        String id,
        String ociVersion,
        int pid,
        long pidStartTime,
        String bundle,
        String rootfs,
        String created,
        Map<String, String> annotations,
        String cgroupPath,
        String cgroupDriver,
        boolean rootless,
        boolean ownPidNamespace,
        long owner,
        List<String> hostMounts,
        List<String> mountsBefore,
        Hooks hooks,
        Boolean creating,
        UnknownFields unknown) {
    public SavedState {
        hostMounts = hostMounts == null ? null : List.copyOf(hostMounts);
        mountsBefore = mountsBefore == null ? null : List.copyOf(mountsBefore);
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        unknown = UnknownFields.orNone(unknown);
    }

    /** Whether create has not finished: it still runs, or it died part-way. */
    public boolean unfinished() {
        return Boolean.TRUE.equals(creating);
    }

    /** The state create leaves when it has finished: when, the host mounts it made, the hooks to come. */
    public SavedState completed(String createdAt, List<String> madeHostMounts, Hooks laterHooks) {
        return new SavedState(id, ociVersion, pid, pidStartTime, bundle, rootfs, createdAt, annotations, cgroupPath,
                cgroupDriver, rootless, ownPidNamespace, owner, madeHostMounts, null, laterHooks, null, unknown);
    }

    /** This state with the init known (a create still running). */
    public SavedState withInit(int initPid, long initStartTime) {
        return new SavedState(id, ociVersion, initPid, initStartTime, bundle, rootfs, created, annotations,
                cgroupPath, cgroupDriver, rootless, ownPidNamespace, owner, hostMounts, mountsBefore, hooks, creating,
                unknown);
    }
}
