package io.hako.container.internal;

import io.hako.container.ContainerException;
import io.hako.container.ContainerException.Kind;
import io.hako.container.ContainerInfo;
import io.hako.container.ProcessLauncher;
import io.hako.container.CreateOptions;
import io.hako.container.Status;
import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupEvents;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.CgroupStats;
import io.hako.cgroups.Cgroups;
import io.hako.container.internal.store.SavedState;
import io.hako.container.internal.store.StateStore;
import io.hako.oci.OciJson;
import io.hako.oci.config.Hook;
import io.hako.oci.config.Resources;
import io.hako.oci.config.Spec;
import io.hako.oci.state.State;
import io.hako.sys.Errno;
import io.hako.sys.Fd;
import io.hako.sys.Pidfd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The lifecycle behind {@link io.hako.container.Containers}. */
public final class Lifecycle {
    private final StateStore store;
    private final Consumer<String> warnings;
    private final Consumer<String> debug;
    private final ProcessLauncher launcher;

    public Lifecycle(Path root, Consumer<String> warnings, Consumer<String> debug, ProcessLauncher launcher) {
        this.store = new StateStore(root);
        this.warnings = warnings;
        this.debug = debug;
        this.launcher = launcher;
    }

    /** exec for the same containers, made on first use. */
    public Execs execs() {
        return new Execs(store, warnings, debug, launcher);
    }

    // ---- create ---------------------------------------------------------------------------------------------

    public static String describePlan(Path bundle, CreateOptions options) throws ContainerException {
        return Creation.describePlan(bundle, options);
    }

    public ContainerInfo create(String id, Path bundleArgument, CreateOptions options) throws ContainerException {
        return create(id, bundleArgument, options, Map.of());
    }

    /** create, with the process's standard streams at 0-2 ({@code stdio}, borrowed) where given. */
    public ContainerInfo create(String id, Path bundle, CreateOptions options, Map<Integer, Fd> stdio)
            throws ContainerException {
        return new Creation(store, warnings, debug, launcher).create(id, Creation.Source.onDisk(bundle), options,
                false, stdio).info();
    }

    /**
     * create from a spec in memory: written into a bundle of hako's own in the container's state directory, which
     * goes with it; its relative paths are relative to {@code relativeTo} (null: refused).
     */
    public ContainerInfo create(String id, Spec spec, Path relativeTo, CreateOptions options, Map<Integer, Fd> stdio)
            throws ContainerException {
        StateStore.checkId(id);
        Spec absolute = SpecBundle.absolute(id, spec, relativeTo);
        var source = new Creation.Source(store.directory(id).resolve(SpecBundle.DIRECTORY), absolute);
        return new Creation(store, warnings, debug, launcher).create(id, source, options, false, stdio).info();
    }

