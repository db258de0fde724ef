package io.hako.checkpoint.internal;

import static io.hako.checkpoint.internal.CriuDriver.directory;
import static io.hako.checkpoint.internal.CriuDriver.failIfUnsuccessful;
import static io.hako.checkpoint.internal.CriuDriver.openDirectory;

import io.hako.checkpoint.CheckpointOptions;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_resp;
import io.hako.container.internal.Checkpointing;
import io.hako.sys.Fd;
import io.hako.sys.SysException;
import io.hako.cgroups.CgroupHierarchy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A dump of a running container, or a pre-dump of its memory: the directories made and opened, the init's streams
 * kept ({@link Descriptors}), the external mounts found, and one {@code criu swrk}. A pre-dump, as runc's, writes
 * neither: it is only the parent of a later dump's memory.
 */
final class CriuDump {
    private CriuDump() {}

    /** CRIU's notification that a lazy migration's page server listens. */
    static final String STATUS_READY = "status-ready";

    static void dump(Path criu, Checkpointing.Running container, CheckpointOptions options, Runnable serving)
            throws CriuException {
        Path images = directory(options.imagePath());
        Path work = options.workPath() == null ? images : directory(options.workPath());
        checkParent(images, options.parentPath());
        try (Fd imagesFd = openDirectory(images); Fd workFd = openDirectory(work)) {
            Map<String, String> mounts = Map.of();
            if (!options.preDump()) {
                Descriptors.write(images, Descriptors.of(container.pid()));
                mounts = ExternalMounts.forDump(container.spec(), path -> isFileIn(container.pid(), path));
            }
            var request = CriuRequests.dump(container.pid(), container.rootfs().toString(),
                    new CriuRequests.Directories(imagesFd.number(), workFd.number()), options, mounts,
                    ExternalNamespaces.forDump(container.spec(), CriuDump::inode),
                    container.cgroup() == null ? null : freezer(container.cgroup().hierarchies(),
                            CriuRestore.cgroupsOf(container.pid())));
            try (CriuService service = CriuService.quiet(criu)) {
                if (options.preDump()) {
                    requireMemoryTracking(service);
                }
                if (options.criu().lazyPages()) {
                    requireLazyPages(service);
                }
                // After a pre-dump CRIU waits for the next one; closing the service ends it, as runc ends it.
                failIfUnsuccessful(service.call(request, (script, pid, fds) -> {
                    if (script.equals(STATUS_READY)) {
                        serving.run();
                    }
                }), options.preDump() ? "pre-dump" : "dump", work.resolve(CriuRequests.DUMP_LOG));
            }
        } catch (IOException | SysException e) {
            throw new CriuException("checkpoint: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new CriuException("checkpoint: a joined namespace: " + e.getCause().getMessage(), e);
        }
    }

    /** runc's check of {@code --parent-path}: a directory, relative to the images (CRIU reads it from there). */
    private static void checkParent(Path images, Path parent) throws CriuException {
        if (parent == null) {
            return;
        }
        Path real = images.resolve(parent).normalize();
        if (!Files.isDirectory(real)) {
            throw new CriuException("invalid --parent-path: stat " + real + ": "
                    + (Files.exists(real) ? "not a directory" : "no such file or directory"));
        }
    }

    /** A pre-dump needs the kernel's dirty page tracking: asked first, so that its lack is said as such. */
    private static void requireMemoryTracking(CriuService service) throws CriuException {
        criu_resp answer = service.call(CriuRequests.memoryTracking());
        if (!answer.getSuccess() || !answer.getFeatures().getMemTrack()) {
            throw new CriuException("criu failed: pre-dump: CRIU or the kernel cannot track memory changes "
                    + "(CRIU's feature check: mem_track)");
        }
    }

    /** A lazy migration needs userfaultfd: asked first, so that its lack is said as such. */
    private static void requireLazyPages(CriuService service) throws CriuException {
        criu_resp answer = service.call(CriuRequests.lazyPages());
        if (!answer.getSuccess() || !answer.getFeatures().getLazyPages()) {
            throw new CriuException("criu failed: dump: CRIU or the kernel cannot serve memory lazily "
                    + "(CRIU's feature check: lazy_pages, userfaultfd)");
        }
    }

    /** A namespace file's inode, which CRIU knows the namespace by; it is there, as the container joined it. */
    private static long inode(String path) {
        try {
            return ((Number) Files.getAttribute(Path.of(path), "unix:ino")).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The directory of the init's freezer cgroup on the host: the v1 freezer hierarchy's, else cgroup2's (whose
     * every cgroup freezes), as runc gives CRIU; null when it is in neither. Pure.
     *
     * @param hierarchies the container's cgroup hierarchies, where the host mounts them
     * @param cgroups the init's cgroups ({@code /proc/<pid>/cgroup}): controllers (empty for cgroup2) to path
     */
    static String freezer(List<CgroupHierarchy> hierarchies, Map<String, String> cgroups) {
        for (String type : List.of("cgroup", "cgroup2")) {
            for (CgroupHierarchy hierarchy : hierarchies) {
                boolean freezes = type.equals("cgroup2") ? hierarchy.type().equals("cgroup2")
                        : hierarchy.type().equals("cgroup") && List.of(hierarchy.options().split(",")).contains("freezer");
                String path = cgroups.get(hierarchy.procKey());
                if (freezes && path != null) {
                    return hierarchy.mountPoint().resolve(path.substring(1)).toString();
                }
            }
        }
        return null;
    }

    /** Whether a path is something other than a directory in the container (a masked file is bound over). */
    private static boolean isFileIn(int pid, String path) {
        Path inContainer = Path.of("/proc/" + pid + "/root" + path);
        return Files.exists(inContainer) && !Files.isDirectory(inContainer);
    }
}
