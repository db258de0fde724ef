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
     */
    public Containers startingProcessesWith(ProcessLauncher launcher) {
        return new Containers(root, warnings, debug, launcher);
    }

    /** The containers under {@code root} ({@code /run/hako} for root by default); warnings are dropped. */
    public static Containers open(Path root) {
        return new Containers(root, message -> { }, message -> { });
    }

    /**
     * The containers under {@code root}, telling {@code warnings} what hako does differently from what a
     * configuration asks and why (a capability this kernel lacks, a setting this build does not apply).
     */
    public static Containers open(Path root, Consumer<String> warnings) {
        return new Containers(root, warnings, message -> { });
    }

    /**
     * As {@link #open(Path, Consumer)}, and telling {@code debug} what is routine but may help to understand a
     * container (a system call in a seccomp profile that this libseccomp does not know, left out as runc does).
     */
    public static Containers open(Path root, Consumer<String> warnings, Consumer<String> debug) {
        return new Containers(root, warnings, debug);
    }

    /**
     * Creates a container from a bundle: its init is set up in its namespaces and waits for {@link #start}. On any
     * failure nothing is left: no process, no state.
     */
    public ContainerInfo create(String id, Path bundle, CreateOptions options) throws ContainerException {
        return lifecycle.create(id, bundle, options);
    }

    /**
     * A builder of a container from {@code spec}, held in memory: hako writes it as the {@code config.json} of a
     * bundle of its own. Its {@code root.path} and bind mounts' sources must be absolute (see
     * {@link #builder(Spec, Path)}).
     */
    public ContainerBuilder builder(Spec spec) {
        return new ContainerBuilder(this, Objects.requireNonNull(spec, "spec"), null, null);
    }

    /**
     * A builder of a container from {@code spec}, held in memory, whose relative paths ({@code root.path}, bind
     * mounts' sources) are relative to {@code directory}, as a bundle's are to the bundle: hako writes the spec, with
     * them made absolute, as the {@code config.json} of a bundle of its own.
     */
    public ContainerBuilder builder(Spec spec, Path directory) {
        return new ContainerBuilder(this, Objects.requireNonNull(spec, "spec"),
                Objects.requireNonNull(directory, "directory"), null);
    }

    /** A builder of a container from the bundle in {@code bundle}, a directory with its {@code config.json}. */
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
     */
    public int runAttached(String id, Path bundle, CreateOptions options, boolean keep, InputStream in,
            OutputStream out) throws ContainerException {
        return lifecycle.runAttached(id, bundle, options, keep, in, out);
    }

    /** Lets a created container's init run its process. */
    public void start(String id) throws ContainerException {
        lifecycle.start(id);
    }

    /**
     * {@link #start(String)} for a caller with {@code NOTIFY_SOCKET} (null: none), as runc's start: the container's
     * sd_notify socket (see {@link CreateOptions#notifySocket()}) is bound first, and this returns once the
     * container has sent {@code READY=...}, forwarded to {@code notifySocket} with {@code MAINPID} its init's pid, or
     * once its init has exited without it. A caller's socket that cannot be reached is an error after the start.
     */
    public void start(String id, String notifySocket) throws ContainerException {
        lifecycle.start(id, notifySocket == null || notifySocket.isEmpty() ? null : notifySocket);
    }

    /** The container's state now. */
    public ContainerInfo state(String id) throws ContainerException {
        return lifecycle.state(id);
    }

    /** Every container under the root, by id. */
    public List<ContainerInfo> list() throws ContainerException {
        return lifecycle.list();
    }

    /**
     * Runs another process in a running container (joining its namespaces and cgroup, under its seccomp filter)
     * and returns its pid on the host once it runs. The process is this JVM's child: wait for it with
     * {@link #waitForProcess}.
     */
    public int exec(String id, Process process, ExecOptions options) throws ContainerException {
        return lifecycle.execs().exec(id, process, options);
    }

    /** Sends {@code signal} to a process {@link #exec} started, if it still runs. */
    public void signalProcess(int pid, int signal) {
        lifecycle.execs().signalProcess(pid, signal);
    }

    /** The configuration the container was made with (what exec's defaults come from). */
    public Spec config(String id) throws ContainerException {
        return lifecycle.execs().config(id);
    }

    /**
     * Runs a process in a running container and stays with it until it exits, returning its status: with a
     * terminal and no console socket in {@code options}, the terminal is relayed between {@code in} and
     * {@code out}; otherwise the process has this process's standard streams.
     */
    public int execAttached(String id, Process process, ExecOptions options, InputStream in, OutputStream out)
            throws ContainerException {
        return lifecycle.execs().execAttached(id, process, options, in, out);
    }

    /** Waits for a process {@link #exec} started and returns its exit status, 128+N for signal N. */
    public int waitForProcess(int pid) throws ContainerException {
        return lifecycle.execs().waitForProcess(pid);
    }

    /** Freezes every process of the container (its cgroup); its status reads paused. */
    public void pause(String id) throws ContainerException {
        lifecycle.pause(id);
    }

    /** Thaws a paused container. */
    public void resume(String id) throws ContainerException {
        lifecycle.resume(id);
    }

    /**
     * Changes a running (or created, or paused) container's resource limits: every setting {@code resources}
     * has is applied, the others are left as they are.
     */
    public void update(String id, Resources resources) throws ContainerException {
        lifecycle.update(id, resources);
    }

    /** The container's resource usage now (its cgroup's counters); an error once it has stopped. */
    public CgroupStats stats(String id) throws ContainerException {
        return lifecycle.stats(id);
    }

    /**
     * Starts watching the container's cgroup: the kernel's OOMs and OOM kills in it as they happen, and the cgroup's
     * removal (when the container is deleted). An error once the container has stopped. The caller closes it.
     */
    public CgroupEvents events(String id) throws ContainerException {
        return lifecycle.events(id);
    }

    /** The host pids of every process in the container; none once it has stopped. */
    public List<Integer> processes(String id) throws ContainerException {
        return lifecycle.processes(id);
    }

    /** Sends a signal to the init, or with {@code all} to every process of the container. */
    public void kill(String id, int signal, boolean all) throws ContainerException {
        lifecycle.kill(id, signal, all);
    }

    /**
     * Deletes a container. A running one is refused unless {@code force}, which kills it first; a created one is
     * killed and deleted, as runc does.
     */
    public void delete(String id, boolean force) throws ContainerException {
        lifecycle.delete(id, force);
    }

    /**
     * Waits for the container's init to exit and returns its status (128 + N for signal N). Only the init's parent
     * (the creator, or a subreaper it was handed to) can wait.
     */
    public int waitForExit(String id) throws ContainerException {
        return lifecycle.waitForExit(id);
    }

    /** The plan the stage would perform for a bundle, one operation a line, without running anything. */
    public static String describePlan(Path bundle, CreateOptions options) throws ContainerException {
        return Lifecycle.describePlan(bundle, options);
    }
}
