package io.hako.container.internal.plan;

import io.hako.namespaces.NamespacePlan;
import io.hako.oci.config.Device;
import io.hako.oci.config.Hooks;
import io.hako.oci.config.IdMapping;
import io.hako.oci.config.Linux;
import io.hako.oci.config.Mount;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The root filesystem's part of a plan: propagation, the rootfs, the spec's mounts, devices and their links,
 * what follows the pivot (sysctls, read-only and masked paths, names) and what finishes it (read-only remounts,
 * the final propagation). Pure.
 */
final class RootfsPlanner {
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

    private RootfsPlanner() {}

    /** {@code rootfsPropagation} values as {@code mount(2)} flags; "" changes nothing (runc's table). */
    private static final Map<String, Long> ROOT_PROPAGATION = Map.of(
            "private", MountOptions.MS_PRIVATE, "rprivate", MountOptions.MS_PRIVATE | MountOptions.MS_REC,
            "slave", MountOptions.MS_SLAVE, "rslave", MountOptions.MS_SLAVE | MountOptions.MS_REC,
            "shared", MountOptions.MS_SHARED, "rshared", MountOptions.MS_SHARED | MountOptions.MS_REC,
            "unbindable", MountOptions.MS_UNBINDABLE,
            "runbindable", MountOptions.MS_UNBINDABLE | MountOptions.MS_REC);

    /** {@code rootfsPropagation} as flags, 0 when absent or "". */
    static long rootPropagation(Linux linux) throws PlanException {
        String asked = linux.rootfsPropagation() == null ? "" : linux.rootfsPropagation();
        if (asked.isEmpty()) {
            return 0;
        }
        Long flags = ROOT_PROPAGATION.get(asked);
        if (flags == null) {
            throw new PlanException("/linux/rootfsPropagation", "rootfsPropagation \"" + asked + "\" is not supported");
        }
        return flags;
    }

    /**
     * The rootfs and everything mounted in it, up to the pivot. Returns what must wait until the container's
     * terminal is set up: the read-only remounts (and recursive attributes) of the tmpfs mounts and of /dev, which
     * are mounted writable first since files are still made in them (devices, links, the console), and of the
     * root itself.
     */
    static List<Op> rootfs(List<Op> ops, List<Op> idmapped, Set<String> preopened, Planner.Request request,
            Linux linux, NamespacePlan namespaces, boolean ownMounts) throws PlanException {
        long propagation = rootPropagation(linux);
        if (ownMounts) {
            if (request.noPivot() && (propagation & MountOptions.MS_PRIVATE) != 0) {
                throw new PlanException("/linux/rootfsPropagation", "rootfsPropagation of [r]private is not safe "
                        + "without pivot_root");
            }
            // The asked propagation on the copies of the host's mounts first (rslave when none), as runc does: so
            // with rshared they stay in the host's peer groups, and a volume bound from a shared mount is the
            // host's own peer (a mount made in it inside reaches the host). Unbindable would refuse the rootfs's
            // bind and every bind source (runc 1.1 fails so): those are slaves until the end.
            boolean usable = propagation != 0 && (propagation & MountOptions.MS_UNBINDABLE) == 0;
            ops.add(Op.of(OpCode.ROOT_PROPAGATION,
                    usable ? propagation : MountOptions.MS_SLAVE | MountOptions.MS_REC));
        }
        // With a mount namespace, the mount holding the rootfs is made private first if it is shared: its bind
        // must not propagate out, and pivot_root refuses a shared parent. Without one those are the host's mounts.
        ops.add(Op.of(OpCode.ROOTFS, request.rootfs().toString(), ownMounts ? 1 : 0));

        List<Op> finishing = new ArrayList<>();
        boolean devIsTmpfs = false;
        Set<String> destinations = new HashSet<>();
        List<Mount> mounts = request.spec().mounts() == null ? List.of() : request.spec().mounts();
        // Sources are opened with the host's rights only where hako has them to lend: not as an ordinary user
        // (runc's RootlessEUID), whose opener could not enter the container's mount namespace.
        boolean preopen = namespaces.createsUser() && !request.rootlessEuid();
        for (int i = 0; i < mounts.size(); i++) {
            Mount mount = mounts.get(i);
            mount(ops, idmapped, finishing, preopen ? preopened : null, request, linux, mount, "/mounts/" + i);
            destinations.add(normalize(mount.destination()));
            if (normalize(mount.destination()).equals("/dev") && !isBind(mount)) {
                devIsTmpfs = true;
            }
        }
        // In a user namespace mknod is refused: device nodes are bound from the host instead (the container's own,
        // or the one hako runs in, as under rootless podman).
        boolean bindDevices = namespaces.has(NamespaceType.USER) || request.runtimeInUserNamespace();
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
                ops.add(Op.of(OpCode.MOUNT, device.path(), device.path(), "", MountOptions.MS_BIND, "", 2, 0));
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
        if (hooks != null && !(ProcessPlanner.empty(hooks.prestart()) && ProcessPlanner.empty(hooks.createRuntime())
                && ProcessPlanner.empty(hooks.createContainer()) && ProcessPlanner.empty(hooks.startContainer()))) {
            // The mounts are made and the old root is still there: main's hooks run now (prestart, then
            // createRuntime), then the init's createContainer hooks, in the container's namespaces.
            ops.add(Op.of(OpCode.AWAIT_HOOKS));
            if (!ProcessPlanner.empty(hooks.createContainer())) {
                // In the root filesystem, as runc runs them: hooks such as NVIDIA's write paths relative to it.
                ops.add(Op.of(OpCode.CHDIR, request.rootfs().toString(), 0));
            }
            ProcessPlanner.addHooks(ops, hooks.createContainer(),
                    ProcessPlanner.environment(request.spec().process(), request.extraEnv()));
        }
        ops.add(Op.of(!ownMounts ? OpCode.ENTER_ROOT : request.noPivot() ? OpCode.CHROOT : OpCode.PIVOT_ROOT));
        if (ownMounts) {
            ops.add(Op.of(OpCode.STDIO_NULL));
        }
        if (request.spec().root() != null && Boolean.TRUE.equals(request.spec().root().readonly())) {
            finishing.add(Op.of(OpCode.REMOUNT, "/",
                    MountOptions.MS_BIND | MountOptions.MS_REMOUNT | MountOptions.MS_RDONLY));
        }
        return finishing;
    }

