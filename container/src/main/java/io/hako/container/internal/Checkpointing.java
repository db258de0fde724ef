package io.hako.container.internal;

import static io.hako.container.internal.Lifecycle.failed;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupException;
import io.hako.container.ContainerException;
import io.hako.container.ContainerException.Kind;
import io.hako.container.ContainerInfo;
import io.hako.container.CreateOptions;
import io.hako.container.Status;
import io.hako.container.internal.store.ConfigCopy;
import io.hako.container.internal.store.SavedState;
import io.hako.container.internal.store.StateStore;
import io.hako.namespaces.NamespacePlan;
import io.hako.oci.DocumentException;
import io.hako.oci.OciJson;
import io.hako.oci.SpecValidator;
import io.hako.oci.Violation;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Spec;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * What checkpoint and restore need of the lifecycle, for the {@code io.hako.checkpoint} module (the one this
 * package is exported to), which drives CRIU: a running container's facts under its lock, and a restored
 * container's state, cgroup and clean-up, made as create makes them. CRIU itself is not known here.
 */
public final class Checkpointing {
    private final StateStore store;
    private final Lifecycle lifecycle;

    /**
     * The containers under {@code root}.
     *
     * @param root the state root
     * @param warnings where warnings go (delete's, after a checkpoint that stops the container)
     */
    public Checkpointing(Path root, Consumer<String> warnings) {
        this.store = new StateStore(root);
        this.lifecycle = new Lifecycle(root, warnings, message -> { }, SpawningLauncher.INSTANCE);
    }

    /**
     * A running container, as a dump sees it.
     *
     * @param id the container's id
     * @param pid its init's pid on the host
     * @param rootfs its root filesystem on the host
     * @param spec the configuration it was made with
     * @param cgroup its cgroup, or null when it has none
     */
    public record Running(String id, int pid, Path rootfs, Spec spec, Cgroup cgroup) {}

    /** A dump of a running container; its failure is the checkpoint's, with the container left as it was. */
    @FunctionalInterface
    public interface Dump {
        /**
         * Dumps {@code container}.
         *
         * @param container the container, locked meanwhile
         * @throws ContainerException when the dump fails
         */
        void dump(Running container) throws ContainerException;
    }

    /**
     * Checkpoints container {@code id}: {@code dump} runs under the container's lock while it runs; then, unless
     * {@code leaveRunning}, the container (which the dump has stopped) is deleted, as runc's checkpoint does, so
     * that its id is free for the restore.
     *
     * @param id the container
     * @param leaveRunning whether the dump leaves it running
     * @param dump the dump
     * @throws ContainerException when the container is not running, or the dump fails
     */
    public void checkpoint(String id, boolean leaveRunning, Dump dump) throws ContainerException {
        try (StateStore.Lock lock = store.lock(id)) {
            SavedState state = store.require(id);
            Status status = store.status(state);
            // A paused container's processes are frozen already: CRIU, which freezes them with the cgroup, dumps
            // them as they are, and a container left running stays paused (as under runc).
            if (status != Status.RUNNING && status != Status.PAUSED) {
                throw new ContainerException(Kind.NOT_RUNNING, id);
            }
            dump.dump(new Running(id, state.pid(), Path.of(state.rootfs()), ConfigCopy.load(store, id),
                    Lifecycle.savedCgroup(state)));
        } catch (IOException | CgroupException e) {
            throw failed(id, "checkpoint: " + Lifecycle.reason(e), e);
        }
        if (!leaveRunning) {
            lifecycle.delete(id, true);
        }
    }

    /** What a restore runs once the restored processes' namespaces are made, before any of them runs. */
    @FunctionalInterface
    public interface NamespacesReady {
        /**
         * Runs the configuration's prestart and createRuntime hooks, as runc does on restore.
         *
         * @param pid the restored init's pid, as the hooks' state gives it
         * @throws ContainerException when a hook fails: the restore then fails
         */
        void run(int pid) throws ContainerException;
    }

