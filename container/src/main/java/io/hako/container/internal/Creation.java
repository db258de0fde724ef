package io.hako.container.internal;

import static io.hako.container.internal.Lifecycle.failed;

import io.hako.container.ContainerException;
import io.hako.container.ContainerInfo;
import io.hako.container.CreateOptions;
import io.hako.container.ProcessLauncher;
import io.hako.container.Rootless;
import io.hako.container.Status;
import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupDriver;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.CgroupStats;
import io.hako.cgroups.FreezerState;
import io.hako.cgroups.Cgroups;
import io.hako.container.internal.plan.OpCode;
import io.hako.container.internal.plan.PlanException;
import io.hako.container.internal.plan.PlanDescriber;
import io.hako.container.internal.plan.Planner;
import io.hako.container.internal.stage.StageException;
import io.hako.container.internal.stage.StageProcess;
import io.hako.container.internal.store.ConfigCopy;
import io.hako.container.internal.store.SavedState;
import io.hako.container.internal.store.StateStore;
import io.hako.namespaces.IdMaps;
import io.hako.namespaces.NamespacePlan;
import io.hako.oci.DocumentException;
import io.hako.oci.OciJson;
import io.hako.oci.SpecValidator;
import io.hako.oci.Violation;
import io.hako.oci.config.Hooks;
import io.hako.oci.config.Linux;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Spec;
import io.hako.oci.state.State;
import io.hako.seccomp.SeccompCompiler;
import io.hako.seccomp.SeccompCompilers;
import io.hako.seccomp.SeccompException;
import io.hako.seccomp.SeccompProgram;
import io.hako.security.SecurityModuleException;
import io.hako.security.capabilities.CapabilitySets;
import io.hako.sys.Errno;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code create}: reads, validates and plans a bundle, makes the container's cgroup and state, runs the stage
 * and answers its calls (cgroup, id maps, hooks, seccomp listener), and undoes all of it when any step fails.
 */
final class Creation {
    private final StateStore store;
    private final Consumer<String> warnings;
    private final Consumer<String> debug;
    private final ProcessLauncher launcher;

    Creation(StateStore store, Consumer<String> warnings, Consumer<String> debug, ProcessLauncher launcher) {
        this.store = store;
        this.warnings = warnings;
        this.debug = debug;
        this.launcher = launcher;
    }

    /**
     * A bundle read, validated and planned: everything create needs before it touches anything. {@code warnings}
     * are the planner's; {@code debug}, the seccomp compiler's (system calls this libseccomp does not know, left
     * out: runc logs them at debug level too, and Docker's profile names several) and the planner's own.
     */
    private record Prepared(Spec spec, Path bundle, Path rootfs, Cgroup cgroup, Planner.Result planned,
            List<String> warnings, List<String> debug) {
        /** Whether the container shares the host's mount namespace, and so its mounts are made in it. */
        boolean sharesHostMounts() {
            return spec.linux() == null || !NamespacePlan.of(spec.linux().namespaces()).has(NamespaceType.MOUNT);
        }
    }

    /**
     * Where a container's configuration comes from.
     *
     * @param bundle the bundle's absolute path
     * @param spec the configuration given in memory, which create writes into {@code bundle} (a directory of hako's
     *     own, in the container's state directory); null to read the bundle's {@code config.json}
     */
    record Source(Path bundle, Spec spec) {
        /** A bundle on disk: a directory with its {@code config.json}. */
        static Source onDisk(Path bundle) {
            return new Source(bundle.toAbsolutePath().normalize(), null);
        }

        /** How messages name the configuration: the file, or {@link SpecBundle#LABEL} for one in memory. */
        String label() {
            return spec == null ? bundle.resolve("config.json").toString() : SpecBundle.LABEL;
        }
    }

