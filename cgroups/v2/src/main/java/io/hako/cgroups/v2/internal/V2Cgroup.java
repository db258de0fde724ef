package io.hako.cgroups.v2.internal;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupEvents;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupHierarchy;
import io.hako.cgroups.CgroupStats;
import io.hako.cgroups.FreezerState;
import io.hako.cgroups.PressureTrigger;
import io.hako.cgroups.internal.CgroupFiles;
import io.hako.cgroups.internal.CgroupTree;
import io.hako.namespaces.UserNamespace;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Resources;
import io.hako.sys.Bpf;
import io.hako.sys.Errno;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A cgroup in the cgroup2 tree: the directory {@code path} under the cgroup2 mount.
 *
 * <p>Rootless (runc's rootless cgroup manager): device rules that cannot be attached are ignored; with
 * {@code leaveOut} (no {@code cgroupsPath}), a cgroup that cannot be made is left out and the container runs
 * without one, unless its resources need a controller, which is then the error. A container made so skips the
 * cgroup when a process joins it later, and ignores a permission error in joining, as runc's exec does.
 */
public final class V2Cgroup implements Cgroup {
    /** The controllers a container's cgroup gets where its parent has them, as runc enables them. */
    static final List<String> CONTROLLERS = List.of("cpu", "cpuset", "io", "memory", "pids", "hugetlb", "rdma",
            "misc");
    /** How long {@link #freeze} waits for every process to stop. */
    private static final long FREEZE_TIMEOUT_MILLIS = 2000;

    private final String path;
    private final Path root;
    private final Path directory;
    private final boolean rootless;
    private final boolean leaveOut;
    /** Why {@link #create} left the cgroup out, for the error of a limit that needs it. */
    private CgroupException leftOut;
    /** Whether this handle made the cgroup (a new container's), rather than finding it (a later command's). */
    private boolean created;

    V2Cgroup(String path, Path root, boolean rootless, boolean leaveOut) {
        this.path = path;
        this.root = root;
        this.directory = root.resolve(path.substring(1));
        this.rootless = rootless;
        this.leaveOut = leaveOut;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String driver() {
        return V2Driver.NAME;
    }

    Path directory() {
        return directory;
    }

    /** The cgroup2 tree alone, mounted at the cgroup mount itself. */
    @Override
    public List<CgroupHierarchy> hierarchies() {
        return List.of(new CgroupHierarchy("", "cgroup2", "", root, List.of()));
    }

    /**
     * Makes each missing level from the root down. Before a level is made, its parent's subtree_control enables
     * the controllers it has of {@link #CONTROLLERS}, so the new level has their files. A controller that cannot
     * be enabled (a parent with processes of its own, a threaded subtree) is left out: a setting that needs it
     * fails later, naming its file.
     */
    @Override
    public void create() throws CgroupException {
        created = true;
        try {
            makeLevels();
        } catch (CgroupException e) {
            // runc's rootless manager leaves the cgroup out on any error in making it; whether that was allowed is
            // known when the resources are applied.
            if (!leaveOut) {
                throw e;
            }
            leftOut = e;
        }
    }

    private void makeLevels() throws CgroupException {
        List<Path> levels = new ArrayList<>();
        for (Path level = directory; !level.equals(root); level = level.getParent()) {
            levels.addFirst(level);
        }
        for (Path level : levels) {
            if (Files.isDirectory(level)) {
                continue;
            }
            enableControllers(level.getParent());
            try {
                Files.createDirectory(level);
            } catch (FileAlreadyExistsException e) {
                // made meanwhile: as good
            } catch (IOException e) {
                throw new CgroupException(path, "create " + Errno.message(e), e);
            }
        }
    }

    /**
     * For a cgroup another manager made (systemd, with Delegate=yes): enables in every level above it, from the
     * root down, the controllers of {@link #CONTROLLERS} the level offers and has not enabled, so that the cgroup
     * has the files of those that manager leaves alone (hugetlb, rdma, misc).
     */
    public void enableControllersAbove() throws CgroupException {
        List<Path> parents = new ArrayList<>();
        for (Path level = directory.getParent(); level.startsWith(root); level = level.getParent()) {
            parents.addFirst(level);
            if (level.equals(root)) {
                break;
            }
        }
        for (Path parent : parents) {
            enableControllers(parent);
        }
    }

    private void enableControllers(Path parent) throws CgroupException {
        Set<String> available = words(CgroupFiles.read(path, parent.resolve("cgroup.controllers")));
        Set<String> enabled = words(CgroupFiles.read(path, parent.resolve("cgroup.subtree_control")));
        List<String> missing = CONTROLLERS.stream().filter(c -> available.contains(c) && !enabled.contains(c))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        Path file = parent.resolve("cgroup.subtree_control");
        try {
            CgroupFiles.write(path, file, "+" + String.join(" +", missing));
        } catch (CgroupException all) {
            // One refused controller fails the whole write: enable the others one at a time.
            for (String controller : missing) {
                try {
                    CgroupFiles.write(path, file, "+" + controller);
                } catch (CgroupException one) {
                    // left out, as create says
                }
            }
        }
    }

    private static Set<String> words(String text) {
        return new HashSet<>(Arrays.asList(text.strip().split("\\s+")));
    }

    @Override
    public boolean exists() {
        return Files.isDirectory(directory);
    }

    @Override
    public void add(int pid) throws CgroupException {
        if (leaveOut && !exists()) {
            return; // left out
        }
        try {
            CgroupFiles.write(path, directory.resolve("cgroup.procs"), Integer.toString(pid));
        } catch (CgroupException e) {
            // A new container's init must be in the cgroup that was made for it; a later process of a rootless
            // one (exec) goes on outside it, as runc's does.
            if (!(rootless && !created && e.isPermissionError())) {
                throw e;
            }
        }
    }

    /**
     * Everything is checked before anything is written: the settings' conversions, the unified keys, the device
     * rules. Then the device program goes first, then the files in {@link V2Settings}' order.
     */
    @Override
    public void apply(Resources resources) throws CgroupException {
        if (resources == null) {
            return;
        }
        if (!exists() && rootless) {
            applyWithoutCgroup(resources);
            return;
        }
        if (!exists()) {
            throw new CgroupException(path, "apply resources: " + directory + " does not exist");
        }
        List<V2Settings.Write> writes;
        List<BpfInsn> devices = null;
        try {
            writes = V2Settings.of(resources, target());
            // No rules leave the device program as it is, as cgroupfs-v1 leaves the devices files.
            if (resources.devices() != null && !resources.devices().isEmpty()) {
                devices = DeviceFilter.compile(resources.devices());
            }
        } catch (CgroupException e) {
            throw new CgroupException(path, e.getMessage(), e);
        }
        checkMemoryUsage(resources.memory());
        if (devices != null) {
            try {
                attachDevices(devices);
            } catch (CgroupException e) {
                // runc's rootless manager ignores device errors: bpf(2) is not expected to work without root.
                if (!rootless && !DeviceFilter.canSkipLoadError(resources.devices(), UserNamespace.current())) {
                    throw e;
                }
            }
        }
        write(writes);
    }

    /**
     * A rootless container without its cgroup: nothing to do when its resources need no controller (device rules
     * are ignored, as with one); otherwise runc's error, with why the cgroup is not there.
     */
    private void applyWithoutCgroup(Resources resources) throws CgroupException {
        Set<String> available = words(CgroupFiles.read(path, root.resolve("cgroup.controllers")));
        if (V2Settings.needsControllers(resources, available)) {
            throw new CgroupException(path, "rootless needs no limits + no cgrouppath when no permission is granted "
                    + "for cgroups: " + (leftOut != null ? leftOut.getMessage() : directory + " does not exist"),
                    leftOut);
        }
        if ((resources.unified() != null && !resources.unified().isEmpty())
                || (resources.rdma() != null && !resources.rdma().isEmpty())) {
            throw new CgroupException(path, "apply resources: " + directory + " does not exist (the container "
                    + "could not create its cgroup)", leftOut);
        }
    }

    /** What the directory offers: its files and the controllers enabled for it. */
    private V2Settings.Target target() throws CgroupException {
        Set<String> files = new HashSet<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.forEach(entry -> files.add(entry.getFileName().toString()));
        } catch (IOException e) {
            throw new CgroupException(path, "list " + directory + ": " + e.getMessage(), e);
        }
        String controllers = CgroupFiles.read(path, directory.resolve("cgroup.controllers")).strip();
        return new V2Settings.Target(files, controllers.isEmpty() ? Set.of() : words(controllers));
    }

    /**
     * cpu.max.burst may not exceed the quota: a burst raised with its quota is refused before cpu.max is
     * written, so it is tried again after (as runc does); lowered with it, the burst has to go first.
     */
    private void write(List<V2Settings.Write> writes) throws CgroupException {
        V2Settings.Write deferred = null;
        for (int i = 0; i < writes.size(); i++) {
            V2Settings.Write write = writes.get(i);
            try {
                CgroupFiles.write(path, directory.resolve(write.file()), write.value());
            } catch (CgroupException e) {
                boolean quotaFollows = writes.subList(i + 1, writes.size()).stream()
                        .anyMatch(w -> w.file().equals("cpu.max"));
                if (write.file().equals("cpu.max.burst") && quotaFollows) {
                    deferred = write;
                    continue;
                }
                throw e;
            }
            if (deferred != null && write.file().equals("cpu.max")) {
                CgroupFiles.write(path, directory.resolve(deferred.file()), deferred.value());
                deferred = null;
            }
        }
    }

    /** {@code checkBeforeUpdate}: a new limit at or below what the cgroup uses now is refused, as runc does. */
    private void checkMemoryUsage(Memory memory) throws CgroupException {
        if (memory == null || !Boolean.TRUE.equals(memory.checkBeforeUpdate())) {
            return;
        }
        Path current = directory.resolve("memory.current");
        if (!Files.exists(current)) {
            return;
        }
        long usage = CgroupFiles.readLong(path, current);
        checkAboveUsage("limit", memory.limit(), usage);
        checkAboveUsage("swap", memory.swap(), usage);
    }

    private void checkAboveUsage(String field, Long value, long usage) throws CgroupException {
        if (value != null && value > 0 && value <= usage) {
            throw new CgroupException(path, "/linux/resources/memory/" + field + ": " + value
                    + " is not above the memory in use, " + usage + " (checkBeforeUpdate)");
        }
    }

    /**
     * Loads the device program, attaches it beside what is there, then detaches the programs hako attached
     * before (known by their name): at no moment is the cgroup without one.
     */
    private void attachDevices(List<BpfInsn> program) throws CgroupException {
        try (Fd dir = Sys.open(directory.toString(), Sys.O_RDONLY | Sys.O_DIRECTORY, 0);
                Fd loaded = Bpf.loadCgroupDeviceProgram(DeviceFilter.PROGRAM_NAME, BpfInsn.encode(program),
                        DeviceFilter.LICENSE)) {
            List<Integer> before = Bpf.cgroupDevicePrograms(dir);
            Bpf.attachCgroupDevice(dir, loaded);
            for (int id : before) {
                try (Fd old = Bpf.programById(id)) {
                    if (Bpf.info(old).name().equals(DeviceFilter.PROGRAM_NAME)) {
                        Bpf.detachCgroupDevice(dir, old);
                    }
                } catch (SysException e) {
                    // Gone meanwhile (ENOENT), or hidden from hako by a security module (EPERM, EACCES): either
                    // way not one to detach; another program can only restrict further.
                    if (e.errno() != Errno.ENOENT && e.errno() != Errno.EPERM && e.errno() != Errno.EACCES) {
                        throw e;
                    }
                }
            }
        } catch (SysException e) {
            throw new CgroupException(path, "device rules (" + program.size() + " BPF instructions) on "
                    + directory + ": " + e.getMessage(), e);
        }
    }

    /** Writes cgroup.freeze, then waits until cgroup.events says every process has stopped. */
    @Override
    public void freeze() throws CgroupException {
        CgroupFiles.write(path, directory.resolve("cgroup.freeze"), "1");
        long deadline = System.nanoTime() + FREEZE_TIMEOUT_MILLIS * 1_000_000;
        for (long pause = 1; ; pause = Math.min(pause * 2, 20)) {
            if (frozen()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            CgroupTree.pause(pause);
        }
        thaw();
        throw new CgroupException(path, "the processes did not all stop within " + FREEZE_TIMEOUT_MILLIS
                + " ms; thawed again");
    }

    @Override
    public void thaw() throws CgroupException {
        CgroupFiles.write(path, directory.resolve("cgroup.freeze"), "0");
    }

    /** Frozen when cgroup.events says so (asked here or by an ancestor); freezing while only asked. */
    @Override
    public FreezerState freezerState() throws CgroupException {
        if (frozen()) {
            return FreezerState.FROZEN;
        }
        return CgroupFiles.read(path, directory.resolve("cgroup.freeze")).strip().equals("1")
                ? FreezerState.FREEZING : FreezerState.THAWED;
    }

    private boolean frozen() throws CgroupException {
        return CgroupFiles.keyed(CgroupFiles.read(path, directory.resolve("cgroup.events"))).getOrDefault("frozen", 0L)
                == 1;
    }

    @Override
    public List<Integer> pids() throws CgroupException {
        return CgroupTree.pids(path, directory);
    }

    /**
     * SIGKILL through cgroup.kill (5.14+), which reaches every process at once, forks or not. Otherwise the
     * cgroup is frozen, so that none forks a process the signal would miss, each is signalled, and it is thawed.
     */
    @Override
    public void signalAll(int signal) throws CgroupException {
        Path kill = directory.resolve("cgroup.kill");
        if (signal == 9 && Files.exists(kill)) {
            CgroupFiles.write(path, kill, "1");
            return;
        }
        freeze();
        try {
            for (int pid : pids()) {
                Sys.signalIfPresent(pid, signal);
            }
        } finally {
            thaw();
        }
    }

    @Override
    public CgroupStats stats() throws CgroupException {
        return V2Stats.read(path, directory);
    }

    @Override
    public CgroupEvents events(PressureTrigger memoryPressure) throws CgroupException {
        return V2Events.open(path, directory, memoryPressure);
    }

    @Override
    public void destroy() throws CgroupException {
        CgroupTree.remove(path, directory);
    }
}
