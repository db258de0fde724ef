package io.hako.checkpoint.internal;

import io.hako.checkpoint.internal.rpc.CriuRpc.cgroup_root;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_cg_mode;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_opts;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_req;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_req_type;
import io.hako.checkpoint.internal.rpc.CriuRpc.ext_mount_map;
import io.hako.checkpoint.internal.rpc.CriuRpc.inherit_fd;
import java.util.List;
import java.util.Map;

/**
 * The requests hako sends CRIU, built from what was decided elsewhere: pure, so that what a dump or a restore asks
 * for is tested without CRIU. runc's choices where there is one to make (libcontainer's criu_linux.go): CRIU logs
 * at level 4 into the work directory, manages cgroups in its default mode, dumps bind mounts and devices as external
 * mounts, and restores the tree beside itself (its parent is the runtime's).
 */
public final class CriuRequests {
    /** CRIU's log level for dumps and restores: everything down to debug, as runc asks. */
    static final int LOG_LEVEL = 4;
    static final String DUMP_LOG = "dump.log";
    static final String RESTORE_LOG = "restore.log";
    static final String CHECK_LOG = "check.log";

    private CriuRequests() {}

    /**
     * Where CRIU reads and writes: descriptors of this process, which CRIU opens through {@code /proc/<pid>/fd}.
     *
     * @param imagesDirFd the image directory's descriptor
     * @param workDirFd the work directory's, or -1 for the image directory
     */
    public record Directories(int imagesDirFd, int workDirFd) {}

    /**
     * A dump of the process tree of {@code pid}.
     *
     * @param pid the container's init
     * @param rootfs its root filesystem on the host
     * @param directories images and work
     * @param leaveRunning whether the processes go on after the dump
     * @param externalMounts mount point to key ({@link ExternalMounts#forDump})
     * @return the request
     */
    public static criu_req dump(int pid, String rootfs, Directories directories, boolean leaveRunning,
            Map<String, String> externalMounts) {
        criu_opts.Builder opts = common(directories, DUMP_LOG)
                .setPid(pid)
                .setRoot(rootfs)
                .setLeaveRunning(leaveRunning);
        externalMounts.forEach((mountPoint, key) -> opts.addExtMnt(mount(mountPoint, key)));
        return criu_req.newBuilder().setType(criu_req_type.DUMP).setOpts(opts).build();
    }

    /**
     * A restore of the images into {@code root}, the tree beside CRIU.
     *
     * @param root the root filesystem, where CRIU can pivot into (a mount point)
     * @param directories images and work
     * @param externalMounts key to source ({@link ExternalMounts#forRestore})
     * @param inherited what the restored processes get of CRIU's descriptors: a dumped descriptor's key
     *     ({@code pipe:[1234]}) to the number CRIU has it at
     * @param cgroups controller (empty for every one, as cgroup v2 has them) to the cgroup to restore into,
     *     relative to the hierarchy's root
     * @return the request
     */
    public static criu_req restore(String root, Directories directories, Map<String, String> externalMounts,
            List<Map.Entry<String, Integer>> inherited, Map<String, String> cgroups) {
        criu_opts.Builder opts = common(directories, RESTORE_LOG)
                .setRoot(root)
                .setRstSibling(true)
                .setEvasiveDevices(true);
        externalMounts.forEach((key, source) -> opts.addExtMnt(mount(key, source)));
        for (Map.Entry<String, Integer> fd : inherited) {
            opts.addInheritFd(inherit_fd.newBuilder().setKey(fd.getKey()).setFd(fd.getValue()));
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
        return criu_req.newBuilder().setType(criu_req_type.CHECK).setOpts(common(directories, CHECK_LOG)).build();
    }

    /** CRIU's version: answered without a look at the host. */
    public static criu_req version() {
        return criu_req.newBuilder().setType(criu_req_type.VERSION).build();
    }

    private static criu_opts.Builder common(Directories directories, String log) {
        criu_opts.Builder opts = criu_opts.newBuilder()
                .setImagesDirFd(directories.imagesDirFd())
                .setLogLevel(LOG_LEVEL)
                .setLogFile(log)
                .setManageCgroups(true)
                .setManageCgroupsMode(criu_cg_mode.DEFAULT);
        if (directories.workDirFd() >= 0) {
            opts.setWorkDirFd(directories.workDirFd());
        }
        return opts;
    }

    private static ext_mount_map mount(String key, String value) {
        return ext_mount_map.newBuilder().setKey(key).setVal(value).build();
    }
}