    /** See {@link io.hako.container.Containers#runAttached}. */
    public int runAttached(String id, Path bundle, CreateOptions options, boolean keep, InputStream in,
            OutputStream out) throws ContainerException {
        Creation.Created created = new Creation(store, warnings, debug, launcher).create(id,
                Creation.Source.onDisk(bundle), options, true, Map.of());
        NotifySocket listening = null;
        try (Fd master = created.console()) {
            Thread forwarding = null;
            if (options.notifySocket() != null) {
                listening = NotifySocket.bind(notifySocketPath(id));
            }
            start(id);
            if (listening != null) {
                // In the foreground, hako is what systemd watches: its caller's pid is the main one, as runc's is.
                forwarding = forwardInBackground(id, listening, options.notifySocket(), created.info().pid());
            }
            int status = attach(id, created.info().pid(), master, in, out);
            if (forwarding != null) {
                forwarding.join(); // ends with the init
            }
            if (!keep) {
                delete(id, true);
            }
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(id, "run: interrupted", e);
        } catch (SysException | IOException e) {
            ContainerException failure = failed(id, "run: notify socket: " + reason(e), e);
            try {
                delete(id, true);
            } catch (ContainerException suppressed) {
                failure.addSuppressed(suppressed);
            }
            throw failure;
        } catch (ContainerException e) {
            try {
                delete(id, true);
            } catch (ContainerException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            if (listening != null) {
                listening.close();
            }
        }
    }

    /** Stays with the container's init until it exits (relaying its terminal, if given): its status. */
    private int attach(String id, int init, Fd terminal, InputStream in, OutputStream out)
            throws ContainerException {
        try {
            return launcher.attach(init, terminal, in, out).status();
        } catch (SysException e) {
            throw failed(id, "wait for the container's init: " + reason(e), e);
        }
    }

    /**
     * A foreground run's readiness, forwarded while the container runs; a failure to forward is a warning, the
     * container goes on (runc ignores it).
     */
    private Thread forwardInBackground(String id, NotifySocket listening, String host, int init) {
        int mainPid = (int) launcher.callerPid();
        return Thread.ofPlatform().name("notify-" + id).daemon().start(() -> {
            try {
                listening.forwardReady(host, init, mainPid);
            } catch (SysException e) {
                warnings.accept("notify socket: " + e.getMessage());
            } catch (IOException e) {
                warnings.accept(reason(e));
            }
        });
    }


    /** A saved container's cgroup, or null when it has none. */
    static Cgroup savedCgroup(SavedState state) throws CgroupException {
        if (state.cgroupPath() == null || state.cgroupPath().isEmpty()) {
            return null;
        }
        CgroupLayout layout = Cgroups.layout();
        return Cgroups.driver(state.cgroupDriver()).at(state.cgroupPath(), layout, state.rootless());
    }


    private static byte[] stateJson(SavedState state, String status, int pid) {
        return OciJson.write(new State(state.ociVersion(), state.id(), status, pid, state.bundle(),
                state.annotations(), null));
    }

    /** Runs hooks whose failure the spec makes a warning (poststart, poststop): the rest run, the operation goes on. */
    private void runWarningHooks(String kind, List<Hook> hooks, byte[] state) {
        if (hooks == null) {
            return;
        }
        for (int i = 0; i < hooks.size(); i++) {
            try {
                HookRunner.run(launcher, kind, i, hooks.get(i), state);
            } catch (HookRunner.HookException e) {
                warnings.accept(e.getMessage());
            }
        }
    }

    // ---- start ----------------------------------------------------------------------------------------------

    public void start(String id) throws ContainerException {
        start(id, null);
    }

    /**
     * Starts a created container; with {@code notifySocket} (the caller's {@code NOTIFY_SOCKET}), binds the
     * container's own sd_notify socket first and returns once the container is ready (readiness forwarded) or its
     * init has exited, as runc's start does.
     */
    public void start(String id, String notifySocket) throws ContainerException {
        NotifySocket listening = null;
        int init;
        try {
            try (StateStore.Lock lock = store.lock(id)) {
                SavedState state = store.require(id);
                Status status = store.status(state);
                switch (status) {
                    case CREATED -> { }
                    case STOPPED -> throw failed(id, "cannot start a container that has stopped");
                    default -> throw failed(id, "cannot start an already running container");
                }
                if (notifySocket != null) {
                    listening = NotifySocket.bind(notifySocketPath(id));
                }
                // With poststart hooks, start returns only once the process has been exec'd: the hooks run after it.
                boolean poststart = state.hooks() != null && state.hooks().poststart() != null
                        && !state.hooks().poststart().isEmpty();
                if (!ExecFifo.release(store.execFifo(id), state.pid(), state.pidStartTime(), poststart)) {
                    throw failed(id, "the container's init exited before start");
                }
                FaultPoint.START_RELEASED.reach();
                if (state.hooks() != null) {
                    runWarningHooks("poststart", state.hooks().poststart(), stateJson(state, "running", state.pid()));
                }
                Files.deleteIfExists(store.execFifo(id));
                init = state.pid();
            }
            if (listening != null) {
                // Outside the lock: a delete meanwhile ends the wait by ending the init.
                listening.forwardReady(notifySocket, init, init);
            }
        } catch (IOException e) {
            throw failed(id, "start: " + reason(e), e);
        } catch (SysException e) {
            throw failed(id, "start: notify socket: " + e.getMessage(), e);
        } finally {
            if (listening != null) {
                listening.close();
            }
        }
    }

    /** Where a container's sd_notify socket is bound, under its state directory. */
    private Path notifySocketPath(String id) {
        return store.directory(id).resolve(NotifySocket.DIRECTORY).resolve(NotifySocket.FILE);
    }

    // ---- state, list ----------------------------------------------------------------------------------------

    public ContainerInfo state(String id) throws ContainerException {
        try {
            SavedState state = store.require(id);
            return info(state, store.status(state));
        } catch (IOException e) {
            throw failed(id, reason(e), e);
        }
    }

    public List<ContainerInfo> list() throws ContainerException {
        List<ContainerInfo> containers = new ArrayList<>();
        try {
            for (String id : store.ids()) {
                var saved = store.load(id);
                if (saved.isPresent()) {
                    containers.add(info(saved.get(), store.status(saved.get())));
                }
            }
        } catch (IOException e) {
            throw failed(null, "list " + store.root() + ": " + Errno.message(e), e);
        }
        return containers;
    }

    static ContainerInfo info(SavedState state, Status status) {
        return new ContainerInfo(state.id(), status == Status.STOPPED ? 0 : state.pid(), status, state.bundle(),
                state.rootfs(), state.created(), state.annotations(), ownerName(state.owner()), state.ociVersion(),
                state.hooks());
    }

    private static String ownerName(long uid) {
        if (uid == 0) {
            return "root";
        }
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] fields = line.split(":");
                if (fields.length > 2 && fields[2].equals(String.valueOf(uid))) {
                    return fields[0];
                }
            }
        } catch (IOException e) {
            // no passwd file: the number is the name
        }
        return "#" + uid;
    }

    // ---- kill -----------------------------------------------------------------------------------------------

    public void kill(String id, int signal, boolean all) throws ContainerException {
        try {
            SavedState state = store.require(id);
            Status status = store.status(state);
            boolean stopped = status == Status.STOPPED;
            if (stopped && !all) {
                throw new ContainerException(Kind.NOT_RUNNING, id);
            }
            Cgroup cgroup = savedCgroup(state);
            if (all) {
                // As runc: --all signals what is left in the cgroup, and of a stopped container that may be nothing,
                // which is no error (engines send it to every container they clean up).
                if (cgroup != null && cgroup.exists()) {
                    cgroup.signalAll(signal); // frozen meanwhile, and thawed after: paused no more, as with runc
                    if (status == Status.PAUSED) {
                        Files.deleteIfExists(store.pausedMark(id));
                    }
                } else if (!stopped) {
                    for (int pid : ProcStat.inPidNamespaceOf(state.pid())) {
                        Sys.signalIfPresent(pid, signal);
                    }
                }
                return;
            }
            if (!Signals.send(state.pid(), state.pidStartTime(), signal)) {
                throw new ContainerException(Kind.NOT_RUNNING, id);
            }
            if (signal == Signals.SIGKILL && status == Status.PAUSED && cgroup != null && cgroup.exists()) {
                // A frozen process dies only once thawed: runc thaws a paused container for SIGKILL (alone), so
                // that engines stopping it see it exit.
                cgroup.thaw();
                Files.deleteIfExists(store.pausedMark(id));
            }
        } catch (SysException | IOException | CgroupException e) {
            throw failed(id, reason(e), e);
        }
    }

    // ---- pause, resume, ps ----------------------------------------------------------------------------------

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

    /** runc's words for pause and resume of a container without a cgroup (a rootless one left out of it). */
    private static final String FREEZER_MISSING = "cannot toggle freezer: cgroups not configured for container";

    private static Cgroup requireCgroup(String id, SavedState state, String missing)
            throws CgroupException, ContainerException {
        Cgroup cgroup = savedCgroup(state);
        if (cgroup == null || !cgroup.exists()) {
            throw failed(id, missing);
        }
        return cgroup;
    }

    // ---- delete ---------------------------------------------------------------------------------------------

    /** How long delete waits for a killed init to exit (runc: 100 checks 100 ms apart). */
    private static final Duration INIT_EXIT_TIMEOUT = Duration.ofSeconds(10);

    public void delete(String id, boolean force) throws ContainerException {
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
                runWarningHooks("poststop", saved.get().hooks().poststop(), stateJson(saved.get(), "stopped", 0));
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

    // ---- wait -----------------------------------------------------------------------------------------------

    public int waitForExit(String id) throws ContainerException {
        SavedState state;
        try {
            state = store.require(id);
        } catch (IOException e) {
            throw failed(id, reason(e), e);
        }
        return attach(id, state.pid(), null, null, null);
    }

    /** An exception's message; a file operation's with the kernel's reason, which the JDK drops for some. */
    static String reason(Exception e) {
        return e instanceof IOException io ? Errno.message(io) : e.getMessage();
    }

    static ContainerException failed(String id, String message) {
        return new ContainerException(Kind.FAILED, id, message);
    }

    static ContainerException failed(String id, String message, Throwable cause) {
        return new ContainerException(Kind.FAILED, id, message, cause);
    }
}
