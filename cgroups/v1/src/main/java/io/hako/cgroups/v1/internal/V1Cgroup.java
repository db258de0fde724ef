package io.hako.cgroups.v1.internal;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupEvents;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupHierarchy;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.CgroupStats;
import io.hako.cgroups.FreezerState;
import io.hako.cgroups.PressureTrigger;
import io.hako.cgroups.internal.CgroupFiles;
import io.hako.cgroups.internal.CgroupTree;
import io.hako.namespaces.UserNamespace;
import io.hako.oci.config.Resources;
import io.hako.sys.Errno;
import io.hako.sys.Sys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cgroup on v1 hierarchies: the directory {@code path} under each hierarchy's mount point.
 *
 * <p>In a user namespace no device rule is written (the host's controller would refuse it), as runc writes none.
 * Rootless (runc's rootless cgroup manager): device rules that cannot be written are ignored; with
 * {@code leaveOut} (no {@code cgroupsPath}, or a container made so), a hierarchy whose directory cannot be made or
 * joined for lack of rights is left out, each on its own as runc leaves it out of its paths. The directory then
 * does not exist there: a directory this handle made and could not join is removed, so that in every hierarchy
 * "the directory exists" keeps meaning "the container is in it".
 */
final class V1Cgroup implements Cgroup {
    private final String path;
    private final CgroupLayout layout;
    private final boolean rootless;
    private final boolean leaveOut;
    private Boolean inUserNamespace;
    /** The directories {@link #create} made, which {@link #add} removes again when it cannot join them. */
    private final Set<Path> made = new LinkedHashSet<>();

    V1Cgroup(String path, CgroupLayout layout, boolean rootless, boolean leaveOut) {
        this.path = path;
        this.layout = layout;
        this.rootless = rootless;
        this.leaveOut = leaveOut;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String driver() {
        return V1Driver.NAME;
    }

    /** The cgroup's directory in {@code controller}'s hierarchy, or null when that controller is not mounted. */
    Path directory(String controller) {
        Path mount = layout.v1().get(controller);
        return mount == null ? null : mount.resolve(path.substring(1));
    }

    /**
     * The cgroup's directory in every hierarchy, once each (controllers mounted together share one); on a hybrid
     * host also in the cgroup2 tree, as runc does, so that /proc/PID/cgroup's 0:: line names the container's cgroup
     * (systemd in a container reads it).
     */
    private Set<Path> directories() {
        Set<Path> directories = new LinkedHashSet<>();
        for (Path mount : new LinkedHashSet<>(layout.v1().values())) {
            directories.add(mount.resolve(path.substring(1)));
        }
        if (layout.unified() != null) {
            directories.add(layout.unified().resolve(path.substring(1)));
        }
        return directories;
    }

    @Override
    public List<CgroupHierarchy> hierarchies() {
        Map<Path, List<String>> byMount = new LinkedHashMap<>();
        layout.v1().forEach((controller, mount) -> byMount.computeIfAbsent(mount, m -> new ArrayList<>())
                .add(controller));
        List<CgroupHierarchy> hierarchies = new ArrayList<>();
        byMount.forEach((mount, controllers) -> {
            String name = mount.getFileName().toString();
            List<String> aliases = name.contains(",")
                    ? List.of(name.split(",")).stream().filter(alias -> !alias.equals(name)).toList() : List.of();
            hierarchies.add(new CgroupHierarchy(name, "cgroup", String.join(",", controllers), mount, aliases));
        });
        if (layout.unified() != null) {
            hierarchies.add(new CgroupHierarchy(layout.unified().getFileName().toString(), "cgroup2", "",
                    layout.unified(), List.of()));
        }
        return hierarchies;
    }

    @Override
    public void create() throws CgroupException {
        for (Path directory : directories()) {
            if (Files.isDirectory(directory)) {
                continue;
            }
            try {
                Files.createDirectories(directory);
                made.add(directory);
            } catch (IOException e) {
                CgroupException failure = new CgroupException(path, "create " + Errno.message(e), e);
                if (!(leaveOut && failure.isPermissionError())) {
                    throw failure;
                }
            }
        }
        Path cpuset = directory("cpuset");
        if (cpuset != null && Files.isDirectory(cpuset)) {
            try {
                inheritCpuset(cpuset);
            } catch (CgroupException e) {
                if (!(leaveOut && e.isPermissionError())) {
                    throw e;
                }
                leave(cpuset, e);
            }
        }
    }

    /** Leaves a hierarchy out after a permission error: removes its directory if this handle made it. */
    private void leave(Path directory, CgroupException cause) throws CgroupException {
        if (!made.remove(directory)) {
            return;
        }
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            CgroupException failure = new CgroupException(path, "remove " + Errno.message(e) + ", made but not "
                    + "joined (" + cause.getMessage() + ")", e);
            failure.addSuppressed(cause);
            throw failure;
        }
    }

    /**
     * A new v1 cpuset has no CPUs and no memory nodes, and takes no process until it has: each level from the
     * mount down takes its parent's where it has none.
     */
    private void inheritCpuset(Path directory) throws CgroupException {
        Path mount = layout.v1().get("cpuset");
        List<Path> levels = new ArrayList<>();
        for (Path level = directory; !level.equals(mount); level = level.getParent()) {
            levels.addFirst(level);
        }
        for (Path level : levels) {
            for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
                if (CgroupFiles.read(path, level.resolve(file)).isBlank()) {
                    String parent = CgroupFiles.read(path, level.getParent().resolve(file)).strip();
                    CgroupFiles.write(path, level.resolve(file), parent);
                }
            }
        }
    }

    @Override
    public boolean exists() {
        return directories().stream().anyMatch(Files::isDirectory);
    }

    @Override
    public void add(int pid) throws CgroupException {
        for (Path directory : directories()) {
            if (leaveOut && !Files.isDirectory(directory)) {
                continue; // left out
            }
            try {
                CgroupFiles.write(path, directory.resolve("cgroup.procs"), Integer.toString(pid));
            } catch (CgroupException e) {
                if (!(leaveOut && e.isPermissionError())) {
                    throw e;
                }
                leave(directory, e);
            }
        }
    }

    @Override
    public void apply(Resources resources) throws CgroupException {
        List<V1Settings.Write> writes;
        try {
            writes = V1Settings.of(resources);
            Path blkio = directory("blkio");
            if (blkio != null && !Files.exists(blkio.resolve("blkio.weight"))
                    && Files.exists(blkio.resolve("blkio.bfq.weight"))) {
                writes = V1Settings.forBfq(writes);
            }
        } catch (CgroupException e) {
            throw new CgroupException(path, e.getMessage(), e);
        }
        V1Settings.Write deferredPeriod = null;
        for (V1Settings.Write write : orderMemory(writes)) {
            Path directory = directory(write.controller());
            if (write.controller().equals("devices") && inUserNamespace()) {
                continue; // the host's devices controller takes no rule from a user namespace: runc writes none
            }
            if (rootless && write.controller().equals("devices")) {
                // runc's rootless manager ignores the devices controller's errors: not expected to work without root.
                writeDeviceRuleIgnoringErrors(directory, write);
                continue;
            }
            if (rootless && directory != null && !Files.isDirectory(directory)) {
                throw new CgroupException(path, "cannot set " + write.controller() + " limit: container could not "
                        + "join or create cgroup");
            }
            if (directory == null) {
                throw new CgroupException(path, "the " + write.controller() + " controller is not mounted on this "
                        + "host, and " + write.file() + " is asked for");
            }
            if (write.file().equals("cpu.cfs_period_us") && quotaFollows(writes)) {
                try {
                    CgroupFiles.write(path, directory.resolve(write.file()), write.value());
                } catch (CgroupException e) {
                    // A shorter period can exceed a parent's quota with the old quota (EINVAL): runc writes it
                    // again once the new quota is in.
                    if (e.errno() != Errno.EINVAL) {
                        throw e;
                    }
                    deferredPeriod = write;
                }
                continue;
            }
            CgroupFiles.write(path, directory.resolve(write.file()), write.value());
            if (write.file().equals("cpu.cfs_quota_us") && deferredPeriod != null) {
                CgroupFiles.write(path, directory.resolve(deferredPeriod.file()), deferredPeriod.value());
                deferredPeriod = null;
            }
        }
    }

    private static boolean quotaFollows(List<V1Settings.Write> writes) {
        return indexOf(writes, "cpu.cfs_quota_us") >= 0;
    }

    /** Whether hako runs in a user namespace other than the initial one; asked once, when device rules come. */
    private boolean inUserNamespace() {
        if (inUserNamespace == null) {
            inUserNamespace = UserNamespace.current();
        }
        return inUserNamespace;
    }

    /**
     * A device rule of a rootless container: written where the directory is, its failure dropped (the container
     * runs with the devices the caller's own rights allow, as under runc).
     */
    private void writeDeviceRuleIgnoringErrors(Path directory, V1Settings.Write write) {
        if (directory == null || !Files.isDirectory(directory)) {
            return;
        }
        try {
            CgroupFiles.write(path, directory.resolve(write.file()), write.value());
        } catch (CgroupException e) {
            // ignored by design, as runc's rootless cgroup manager does
        }
    }

    /**
     * The memory writes in the order the kernel takes them (runc's setMemoryAndSwap): memsw (memory plus swap)
     * may never be below the memory limit. A limit of -1 without a swap limit lifts swap too, where the kernel
     * has it; with both, swap goes first when it is lifted or above the current limit, else after.
     */
    private List<V1Settings.Write> orderMemory(List<V1Settings.Write> writes) throws CgroupException {
        Path memory = directory("memory");
        int limit = indexOf(writes, "memory.limit_in_bytes");
        if (limit < 0 || memory == null || !Files.isDirectory(memory)) {
            return writes;
        }
        List<V1Settings.Write> ordered = new ArrayList<>(writes);
        int memsw = indexOf(writes, "memory.memsw.limit_in_bytes");
        if (memsw < 0) {
            if (writes.get(limit).value().equals("-1") && Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
                ordered.add(limit, new V1Settings.Write("memory", "memory.memsw.limit_in_bytes", "-1"));
            }
            return ordered;
        }
        long swap = Long.parseLong(writes.get(memsw).value());
        long current = CgroupFiles.readLong(path, memory.resolve("memory.limit_in_bytes"));
        if (swap == -1 || Long.compareUnsigned(current, swap) < 0) {
            V1Settings.Write first = ordered.remove(memsw);
            ordered.add(limit, first);
        }
        return ordered;
    }

    private static int indexOf(List<V1Settings.Write> writes, String file) {
        for (int i = 0; i < writes.size(); i++) {
            if (writes.get(i).file().equals(file)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void freeze() throws CgroupException {
        Path state = freezerFile();
        // A v1 freezer may stay FREEZING while a task is in an uninterruptible sleep; writing again nudges it.
        for (int attempt = 0; attempt < 1000; attempt++) {
            if (attempt % 10 == 0) {
                CgroupFiles.write(path, state, "FROZEN");
            }
            if (freezerState() == FreezerState.FROZEN) {
                return;
            }
            CgroupTree.pause(1);
        }
        thaw();
        throw new CgroupException(path, "the processes did not all stop within a second; thawed again");
    }

    @Override
    public void thaw() throws CgroupException {
        CgroupFiles.write(path, freezerFile(), "THAWED");
    }

    @Override
    public FreezerState freezerState() throws CgroupException {
        Path directory = directory("freezer");
        if (directory != null && !Files.isDirectory(directory)) {
            return FreezerState.THAWED; // not made there (yet, or left out): nothing of it is frozen
        }
        return switch (CgroupFiles.read(path, freezerFile()).strip()) {
            case "FROZEN" -> FreezerState.FROZEN;
            case "FREEZING" -> FreezerState.FREEZING;
            default -> FreezerState.THAWED;
        };
    }

    private Path freezerFile() throws CgroupException {
        Path directory = directory("freezer");
        if (directory == null) {
            throw new CgroupException(path, "the freezer controller is not mounted on this host");
        }
        if (!Files.isDirectory(directory)) {
            throw new CgroupException(path, "cannot toggle freezer: cgroups not configured for container");
        }
        return directory.resolve("freezer.state");
    }

    /** From the pids hierarchy, or where the container is when it was left out of that one. */
    @Override
    public List<Integer> pids() throws CgroupException {
        Path directory = directory("pids");
        if (directory == null || !Files.isDirectory(directory)) {
            directory = directories().stream().filter(Files::isDirectory).findFirst()
                    .orElse(directory != null ? directory : directories().iterator().next());
        }
        return CgroupTree.pids(path, directory);
    }

    /** Frozen, no process can fork a new one that the signal would miss. */
    @Override
    public void signalAll(int signal) throws CgroupException {
        boolean frozen = directory("freezer") != null && Files.isDirectory(directory("freezer"));
        if (frozen) {
            freeze();
        }
        try {
            for (int pid : pids()) {
                Sys.signalIfPresent(pid, signal);
            }
        } finally {
            if (frozen) {
                thaw();
            }
        }
    }

    @Override
    public CgroupStats stats() throws CgroupException {
        return V1Stats.read(this);
    }

    /** v1 keeps no pressure information per cgroup: a trigger asked for is not watched, as the watch says. */
    @Override
    public CgroupEvents events(PressureTrigger memoryPressure) throws CgroupException {
        return V1Events.open(path, directory("memory"));
    }

    @Override
    public void destroy() throws CgroupException {
        for (Path directory : directories()) {
            CgroupTree.remove(path, directory);
        }
    }

    /** Used by stats: a file of this cgroup in {@code controller}'s hierarchy, read if it is there. */
    String readIfPresent(String controller, String file) throws CgroupException {
        Path directory = directory(controller);
        if (directory == null || !Files.exists(directory.resolve(file))) {
            return null;
        }
        return CgroupFiles.read(path, directory.resolve(file));
    }
}
