package io.hako.cgroups.internal;

import io.hako.cgroups.CgroupException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cgroup directory with those under it, as cgroupfs keeps it the same way in a v1 hierarchy and in the cgroup2
 * tree: its processes and its removal. {@code cgroup} names the container's cgroup in
 * errors.
 */
public final class CgroupTree {
    /** How often {@link #remove} tries again while processes are still leaving. */
    private static final int REMOVE_ATTEMPTS = 100;

    private CgroupTree() {}

    /** The processes in {@code directory} and every cgroup under it. */
    public static List<Integer> pids(String cgroup, Path directory) throws CgroupException {
        List<Integer> pids = new ArrayList<>();
        collectPids(cgroup, directory, pids);
        return pids;
    }

    private static void collectPids(String cgroup, Path directory, List<Integer> pids) throws CgroupException {
        for (String line : CgroupFiles.read(cgroup, directory.resolve("cgroup.procs")).split("\n")) {
            if (!line.isBlank()) {
                pids.add(Integer.parseInt(line.strip()));
            }
        }
        for (Path child : children(cgroup, directory)) {
            collectPids(cgroup, child, pids);
        }
    }

    /** The cgroups directly under {@code directory}; none when it is gone. */
    private static List<Path> children(String cgroup, Path directory) throws CgroupException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, Files::isDirectory)) {
            entries.forEach(children::add);
        } catch (NoSuchFileException e) {
            return children;
        } catch (IOException e) {
            throw new CgroupException(cgroup, "list " + directory + ": " + e.getMessage(), e);
        }
        return children;
    }

    /** Removes {@code directory} and the cgroups under it, deepest first, retrying while processes still exit. */
    public static void remove(String cgroup, Path directory) throws CgroupException {
        for (Path child : children(cgroup, directory)) {
            remove(cgroup, child);
        }
        for (int attempt = 0; ; attempt++) {
            try {
                Files.deleteIfExists(directory);
                return;
            } catch (FileSystemException e) {
                // EBUSY: a process has not left yet (the files of a cgroup directory do not count: rmdir takes
                // them); not empty: a child appeared meanwhile. Anything else is no reason to wait.
                boolean passing = e instanceof DirectoryNotEmptyException
                        || (e.getReason() != null && e.getReason().toLowerCase(Locale.ROOT).contains("busy"));
                if (!passing || attempt >= REMOVE_ATTEMPTS) {
                    throw new CgroupException(cgroup, "remove " + directory + ": " + e.getMessage()
                            + " (processes still in it: " + pidsIn(cgroup, directory) + ")", e);
                }
                if (e instanceof DirectoryNotEmptyException) {
                    for (Path child : children(cgroup, directory)) {
                        remove(cgroup, child);
                    }
                }
                pause(Math.min(1 + attempt, 20));
            } catch (IOException e) {
                throw new CgroupException(cgroup, "remove " + directory + ": " + e.getMessage(), e);
            }
        }
    }

    /** For an error: the processes still in one directory, or "unknown". */
    private static String pidsIn(String cgroup, Path directory) {
        try {
            return CgroupFiles.read(cgroup, directory.resolve("cgroup.procs")).strip().replace('\n', ' ');
        } catch (CgroupException e) {
            return "unknown";
        }
    }

    /** Sleeps between polls of a cgroup file; an interrupt ends the wait as an error. */
    public static void pause(long millis) throws CgroupException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException(null, "interrupted", e);
        }
    }
}
