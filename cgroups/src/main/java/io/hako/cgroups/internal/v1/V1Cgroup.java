package io.hako.cgroups.internal.v1;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.CgroupStats;
import io.hako.cgroups.FreezerState;
import io.hako.cgroups.internal.CgroupFiles;
import io.hako.oci.config.Resources;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A cgroup on v1 hierarchies: the directory {@code path} under each hierarchy's mount point. */
final class V1Cgroup implements Cgroup {
    private final String path;
    private final CgroupLayout layout;

    V1Cgroup(String path, CgroupLayout layout) {
        this.path = path;
        this.layout = layout;
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

    /** The cgroup's directory in every hierarchy, once each (controllers mounted together share one). */
    private Set<Path> directories() {
        Set<Path> directories = new LinkedHashSet<>();
        for (Path mount : new LinkedHashSet<>(layout.v1().values())) {
            directories.add(mount.resolve(path.substring(1)));
        }
        return directories;
    }

    @Override
    public void create() throws CgroupException {
        for (Path directory : directories()) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new CgroupException(path, "create " + directory + ": " + e.getMessage(), e);
            }
        }
        Path cpuset = directory("cpuset");
        if (cpuset != null) {
            inheritCpuset(cpuset);
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
            CgroupFiles.write(path, directory.resolve("cgroup.procs"), Integer.toString(pid));
        }
    }

    @Override
    public void apply(Resources resources) throws CgroupException {
        List<V1Settings.Write> writes;
        try {
            writes = V1Settings.of(resources);
        } catch (CgroupException e) {
            throw new CgroupException(path, e.getMessage(), e);
        }
        for (V1Settings.Write write : orderMemory(writes)) {
            Path directory = directory(write.controller());
            if (directory == null) {
                throw new CgroupException(path, "the " + write.controller() + " controller is not mounted on this "
                        + "host, and " + write.file() + " is asked for");
            }
            CgroupFiles.write(path, directory.resolve(write.file()), write.value());
        }
    }

    /**
     * The memory limit may not exceed memory plus swap (memsw): when both change, the one that keeps
     * limit <= memsw at every step goes first.
     */
    private List<V1Settings.Write> orderMemory(List<V1Settings.Write> writes) throws CgroupException {
        int limit = indexOf(writes, "memory.limit_in_bytes");
        int memsw = indexOf(writes, "memory.memsw.limit_in_bytes");
        if (limit < 0 || memsw < 0 || directory("memory") == null) {
            return writes;
        }
        long newLimit = Long.parseLong(writes.get(limit).value());
        long current = CgroupFiles.readLong(path, directory("memory").resolve("memory.memsw.limit_in_bytes"));
        boolean raising = newLimit == -1 || (current != -1 && Long.compareUnsigned(newLimit, current) > 0);
        if (!raising) {
            return writes;
        }
        List<V1Settings.Write> reordered = new ArrayList<>(writes);
        V1Settings.Write swap = reordered.remove(memsw);
        reordered.add(limit, swap);
        return reordered;
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
            pause(1);
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
        return directory.resolve("freezer.state");
    }

    @Override
    public List<Integer> pids() throws CgroupException {
        Path directory = directory("pids");
        if (directory == null) {
            directory = directories().iterator().next();
        }
        List<Integer> pids = new ArrayList<>();
        collectPids(directory, pids);
        return pids;
    }

    private void collectPids(Path directory, List<Integer> pids) throws CgroupException {
        for (String line : CgroupFiles.read(path, directory.resolve("cgroup.procs")).split("\n")) {
            if (!line.isBlank()) {
                pids.add(Integer.parseInt(line.strip()));
            }
        }
        for (Path child : children(directory)) {
            collectPids(child, pids);
        }
    }

    private List<Path> children(Path directory) throws CgroupException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, Files::isDirectory)) {
            entries.forEach(children::add);
        } catch (NoSuchFileException e) {
            return children;
        } catch (IOException e) {
            throw new CgroupException(path, "list " + directory + ": " + e.getMessage(), e);
        }
        return children;
    }

    @Override
    public void signalAll(int signal) throws CgroupException {
        // Frozen, no process can fork a new one that the signal would miss.
        boolean frozen = directory("freezer") != null;
        if (frozen) {
            freeze();
        }
        try {
            for (int pid : pids()) {
                if (signal == 9 || signal == 15) {
                    ProcessHandle.of(pid).ifPresent(signal == 9 ? ProcessHandle::destroyForcibly
                            : ProcessHandle::destroy);
                } else {
                    try {
                        Sys.kill(pid, signal);
                    } catch (SysException e) {
                        // it exited meanwhile
                    }
                }
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

    @Override
    public void destroy() throws CgroupException {
        for (Path directory : directories()) {
            removeTree(directory);
        }
    }

    /** Removes a cgroup directory and those under it, deepest first, retrying while processes still exit. */
    private void removeTree(Path directory) throws CgroupException {
        for (Path child : children(directory)) {
            removeTree(child);
        }
        for (int attempt = 0; ; attempt++) {
            try {
                Files.deleteIfExists(directory);
                return;
            } catch (FileSystemException e) {
                // EBUSY: a task has not left yet (a cgroup directory's files do not count: rmdir takes them);
                // not empty: a child appeared meanwhile. Anything else is no reason to wait.
                boolean passing = e instanceof DirectoryNotEmptyException
                        || (e.getReason() != null && e.getReason().toLowerCase(java.util.Locale.ROOT).contains("busy"));
                if (!passing || attempt >= 100) {
                    throw new CgroupException(path, "remove " + directory + ": " + e.getMessage()
                            + " (processes still in it: " + pidsIn(directory) + ")", e);
                }
                pause(Math.min(1 + attempt, 20));
            } catch (IOException e) {
                throw new CgroupException(path, "remove " + directory + ": " + e.getMessage(), e);
            }
        }
    }

    private String pidsIn(Path directory) {
        try {
            return CgroupFiles.read(path, directory.resolve("cgroup.procs")).strip().replace('\n', ' ');
        } catch (CgroupException e) {
            return "unknown";
        }
    }

    private static void pause(long millis) throws CgroupException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException(null, "interrupted", e);
        }
    }

    /** The numbers of a flat-keyed file ({@code key value} lines), as memory.stat and cpu.stat are. */
    static Map<String, Long> keyed(String text) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 2) {
                try {
                    values.put(fields[0], Long.parseUnsignedLong(fields[1]));
                } catch (NumberFormatException e) {
                    // not a counter
                }
            }
        }
        return values;
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
