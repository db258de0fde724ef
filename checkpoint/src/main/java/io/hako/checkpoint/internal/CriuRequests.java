package io.hako.checkpoint.internal;

import io.hako.checkpoint.CheckpointOptions;
import io.hako.checkpoint.CriuSettings;
import io.hako.checkpoint.RestoreOptions;
import io.hako.checkpoint.internal.rpc.CriuRpc.cgroup_root;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_cg_mode;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_features;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_opts;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_page_server_info;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_req;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_req_type;
import io.hako.checkpoint.internal.rpc.CriuRpc.ext_mount_map;
import io.hako.checkpoint.internal.rpc.CriuRpc.inherit_fd;
import io.hako.checkpoint.internal.rpc.CriuRpc.join_namespace;
import java.util.List;
import java.util.Map;

/**
 * The requests hako sends CRIU, built from what was decided elsewhere: pure, so that what a dump or a restore asks
 * for is tested without CRIU. runc's choices where there is one to make (libcontainer's criu_linux.go): CRIU logs
 * at level 4 into the work directory, manages cgroups in its default mode, dumps bind mounts and devices as external
 * mounts and namespaces joined by path as external, freezes the processes with the freezer cgroup, restores the
 * tree beside itself (its parent is the runtime's), and leaves the network namespace empty (its devices are the
 * engine's), and takes a terminal's master as outside (a restore's new one comes back in a notification). The
 * options runc passes through ({@link CriuSettings}) go as they are.
 */
public final class CriuRequests {
    /** CRIU's log level for dumps and restores: everything down to debug, as runc asks. */
    static final int LOG_LEVEL = 4;
    static final String DUMP_LOG = "dump.log";
    static final String RESTORE_LOG = "restore.log";
    static final String CHECK_LOG = "check.log";
    /** The kernel's {@code CLONE_NEWNET}: CRIU's {@code empty_ns} is a mask of clone flags. */
    static final int CLONE_NEWNET = 0x40000000;

    private CriuRequests() {}

    /**
     * Where CRIU reads and writes: descriptors of this process, which CRIU opens through {@code /proc/<pid>/fd}.
     *
     * @param imagesDirFd the image directory's descriptor
     * @param workDirFd the work directory's, or -1 for the image directory
     */
    public record Directories(int imagesDirFd, int workDirFd) {}

    /**
     * A dump of the process tree of {@code pid}, or a pre-dump of its memory.
     *
     * @param pid the container's init
     * @param rootfs its root filesystem on the host
     * @param directories images and work
     * @param options whether it goes on running, a pre-dump, the parent images, CRIU's settings
     * @param externalMounts mount point to key ({@link ExternalMounts#forDump}); none for a pre-dump, as runc
     * @param externalNamespaces the namespaces joined by path ({@link ExternalNamespaces#forDump})
     * @param freezer the container's freezer cgroup directory on the host, which CRIU freezes the processes with
     *     (rather than stop each with ptrace: a paused container's are frozen already), or null without one
     * @return the request
     */
    public static criu_req dump(int pid, String rootfs, Directories directories, CheckpointOptions options,
            Map<String, String> externalMounts, List<String> externalNamespaces, String freezer) {
        criu_opts.Builder opts = common(directories, DUMP_LOG, options.criu())
                .setPid(pid)
                .setRoot(rootfs)
                .setLeaveRunning(options.leaveRunning())
                // A terminal's master is outside the container (the console socket's receiver): runc's choice.
                .setOrphanPtsMaster(true)
                // CRIU says when a lazy migration's page server listens ("status-ready"), as runc asks it.
                .setNotifyScripts(true);
        if (options.parentPath() != null) {
            // CRIU reads the parent's pages from there, relative to the images, and tracks the memory for the next.
            opts.setParentImg(options.parentPath().toString()).setTrackMem(true);
        }
        externalMounts.forEach((mountPoint, key) -> opts.addExtMnt(mount(mountPoint, key)));
        opts.addAllExternal(externalNamespaces);
        if (freezer != null) {
            opts.setFreezeCgroup(freezer);
        }
        if (options.pageServer() != null) {
            opts.setPs(criu_page_server_info.newBuilder().setAddress(options.pageServer().address())
                    .setPort(options.pageServer().port()));
        }
        if (options.criu().tcpSkipInFlight()) {
            opts.setTcpSkipInFlight(true);
        }
        if (options.criu().linkRemap()) {
            opts.setLinkRemap(true);
        }
        criu_req_type type = options.preDump() ? criu_req_type.PRE_DUMP : criu_req_type.DUMP;
        return criu_req.newBuilder().setType(type).setOpts(opts).build();
    }

    /**
     * Whether CRIU and the kernel track memory changes, which a pre-dump needs: asked before one, so that the
     * answer is that, not CRIU's failure half-way.
     *
     * @return the request
     */
    public static criu_req memoryTracking() {
        return criu_req.newBuilder().setType(criu_req_type.FEATURE_CHECK).setKeepOpen(true)
                .setFeatures(criu_features.newBuilder().setMemTrack(true)).build();
    }

