package io.hako.checkpoint.internal;

import io.hako.cgroups.Cgroup;
import io.hako.checkpoint.CheckpointOptions;
import io.hako.checkpoint.CriuCheck;
import io.hako.checkpoint.RestoreOptions;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_resp;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_version;
import io.hako.container.internal.Checkpointing;
import io.hako.oci.config.Spec;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A dump ({@link CriuDump}), a restore ({@link CriuRestore}) or a check, each one {@code criu swrk}
 * ({@link CriuService}) with its request ({@link CriuRequests}); what they share: the directories, and CRIU's
 * reason quoted when it fails.
 */
public final class CriuDriver {
    private final Path criu;

    /**
     * A driver of the CRIU named.
     *
     * @param criu the {@code --criu} option's value: a path, or a name looked for in {@code PATH}
     * @throws CriuException when there is no such executable
     */
    public CriuDriver(String criu) throws CriuException {
        this.criu = CriuService.executable(criu);
    }

    /**
     * Dumps a running container, or pre-dumps its memory.
     *
     * @param container the container, locked
     * @param options where the images and log go, whether it goes on running, a pre-dump and its parent, CRIU's
     *     settings
     * @param serving what runs once a lazy migration's page server listens (CRIU's {@code status-ready})
     * @throws CriuException when the dump fails; the container is then left running
     */
    public void dump(Checkpointing.Running container, CheckpointOptions options, Runnable serving)
            throws CriuException {
        CriuDump.dump(criu, container, options, serving);
    }

    /**
     * Restores a container's processes into its cgroup.
     *
     * @param spec its configuration
     * @param bundle its bundle
     * @param rootfs its root filesystem
     * @param stateDirectory its state directory, where the rootfs is bound meanwhile ({@code criu-root})
     * @param cgroup its cgroup, made
     * @param options where the images are and the log goes, CRIU's settings
     * @param namespacesReady what runs once the namespaces are made, before anything restored runs (the hooks)
     * @return the restored init's pid
     * @throws CriuException when the restore fails; CRIU has then killed what it restored
     */
    public int restore(Spec spec, Path bundle, Path rootfs, Path stateDirectory, Cgroup cgroup, RestoreOptions options,
            Checkpointing.NamespacesReady namespacesReady) throws CriuException {
        return CriuRestore.restore(criu, spec, bundle, rootfs, stateDirectory, cgroup, options, namespacesReady);
    }

    /**
     * CRIU's version and its check of this host, in one service (the version request keeps it open).
     *
     * @param criuName the {@code --criu} option's value
     * @return what CRIU says
     */
    public static CriuCheck check(String criuName) {
        Path scratch = null;
        try {
            Path criu = CriuService.executable(criuName);
            scratch = Files.createTempDirectory("hako-criu-check");
            try (CriuService service = CriuService.quiet(criu); Fd dir = openDirectory(scratch)) {
                criu_resp version = service.call(CriuRequests.version().toBuilder().setKeepOpen(true).build());
                String name = version.getSuccess() ? version(version.getVersion()) : "";
                criu_resp check = service.call(CriuRequests.check(new CriuRequests.Directories(dir.number(), -1)));
                if (check.getSuccess()) {
                    return new CriuCheck(true, name, "");
                }
                List<String> errors = CriuLog.errors(scratch.resolve(CriuRequests.CHECK_LOG));
                return new CriuCheck(false, name, errors.isEmpty() ? "criu check failed" : String.join("; ", errors));
            }
        } catch (CriuException | IOException | SysException e) {
            return new CriuCheck(false, "", e.getMessage());
        } finally {
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
    }

    private static String version(criu_version v) {
        return v.getMajorNumber() + "." + v.getMinorNumber() + (v.hasSublevel() ? "." + v.getSublevel() : "");
    }

    /** A failed answer as one line: CRIU's first error, else the errors of its log; and where the log is. */
    static void failIfUnsuccessful(criu_resp response, String what, Path log) throws CriuException {
        if (response.getSuccess()) {
            return;
        }
        List<String> errors = CriuLog.errors(log);
        String reason = !errors.isEmpty() ? String.join("; ", errors)
                : response.hasCrErrmsg() ? response.getCrErrmsg() : "errno " + response.getCrErrno();
        throw new CriuException("criu failed: " + what + ": " + reason + " (log: " + log + ")");
    }

    /** {@code path} made when missing (its parents too), {@code rwx------} as runc makes it. */
    static Path directory(Path path) throws CriuException {
        try {
            Files.createDirectories(path.getParent() == null ? path : path.getParent());
            if (!Files.isDirectory(path)) {
                Files.createDirectory(path, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            return path;
        } catch (IOException e) {
            throw new CriuException("mkdir " + path + ": " + e.getMessage(), e);
        }
    }

    static Fd openDirectory(Path path) throws SysException {
        return Sys.open(path.toString(), Sys.O_RDONLY | Sys.O_DIRECTORY | Sys.O_CLOEXEC, 0);
    }

    private static void deleteTree(Path directory) {
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // a scratch directory in /tmp: left for the system's clean-up
        }
    }
}
