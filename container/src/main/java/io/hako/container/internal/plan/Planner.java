package io.hako.container.internal.plan;

import io.hako.namespaces.Kinds;
import io.hako.namespaces.NamespacePlan;
import io.hako.oci.SpecValidator;
import io.hako.oci.config.Device;
import io.hako.oci.config.Hook;
import io.hako.oci.config.Hooks;
import io.hako.oci.config.IdMapping;
import io.hako.oci.config.Linux;
import io.hako.oci.config.Mount;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Process;
import io.hako.oci.config.Rlimit;
import io.hako.oci.config.Spec;
import io.hako.oci.config.TimeOffset;
import io.hako.seccomp.SeccompProgram;
import io.hako.security.CapabilitySets;
import io.hako.security.SecurityModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a validated configuration into the plan the stage performs: every decision is taken here — which
 * namespaces to join or create and in what order, each mount's flags and data, which devices to make, the
 * capability masks — so the stage only executes. A pure function of its {@link Request}.
 */
public final class Planner {
    private static final int CLONE_NEWUSER = 0x10000000;
    private static final int CLONE_NEWCGROUP = 0x02000000;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int CLOCK_BOOTTIME = 7;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;

    /** The devices every container gets when its /dev is not the host's (runtime-spec config-linux.md). */
    private static final List<Device> DEFAULT_DEVICES = List.of(
            device("/dev/null", 1, 3), device("/dev/zero", 1, 5), device("/dev/full", 1, 7),
            device("/dev/random", 1, 8), device("/dev/urandom", 1, 9), device("/dev/tty", 5, 0));
    private static final Map<String, String> DEFAULT_LINKS = Map.of(
            "/dev/fd", "/proc/self/fd", "/dev/stdin", "/proc/self/fd/0", "/dev/stdout", "/proc/self/fd/1",
            "/dev/stderr", "/proc/self/fd/2", "/dev/ptmx", "pts/ptmx");

    /**
     * What a plan is made from.
     *
     * @param spec the validated configuration
     * @param bundle the bundle's absolute path (relative bind sources are relative to it)
     * @param rootfs the root filesystem's absolute path
     * @param noPivot use chroot instead of pivot_root (for a rootfs on ramfs)
     * @param execFifoFd the stage's descriptor of the exec fifo, or -1 to exec without waiting for start
     * @param lastCap the running kernel's {@code cap_last_cap}
     * @param sourceIsDirectory tells whether a bind source is a directory (the mount point is made to match)
     * @param extraEnv variables the runtime adds to the process's environment ({@code LISTEN_FDS}, ...)
     * @param seccomp the compiled {@code linux.seccomp}, or null when there is none
     * @param awaitCgroup whether the intermediate first waits to be moved into the container's cgroup
     * @param execLabels the security modules' labels for the process (AppArmor, SELinux), as their modules said
     * @param mountLabelOption the mount option that labels the container's filesystems ({@code context="..."}),
     *     or null
     * @param sessionKeyring the name of the session keyring the init joins, or null to keep the caller's
     * @param keyringLabel the security label of the keys the init creates, or null
     */
    public record Request(Spec spec, Path bundle, Path rootfs, boolean noPivot, int execFifoFd, int lastCap,
            java.util.function.Predicate<Path> sourceIsDirectory, List<String> extraEnv, SeccompProgram seccomp,
            boolean awaitCgroup, List<SecurityModule.ExecLabel> execLabels, String mountLabelOption,
            String sessionKeyring, String keyringLabel) {
        public Request {
            extraEnv = List.copyOf(extraEnv);
            execLabels = List.copyOf(execLabels);
        }
    }

    /** A plan and what the planner has to say about it (capabilities this kernel lacks, ...). */
    public record Result(Plan plan, List<String> warnings) {}

    private Planner() {}

