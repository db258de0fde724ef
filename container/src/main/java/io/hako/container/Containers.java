package io.hako.container;

import io.hako.cgroups.CgroupEvents;
import io.hako.cgroups.CgroupStats;
import io.hako.container.internal.Lifecycle;
import io.hako.oci.config.Process;
import io.hako.oci.config.Resources;
import io.hako.oci.config.Spec;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The containers under one state root: create, start, inspect, signal and delete them. This is what the command
 * line calls, and what a Java program that embeds hako calls; it holds no global state, so several may be open
 * at once, and calls on different containers may run concurrently (calls on one container are serialised by its
 * lock).
 *
 * <p>A container is named by its id, unique under the root. Failures are {@link ContainerException}s whose
 * {@link ContainerException.Kind kind} carries runc's words: {@link ContainerException.Kind#INVALID_ID} for an id
 * not of runc's form (letters, digits, {@code _ + - .}), {@link ContainerException.Kind#NOT_FOUND} for an id no
 * container under the root has, and mostly {@link ContainerException.Kind#FAILED}, with a message naming the step
 * that failed; each method says where another kind applies.
 */
public final class Containers {
    private final Lifecycle lifecycle;
    private final Path root;
    private final Consumer<String> warnings;
    private final Consumer<String> debug;

    private Containers(Path root, Consumer<String> warnings, Consumer<String> debug, ProcessLauncher launcher) {
        this.lifecycle = new Lifecycle(root, warnings, debug, launcher);
        this.root = root;
        this.warnings = warnings;
        this.debug = debug;
    }

    private Containers(Path root, Consumer<String> warnings, Consumer<String> debug) {
        this(root, warnings, debug, ProcessLauncher.spawning());
    }

    /**
     * The same containers, with the processes their operations need (the stage that makes an init, hooks)
     * started by {@code launcher} instead of this process: a program that acts for a caller has them started in
     * the caller, whose descendants they then are.
     *
     * @param launcher what starts those processes; {@link ProcessLauncher#spawning()} is this process's default
     * @return a new {@code Containers} on the same root, with the same warnings and debug consumers
     */
    public Containers startingProcessesWith(ProcessLauncher launcher) {
        return new Containers(root, warnings, debug, launcher);
    }

    /**
     * The containers under {@code root}; warnings are dropped. Nothing is read or made until a container is.
     *
     * @param root the state root ({@code --root}; {@code /run/hako} is root's default, see
     *     {@link Rootless#runtimeDirRoot})
     * @return the containers under it
     */
    public static Containers open(Path root) {
        return new Containers(root, message -> { }, message -> { });
    }

    /**
     * The containers under {@code root}, telling {@code warnings} what hako does differently from what a
     * configuration asks and why (a capability this kernel lacks, a setting this build does not apply).
     *
     * @param root the state root
     * @param warnings told each warning, one line without its end; mostly from the calling thread, but a
     *     foreground {@link #runAttached run}'s readiness forwarding tells it from a thread of its own
     * @return the containers under it
     */
    public static Containers open(Path root, Consumer<String> warnings) {
        return new Containers(root, warnings, message -> { });
    }

    /**
     * As {@link #open(Path, Consumer)}, and telling {@code debug} what is routine but may help to understand a
     * container (a system call in a seccomp profile that this libseccomp does not know, left out as runc does).
     *
     * @param root the state root
     * @param warnings told each warning, one line
     * @param debug told each debug message, one line
     * @return the containers under it
     */
    public static Containers open(Path root, Consumer<String> warnings, Consumer<String> debug) {
        return new Containers(root, warnings, debug);
    }

    /**
     * Creates a container from a bundle: its init is set up in its namespaces and waits for {@link #start}. On any
     * failure nothing is left: no process, no state.
     *
     * @param id the new container's id
     * @param bundle the bundle directory, with its {@code config.json}; a relative path is resolved against this
     *     process's working directory
     * @param options how to create it besides the bundle
     * @return the created container, status {@link Status#CREATED}
     * @throws ContainerException {@link ContainerException.Kind#EXISTS} when the id is taken; otherwise naming
     *     what was wrong (the configuration's field as a JSON pointer) or the step that failed
     */
    public ContainerInfo create(String id, Path bundle, CreateOptions options) throws ContainerException {
        return lifecycle.create(id, bundle, options);
    }

    /**
     * A builder of a container from {@code spec}, held in memory: hako writes it as the {@code config.json} of a
     * bundle of its own. Its {@code root.path} and bind mounts' sources must be absolute (see
     * {@link #builder(Spec, Path)}).
     *
     * @param spec the container's configuration; checked by {@link ContainerBuilder#create()}, not here
     * @return a builder with the defaults: a random id, {@link CreateOptions#DEFAULTS}, inherited streams
     */
    public ContainerBuilder builder(Spec spec) {
        return new ContainerBuilder(this, Objects.requireNonNull(spec, "spec"), null, null);
    }

    /**
     * A builder of a container from {@code spec}, held in memory, whose relative paths ({@code root.path}, bind
     * mounts' sources) are relative to {@code directory}, as a bundle's are to the bundle: hako writes the spec, with
     * them made absolute, as the {@code config.json} of a bundle of its own.
     *
     * @param spec the container's configuration
     * @param directory what the spec's relative paths are relative to
     * @return a builder with the defaults: a random id, {@link CreateOptions#DEFAULTS}, inherited streams
     */
    public ContainerBuilder builder(Spec spec, Path directory) {
        return new ContainerBuilder(this, Objects.requireNonNull(spec, "spec"),
                Objects.requireNonNull(directory, "directory"), null);
    }

    /**
     * A builder of a container from the bundle in {@code bundle}, a directory with its {@code config.json}.
     *
     * @param bundle the bundle directory, read when the container is created
     * @return a builder with the defaults: a random id, {@link CreateOptions#DEFAULTS}, inherited streams
     */
    public ContainerBuilder builder(Path bundle) {
        return new ContainerBuilder(this, null, null, Objects.requireNonNull(bundle, "bundle"));
    }

    /** The lifecycle these containers go through, for the builder and its handles. */
    Lifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * create, start, wait: a container run in the foreground, returning its process's status. With a terminal and
     * no console socket, the terminal is relayed between {@code in} and {@code out} (as {@code runc run} does);
     * otherwise the process has this process's standard streams. The container is deleted after, unless
     * {@code keep}.
     *
     * @param id the new container's id
     * @param bundle the bundle directory
     * @param options how to create it
     * @param keep leave the stopped container for a later {@link #delete}, as {@code runc run --keep}
     * @param in where a relayed terminal's input comes from
     * @param out where a relayed terminal's output goes
     * @return the status of the container's process
     * @throws ContainerException when it could not be created, started or waited for; the container is deleted
     *     then, whatever {@code keep}
     */
    public int runAttached(String id, Path bundle, CreateOptions options, boolean keep, InputStream in,
            OutputStream out) throws ContainerException {
        return lifecycle.runAttached(id, bundle, options, keep, in, out);
    }

    /**
     * Lets a created container's init run its process, then runs its poststart hooks (a failing one is a
     * warning). With poststart hooks this returns once the process has been exec'd, else once the init is told.
     *
     * @param id the container
     * @throws ContainerException when it has already started or stopped, or its init exited before the start
     */
    public void start(String id) throws ContainerException {
        lifecycle.start(id);
    }

    /**
     * {@link #start(String)} for a caller with {@code NOTIFY_SOCKET} (null: none), as runc's start: the container's
     * sd_notify socket (see {@link CreateOptions#notifySocket()}) is bound first, and this returns once the
     * container has sent {@code READY=...}, forwarded to {@code notifySocket} with {@code MAINPID} its init's pid, or
     * once its init has exited without it. A caller's socket that cannot be reached is an error after the start.
     *
     * @param id the container
     * @param notifySocket the path of the caller's sd_notify socket, or null or empty for none
     * @throws ContainerException as {@link #start(String)}, or when the sockets fail
     */
    public void start(String id, String notifySocket) throws ContainerException {
        lifecycle.start(id, notifySocket == null || notifySocket.isEmpty() ? null : notifySocket);
    }

    /**
     * The container's state now; its status is derived when read, from its init and cgroup.
     *
     * @param id the container
     * @return its state
     * @throws ContainerException when there is none, or its state cannot be read
     */
    public ContainerInfo state(String id) throws ContainerException {
        return lifecycle.state(id);
    }

    /**
     * Every container under the root, each with its status now. A directory without a state (a create killed
     * before writing one) is left out.
     *
     * @return the containers, in the order of their ids; empty when the root does not exist yet
     * @throws ContainerException when the root or a state cannot be read
     */
    public List<ContainerInfo> list() throws ContainerException {
        return lifecycle.list();
    }

    /**
     * Runs another process in a running container (joining its namespaces and cgroup, under its seccomp filter)
     * and returns its pid on the host once it runs. The process is this JVM's child: wait for it with
     * {@link #waitForProcess}.
     *
     * @param id the container
     * @param process the process to run: its arguments, user, environment, capabilities, terminal, ...
     * @param options how to run it besides the process
     * @return its pid on the host
     * @throws ContainerException when the container is stopped, or paused without
     *     {@link ExecOptions#ignorePaused()}; when the process is invalid (its field as a JSON pointer) or could
     *     not be started (a missing executable in runc's words)
     */
    public int exec(String id, Process process, ExecOptions options) throws ContainerException {
        return lifecycle.execs().exec(id, process, options);
    }

    /**
     * Sends {@code signal} to a process {@link #exec} started, if it still runs; nothing otherwise. Its pid names
     * it safely until {@link #waitForProcess} reaps it.
     *
     * @param pid the process's pid on the host, as {@link #exec} returned it
     * @param signal the signal's number
     */
    public void signalProcess(int pid, int signal) {
        lifecycle.execs().signalProcess(pid, signal);
    }

    /**
     * The configuration the container was made with (what exec's defaults come from), as hako copied it when
     * creating it: a later change to its bundle does not show.
     *
     * @param id the container
     * @return its configuration
     * @throws ContainerException when the copy cannot be read
     */
    public Spec config(String id) throws ContainerException {
        return lifecycle.execs().config(id);
    }

    /**
     * Runs a process in a running container and stays with it until it exits, returning its status: with a
     * terminal and no console socket in {@code options}, the terminal is relayed between {@code in} and
     * {@code out}; otherwise the process has this process's standard streams.
     *
     * @param id the container
     * @param process the process to run
     * @param options how to run it
     * @param in where a relayed terminal's input comes from
     * @param out where a relayed terminal's output goes
     * @return the process's status
     * @throws ContainerException as {@link #exec}, or when it cannot be waited for
     */
    public int execAttached(String id, Process process, ExecOptions options, InputStream in, OutputStream out)
            throws ContainerException {
        return lifecycle.execs().execAttached(id, process, options, in, out);
    }

    /**
     * Waits for a process {@link #exec} started, and reaps it.
     *
     * @param pid the process's pid on the host, as {@link #exec} returned it
     * @return its status: the exit code, or 128 + N for signal N
     * @throws ContainerException when it cannot be waited for (reaped already, or not a child of the side the
     *     {@link ProcessLauncher} starts processes on)
     */
    public int waitForProcess(int pid) throws ContainerException {
        return lifecycle.execs().waitForProcess(pid);
    }

    /**
     * Freezes every process of the container (its cgroup); its status reads paused.
     *
     * @param id the container, created or running
     * @throws ContainerException when it is neither, or has no cgroup (a rootless one left out of it)
     */
    public void pause(String id) throws ContainerException {
        lifecycle.cgroups().pause(id);
    }

    /**
     * Thaws a paused container.
     *
     * @param id the container
     * @throws ContainerException when it is not paused, or has no cgroup
     */
    public void resume(String id) throws ContainerException {
        lifecycle.cgroups().resume(id);
    }

    /**
     * Changes a running (or created, or paused) container's resource limits: every setting {@code resources}
     * has is applied, the others are left as they are.
     *
     * @param id the container
     * @param resources the settings to apply, as in a configuration's {@code linux.resources}
     * @throws ContainerException when it has stopped, or its cgroup refuses a setting (the driver's words)
     */
    public void update(String id, Resources resources) throws ContainerException {
        lifecycle.cgroups().update(id, resources);
    }

    /**
     * The container's resource usage now (its cgroup's counters).
     *
     * @param id the container
     * @return its cgroup's counters
     * @throws ContainerException {@link ContainerException.Kind#NOT_RUNNING} once it has stopped; or when it has
     *     no cgroup or its counters cannot be read
     */
    public CgroupStats stats(String id) throws ContainerException {
        return lifecycle.cgroups().stats(id);
    }

    /**
     * Starts watching the container's cgroup: the kernel's OOMs and OOM kills in it as they happen, and the cgroup's
     * removal (when the container is deleted). The caller closes it.
     *
     * @param id the container
     * @return the watch, open
     * @throws ContainerException {@link ContainerException.Kind#NOT_RUNNING} once it has stopped; or when it has
     *     no cgroup or the watch cannot be set up
     */
    public CgroupEvents events(String id) throws ContainerException {
        return lifecycle.cgroups().events(id);
    }

    /**
     * The host pids of every process in the container (its cgroup's).
     *
     * @param id the container
     * @return the pids, empty once it has stopped
     * @throws ContainerException when it has no cgroup, or the cgroup cannot be read
     */
    public List<Integer> processes(String id) throws ContainerException {
        return lifecycle.cgroups().processes(id);
    }

    /**
     * Sends a signal to the init, or with {@code all} to every process of the container. SIGKILL thaws a paused
     * container (as runc does), so that it dies; with {@code all}, a paused container is thawed too.
     *
     * @param id the container
     * @param signal the signal's number
     * @param all signal every process in its cgroup (or, without one, its pid namespace), not only the init; of a
     *     stopped container that may be none, which is no error
     * @throws ContainerException {@link ContainerException.Kind#NOT_RUNNING} when, without {@code all}, its init
     *     is gone; or when signalling failed
     */
    public void kill(String id, int signal, boolean all) throws ContainerException {
        lifecycle.kill(id, signal, all);
    }

    /**
     * Deletes a container. A running one is refused unless {@code force}, which kills it first; a created one is
     * killed and deleted, as runc does. Its mounts on the host, cgroup and state go; then its poststop hooks run
     * (a failing one is a warning).
     *
     * @param id the container
     * @param force kill a running or paused container first instead of refusing it
     * @throws ContainerException when it is running or paused and not {@code force}, when its init has not exited
     *     10 seconds after SIGKILL, or when what it left cannot be removed
     */
    public void delete(String id, boolean force) throws ContainerException {
        lifecycle.delete(id, force);
    }

    /**
     * Waits for the container's init to exit and returns its status (128 + N for signal N). Only the init's parent
     * (the creator, or a subreaper it was handed to) can wait.
     *
     * @param id the container
     * @return the init's status: its exit code, or 128 + N for signal N
     * @throws ContainerException when the init cannot be waited for (reaped already, or not a child of the side
     *     the {@link ProcessLauncher} starts processes on)
     */
    public int waitForExit(String id) throws ContainerException {
        return lifecycle.waitForExit(id);
    }

    /**
     * The plan the stage would perform for a bundle, one operation a line, without running anything: for
     * {@code hako plan}, and to see what a configuration becomes.
     *
     * @param bundle the bundle directory
     * @param options the options the container would be created with
     * @return the plan, one operation a line
     * @throws ContainerException when the configuration is invalid or cannot be planned
     */
    public static String describePlan(Path bundle, CreateOptions options) throws ContainerException {
        return Lifecycle.describePlan(bundle, options);
    }
}