    /**
     * A restore of a container's processes, into the cgroup made for it.
     */
    @FunctionalInterface
    public interface Restore {
        /**
         * Restores the processes.
         *
         * @param spec the bundle's configuration
         * @param bundle the bundle, absolute
         * @param rootfs its root filesystem
         * @param stateDirectory the container's state directory, for what the restore keeps meanwhile
         * @param cgroup the container's cgroup, made; the restored processes are to be put there
         * @param namespacesReady to run once the restored processes' namespaces are made, before any of them runs
         * @return the restored init's pid on the host
         * @throws ContainerException when the restore fails; what it made of its own it has undone
         */
        int restore(Spec spec, Path bundle, Path rootfs, Path stateDirectory, Cgroup cgroup,
                NamespacesReady namespacesReady) throws ContainerException;
    }

    /**
     * Restores container {@code id} from {@code bundle}: claims the id, makes its state (marked unfinished) and
     * cgroup as create does, runs {@code restore}, and records the restored init (status running). Any failure
     * kills what was restored and removes the cgroup and state: nothing is left.
     *
     * @param id the new container's id
     * @param bundle the bundle, whose {@code config.json} is the container's configuration
     * @param options the cgroup driver (and systemd), rootless cgroups, the pid file, no-pivot, and the console
     *     socket (needed, and only allowed, when the configuration asks for a terminal)
     * @param restore the restore
     * @return the restored container
     * @throws ContainerException when the id is taken, the bundle is wrong, or any step fails
     */
    public ContainerInfo restore(String id, Path bundle, CreateOptions options, Restore restore)
            throws ContainerException {
        StateStore.checkId(id);
        Path absolute = bundle.toAbsolutePath().normalize();
        Spec spec = readSpec(id, absolute);
        refusePrivateWithoutPivot(id, spec, options.noPivot());
        // A restore is detached: a terminal's new master can only go to a console socket, as at create.
        Console.check(id, spec.process() != null && Boolean.TRUE.equals(spec.process().terminal()),
                options.consoleSocket(), false);
        Path rootfs = absolute.resolve(spec.root().path()).normalize();
        if (!Files.isDirectory(rootfs)) {
            throw failed(id, "rootfs " + rootfs + " does not exist or is not a directory: no such file or directory");
        }
        Cgroup cgroup;
        try {
            cgroup = Creation.containerCgroup(id, spec.linux(), options, options.rootlessCgroups());
        } catch (CgroupException e) {
            throw failed(id, e.getMessage(), e);
        }
        try {
            store.claim(id);
        } catch (IOException e) {
            throw failed(id, "create state directory in " + store.root() + ": " + Lifecycle.reason(e), e);
        }
        boolean madeCgroup = false;
        int init = -1;
        try (StateStore.Lock lock = store.lock(id)) {
            boolean pidNamespace = spec.linux() != null
                    && NamespacePlan.of(spec.linux().namespaces()).has(NamespaceType.PID);
            SavedState unfinished = new SavedState(id, spec.ociVersion(), 0, 0, absolute.toString(),
                    rootfs.toString(), Instant.now().toString(), spec.annotations(), cgroup.path(), cgroup.driver(),
                    options.rootlessCgroups(), pidNamespace, Sys.geteuid(), null, null, null, true,
                    null);
            store.save(unfinished);
            madeCgroup = !cgroup.exists();
            cgroup.create();
            init = restore.restore(spec, absolute, rootfs, store.directory(id), cgroup,
                    pid -> runRestoreHooks(id, spec, absolute, pid));
            Long start = ProcStat.startTimeOfLive(init);
            if (start == null) {
                throw failed(id, "the restored init (pid " + init + ") exited during restore");
            }
            cgroup.apply(CgroupResources.of(spec.linux()));
            ConfigCopy.save(store, id, spec);
            SavedState state = unfinished.withInit(init, start).completed(Instant.now().toString(), null,
                    spec.hooks());
            store.save(state);
            if (options.pidFile() != null) {
                PidFile.write(options.pidFile(), init);
            }
            return Lifecycle.info(state, Status.RUNNING);
        } catch (IOException | CgroupException | SysException e) {
            ContainerException failure = failed(id, "restore: " + Lifecycle.reason(e), e);
            undo(id, cgroup, madeCgroup, init, failure);
            throw failure;
        } catch (ContainerException | RuntimeException e) {
            undo(id, cgroup, madeCgroup, init, e);
            throw e;
        }
    }