    public static Result plan(Request request) throws PlanException {
        Spec spec = request.spec();
        Linux linux = spec.linux() != null ? spec.linux()
                : new Linux(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null);
        Process process = spec.process();
        if (process == null) {
            throw new PlanException("/process", "a container needs a process to run");
        }
        refuseUnsupported(spec, linux, process, request.seccomp());

        List<Op> ops = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        NamespacePlan namespaces = NamespacePlan.of(linux.namespaces());
        boolean ownMounts = namespaces.has(NamespaceType.MOUNT);
        if (!ownMounts) {
            // The spec allows it (the container inherits the runtime's mount namespace), so hako runs it, but
            // never changes the host's own mounts: it adds new ones at and under the rootfs only (delete takes
            // them away), and leaves the propagation of "/" alone.
            if (linux.rootfsPropagation() != null && !linux.rootfsPropagation().isEmpty()) {
                throw new PlanException("/linux/rootfsPropagation", "rootfsPropagation needs a mount namespace: "
                        + "without one it would change the host's mounts");
            }
            warnings.add("no mount namespace: the container's mounts are made in the host's mount namespace, "
                    + "under its rootfs; delete removes them");
        }

        // The intermediate: enter or make the namespaces, then fork the init into them.
        for (NamespacePlan.Join join : namespaces.joins()) {
            ops.add(Op.of(OpCode.JOIN_NAMESPACE, Kinds.cloneFlag(join.type()), join.path()));
        }
        if (namespaces.createsUser()) {
            ops.add(Op.of(OpCode.UNSHARE, CLONE_NEWUSER));
            ops.add(Op.of(OpCode.AWAIT_ID_MAPS));
            ops.add(Op.of(OpCode.SET_IDS, 0, 0));
        }
        int flags = namespaces.unshareFlagsAfterUser();
        if (flags != 0) {
            ops.add(Op.of(OpCode.UNSHARE, flags));
        }
        if (linux.timeOffsets() != null) {
            addTimeOffset(ops, CLOCK_MONOTONIC, linux.timeOffsets().monotonic());
            addTimeOffset(ops, CLOCK_BOOTTIME, linux.timeOffsets().boottime());
        }
        ops.add(Op.of(OpCode.FORK_INIT));

        // The init: its own session, the root filesystem, then the process's settings.
        if (namespaces.creates().contains(NamespaceType.CGROUP)) {
            ops.add(Op.of(OpCode.UNSHARE, CLONE_NEWCGROUP));
        }
        ops.add(Op.of(OpCode.SETSID));
        if (request.sessionKeyring() != null) {
            if (request.keyringLabel() != null) {
                ops.add(Op.of(OpCode.LSM_LABEL, "/proc/self/attr/keycreate", request.keyringLabel()));
            }
            ops.add(Op.of(OpCode.JOIN_SESSION_KEYRING, request.sessionKeyring()));
        }
        List<Op> idmapped = new ArrayList<>();
        rootfs(ops, idmapped, request, linux, namespaces, ownMounts);
        afterPivot(ops, spec, linux);
        if (Boolean.TRUE.equals(process.terminal())) {
            var size = process.consoleSize();
            ops.add(Op.of(OpCode.CONSOLE, size == null ? 0 : (int) size.height(), size == null ? 0 : (int) size.width()));
        }
        finalPropagation(ops, linux);
        processSettings(ops, new ProcessInputs(request.lastCap(), request.extraEnv(), request.seccomp(),
                request.execLabels(), request.execFifoFd(),
                spec.hooks() == null ? null : spec.hooks().startContainer()), process, warnings);
        // Id-mapped mounts are made first of all: they need the host's privileges and see the host's mounts.
        ops.addAll(0, idmapped);
        if (request.awaitCgroup()) {
            // And before them, the cgroup: every process the stage makes then starts in it.
            ops.addFirst(Op.of(OpCode.AWAIT_CGROUP));
        }
        return new Result(new Plan(ops), warnings);
    }

