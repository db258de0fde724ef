package io.hako.checkpoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.checkpoint.internal.rpc.CriuRpc.criu_cg_mode;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_opts;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_req;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_req_type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What hako asks CRIU for, built without CRIU; and the bytes CRIU reads, parsed back. */
class CriuRequestsTest {
    private static final CriuRequests.Directories DIRS = new CriuRequests.Directories(7, 8);

    @Test
    void aDumpNamesTheInitTheRootTheDirectoriesAndTheExternalMounts() throws Exception {
        Map<String, String> mounts = new LinkedHashMap<>();
        mounts.put("/data", "/data");
        mounts.put("/proc/kcore", "/dev/null");
        criu_req request = CriuRequests.dump(1234, "/b/rootfs", DIRS, false, mounts);
        criu_req read = criu_req.parseFrom(request.toByteArray());
        assertEquals(criu_req_type.DUMP, read.getType());
        criu_opts opts = read.getOpts();
        assertEquals(1234, opts.getPid());
        assertEquals("/b/rootfs", opts.getRoot());
        assertEquals(7, opts.getImagesDirFd());
        assertEquals(8, opts.getWorkDirFd());
        assertEquals("dump.log", opts.getLogFile());
        assertEquals(4, opts.getLogLevel());
        assertTrue(opts.hasLeaveRunning());
        assertFalse(opts.getLeaveRunning());
        assertEquals(criu_cg_mode.DEFAULT, opts.getManageCgroupsMode());
        assertEquals(List.of("/data=/data", "/proc/kcore=/dev/null"),
                opts.getExtMntList().stream().map(m -> m.getKey() + "=" + m.getVal()).toList());
        assertFalse(opts.hasRstSibling(), "a dump restores nothing");
    }

    @Test
    void leaveRunningIsAsked() {
        assertTrue(CriuRequests.dump(1, "/r", DIRS, true, Map.of()).getOpts().getLeaveRunning());
    }

    @Test
    void withoutAWorkDirectoryCriuWorksInTheImages() {
        criu_opts opts = CriuRequests.dump(1, "/r", new CriuRequests.Directories(7, -1), false, Map.of()).getOpts();
        assertFalse(opts.hasWorkDirFd());
    }

    @Test
    void aRestoreIsBesideCriuInTheGivenRootWithPipesAndCgroupsMapped() throws Exception {
        criu_req request = CriuRequests.restore("/run/hako/c/criu-root", DIRS, Map.of("/data", "/host/data"),
                List.of(Map.entry("pipe:[42]", 0), Map.entry("pipe:[43]", 1)),
                new LinkedHashMap<>(Map.of("", "/hako/c")));
        criu_opts opts = criu_req.parseFrom(request.toByteArray()).getOpts();
        assertEquals(criu_req_type.RESTORE, request.getType());
        assertEquals("/run/hako/c/criu-root", opts.getRoot());
        assertTrue(opts.getRstSibling(), "the restored init is the runtime's child, as a created one is");
        assertTrue(opts.getEvasiveDevices());
        assertEquals("restore.log", opts.getLogFile());
        assertEquals("/data=/host/data", opts.getExtMnt(0).getKey() + "=" + opts.getExtMnt(0).getVal());
        assertEquals(List.of("pipe:[42]@0", "pipe:[43]@1"),
                opts.getInheritFdList().stream().map(fd -> fd.getKey() + "@" + fd.getFd()).toList());
        assertEquals(1, opts.getCgRootCount());
        assertFalse(opts.getCgRoot(0).hasCtrl(), "cgroup v2: one root for every controller");
        assertEquals("/hako/c", opts.getCgRoot(0).getPath());
    }

    @Test
    void aV1ControllerIsNamed() {
        var opts = CriuRequests.restore("/r", DIRS, Map.of(), List.of(), Map.of("memory", "/hako/c")).getOpts();
        assertEquals("memory", opts.getCgRoot(0).getCtrl());
    }

    @Test
    void theCheckLogsIntoItsDirectory() {
        criu_req request = CriuRequests.check(new CriuRequests.Directories(5, -1));
        assertEquals(criu_req_type.CHECK, request.getType());
        assertEquals(5, request.getOpts().getImagesDirFd());
        assertEquals("check.log", request.getOpts().getLogFile());
        assertEquals(criu_req_type.VERSION, CriuRequests.version().getType());
        assertFalse(CriuRequests.version().hasOpts());
    }

    @Test
    void cgroupFilesBecomeCgroupRoots() {
        assertEquals(Map.of("", "/hako/c"), CriuDriver.parseCgroups("0::/hako/c\n"));
        assertEquals(List.of("cpu,cpuacct=/x", "name=systemd=/y", "=/z"),
                CriuDriver.parseCgroups("3:cpu,cpuacct:/x\n1:name=systemd:/y\n0::/z\n").entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}
