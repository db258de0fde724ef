package io.hako.container.internal.plan;

import io.hako.cgroups.CgroupHierarchy;
import io.hako.namespaces.Kinds;
import io.hako.namespaces.NamespacePlan;
import io.hako.oci.config.Linux;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Process;
import io.hako.oci.config.Spec;
import io.hako.oci.config.TimeOffset;
import io.hako.seccomp.SeccompProgram;
import io.hako.security.SecurityModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
     * @param cgroupView the container's cgroup as a "cgroup" mount shows it, in the host's layout (its
     *     {@code hierarchies()}); empty for a fresh cgroup2 mount
     * @param runtimeInUserNamespace hako itself runs in a user namespace (rootless podman's): devices are bound
     * @param rootlessEuid hako runs as a user other than root: the process's groups cannot be chosen
     */
    public record Request(Spec spec, Path bundle, Path rootfs, boolean noPivot, int execFifoFd, int lastCap,
            java.util.function.Predicate<Path> sourceIsDirectory, List<String> extraEnv, SeccompProgram seccomp,
            boolean awaitCgroup, List<SecurityModule.ExecLabel> execLabels, String mountLabelOption,
            String sessionKeyring, String keyringLabel, List<CgroupHierarchy> cgroupView,
            boolean runtimeInUserNamespace, boolean rootlessEuid) {
        public Request {
            extraEnv = List.copyOf(extraEnv);
            execLabels = List.copyOf(execLabels);
            cgroupView = List.copyOf(cgroupView);
        }
    }

    /**
     * A plan and what the planner has to say about it: {@code warnings} for what the spec asks and the plan leaves
     * out (a capability this kernel lacks), {@code debug} for what it does in a way worth knowing but asked for
     * (the user does not need a warning on every container for those).
     */
    public record Result(Plan plan, List<String> warnings, List<String> debug) {}

    private Planner() {}

    public static Result plan(Request request) throws PlanException {
        Spec spec = request.spec();
        Linux linux = spec.linux() != null ? spec.linux() : Linux.EMPTY;
        Process process = spec.process();
        if (process == null) {
            throw new PlanException("/process", "a container needs a process to run");
        }
        refuseUnsupported(spec, linux, process, request.seccomp());

        List<Op> ops = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> debug = new ArrayList<>();
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
            debug.add("no mount namespace: the container's mounts are made in the host's mount namespace, "
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
        if (namespaces.creates().contains(NamespaceType.NETWORK)) {
            // A network namespace of the container's own has its loopback up, as runc's: 127.0.0.1 works without
            // an engine's network set-up (ctr, podman --network none). One joined is the engine's to set up.
            ops.add(Op.of(OpCode.LOOPBACK_UP));
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
        Set<String> preopened = new LinkedHashSet<>();
        List<Op> finishing = RootfsPlanner.rootfs(ops, idmapped, preopened, request, linux, namespaces, ownMounts);
        if (!preopened.isEmpty()) {
            // runc's way for a user namespace's binds: opened by a process with the host's rights, in the new mount
            // namespace (a bind must come from one of its mounts), before the init is forked.
            ops.add(ops.indexOf(Op.of(OpCode.UNSHARE, CLONE_NEWUSER)), Op.of(OpCode.PREPARE_SOURCES,
                    List.copyOf(preopened)));
            ops.add(ops.indexOf(Op.of(OpCode.FORK_INIT)), Op.of(OpCode.RECEIVE_SOURCES));
        }
        RootfsPlanner.afterPivot(ops, spec, linux);
        if (Boolean.TRUE.equals(process.terminal())) {
            var size = process.consoleSize();
            ops.add(Op.of(OpCode.CONSOLE, size == null ? 0 : (int) size.height(), size == null ? 0 : (int) size.width()));
        }
        // Read-only where the console (in /dev) and the rest are made; runc's finalizeRootfs.
        ops.addAll(finishing);
        RootfsPlanner.finalPropagation(ops, linux);
        ProcessPlanner.processSettings(ops, new ProcessPlanner.Inputs(request.lastCap(), request.extraEnv(), request.seccomp(),
                request.execLabels(), request.execFifoFd(),
                spec.hooks() == null ? null : spec.hooks().startContainer(), true, request.rootlessEuid()), process,
                warnings, debug);
        // Id-mapped mounts are made first of all: they need the host's privileges and see the host's mounts.
        ops.addAll(0, idmapped);
        if (request.awaitCgroup()) {
            // And before them, the cgroup: every process the stage makes then starts in it.
            ops.addFirst(Op.of(OpCode.AWAIT_CGROUP));
        }
        return new Result(new Plan(ops), warnings, debug);
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
        List<String> debug = new ArrayList<>();
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
        ProcessPlanner.processSettings(ops, new ProcessPlanner.Inputs(request.lastCap(), request.extraEnv(), request.seccomp(),
                request.execLabels(), -1, null, false, false), process, warnings, debug);
        return new Result(new Plan(ops), warnings, debug);
    }
}