    /**
     * Reads, validates and plans a bundle for container {@code id} (null when only described). {@code seccompCache}
     * keeps compiled seccomp filters between calls; without one, filters are compiled every time.
     * {@code notifyDirectory}: where the container's sd_notify socket will be (its caller has
     * {@code NOTIFY_SOCKET}), bound into it; null for none.
     */
    private static Prepared prepare(String id, Source source, CreateOptions options, int execFifoFd,
            SeccompCompiler seccompCache, Path notifyDirectory) throws ContainerException {
        Path bundle = source.bundle();
        String config = source.label();
        Spec spec = source.spec();
        if (spec == null) {
            try {
                spec = OciJson.readSpec(bundle.resolve("config.json"));
            } catch (DocumentException e) {
                throw failed(id, config + ": " + e.getMessage());
            }
        }
        List<Violation> violations = SpecValidator.validate(spec);
        if (!violations.isEmpty()) {
            throw failed(id, config + ": " + violations.get(0)
                    + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
        }
        if (spec.root() == null) {
            throw failed(id, config + ": /root: a container needs a root filesystem");
        }
        if (notifyDirectory != null) {
            spec = NotifySocket.withSocket(spec, notifyDirectory);
        }
        Path rootfs = bundle.resolve(spec.root().path()).normalize();
        if (!Files.isDirectory(rootfs)) {
            throw failed(id, "rootfs " + rootfs + " does not exist or is not a directory: no such file or directory");
        }
        int lastCap;
        try {
            lastCap = CapabilitySets.kernelLastCap();
        } catch (IOException e) {
            throw failed(null, "read /proc/sys/kernel/cap_last_cap: " + e.getMessage());
        }
        List<String> debug = new ArrayList<>();
        SeccompProgram seccomp = null;
        if (spec.linux() != null && spec.linux().seccomp() != null) {
            try {
                SeccompCompiler compiler = seccompCache != null ? seccompCache
                        : options.seccompCompiler() != null ? SeccompCompilers.named(options.seccompCompiler())
                        : SeccompCompilers.require();
                seccomp = compiler.compile(spec.linux().seccomp(), debug::add);
            } catch (SeccompException e) {
                throw failed(id, config + ": " + e.getMessage());
            }
        }
        SecurityLabels labels;
        try {
            labels = SecurityLabels.of(spec);
        } catch (SecurityModuleException e) {
            throw failed(id, config + ": " + e.getMessage());
        }
        Cgroup cgroup;
        try {
            // A handle only: the plan shows the container its own cgroup, made later.
            cgroup = containerCgroup(id == null ? "<id>" : id, spec.linux(), options, options.rootlessCgroups());
        } catch (CgroupException e) {
            throw failed(id, e.getMessage(), e);
        }
        try {
            List<String> extraEnv = options.listenFds() == 0 ? List.of()
                    : List.of("LISTEN_FDS=" + options.listenFds(), "LISTEN_PID=1");
            var request = new Planner.Request(spec, bundle, rootfs, options.noPivot(), execFifoFd, lastCap,
                    path -> path.equals(notifyDirectory) || Files.isDirectory(path), extraEnv, seccomp, true,
                    labels.exec(), labels.mountOption(), options.noNewKeyring() ? null : keyringName(id),
                    labels.keyringLabel(),
                    cgroup.hierarchies(), Rootless.inUserNamespace(), effectiveUid() != 0);
            Planner.Result planned = Planner.plan(request);
            debug.addAll(planned.debug());
            return new Prepared(spec, bundle, rootfs, cgroup, planned, planned.warnings(), debug);
        } catch (PlanException e) {
            throw failed(id, config + ": " + e.getMessage());
        }
    }

    private static int effectiveUid() throws ContainerException {
        try {
            return Sys.geteuid();
        } catch (SysException e) {
            throw failed(null, e.getMessage(), e);
        }
    }

    /** runc's name for a container's session keyring: the container's own keys are found by it. */
    private static String keyringName(String id) {
        return "_ses." + (id == null ? "hako" : id);
    }

    static String describePlan(Path bundle, CreateOptions options) throws ContainerException {
        return PlanDescriber.describe(prepare(null, Source.onDisk(bundle), options, execFifoFd(options), null, null)
                .planned().plan());
    }

    /** The stage's descriptor for the exec fifo: right after the inherited ones. */
    private static int execFifoFd(CreateOptions options) {
        return 3 + options.inheritedFds();
    }


    /** A created container, and its pty's master when create kept it for the caller to relay. */
    record Created(ContainerInfo info, Fd console) {}


    /**
     * Creates a container; with {@code keepConsole}, a terminal without a console socket is allowed and its master
     * comes back to the caller (a foreground {@code run} relays it), instead of going to the socket. {@code stdio}:
     * the process's standard streams at 0-2 (borrowed), where it is not to have the launcher's caller's.
     */
    Created create(String id, Source source, CreateOptions options, boolean keepConsole, Map<Integer, Fd> stdio)
            throws ContainerException {
        StateStore.checkId(id);
        int fifoFd = execFifoFd(options);
        Path notifyDirectory = options.notifySocket() == null ? null
                : store.directory(id).resolve(NotifySocket.DIRECTORY);
        Prepared prepared = prepare(id, source, options, fifoFd,
                SeccompCompilers.cachedIn(store.root().resolve(StateStore.CACHE).resolve("seccomp"),
                        options.seccompCompiler()), notifyDirectory);
        boolean terminal = Boolean.TRUE.equals(prepared.spec().process().terminal());
        Console.check(id, terminal, options.consoleSocket(), keepConsole);
        if (terminal && !stdio.isEmpty()) {
            throw failed(id, source.label() + ": /process/terminal: a process with a terminal has it as its "
                    + "standard streams; choose none of them");
        }
        prepared.warnings().forEach(warnings);
        prepared.debug().forEach(debug);
        try {
            store.claim(id);
        } catch (IOException e) {
            throw failed(id, "create state directory in " + store.root() + ": " + Errno.message(e), e);
        }
        Made made = new Made();
        try (StateStore.Lock lock = store.lock(id)) {
            if (source.spec() != null) {
                SpecBundle.write(source.bundle(), source.spec()); // before anything reads the state's bundle
            }
            if (notifyDirectory != null) {
                NotifySocket.makeDirectory(notifyDirectory);
            }
            if (prepared.sharesHostMounts()) {
                made.mountsBefore = HostMounts.ids(HostMounts.current(prepared.rootfs()));
            }
            Linux linux = prepared.spec().linux();
            Cgroup cgroup = prepared.cgroup();
            boolean existed = cgroup.exists();
            if (existed) {
                checkExisting(id, cgroup);
            }
            // The state describes what exists from the first thing made on: a create killed from here on leaves a
            // container that list shows and delete removes (its cgroup, its init), never an untracked rest.
            Spec spec = prepared.spec();
            int euid = Sys.geteuid();
            SavedState unfinished = new SavedState(id, spec.ociVersion(), 0, 0, prepared.bundle().toString(),
                    prepared.rootfs().toString(), Instant.now().toString(), spec.annotations(), cgroup.path(),
                    cgroup.driver(), options.rootlessCgroups(),
                    linux != null && NamespacePlan.of(linux.namespaces()).has(NamespaceType.PID), euid, null,
                    made.mountsBefore,
                    null, true, null);
            store.save(unfinished);
            FaultPoint.CREATE_STATE_SAVED.reach();
            // Also where a cgroup that is there lacks a hierarchy: it is made there, not a failed join.
            cgroup.create();
            if (!existed) {
                made.cgroup = cgroup;
            }
            FaultPoint.CREATE_CGROUP_MADE.reach();
            Path fifo = store.execFifo(id);
            Sys.mkfifo(fifo.toString(), 0622);
            // Not what the umask left (0600): an init in a user namespace is "other" to the host's root.
            Files.setPosixFilePermissions(fifo, PosixFilePermissions.fromString("rw--w--w-"));
            Map<Integer, Fd> fds = new HashMap<>(stdio);
            List<Fd> opened = new ArrayList<>();
            try {
                for (int fd = 3; fd < 3 + options.inheritedFds(); fd++) {
                    // The caller's own descriptors: borrowed from the launcher, never closed here.
                    fds.put(fd, launcher.callerDescriptor(fd));
                }
                Fd fifoPath = Sys.open(fifo.toString(), Sys.O_PATH, 0);
                opened.add(fifoPath);
                fds.put(fifoFd, fifoPath);
                int egid = Sys.getegid();
                var started = StageProcess.run(launcher, prepared.planned().plan(), fds,
                        new StageProcess.Callbacks() {
                    @Override
                    public void joinCgroup(int intermediatePid) throws CgroupException {
                        cgroup.add(intermediatePid);
                        FaultPoint.CREATE_CGROUP_JOINED.reach();
                    }

                    @Override
                    public void writeIdMaps(int intermediatePid) throws Exception {
                        IdMaps.write(intermediatePid, linux.uidMappings(), linux.gidMappings(), euid, egid,
                                System.getenv());
                    }

                    @Override
                    public void seccompListener(int initPid, Fd listener) throws SysException, SeccompAgent.Unreachable {
                        sendSeccompListener(id, prepared, initPid, listener);
                    }

                    @Override
                    public byte[] runCreateHooks(int initPid) throws HookRunner.HookException {
                        // runc's and the conformance suite's status for these: "created".
                        byte[] state = stateJson(id, prepared.spec(), prepared.bundle(), "created", initPid);
                        Hooks hooks = prepared.spec().hooks();
                        HookRunner.run(launcher, "prestart", hooks.prestart(), state);
                        HookRunner.run(launcher, "createRuntime", hooks.createRuntime(), state);
                        FaultPoint.CREATE_HOOKS_RAN.reach();
                        return state;
                    }
                });
                made.init = started.initPid();
                int init = started.initPid();
                SavedState withInit = unfinished.withInit(init, startTime(init));
                store.save(withInit);
                FaultPoint.CREATE_INIT_SAVED.reach();
                // Limits once the intermediate has made the init and gone: with pids.max = 1, the intermediate
                // and the init would not fit together. The init waits for start: nothing of the container's
                // own runs before the limits are in place.
                // A cgroup this create made has killed nothing yet: only one that was there is read first.
                long oomKillsBefore = made.cgroup != null ? 0 : oomKills(cgroup, linux);
                cgroup.apply(CgroupResources.of(linux));
                if (oomKills(cgroup, linux) > oomKillsBefore) {
                    throw failed(id, "container init was OOM-killed (memory limit too low?)");
                }
                FaultPoint.CREATE_LIMITS_APPLIED.reach();
                Fd kept = Console.route(started, options.consoleSocket());
                List<String> hostMounts = made.mountsBefore == null ? null
                        : HostMounts.madeSince(made.mountsBefore, HostMounts.current(prepared.rootfs()));
                SavedState state = withInit.completed(Instant.now().toString(), hostMounts, spec.hooks());
                ConfigCopy.save(store, id, spec);
                FaultPoint.CREATE_CONFIG_SAVED.reach();
                store.save(state);
                if (options.pidFile() != null) {
                    PidFile.write(options.pidFile(), init);
                }
                return new Created(Lifecycle.info(state, Status.CREATED), kept);
            } finally {
                opened.forEach(Fd::close);
            }
        } catch (StageException e) {
            made.init = -1; // the stage has killed and reaped what it made
            cleanUp(id, made, prepared, e);
            // A createContainer hook the init ran: in runc's words, as for the hooks main runs (HookRunner).
            throw failed(id, (e.operation().equals(OpCode.RUN_HOOK.label()) ? "error running hook: " : "")
                    + e.getMessage(), e);
        } catch (SysException | IOException | CgroupException | RuntimeException e) {
            cleanUp(id, made, prepared, e);
            throw failed(id, Lifecycle.reason(e), e);
        } catch (ContainerException e) {
            cleanUp(id, made, prepared, e);
            throw e;
        }
    }


    /**
     * The processes the OOM killer has killed in the cgroup, where the config limits memory (else 0, unread). A limit
     * below what the waiting init uses is refused by v1's kernel (EBUSY); v2's takes it and kills the init while the
     * limit is written, which only this count tells at once (the SIGKILL is still on its way).
     */
    private static long oomKills(Cgroup cgroup, Linux linux) throws CgroupException {
        if (linux == null || linux.resources() == null || linux.resources().memory() == null) {
            return 0;
        }
        CgroupStats.Memory memory = cgroup.stats().memory();
        return memory == null ? 0 : memory.stats().getOrDefault("oom_kill", 0L);
    }

    /**
     * runc's checks on a cgroup that is there before the container: processes in it are a warning, a frozen one is
     * refused (the container's processes would never run).
     */
    private void checkExisting(String id, Cgroup cgroup) throws CgroupException, ContainerException {
        int processes = cgroup.pids().size();
        if (processes != 0) {
            warnings.accept("container's cgroup is not empty: " + processes + " process(es) found");
        }
        if (cgroup.freezerState() == FreezerState.FROZEN) {
            throw failed(id, "container's cgroup unexpectedly frozen");
        }
    }

    /** What a create has made so far, for its clean-up when it fails. */
    private static final class Made {
        int init = -1;
        /** Without a mount namespace: the ids of the mounts under the rootfs before create made any. */
        List<String> mountsBefore;
        /** The cgroup, when this create made it (one that was there before is left alone). */
        Cgroup cgroup;
    }

    /** The container's cgroup, as the host's driver lays it out; {@code rootless}, runc's rootless manager. */
    static Cgroup containerCgroup(String id, Linux linux, CreateOptions options, boolean rootless)
            throws CgroupException {
        CgroupLayout layout = Cgroups.layout();
        return driver(layout, options).forContainer(linux == null ? null : linux.cgroupsPath(), id, layout, rootless);
    }

    /** The driver {@code options} force by name, if it serves {@code layout}; else the host's by priority. */
    static CgroupDriver driver(CgroupLayout layout, CreateOptions options) throws CgroupException {
        if (options.cgroupDriver() == null) {
            return Cgroups.select(layout, options.systemdCgroup());
        }
        CgroupDriver driver = Cgroups.driver(options.cgroupDriver());
        if (options.systemdCgroup() && !driver.isSystemd()) {
            throw new CgroupException(null, "cgroup driver \"" + driver.name() + "\" is not a systemd driver, and"
                    + " --systemd-cgroup asks for one");
        }
        if (!driver.serves(layout)) {
            throw new CgroupException(null, "cgroup driver \"" + driver.name() + "\" does not serve this host's cgroup"
                    + " layout (v1 controllers: " + layout.v1().keySet() + ", cgroup2: "
                    + (layout.unified() == null ? "not mounted" : layout.unified()) + ")");
        }
        return driver;
    }


    /**
     * Sends the init's seccomp notify listener to {@code linux.seccomp.listenerPath}, with the container process
     * state as the message (runtime-spec config-linux.md), as soon as the init has made it.
     */
    private static void sendSeccompListener(String id, Prepared prepared, int pid, Fd listener)
            throws SysException, SeccompAgent.Unreachable {
        Spec spec = prepared.spec();
        var seccomp = spec.linux().seccomp();
        var state = new State(spec.ociVersion(), id, "creating", pid, prepared.bundle().toString(),
                spec.annotations(), null);
        SeccompAgent.send(seccomp, spec.ociVersion(), pid, state, listener);
    }

    /** The container's state as hooks read it on their stdin. */
    static byte[] stateJson(String id, Spec spec, Path bundle, String status, int pid) {
        return OciJson.write(new State(spec.ociVersion(), id, status, pid, bundle.toString(), spec.annotations(),
                null));
    }


    /**
     * Undoes a create that failed: kills the init if it was made, unmounts what it mounted in the host's mount
     * namespace (when it shares it), removes the cgroup it made and the state.
     */
    private void cleanUp(String id, Made made, Prepared prepared, Exception cause) {
        if (made.init > 0) {
            StageProcess.killQuietly(made.init, cause);
        }
        if (made.mountsBefore != null) {
            try {
                HostMounts.unmount(HostMounts.madeSince(made.mountsBefore, HostMounts.current(prepared.rootfs())));
            } catch (IOException | SysException e) {
                cause.addSuppressed(e);
            }
        }
        if (made.cgroup != null) {
            try {
                made.cgroup.destroy();
            } catch (CgroupException e) {
                cause.addSuppressed(e);
            }
        }
        try {
            store.remove(id);
        } catch (ContainerException | IOException e) {
            cause.addSuppressed(e);
        }
    }


    private static long startTime(int pid) throws IOException, ContainerException {
        Long time = ProcStat.startTimeOfLive(pid);
        if (time == null) {
            throw failed(null, "the container's init (pid " + pid + ") exited during create");
        }
        return time;
    }
}
