package io.hako.container.internal;

import static io.hako.container.internal.Lifecycle.failed;
import static io.hako.container.internal.Lifecycle.savedCgroup;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.Cgroups;
import io.hako.container.ContainerException;
import io.hako.container.ExecOptions;
import io.hako.container.ProcessLauncher;
import io.hako.container.Status;
import io.hako.container.internal.plan.PlanException;
import io.hako.container.internal.plan.Planner;
import io.hako.container.internal.stage.StageException;
import io.hako.container.internal.stage.StageProcess;
import io.hako.container.internal.store.ConfigCopy;
import io.hako.container.internal.store.SavedState;
import io.hako.container.internal.store.StateStore;
import io.hako.namespaces.Kinds;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Spec;
import io.hako.oci.state.State;
import io.hako.seccomp.SeccompCompilers;
import io.hako.seccomp.SeccompException;
import io.hako.seccomp.SeccompProgram;
import io.hako.security.SecurityModule;
import io.hako.security.SecurityModuleException;
import io.hako.security.capabilities.CapabilitySets;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * exec, apart from {@link Lifecycle}: the commands engines call most (state, kill, delete) then link none of
 * what exec needs (the spec model among it), which costs every JVM start.
 */
public final class Execs {
    private final StateStore store;
    private final Consumer<String> warnings;
    private final Consumer<String> debug;
    private final ProcessLauncher launcher;

    public Execs(StateStore store, Consumer<String> warnings, Consumer<String> debug, ProcessLauncher launcher) {
        this.store = store;
        this.warnings = warnings;
        this.debug = debug;
        this.launcher = launcher;
    }

    /**
     * Runs {@code process} in a running container: it joins the container's cgroup and namespaces and gets the
     * container's seccomp filter, its own user, capabilities, labels and environment. Returns its pid on the
     * host, once it runs; it is then a child of this process.
     */
    public int exec(String id, io.hako.oci.config.Process process, ExecOptions options) throws ContainerException {
        return exec(id, process, options, Map.of());
    }

    /** {@link #exec}, with the process's standard streams at 0-2 ({@code stdio}, borrowed) where given. */
    public int exec(String id, io.hako.oci.config.Process process, ExecOptions options, Map<Integer, Fd> stdio)
            throws ContainerException {
        return start(id, process, options, false, stdio).initPid();
    }

    /**
     * Runs {@code process} as {@link #exec} does and stays with it: with a terminal and no console socket, the
     * terminal is relayed here ({@code in} to it, it to {@code out}), as CRI-O's interactive exec needs; without
     * one, the process has this process's standard streams. Returns its status once it has exited.
     */
    public int execAttached(String id, io.hako.oci.config.Process process, ExecOptions options, InputStream in,
            OutputStream out) throws ContainerException {
        StageProcess.Started started = start(id, process, options, true, Map.of());
        try (Fd master = started.console()) {
            return launcher.attach(started.initPid(), master, in, out).status();
        } catch (SysException e) {
            throw failed(id, "wait for process " + started.initPid() + ": " + e.getMessage(), e);
        }
    }