    /**
     * The asked propagation for the container's own root once every mount is made: the spec's meaning of
     * rootfsPropagation, and what runc does since 1.2 (after the pivot; here after the masked and read-only
     * paths too, whose binds an unbindable root would refuse). runc 1.1 leaves the new root private whatever was
     * asked. Private is left out: the root bind is private already.
     */
    static void finalPropagation(List<Op> ops, Linux linux) throws PlanException {
        long flags = rootPropagation(linux);
        if (flags != 0 && (flags & MountOptions.MS_PRIVATE) == 0) {
            ops.add(Op.of(OpCode.ROOT_PROPAGATION, flags));
        }
    }

    private static boolean isBind(Mount mount) {
        return "bind".equals(mount.type()) || (mount.options() != null
                && (mount.options().contains("bind") || mount.options().contains("rbind")));
    }

    /**
     * One mount of the config. {@code preopened} collects the bind sources to open with the host's rights (a new
     * user namespace's root may not reach them), null when the init can open them itself.
     */
    private static void mount(List<Op> ops, List<Op> idmapped, List<Op> finishing, Set<String> preopened,
            Planner.Request request, Linux linux, Mount mount, String pointer) throws PlanException {
        checkProcDestination(mount, pointer);
        MountOptions options = MountOptions.parse(mount.options());
        String type = mount.type() == null ? "" : mount.type();
        String source = mount.source() == null ? "" : mount.source();
        String destination = mount.destination();
        long flags = options.flags() | options.propagation();
        int kind = 1;
        int behaviour = 0;
        boolean bind = MountOptions.isBindMount(mount);
        if (bind) {
            flags |= MountOptions.MS_BIND;
            Path resolved = request.bundle().resolve(source);
            source = resolved.toString();
            kind = request.sourceIsDirectory().test(resolved) ? 1 : 2;
            type = "";
        } else if (type.equals("cgroup")) {
            CgroupMountPlanner.plan(ops, destination, options, request.cgroupView(),
                    NamespacePlan.of(linux.namespaces()).has(NamespaceType.CGROUP), request.mountLabelOption());
            return;
        } else if (type.equals("proc") || type.equals("sysfs")) {
            // Never through a symlink or onto a file: the classic way to make the runtime mount them elsewhere.
            behaviour |= OpCode.MOUNT_ORDINARY_DIRECTORY;
        }
        if (PROC_FILES.contains(normalize(destination))) {
            behaviour |= OpCode.MOUNT_INSIDE_PROC;
        }
        if (options.copyUp() && type.equals("tmpfs")) {
            behaviour |= OpCode.MOUNT_COPY_UP;
        }
        // A tmpfs and /dev get files after they are mounted (copied up, devices, links, the console): they are
        // mounted writable and made read-only, with their recursive attributes, once those are made.
        boolean filledLater = !bind && (type.equals("tmpfs") || normalize(destination).equals("/dev"));
        List<Op> attributes = filledLater ? finishing : ops;
        if (filledLater && (flags & MountOptions.MS_RDONLY) != 0) {
            flags &= ~MountOptions.MS_RDONLY;
            finishing.add(Op.of(OpCode.REMOUNT, destination, (options.flags() & ~MountOptions.MS_REC)
                    | MountOptions.MS_BIND | MountOptions.MS_REMOUNT | MountOptions.MS_RDONLY));
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
            ops.add(Op.of(OpCode.IDMAP_ATTACH, idmapped.size() - 1, destination,
                    flags & ~(MountOptions.MS_BIND | MountOptions.MS_REC), kind));
        } else {
            String data = options.data();
            if (request.mountLabelOption() != null && LABELLED_TYPES.contains(type)) {
                data = data.isEmpty() ? request.mountLabelOption() : data + "," + request.mountLabelOption();
            }
            if (bind && preopened != null) {
                preopened.add(source);
                behaviour |= OpCode.MOUNT_PREOPENED_SOURCE;
            }
            ops.add(Op.of(OpCode.MOUNT, source, destination, type, flags, data, kind, behaviour));
        }
        if (options.attrSet() != 0 || options.attrClear() != 0) {
            attributes.add(Op.of(OpCode.MOUNT_SETATTR, destination, options.attrSet(), options.attrClear()));
        }
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

    static void afterPivot(List<Op> ops, Spec spec, Linux linux) {
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
    }

    /**
     * The files inside /proc a mount may cover: those lxcfs emulates, and the two runc adds (runc's list). Anything
     * else there is refused, as runc refuses it: a mount over a procfs file hako or the kernel relies on (a sysctl, an
     * LSM attribute, {@code /proc/self/fd}) would redirect what is written to it or hide what is masked.
     */
    static final Set<String> PROC_FILES = Set.of("/proc/cpuinfo", "/proc/diskstats", "/proc/meminfo", "/proc/stat",
            "/proc/swaps", "/proc/uptime", "/proc/loadavg", "/proc/slabinfo", "/proc/net/dev",
            "/proc/sys/kernel/ns_last_pid");

    /**
     * runc's rule for mounts on or inside /proc: on /proc only a procfs (a proc mount, or a bind of the host's
     * /proc); inside it only {@link #PROC_FILES}. A destination reached through a symlink of the rootfs is for the
     * stage, which opens procfs files where no mount reaches them.
     */
    static void checkProcDestination(Mount mount, String pointer) throws PlanException {
        String type = mount.type() == null ? "" : mount.type();
        if (type.equals("proc") || type.equals("sysfs")) {
            return; // these two are mounted on ordinary directories only (MOUNT_ORDINARY_DIRECTORY)
        }
        String destination = normalize(mount.destination());
        if (destination.equals("/proc")) {
            if (MountOptions.isBindMount(mount) && mount.source() != null && normalize(mount.source()).equals("/proc")) {
                return;
            }
            throw new PlanException(pointer + "/destination", "\"/proc\" cannot be mounted because it is not of type "
                    + "proc");
        }
        if (destination.startsWith("/proc/") && !PROC_FILES.contains(destination)) {
            throw new PlanException(pointer + "/destination", "\"" + destination + "\" cannot be mounted because it is "
                    + "inside /proc");
        }
    }

    private static String normalize(String path) {
        return Path.of("/").resolve(path).normalize().toString();
    }

    private static Device device(String path, int major, int minor) {
        return new Device("c", path, (long) major, (long) minor, 0666, 0L, 0L, null);
    }
}
