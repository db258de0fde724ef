package io.hako.container.internal;

import io.hako.sys.Errno;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The mounts a container without a mount namespace of its own leaves in the host's: the stage makes them under
 * its rootfs, and nothing unmounts them when the container's processes exit. create notes which ones it made
 * (those that were not there before it), and delete — or a failed create — unmounts exactly those, last made
 * first. A mount that was under the rootfs before (an engine's overlay, a volume) is never touched.
 */
final class HostMounts {
    /** One line of mountinfo: the mount's id (field 1) and where it is mounted (field 5, unescaped). */
    record Entry(String id, String mountPoint) {}

    private HostMounts() {}

    /** The mounts in {@code mountinfo} (the text of {@code /proc/<pid>/mountinfo}) at or below {@code rootfs}. */
    static List<Entry> under(String mountinfo, Path rootfs) {
        String root = rootfs.toString();
        String prefix = root.endsWith("/") ? root : root + "/";
        List<Entry> found = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length < 5) {
                continue;
            }
            String mountPoint = unescape(fields[4]);
            if (mountPoint.equals(root) || mountPoint.startsWith(prefix)) {
                found.add(new Entry(fields[0], mountPoint));
            }
        }
        return found;
    }

    /** The mounts' ids: what tells a mount that was there before a create from one it made. */
    static List<String> ids(List<Entry> entries) {
        return entries.stream().map(Entry::id).toList();
    }

    /** The mount points of the entries in {@code now} whose ids are not in {@code before}, in mount order. */
    static List<String> madeSince(Collection<String> before, List<Entry> now) {
        Set<String> old = Set.copyOf(before);
        return now.stream().filter(entry -> !old.contains(entry.id())).map(Entry::mountPoint).toList();
    }

    /** The kernel writes space, tab, newline and backslash in mount points as octal escapes ({@code \040}). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    /** The mounts at or below {@code rootfs} in this process's mount namespace now. */
    static List<Entry> current(Path rootfs) throws IOException {
        // A stream: procfs files report size 0.
        try (InputStream in = Files.newInputStream(Path.of("/proc/self/mountinfo"))) {
            return under(new String(in.readAllBytes(), StandardCharsets.UTF_8), rootfs);
        }
    }

    /** Unmounts {@code mountPoints} (in the order they were made), the last made first. */
    static void unmount(List<String> mountPoints) throws SysException {
        for (String mountPoint : mountPoints.reversed()) {
            try {
                Sys.unmount(mountPoint, Sys.MNT_DETACH);
            } catch (SysException e) {
                // EINVAL: not a mount point any more, ENOENT: gone with a parent that was detached.
                if (e.errno() != Errno.EINVAL && e.errno() != Errno.ENOENT) {
                    throw e;
                }
            }
        }
    }
}