    /**
     * The prestart and createRuntime hooks, where runc runs them on restore (CRIU's {@code setup-namespaces}): the
     * namespaces made, nothing restored running. The state they read says {@code stopped}, as runc's does there
     * (its container has no running init yet), with the restored init's pid.
     */
    private static void runRestoreHooks(String id, Spec spec, Path bundle, int pid) throws ContainerException {
        if (spec.hooks() == null) {
            return;
        }
        byte[] state = Creation.stateJson(id, spec, bundle, "stopped", pid);
        try {
            HookRunner.run(SpawningLauncher.INSTANCE, "prestart", spec.hooks().prestart(), state);
            HookRunner.run(SpawningLauncher.INSTANCE, "createRuntime", spec.hooks().createRuntime(), state);
        } catch (HookRunner.HookException e) {
            throw failed(id, e.getMessage());
        }
    }

    /**
     * A restore in the foreground, as runc's without {@code --detach}: stays with the restored init (this
     * process's child: CRIU restores it as its own sibling) until it exits, then deletes the container.
     *
     * @param id the container
     * @param init its restored init
     * @return the init's exit status, 128 + N when signal N ended it
     * @throws ContainerException when it cannot be waited for, or the delete fails
     */
    public int awaitExitAndDelete(String id, int init) throws ContainerException {
        int status;
        try {
            status = SpawningLauncher.INSTANCE.attach(init, null, null, null).status();
        } catch (SysException e) {
            ContainerException failure = failed(id, "wait for the restored init: " + Lifecycle.reason(e), e);
            try {
                lifecycle.delete(id, true);
            } catch (ContainerException suppressed) {
                failure.addSuppressed(suppressed);
            }
            throw failure;
        }
        lifecycle.delete(id, true);
        return status;
    }

    /** The bundle's configuration, validated as create validates it. */
    private static Spec readSpec(String id, Path bundle) throws ContainerException {
        Path config = bundle.resolve("config.json");
        Spec spec;
        try {
            spec = OciJson.readSpec(config);
        } catch (DocumentException e) {
            throw failed(id, config + ": " + e.getMessage());
        }
        List<Violation> violations = SpecValidator.validate(spec);
        if (!violations.isEmpty()) {
            throw failed(id, config + ": " + violations.get(0));
        }
        if (spec.root() == null) {
            throw failed(id, config + ": /root: a container needs a root filesystem");
        }
        return spec;
    }

    /**
     * {@code --no-pivot} on a restore: CRIU pivots into the root itself whatever is asked, so that what is left of
     * it is runc's check of the configuration, made at create as well.
     */
    private static void refusePrivateWithoutPivot(String id, Spec spec, boolean noPivot) throws ContainerException {
        String propagation = spec.linux() == null ? null : spec.linux().rootfsPropagation();
        if (noPivot && ("private".equals(propagation) || "rprivate".equals(propagation))) {
            throw failed(id, "rootfsPropagation of [r]private is not safe without pivot_root");
        }
    }

    /** Undoes a restore that failed: its processes killed (the cgroup's), the cgroup it made and the state removed. */
    private void undo(String id, Cgroup cgroup, boolean madeCgroup, int init, Exception cause) {
        try {
            if (cgroup.exists()) {
                cgroup.signalAll(Signals.SIGKILL);
            } else if (init > 0) {
                Sys.signalIfPresent(init, Signals.SIGKILL);
            }
            if (init > 0) {
                Long start = ProcStat.startTimeOfLive(init);
                if (start != null) {
                    Signals.awaitExit(init, start, java.time.Duration.ofSeconds(10));
                }
            }
            if (madeCgroup) {
                cgroup.destroy();
            }
        } catch (CgroupException | IOException | SysException e) {
            cause.addSuppressed(e);
        }
        try {
            store.remove(id);
        } catch (ContainerException | IOException e) {
            cause.addSuppressed(e);
        }
    }
}
