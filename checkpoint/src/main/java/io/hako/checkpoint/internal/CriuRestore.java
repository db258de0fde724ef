package io.hako.checkpoint.internal;

import static io.hako.checkpoint.internal.CriuDriver.directory;
import static io.hako.checkpoint.internal.CriuDriver.failIfUnsuccessful;
import static io.hako.checkpoint.internal.CriuDriver.openDirectory;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupException;
import io.hako.checkpoint.RestoreOptions;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_resp;
import io.hako.container.ContainerException;
import io.hako.container.internal.Checkpointing;
import io.hako.oci.config.Spec;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import io.hako.sys.UnixSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restore into a container's cgroup: the configuration's mount points made in the rootfs
 * ({@link RestoreMountPoints}), the rootfs made a mount point CRIU can pivot into, CRIU moved into the
 * cgroup before it restores there (as runc does), the dumped streams mapped to this process's, one
 * {@code criu swrk}; a terminal's new master, which CRIU hands over in a notification, sent to the console
 * socket.
 */
final class CriuRestore {
    /** CRIU's notification carrying a restored terminal's new master; runc sends it under this name too. */
    static final String ORPHAN_PTS_MASTER = "orphan-pts-master";
    /** CRIU's notification that the restored tree's namespaces are made, with the init's pid. */
    static final String SETUP_NAMESPACES = "setup-namespaces";

    private CriuRestore() {}

    static int restore(Path criu, Spec spec, Path bundle, Path rootfs, Path stateDirectory, Cgroup cgroup,
            RestoreOptions options, Checkpointing.NamespacesReady namespacesReady) throws CriuException {
        ExternalNamespaces.ForRestore namespaces;
        try {
            namespaces = ExternalNamespaces.forRestore(spec);
        } catch (IllegalArgumentException e) {
            throw new CriuException("restore: " + e.getMessage(), e);
        }
        Path images = options.imagePath();
        Path work = options.workPath() == null ? images : directory(options.workPath());
        // CRIU pivots into its root: a mount point whose parent is not mounted over (runc binds it likewise).
        Path root = stateDirectory.resolve("criu-root");
        List<Fd> namespaceFiles = new ArrayList<>();
        try (Fd imagesFd = openDirectory(images); Fd workFd = openDirectory(work)) {
            List<Map.Entry<String, Integer>> inherited = new ArrayList<>(
                    Descriptors.inherited(Descriptors.read(images)));
            for (ExternalNamespaces.Inherited namespace : namespaces.inherited()) {
                inherited.add(Map.entry(namespace.key(), CriuService.FIRST_GIVEN + namespaceFiles.size()));
                namespaceFiles.add(openNamespace(namespace.path()));
            }
            // A fresh root (an engine's new snapshot) lacks the mount points create made: CRIU needs them.
            RestoreMountPoints.make(rootfs, RestoreMountPoints.of(spec, bundle,
                    source -> Files.exists(source) && !Files.isDirectory(source)));
            Files.createDirectory(root);
            Sys.bindMount(rootfs.toString(), root.toString(), Sys.MS_BIND | Sys.MS_REC);
            try (UnixSocket console = consoleSocket(options.create().consoleSocket());
                    CriuService service = CriuService.withOwnStreams(criu, namespaceFiles)) {
                cgroup.add(service.pid());
                var request = CriuRequests.restore(root.toString(),
                        new CriuRequests.Directories(imagesFd.number(), workFd.number()), options,
                        ExternalMounts.forRestore(spec, bundle), inherited, namespaces.joined(),
                        cgroupsOf(service.pid()));
                criu_resp response = service.call(request, (script, pid, fds) -> {
                    switch (script) {
                        case ORPHAN_PTS_MASTER -> sendMaster(console, fds);
                        // The namespaces are made, nothing restored runs yet: where runc runs prestart and
                        // createRuntime hooks on restore.
                        case SETUP_NAMESPACES -> namespacesReady(namespacesReady, pid);
                        default -> { }
                    }
                });
                failIfUnsuccessful(response, "restore", work.resolve(CriuRequests.RESTORE_LOG));
                return response.getRestore().getPid();
            } finally {
                Sys.unmount(root.toString(), Sys.MNT_DETACH);
            }
        } catch (IOException | SysException | CgroupException e) {
            throw new CriuException("restore: " + e.getMessage(), e);
        } finally {
            namespaceFiles.forEach(Fd::close);
            try {
                Files.deleteIfExists(root);
            } catch (IOException e) {
                // The state directory goes with the container, or with a failed restore's clean-up.
            }
        }
    }

    /** A namespace file the container joins, for CRIU to inherit: it must be there, as it was at create. */
    private static Fd openNamespace(String path) throws CriuException {
        try {
            return Sys.open(path, Sys.O_RDONLY | Sys.O_CLOEXEC, 0);
        } catch (SysException e) {
            throw new CriuException("restore: the namespace the configuration joins at " + path + ": "
                    + e.getMessage(), e);
        }
    }

    private static void namespacesReady(Checkpointing.NamespacesReady namespacesReady, int pid)
            throws CriuException {
        try {
            namespacesReady.run(pid);
        } catch (ContainerException e) {
            throw new CriuException(e.getMessage(), e);
        }
    }

    /**
     * The console socket, connected before CRIU starts (as runc connects it before the restore), so that one that
     * cannot be reached fails the restore before anything is restored; null without one.
     */
    private static UnixSocket consoleSocket(Path path) throws CriuException {
        if (path == null) {
            return null;
        }
        try {
            return UnixSocket.connect(path.toString());
        } catch (SysException e) {
            throw new CriuException("restore: console socket " + path + ": " + e.getMessage(), e);
        }
    }

    /** The new master CRIU made for the restored terminal, to the console socket under runc's name for it. */
    private static void sendMaster(UnixSocket console, List<Fd> fds) throws CriuException {
        if (console == null || fds.size() != 1) {
            throw new CriuException("restore: CRIU made a terminal, and " + (console == null
                    ? "there is no console socket to send it to" : "sent " + fds.size() + " descriptors for it"));
        }
        try {
            console.send(ORPHAN_PTS_MASTER.getBytes(StandardCharsets.UTF_8), fds.getFirst());
        } catch (SysException e) {
            throw new CriuException("restore: send the terminal to the console socket: " + e.getMessage(), e);
        }
    }

    /** The cgroups of a process, as CRIU's {@code cg_root}s: controllers (empty for cgroup v2's) to path. */
    static Map<String, String> cgroupsOf(int pid) throws IOException {
        return parseCgroups(Files.readString(Path.of("/proc/" + pid + "/cgroup")));
    }

    /** {@code /proc/<pid>/cgroup}'s lines, {@code ID:controllers:path}, to controllers and path. */
    static Map<String, String> parseCgroups(String file) {
        Map<String, String> cgroups = new LinkedHashMap<>();
        for (String line : file.split("\n")) {
            String[] fields = line.split(":", 3);
            if (fields.length == 3) {
                cgroups.put(fields[1], fields[2]);
            }
        }
        return cgroups;
    }
}