    private static void refuseUnsupported(Spec spec, Linux linux, Process process, SeccompProgram seccomp) throws PlanException {
        if (linux.seccomp() != null && seccomp == null) {
            // The caller compiles linux.seccomp (with libseccomp) before planning; planning stays pure.
            throw new PlanException("/linux/seccomp", "the seccomp filter was not compiled");
        }
        if (linux.seccomp() != null && linux.seccomp().syscalls() != null) {
            var rules = linux.seccomp().syscalls();
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i).action().equals("SCMP_ACT_NOTIFY") && rules.get(i).names().contains("sendmsg")) {
                    // The init hands the listener on with sendmsg once the filter is loaded: it would wait for an
                    // agent that cannot have the listener yet (runc refuses write for the same reason).
                    throw new PlanException("/linux/seccomp/syscalls/" + i + "/names",
                            "SCMP_ACT_NOTIFY on sendmsg would block the container's init before it can pass the "
                                    + "seccomp listener on");
                }
            }
        }
        if (process.scheduler() != null || process.ioPriority() != null || process.execCPUAffinity() != null) {
            throw new PlanException("/process", "scheduler, ioPriority and execCPUAffinity are not supported yet");
        }
        if (linux.personality() != null || linux.memoryPolicy() != null || linux.intelRdt() != null
                || linux.netDevices() != null) {
            throw new PlanException("/linux", "personality, memoryPolicy, intelRdt and netDevices are not supported yet");
        }
    }

    private static void addTimeOffset(List<Op> ops, int clock, TimeOffset offset) {
        if (offset != null) {
            long secs = offset.secs() == null ? 0 : offset.secs();
            int nanos = offset.nanosecs() == null ? 0 : (int) (long) offset.nanosecs();
            ops.add(Op.of(OpCode.TIME_OFFSET, clock, secs, nanos));
        }
    }

    private static void rootfs(List<Op> ops, List<Op> idmapped, Request request, Linux linux,
            NamespacePlan namespaces, boolean ownMounts) throws PlanException {
        if (ownMounts) {
            // Until the pivot, the mounts are the host's copies: slave, so that host mounts reach in and nothing
            // made here leaks out (private if asked). Shared or unbindable would make pivot_root or the rootfs
            // bind fail; those apply to the new root after the pivot.
            String asked = linux.rootfsPropagation() == null ? "" : linux.rootfsPropagation();
            ops.add(Op.of(OpCode.ROOT_PROPAGATION,
                    (asked.equals("private") ? MountOptions.MS_PRIVATE : MountOptions.MS_SLAVE) | MountOptions.MS_REC));
        }
        ops.add(Op.of(OpCode.ROOTFS, request.rootfs().toString()));

        boolean devIsTmpfs = false;
        Set<String> destinations = new HashSet<>();
        List<Mount> mounts = request.spec().mounts() == null ? List.of() : request.spec().mounts();
        for (int i = 0; i < mounts.size(); i++) {
            Mount mount = mounts.get(i);
            mount(ops, idmapped, request, linux, mount, "/mounts/" + i);
            destinations.add(normalize(mount.destination()));
            if (normalize(mount.destination()).equals("/dev") && !isBind(mount)) {
                devIsTmpfs = true;
            }
        }
        // In a user namespace mknod is refused: device nodes are bound from the host instead.
        boolean bindDevices = namespaces.has(NamespaceType.USER);
        List<Device> devices = new ArrayList<>();
        if (devIsTmpfs) {
            devices.addAll(DEFAULT_DEVICES);
        }
        if (linux.devices() != null) {
            devices.addAll(linux.devices());
        }
        for (Device device : devices) {
            if (destinations.contains(normalize(device.path()))) {
                continue; // a mount already provides it
            }
            if (bindDevices) {
                ops.add(Op.of(OpCode.MOUNT, device.path(), device.path(), "", MountOptions.MS_BIND, "", 2));
            } else {
                int type = switch (device.type()) {
                    case "b" -> S_IFBLK;
                    case "p" -> S_IFIFO;
                    default -> S_IFCHR;
                };
                int mode = device.fileMode() == null ? 0666 : device.fileMode();
                ops.add(Op.of(OpCode.MKNOD, device.path(), type | mode,
                        (int) (device.major() == null ? 0 : (long) device.major()),
                        (int) (device.minor() == null ? 0 : (long) device.minor()),
                        (int) (device.uid() == null ? 0 : (long) device.uid()),
                        (int) (device.gid() == null ? 0 : (long) device.gid())));
            }
        }
        if (devIsTmpfs) {
            for (var link : new java.util.TreeMap<>(DEFAULT_LINKS).entrySet()) {
                if (!destinations.contains(link.getKey())) {
                    ops.add(Op.of(OpCode.SYMLINK, link.getValue(), link.getKey()));
                }
            }
        }
        Hooks hooks = request.spec().hooks();
        if (hooks != null && !(empty(hooks.prestart()) && empty(hooks.createRuntime())
                && empty(hooks.createContainer()) && empty(hooks.startContainer()))) {
            // The mounts are made and the old root is still there: main's hooks run now (prestart, then
            // createRuntime), then the init's createContainer hooks, in the container's namespaces.
            ops.add(Op.of(OpCode.AWAIT_HOOKS));
            addHooks(ops, hooks.createContainer());
        }
        ops.add(Op.of(!ownMounts ? OpCode.ENTER_ROOT : request.noPivot() ? OpCode.CHROOT : OpCode.PIVOT_ROOT));
    }

    /**
     * What {@code exec} needs: the process, and the container it runs in as the caller found it.
     *
     * @param process the process to run, validated
     * @param joins the container's namespaces: each type with the path to join it by ({@code /proc/<init>/ns/...})
     * @param awaitCgroup whether the intermediate first waits to be moved into the container's cgroup
     * @param lastCap the running kernel's {@code cap_last_cap}
     * @param seccomp the container's compiled filter, or null
     * @param execLabels the security modules' labels for the process
     * @param extraEnv variables the runtime adds ({@code LISTEN_FDS}, ...)
     */
    public record ExecRequest(Process process, Map<NamespaceType, String> joins, boolean awaitCgroup, int lastCap,
            SeccompProgram seccomp, List<SecurityModule.ExecLabel> execLabels, List<String> extraEnv) {
        public ExecRequest {
            joins = Map.copyOf(joins);
            execLabels = List.copyOf(execLabels);
            extraEnv = List.copyOf(extraEnv);
        }
    }

    /**
     * The plan of {@code exec}: join the container's cgroup and namespaces (user first, as the kernel needs), fork
     * into its pid namespace, and set the process up as a container's own, without waiting for a start.
     */
    public static Result planExec(ExecRequest request) throws PlanException {
        Process process = request.process();
        if (process.args() == null || process.args().isEmpty()) {
            throw new PlanException("/args", "exec needs a command");
        }
        if (process.cwd() == null || !process.cwd().startsWith("/")) {
            throw new PlanException("/cwd", "exec's cwd must be an absolute path, not \"" + process.cwd() + "\"");
        }
        List<Op> ops = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (request.awaitCgroup()) {
            ops.add(Op.of(OpCode.AWAIT_CGROUP));
        }
        for (NamespaceType type : Kinds.JOIN_ORDER) {
            String path = request.joins().get(type);
            if (path != null) {
                ops.add(Op.of(OpCode.JOIN_NAMESPACE, Kinds.cloneFlag(type), path));
            }
        }
        ops.add(Op.of(OpCode.FORK_INIT));
        ops.add(Op.of(OpCode.SETSID));
        if (Boolean.TRUE.equals(process.terminal())) {
            var size = process.consoleSize();
            ops.add(Op.of(OpCode.CONSOLE, size == null ? 0 : (int) size.height(), size == null ? 0 : (int) size.width()));
        }
        processSettings(ops, new ProcessInputs(request.lastCap(), request.extraEnv(), request.seccomp(),
                request.execLabels(), -1, null), process, warnings);
        return new Result(new Plan(ops), warnings);
    }

    private static boolean empty(List<Hook> hooks) {
        return hooks == null || hooks.isEmpty();
    }

    private static void addHooks(List<Op> ops, List<Hook> hooks) {
        if (hooks == null) {
            return;
        }
        for (Hook hook : hooks) {
            List<String> argv = hook.args() == null || hook.args().isEmpty() ? List.of(hook.path()) : hook.args();
            ops.add(Op.of(OpCode.RUN_HOOK, hook.path(), argv, hook.env() == null ? List.of() : hook.env(),
                    (int) (hook.timeout() == null ? 0 : (long) hook.timeout())));
        }
    }

    /**
     * Shared or unbindable propagation, asked in {@code rootfsPropagation}, for the container's own mounts once
     * they are all made: an unbindable root would refuse the binds of masked and read-only paths.
     */
    private static void finalPropagation(List<Op> ops, Linux linux) {
        long flag = switch (linux.rootfsPropagation() == null ? "" : linux.rootfsPropagation()) {
            case "shared" -> MountOptions.MS_SHARED;
            case "unbindable" -> MountOptions.MS_UNBINDABLE;
            default -> 0;
        };
        if (flag != 0) {
            ops.add(Op.of(OpCode.ROOT_PROPAGATION, flag | MountOptions.MS_REC));
        }
    }

    private static boolean isBind(Mount mount) {
        return "bind".equals(mount.type()) || (mount.options() != null
                && (mount.options().contains("bind") || mount.options().contains("rbind")));
    }

    private static void mount(List<Op> ops, List<Op> idmapped, Request request, Linux linux, Mount mount,
            String pointer) throws PlanException {
        MountOptions options;
        try {
            options = MountOptions.parse(mount.options());
        } catch (MountOptions.UnsupportedOptionException e) {
            throw new PlanException(pointer + "/options", e.getMessage());
        }
        String type = mount.type() == null ? "" : mount.type();
        String source = mount.source() == null ? "" : mount.source();
        long flags = options.flags() | options.propagation();
        int kind = 1;
        boolean bind = options.isBind() || type.equals("bind");
        if (bind) {
            flags |= MountOptions.MS_BIND;
            Path resolved = request.bundle().resolve(source);
            source = resolved.toString();
            kind = request.sourceIsDirectory().test(resolved) ? 1 : 2;
            type = "";
        } else if (type.equals("cgroup")) {
            // The container sees its own cgroup tree through cgroup2 (its cgroup namespace's root when it has one).
            type = "cgroup2";
            source = "cgroup2";
        }
        // Mappings on a mount without the option are id-mapped too, not recursively: runc does the same.
        if (options.idmap() != MountOptions.Idmap.NONE || mount.uidMappings() != null
                || mount.gidMappings() != null) {
            if (!bind) {
                throw new PlanException(pointer + "/options", "an id-mapped mount is a bind mount; \"" + type
                        + "\" cannot be one");
            }
            // Without mappings of its own, a mount takes those of the container's user namespace.
            List<IdMapping> uids = mount.uidMappings() != null ? mount.uidMappings() : linux.uidMappings();
            List<IdMapping> gids = mount.gidMappings() != null ? mount.gidMappings() : linux.gidMappings();
            if (uids == null || uids.isEmpty() || gids == null || gids.isEmpty()) {
                throw new PlanException(pointer + "/uidMappings", "an id-mapped mount needs uid and gid mappings: "
                        + "its own, or the container's user namespace's");
            }
            int recursive = options.idmap() == MountOptions.Idmap.RIDMAP ? 1 : 0;
            idmapped.add(Op.of(OpCode.IDMAP_PREPARE, source, recursive, triples(uids), triples(gids)));
            ops.add(Op.of(OpCode.IDMAP_ATTACH, idmapped.size() - 1, mount.destination(),
                    flags & ~(MountOptions.MS_BIND | MountOptions.MS_REC), kind));
            return;
        }
        String data = options.data();
        if (request.mountLabelOption() != null && LABELLED_TYPES.contains(type)) {
            data = data.isEmpty() ? request.mountLabelOption() : data + "," + request.mountLabelOption();
        }
        ops.add(Op.of(OpCode.MOUNT, source, mount.destination(), type, flags, data, kind));
    }

    /** The filesystems the mount label applies to: those made for the container, which take a context option. */
    private static final Set<String> LABELLED_TYPES = Set.of("tmpfs", "devpts", "mqueue");

    /** Id mappings as the stage writes them: container id, host id, size, for each. */
    private static List<Integer> triples(List<IdMapping> mappings) {
        List<Integer> numbers = new ArrayList<>(mappings.size() * 3);
        for (IdMapping mapping : mappings) {
            numbers.add((int) mapping.containerId());
            numbers.add((int) mapping.hostId());
            numbers.add((int) mapping.size());
        }
        return numbers;
    }

    private static void afterPivot(List<Op> ops, Spec spec, Linux linux) {
        // sysctls first: /proc/sys is usually among the read-only paths. Then read-only before masked, as runc
        // does, so that a masked path under a read-only one is masked on top of it.
        if (linux.sysctl() != null) {
            linux.sysctl().forEach((key, value) -> ops.add(Op.of(OpCode.SYSCTL, key, value)));
        }
        if (linux.readonlyPaths() != null) {
            for (String path : linux.readonlyPaths()) {
                ops.add(Op.of(OpCode.READONLY_PATH, path));
            }
        }
        if (linux.maskedPaths() != null) {
            for (String path : linux.maskedPaths()) {
                ops.add(Op.of(OpCode.MASK_PATH, path));
            }
        }
        if (spec.hostname() != null && !spec.hostname().isEmpty()) {
            ops.add(Op.of(OpCode.HOSTNAME, spec.hostname()));
        }
        if (spec.domainname() != null && !spec.domainname().isEmpty()) {
            ops.add(Op.of(OpCode.DOMAINNAME, spec.domainname()));
        }
        if (spec.root() != null && Boolean.TRUE.equals(spec.root().readonly())) {
            ops.add(Op.of(OpCode.REMOUNT, "/",
                    MountOptions.MS_BIND | MountOptions.MS_REMOUNT | MountOptions.MS_RDONLY));
        }
    }

    /** What process settings need besides the process: the same for a container's init and an exec'd process. */
    private record ProcessInputs(int lastCap, List<String> extraEnv, SeccompProgram seccomp,
            List<SecurityModule.ExecLabel> execLabels, int execFifoFd, List<Hook> startHooks) {}

    private static void processSettings(List<Op> ops, ProcessInputs request, Process process, List<String> warnings)
            throws PlanException {
        if (process.rlimits() != null) {
            for (int i = 0; i < process.rlimits().size(); i++) {
                Rlimit limit = process.rlimits().get(i);
                ops.add(Op.of(OpCode.RLIMIT, rlimitNumber(limit.type()), limit.soft(), limit.hard()));
            }
        }
        if (process.oomScoreAdj() != null) {
            ops.add(Op.of(OpCode.OOM_SCORE_ADJ, (long) process.oomScoreAdj()));
        }
        var user = process.user();
        long uid = user == null || user.uid() == null ? 0 : user.uid();
        long gid = user == null || user.gid() == null ? 0 : user.gid();
        ops.add(Op.of(OpCode.UMASK, (int) (user == null || user.umask() == null ? 0022 : (long) user.umask())));
        ops.add(Op.of(OpCode.CHDIR, process.cwd()));
        List<Integer> groups = new ArrayList<>();
        if (user != null && user.additionalGids() != null) {
            user.additionalGids().forEach(g -> groups.add((int) (long) g));
        }
        ops.add(Op.of(OpCode.GROUPS, groups));
        boolean noNewPrivileges = Boolean.TRUE.equals(process.noNewPrivileges());
        SeccompProgram seccomp = request.seccomp();
        if (seccomp != null && !noNewPrivileges) {
            // Without no_new_privs, loading a filter needs CAP_SYS_ADMIN: before the uid change and the
            // capability drop. The filter then also sees the set-up's last system calls, as with runc.
            ops.add(Op.of(OpCode.SECCOMP, seccomp.flags(), seccomp.filter()));
        }
        ops.add(Op.of(OpCode.USER, (int) uid, (int) gid));
        CapabilitySets caps = CapabilitySets.of(process.capabilities(), request.lastCap());
        warnings.addAll(caps.warnings());
        // The kernel raises an ambient capability only if it is permitted and inheritable; runc's default spec
        // lists ambient ones without inheritable, and runc goes on without them. So does hako, saying so.
        long ambient = caps.ambient() & caps.permitted() & caps.inheritable();
        if (ambient != caps.ambient()) {
            warnings.add("ambient capabilities that are not both permitted and inheritable are left out: "
                    + String.join(", ", CapabilitySets.names(caps.ambient() & ~ambient)));
        }
        ops.add(Op.of(OpCode.CAPABILITIES, caps.bounding(), caps.effective(), caps.permitted(), caps.inheritable(),
                ambient));
        if (noNewPrivileges) {
            ops.add(Op.of(OpCode.NO_NEW_PRIVILEGES));
        }
        List<String> env = new ArrayList<>(process.env() == null ? List.of() : process.env());
        env.addAll(request.extraEnv());
        ops.add(Op.of(OpCode.FIND_EXECUTABLE, process.args().get(0), env));
        for (SecurityModule.ExecLabel label : request.execLabels()) {
            // Takes effect at the exec; before a late filter, which might not let the write through.
            ops.add(Op.of(OpCode.LSM_LABEL, label.attribute(), label.value()));
        }
        if (seccomp != null && noNewPrivileges) {
            // As late as it can be: the filter sees only reporting ready, the start fifo and the exec.
            ops.add(Op.of(OpCode.SECCOMP, seccomp.flags(), seccomp.filter()));
        }
        ops.add(Op.of(OpCode.READY));
        if (request.execFifoFd() >= 0) {
            ops.add(Op.of(OpCode.WAIT_START, request.execFifoFd()));
        }
        // startContainer hooks: once start has released the init, just before the process is execed.
        addHooks(ops, request.startHooks());
        ops.add(Op.of(OpCode.EXEC, process.args(), env));
    }

    /** The RLIMIT_* number of a name (the same on x86_64 and aarch64). */
    static int rlimitNumber(String type) throws PlanException {
        int number = SpecValidator.RLIMITS.indexOf(type);
        if (number < 0) {
            throw new PlanException("/process/rlimits", "unknown resource limit \"" + type + "\"");
        }
        return number;
    }

    private static String normalize(String path) {
        return Path.of("/").resolve(path).normalize().toString();
    }

    private static Device device(String path, int major, int minor) {
        return new Device("c", path, (long) major, (long) minor, 0666, 0L, 0L, null);
    }
}
