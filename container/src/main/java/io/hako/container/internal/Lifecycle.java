package io.hako.container.internal;

import io.hako.container.ContainerException;
import io.hako.container.ContainerException.Kind;
import io.hako.container.ContainerInfo;
import io.hako.container.ProcessLauncher;
import io.hako.container.CreateOptions;
import io.hako.container.Status;
import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.Cgroups;
import io.hako.container.internal.store.SavedState;
import io.hako.container.internal.store.StateStore;
import io.hako.oci.OciJson;
import io.hako.oci.config.Spec;
import io.hako.oci.state.State;
import io.hako.sys.Errno;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The lifecycle behind {@link io.hako.container.Containers}: start, state, kill and wait here; create in
 * {@link Creation}, delete in {@link Deletion}, run in the foreground in {@link ForegroundRun}, what goes through
 * the cgroup (pause, update, stats, ...) in {@link ContainerCgroups}, exec in {@link Execs}.
 */
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

    /** pause, resume, update, stats, events and ps of the same containers: through their cgroups. */
    public ContainerCgroups cgroups() {
        return new ContainerCgroups(store);
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
                    HookRunner.runOrWarn(launcher, warnings, "poststart", state.hooks().poststart(),
                            stateJson(state, "running", state.pid()));
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
    Path notifySocketPath(String id) {
        return store.directory(id).resolve(NotifySocket.DIRECTORY).resolve(NotifySocket.FILE);
    }

    // ---- run (in the foreground) ----------------------------------------------------------------------------

    /** See {@link io.hako.container.Containers#runAttached}. */
    public int runAttached(String id, Path bundle, CreateOptions options, boolean keep, InputStream in,
            OutputStream out) throws ContainerException {
        return new ForegroundRun(this, new Creation(store, warnings, debug, launcher), warnings, launcher)
                .run(id, bundle, options, keep, in, out);
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

    // ---- delete ---------------------------------------------------------------------------------------------

    public void delete(String id, boolean force) throws ContainerException {
        new Deletion(store, warnings, launcher).delete(id, force);
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

    // ---- what the lifecycle's parts share ------------------------------------------------------------------

    /** Stays with the container's init until it exits (relaying its terminal, if given): its status. */
    int attach(String id, int init, Fd terminal, InputStream in, OutputStream out) throws ContainerException {
        try {
            return launcher.attach(init, terminal, in, out).status();
        } catch (SysException e) {
            throw failed(id, "wait for the container's init: " + reason(e), e);
        }
    }

    /** A saved container's cgroup, or null when it has none. */
    static Cgroup savedCgroup(SavedState state) throws CgroupException {
        if (state.cgroupPath() == null || state.cgroupPath().isEmpty()) {
            return null;
        }
        CgroupLayout layout = Cgroups.layout();
        return Cgroups.driver(state.cgroupDriver()).at(state.cgroupPath(), layout, state.rootless());
    }

    /** The OCI state of a saved container, as its hooks get it on stdin. */
    static byte[] stateJson(SavedState state, String status, int pid) {
        return OciJson.write(new State(state.ociVersion(), state.id(), status, pid, state.bundle(),
                state.annotations(), null));
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