    /**
     * Whether CRIU and the kernel can serve memory lazily (userfaultfd), which a lazy migration needs: asked before
     * one, as runc asks.
     *
     * @return the request
     */
    public static criu_req lazyPages() {
        return criu_req.newBuilder().setType(criu_req_type.FEATURE_CHECK).setKeepOpen(true)
                .setFeatures(criu_features.newBuilder().setLazyPages(true)).build();
    }

    /**
     * A restore of the images into {@code root}, the tree beside CRIU.
     *
     * @param root the root filesystem, where CRIU can pivot into (a mount point)
     * @param directories images and work
     * @param options CRIU's settings, as the dump had them, and the LSM profile and mount context
     * @param externalMounts key to source ({@link ExternalMounts#forRestore})
     * @param inherited what the restored processes get of CRIU's descriptors: a dumped descriptor's key
     *     ({@code pipe:[1234]}, or an external namespace's, {@link ExternalNamespaces}) to the number CRIU has it at
     * @param joined the namespaces CRIU joins ({@link ExternalNamespaces.ForRestore#joined})
     * @param cgroups controller (empty for every one, as cgroup v2 has them) to the cgroup to restore into,
     *     relative to the hierarchy's root
     * @return the request
     */
    public static criu_req restore(String root, Directories directories, RestoreOptions options,
            Map<String, String> externalMounts, List<Map.Entry<String, Integer>> inherited,
            List<ExternalNamespaces.Joined> joined, Map<String, String> cgroups) {
        criu_opts.Builder opts = common(directories, RESTORE_LOG, options.criu())
                .setRoot(root)
                .setRstSibling(true)
                .setEvasiveDevices(true)
                // A terminal gets a new master, which CRIU hands over in its "orphan-pts-master" notification.
                .setOrphanPtsMaster(true)
                .setNotifyScripts(true);
        externalMounts.forEach((key, source) -> opts.addExtMnt(mount(key, source)));
        for (Map.Entry<String, Integer> fd : inherited) {
            opts.addInheritFd(inherit_fd.newBuilder().setKey(fd.getKey()).setFd(fd.getValue()));
        }
        for (ExternalNamespaces.Joined namespace : joined) {
            opts.addJoinNs(join_namespace.newBuilder().setNs(namespace.name()).setNsFile(namespace.path()));
        }
        if (options.lsmProfile() != null) {
            opts.setLsmProfile(options.lsmProfile());
        }
        if (options.lsmMountContext() != null) {
            opts.setLsmMountContext(options.lsmMountContext());
        }
        cgroups.forEach((controller, path) -> {
            cgroup_root.Builder root0 = cgroup_root.newBuilder().setPath(path);
            if (!controller.isEmpty()) {
                root0.setCtrl(controller);
            }
            opts.addCgRoot(root0);
        });
        return criu_req.newBuilder().setType(criu_req_type.RESTORE).setOpts(opts).build();
    }

    /**
     * CRIU's own check of the host.
     *
     * @param directories where its log goes
     * @return the request
     */
    public static criu_req check(Directories directories) {
        return criu_req.newBuilder().setType(criu_req_type.CHECK)
                .setOpts(common(directories, CHECK_LOG, CriuSettings.DEFAULTS)).build();
    }

    /** CRIU's version: answered without a look at the host. */
    public static criu_req version() {
        return criu_req.newBuilder().setType(criu_req_type.VERSION).build();
    }

    private static criu_opts.Builder common(Directories directories, String log, CriuSettings settings) {
        criu_opts.Builder opts = criu_opts.newBuilder()
                .setImagesDirFd(directories.imagesDirFd())
                .setLogLevel(LOG_LEVEL)
                .setLogFile(log)
                .setManageCgroups(true)
                .setManageCgroupsMode(cgroupsMode(settings.cgroupsMode()))
                .setTcpEstablished(settings.tcpEstablished())
                .setExtUnixSk(settings.externalUnixSockets())
                .setShellJob(settings.shellJob())
                .setFileLocks(settings.fileLocks())
                .setAutoDedup(settings.autoDedup())
                .setLazyPages(settings.lazyPages())
                // The network namespace always: the only one runc lets be empty, and empty whether asked or not.
                .setEmptyNs(CLONE_NEWNET);
        if (directories.workDirFd() >= 0) {
            opts.setWorkDirFd(directories.workDirFd());
        }
        return opts;
    }

    /** runc's mapping of its words to CRIU's modes (libcontainer's criuCgMode). */
    static criu_cg_mode cgroupsMode(CriuSettings.CgroupsMode mode) {
        return switch (mode) {
            case DEFAULT -> criu_cg_mode.DEFAULT;
            case SOFT -> criu_cg_mode.SOFT;
            case FULL -> criu_cg_mode.FULL;
            case STRICT -> criu_cg_mode.STRICT;
            case IGNORE -> criu_cg_mode.IGNORE;
        };
    }

    private static ext_mount_map mount(String key, String value) {
        return ext_mount_map.newBuilder().setKey(key).setVal(value).build();
    }
}
