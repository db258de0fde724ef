package io.hako.checkpoint.internal;

import io.hako.oci.config.Mount;
import io.hako.oci.config.Spec;
import io.hako.sys.Errno;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The mount points a restore needs in the root filesystem before CRIU mounts there: create made them (a tmpfs's
 * directory at {@code /run}, a bound file's empty file), but a restore may have a fresh root (an engine's new
 * snapshot of the image), where CRIU would fail ({@code Can't stat mountpoint}). As runc does before a restore:
 * every mount's point is made unless it lies inside a tmpfs of the configuration (CRIU restores that tmpfs's
 * content, its mount points with it); a cgroup mount needs none (its point comes with {@code /sys}, or with the
 * tmpfs at {@code /sys/fs/cgroup}); a bind mount's is a file when its source is one. Made inside the root: each
 * component looked up with {@code RESOLVE_IN_ROOT}, so that no symlink of the image leads outside.
 */
final class RestoreMountPoints {
    /** Every lookup: inside the root, whatever the image's symlinks say; never through a magic link. */
    private static final long IN_ROOT = Sys.RESOLVE_IN_ROOT | Sys.RESOLVE_NO_MAGICLINKS;

    private RestoreMountPoints() {}

    /**
     * A mount point to make.
     *
     * @param path its path in the root filesystem
     * @param directory a directory, else an empty file
     */
    record MountPoint(String path, boolean directory) {}

    /**
     * The mount points of a configuration, in its order. Pure.
     *
     * @param spec the configuration
     * @param bundle the bundle, which a relative bind source is relative to
     * @param isFile whether a bind source (absolute) is something other than a directory
     * @return the mount points
     */
    static List<MountPoint> of(Spec spec, Path bundle, Predicate<Path> isFile) {
        List<Mount> mounts = spec.mounts() == null ? List.of() : spec.mounts();
        List<String> tmpfs = mounts.stream().filter(m -> "tmpfs".equals(m.type())).map(Mount::destination)
                .map(ExternalMounts::clean).toList();
        List<MountPoint> points = new ArrayList<>();
        for (Mount mount : mounts) {
            String destination = ExternalMounts.clean(mount.destination());
            if ("cgroup".equals(mount.type()) || "cgroup2".equals(mount.type())
                    || tmpfs.stream().anyMatch(t -> destination.startsWith(t.equals("/") ? "/" : t + "/"))) {
                continue;
            }
            boolean file = ExternalMounts.isBind(mount) && mount.source() != null
                    && isFile.test(bundle.resolve(mount.source()).normalize());
            points.add(new MountPoint(destination, !file));
        }
        return points;
    }

    /**
     * Makes the mount points that are missing in {@code rootfs}, directories 0755 and files 0644 as create makes
     * them; what is there is left as it is.
     *
     * @param rootfs the root filesystem
     * @param points what {@link #of} gave
     * @throws CriuException naming the mount point that cannot be made, and why
     */
    static void make(Path rootfs, List<MountPoint> points) throws CriuException {
        try (Fd root = Sys.open(rootfs.toString(), Sys.O_PATH | Sys.O_DIRECTORY, 0)) {
            for (MountPoint point : points) {
                try {
                    make(root, point);
                } catch (SysException e) {
                    throw new CriuException("restore: mount point " + point.path() + " in " + rootfs + ": "
                            + e.getMessage(), e);
                }
            }
        } catch (SysException e) {
            throw new CriuException("restore: rootfs " + rootfs + ": " + e.getMessage(), e);
        }
    }

    private static void make(Fd root, MountPoint point) throws SysException {
        String relative = point.path().substring(1);
        if (relative.isEmpty()) {
            return;
        }
        int slash = relative.lastIndexOf('/');
        String parent = slash < 0 ? "" : relative.substring(0, slash);
        directories(root, parent);
        if (point.directory()) {
            directories(root, relative);
        } else {
            Sys.openat2(root, relative, Sys.O_RDONLY | Sys.O_CREAT, 0644, IN_ROOT).close();
        }
    }

    /** {@code mkdir -p} of {@code relative} inside {@code root}, one component at a time. */
    private static void directories(Fd root, String relative) throws SysException {
        String made = "";
        for (String name : relative.split("/")) {
            if (name.isEmpty()) {
                continue;
            }
            String next = made.isEmpty() ? name : made + "/" + name;
            if (!exists(root, next)) {
                try (Fd parent = Sys.openat2(root, made.isEmpty() ? "." : made, Sys.O_PATH | Sys.O_DIRECTORY, 0,
                        IN_ROOT)) {
                    Sys.mkdirat(parent, name, 0755);
                } catch (SysException e) {
                    if (e.errno() != Errno.EEXIST) {
                        throw e;
                    }
                }
            }
            made = next;
        }
    }

    private static boolean exists(Fd root, String relative) throws SysException {
        try (Fd found = Sys.openat2(root, relative, Sys.O_PATH, 0, IN_ROOT)) {
            return true;
        } catch (SysException e) {
            if (e.errno() == Errno.ENOENT) {
                return false;
            }
            throw e;
        }
    }
}
