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
 * and what follows the pivot (sysctls, read-only and masked paths, names, a read-only root). Pure.
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

    static void rootfs(List<Op> ops, List<Op> idmapped, Planner.Request request, Linux linux,
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
        if (hooks != null && !(ProcessPlanner.empty(hooks.prestart()) && ProcessPlanner.empty(hooks.createRuntime())
                && ProcessPlanner.empty(hooks.createContainer()) && ProcessPlanner.empty(hooks.startContainer()))) {
            // The mounts are made and the old root is still there: main's hooks run now (prestart, then
            // createRuntime), then the init's createContainer hooks, in the container's namespaces.
            ops.add(Op.of(OpCode.AWAIT_HOOKS));
            ProcessPlanner.addHooks(ops, hooks.createContainer());
        }
        ops.add(Op.of(!ownMounts ? OpCode.ENTER_ROOT : request.noPivot() ? OpCode.CHROOT : OpCode.PIVOT_ROOT));
    }


    /**
     * Shared or unbindable propagation, asked in {@code rootfsPropagation}, for the container's own mounts once
     * they are all made: an unbindable root would refuse the binds of masked and read-only paths.
     */
    static void finalPropagation(List<Op> ops, Linux linux) {
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

    private static void mount(List<Op> ops, List<Op> idmapped, Planner.Request request, Linux linux, Mount mount,
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
        if (spec.root() != null && Boolean.TRUE.equals(spec.root().readonly())) {
            ops.add(Op.of(OpCode.REMOUNT, "/",
                    MountOptions.MS_BIND | MountOptions.MS_REMOUNT | MountOptions.MS_RDONLY));
        }
    }


    private static String normalize(String path) {
        return Path.of("/").resolve(path).normalize().toString();
    }

    private static Device device(String path, int major, int minor) {
        return new Device("c", path, (long) major, (long) minor, 0666, 0L, 0L, null);
    }
}