    private StageProcess.Started start(String id, io.hako.oci.config.Process process, ExecOptions options,
            boolean attached, Map<Integer, Fd> stdio) throws ContainerException {
        SavedState state;
        Spec config;
        try {
            state = store.require(id);
            Status status = store.status(state);
            if (status == Status.STOPPED) {
                throw failed(id, "cannot exec in a stopped container");
            }
            if (status == Status.PAUSED && !options.ignorePaused()) {
                throw failed(id, "cannot exec in a paused container (use --ignore-paused to override)");
            }
            config = ConfigCopy.load(store, id);
        } catch (IOException e) {
            throw failed(id, "exec: " + Lifecycle.reason(e), e);
        }
        Console.check(id, Boolean.TRUE.equals(process.terminal()), options.consoleSocket(), attached);
        if (Boolean.TRUE.equals(process.terminal()) && !stdio.isEmpty()) {
            throw failed(id, "exec: process/terminal: a process with a terminal has it as its standard streams; "
                    + "choose none of them");
        }
        SavedState container = state;
        Spec containerConfig = config;
        Spec withProcess = config.withProcess(process);
        Map<NamespaceType, String> joins = new HashMap<>();
        if (config.linux() != null && config.linux().namespaces() != null) {
            for (var namespace : config.linux().namespaces()) {
                joins.put(namespace.type(), "/proc/" + state.pid() + "/ns/" + Kinds.procName(namespace.type()));
            }
        }
        Planner.Result planned;
        try {
            List<SecurityModule.ExecLabel> labels = SecurityLabels.of(withProcess).exec();
            SeccompProgram seccomp = config.linux() == null || config.linux().seccomp() == null ? null
                    : SeccompCompilers.cachedIn(store.root().resolve(StateStore.CACHE).resolve("seccomp"),
                            options.seccompCompiler()).compile(config.linux().seccomp(), debug);
            Cgroup cgroup = savedCgroup(state);
            if (cgroup == null && !options.subCgroups().isEmpty()) {
                // As runc with no cgroup paths: a path for every hierarchy changes nothing, a controller is unknown.
                SubCgroups.directories("", Cgroups.layout(), options.subCgroups());
            }
            planned = Planner.planExec(new Planner.ExecRequest(process, joins, cgroup != null, CapabilitySets
                    .kernelLastCap(), seccomp, labels, List.of()));
            planned.warnings().forEach(warnings);
            planned.debug().forEach(debug);
            Map<Integer, Fd> preserved = new HashMap<>();
            for (int fd = 3; fd < 3 + options.preserveFds(); fd++) {
                preserved.put(fd, launcher.callerDescriptor(fd)); // borrowed, never closed here
            }
            Map<Integer, Fd> fds = new HashMap<>(stdio);
            fds.putAll(preserved);
            // A --cgroup refused once the container's cgroups are known: said as runc says it, not as a stage error.
            List<SubCgroups.Refused> refused = new ArrayList<>(1);
            try {
                var started = StageProcess.run(launcher, planned.plan(), fds, new StageProcess.Callbacks() {
                    @Override
                    public void joinCgroup(int intermediatePid) throws Exception {
                        cgroup.add(intermediatePid);
                        FaultPoint.EXEC_CGROUP_JOINED.reach();
                        if (!options.subCgroups().isEmpty()) {
                            // Before the process is forked: it starts in the sub-cgroups.
                            try {
                                SubCgroups.join(intermediatePid, options.subCgroups(), Cgroups.layout());
                            } catch (SubCgroups.Refused e) {
                                refused.add(e);
                                throw e;
                            }
                        }
                    }

                    @Override
                    public void writeIdMaps(int intermediatePid) {
                        throw new IllegalStateException("exec joins the container's user namespace");
                    }

                    @Override
                    public void seccompListener(int processPid, Fd listener)
                            throws SysException, SeccompAgent.Unreachable {
                        // The filter loaded for this process is a new one with a listener of its own: the agent
                        // gets it as runc sends it, naming this process, with the container running.
                        SeccompAgent.send(containerConfig.linux().seccomp(), containerConfig.ociVersion(), processPid,
                                new State(containerConfig.ociVersion(), id, "running", container.pid(),
                                        container.bundle(), container.annotations(), null), listener);
                    }

                    @Override
                    public byte[] runCreateHooks(int initPid) {
                        throw new IllegalStateException("exec runs no create hooks");
                    }
                });
                started = new StageProcess.Started(started.initPid(), Console.route(started, options.consoleSocket()),
                        started.consoleName());
                FaultPoint.EXEC_STARTED.reach();
                if (options.pidFile() != null) {
                    PidFile.write(options.pidFile(), started.initPid());
                }
                return started;
            } catch (StageException e) {
                if (!refused.isEmpty()) {
                    throw refused.getFirst();
                }
                throw e;
            } finally {
                preserved.values().forEach(Fd::release);
            }
        } catch (PlanException e) {
            throw failed(id, "exec: process" + e.pointer() + ": " + e.getMessage());
        } catch (StageException e) {
            throw failed(id, e.getMessage(), e); // the stage's own words, runc's for a missing executable
        } catch (SubCgroups.Refused e) {
            throw failed(id, e.getMessage());
        } catch (SecurityModuleException | SeccompException | CgroupException | SysException | IOException e) {
            throw failed(id, "exec: " + Lifecycle.reason(e), e);
        }
    }

    /** Signals a process this JVM started (its child, so its pid is not reused while it is not reaped). */
    public void signalProcess(int pid, int signal) {
        Sys.signalIfPresent(pid, signal);
    }

    /** The configuration the container was made with. */
    public Spec config(String id) throws ContainerException {
        try {
            store.require(id);
            return ConfigCopy.load(store, id);
        } catch (IOException e) {
            throw failed(id, e.getMessage(), e);
        }
    }

    /** Waits for a process this JVM started with {@link #exec} and returns its status (128+N for signal N). */
    public int waitForProcess(int pid) throws ContainerException {
        try {
            return launcher.attach(pid, null, null, null).status();
        } catch (SysException e) {
            throw failed(null, "wait for process " + pid + ": " + e.getMessage(), e);
        }
    }
}
