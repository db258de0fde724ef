package io.hako.checkpoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.checkpoint.CheckpointOptions;
import io.hako.checkpoint.CriuSettings;
import io.hako.checkpoint.CriuSettings.CgroupsMode;
import io.hako.checkpoint.PageServer;
import io.hako.checkpoint.RestoreOptions;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_cg_mode;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_opts;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_req;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_req_type;
import io.hako.oci.config.NamespaceType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What hako asks CRIU for, built without CRIU; and the bytes CRIU reads, parsed back. */
class CriuRequestsTest {
    private static final CriuRequests.Directories DIRS = new CriuRequests.Directories(7, 8);

    private static CheckpointOptions options(boolean leaveRunning) {
        return new CheckpointOptions(Path.of("/i"), null, leaveRunning);
    }

    /** A dump without namespaces joined by path or a freezer cgroup. */
    private static criu_req dump(int pid, String rootfs, CriuRequests.Directories directories,
            CheckpointOptions options, Map<String, String> mounts) {
        return CriuRequests.dump(pid, rootfs, directories, options, mounts, List.of(), null);
    }

    /** A restore without namespaces joined by path or an LSM profile. */
    private static criu_req restore(String root, CriuRequests.Directories directories, CriuSettings settings,
            Map<String, String> mounts, List<Map.Entry<String, Integer>> inherited, Map<String, String> cgroups) {
        return CriuRequests.restore(root, directories, new RestoreOptions(Path.of("/i"), null, null, settings),
                mounts, inherited, List.of(), cgroups);
    }

    private static CriuSettings settings(CgroupsMode mode) {
        return new CriuSettings(false, false, false, false, mode, Set.of(), false, false, false, false);
    }

    @Test
    void aDumpNamesTheInitTheRootTheDirectoriesAndTheExternalMounts() throws Exception {
        Map<String, String> mounts = new LinkedHashMap<>();
        mounts.put("/data", "/data");
        mounts.put("/proc/kcore", "/dev/null");
        criu_req request = dump(1234, "/b/rootfs", DIRS, options(false), mounts);
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
        assertFalse(opts.getTcpEstablished() || opts.getExtUnixSk() || opts.getShellJob() || opts.getFileLocks()
                || opts.getAutoDedup(), "nothing more allowed than CRIU allows by default");
        assertFalse(opts.hasParentImg());
        assertFalse(opts.getTrackMem());
    }

    @Test
    void theOptionsRuncPassesThroughGoAsTheyAreToADumpAndARestore() {
        CriuSettings all = new CriuSettings(true, true, true, true, CgroupsMode.DEFAULT, Set.of(), true, false, false, false);
        criu_opts dump = dump(1, "/r", DIRS, new CheckpointOptions(Path.of("/i"), null, false, false,
                null, all), Map.of()).getOpts();
        criu_opts restore = restore("/r", DIRS, all, Map.of(), List.of(), Map.of()).getOpts();
        for (criu_opts opts : List.of(dump, restore)) {
            assertTrue(opts.getTcpEstablished(), "--tcp-established");
            assertTrue(opts.getExtUnixSk(), "--ext-unix-sk");
            assertTrue(opts.getShellJob(), "--shell-job");
            assertTrue(opts.getFileLocks(), "--file-locks");
            assertTrue(opts.getAutoDedup(), "--auto-dedup");
        }
        CriuSettings one = new CriuSettings(false, false, true, false, CgroupsMode.DEFAULT, Set.of(), false, false, false, false);
        criu_opts shellJobOnly = restore("/r", DIRS, one, Map.of(), List.of(), Map.of()).getOpts();
        assertEquals(List.of(false, false, true, false, false), List.of(shellJobOnly.getTcpEstablished(),
                shellJobOnly.getExtUnixSk(), shellJobOnly.getShellJob(), shellJobOnly.getFileLocks(),
                shellJobOnly.getAutoDedup()), "each flag its own field");
    }

    @ParameterizedTest
    @CsvSource({"DEFAULT, DEFAULT", "SOFT, SOFT", "FULL, FULL", "STRICT, STRICT", "IGNORE, IGNORE"})
    void cgroupModesAreRuncs(CgroupsMode mode, criu_cg_mode criu) {
        assertEquals(criu, dump(1, "/r", DIRS, new CheckpointOptions(Path.of("/i"), null, false, false,
                null, settings(mode)), Map.of()).getOpts().getManageCgroupsMode());
        assertEquals(criu, restore("/r", DIRS, settings(mode), Map.of(), List.of(), Map.of()).getOpts()
                .getManageCgroupsMode());
        assertTrue(restore("/r", DIRS, settings(mode), Map.of(), List.of(), Map.of()).getOpts()
                .getManageCgroups(), "the obsolete flag still set, as runc sets it");
    }

    @Test
    void runcsWordsForCgroupModes() {
        assertEquals(List.of(CgroupsMode.SOFT, CgroupsMode.FULL, CgroupsMode.STRICT, CgroupsMode.IGNORE),
                List.of("soft", "full", "strict", "ignore").stream().map(CgroupsMode::parse).toList());
        var bogus = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CgroupsMode.parse("bogus"));
        assertEquals("invalid manage-cgroups-mode value \"bogus\": soft, full, strict or ignore", bogus.getMessage());
        assertEquals("", CgroupsMode.DEFAULT.word());
        assertEquals("strict", CgroupsMode.STRICT.word());
    }

    @Test
    void theNetworkNamespaceIsEmptyAskedOrNot() {
        CriuSettings asked = new CriuSettings(false, false, false, false, null, Set.of(NamespaceType.NETWORK),
                false, false, false, false);
        for (CriuSettings settings : List.of(asked, CriuSettings.DEFAULTS)) {
            assertEquals(0x40000000, restore("/r", DIRS, settings, Map.of(), List.of(), Map.of())
                    .getOpts().getEmptyNs(), "CLONE_NEWNET");
            assertEquals(0x40000000, dump(1, "/r", DIRS, new CheckpointOptions(Path.of("/i"), null,
                    false, false, null, settings), Map.of()).getOpts().getEmptyNs());
        }
        var pid = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CriuSettings(false, false, false, false, null, Set.of(NamespaceType.PID), false, false,
                        false, false));
        assertEquals("namespace \"pid\" is not supported", pid.getMessage());
    }

    @Test
    void leaveRunningIsAsked() {
        assertTrue(dump(1, "/r", DIRS, options(true), Map.of()).getOpts().getLeaveRunning());
    }

    @Test
    void withoutAWorkDirectoryCriuWorksInTheImages() {
        criu_opts opts = dump(1, "/r", new CriuRequests.Directories(7, -1), options(false),
                Map.of()).getOpts();
        assertFalse(opts.hasWorkDirFd());
    }

    @Test
    void aRestoreIsBesideCriuInTheGivenRootWithPipesAndCgroupsMapped() throws Exception {
        criu_req request = restore("/run/hako/c/criu-root", DIRS, CriuSettings.DEFAULTS,
                Map.of("/data", "/host/data"),
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
    void aTerminalsMasterIsOutsideAndARestoreHandsTheNewOneOver() {
        criu_opts dump = dump(1, "/r", DIRS, options(false), Map.of()).getOpts();
        assertTrue(dump.getOrphanPtsMaster(), "the master is the console socket's receiver's, as runc declares it");
        criu_opts restore = restore("/r", DIRS, CriuSettings.DEFAULTS, Map.of(), List.of(), Map.of())
                .getOpts();
        assertTrue(restore.getOrphanPtsMaster());
        assertTrue(restore.getNotifyScripts(), "the new master comes in the orphan-pts-master notification");
    }

    @Test
    void aV1ControllerIsNamed() {
        var opts = restore("/r", DIRS, CriuSettings.DEFAULTS, Map.of(), List.of(),
                Map.of("memory", "/hako/c")).getOpts();
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
        assertEquals(Map.of("", "/hako/c"), CriuRestore.parseCgroups("0::/hako/c\n"));
        assertEquals(List.of("cpu,cpuacct=/x", "name=systemd=/y", "=/z"),
                CriuRestore.parseCgroups("3:cpu,cpuacct:/x\n1:name=systemd:/y\n0::/z\n").entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    @Test
    void namespacesJoinedByPathAreExternalOnDumpAndInheritedOrJoinedOnRestore() {
        criu_opts dump = CriuRequests.dump(1, "/r", DIRS, options(false), Map.of(),
                List.of("net[4026532008]:extRootNetNS"), null).getOpts();
        assertEquals(List.of("net[4026532008]:extRootNetNS"), dump.getExternalList());
        criu_opts restore = CriuRequests.restore("/r", DIRS, new RestoreOptions(Path.of("/i"), null, null),
                Map.of(), List.of(Map.entry("extRootNetNS", 4)),
                List.of(new ExternalNamespaces.Joined("ipc", "/proc/9/ns/ipc")), Map.of()).getOpts();
        assertEquals(List.of("extRootNetNS@4"),
                restore.getInheritFdList().stream().map(fd -> fd.getKey() + "@" + fd.getFd()).toList());
        assertEquals(List.of("ipc=/proc/9/ns/ipc"),
                restore.getJoinNsList().stream().map(ns -> ns.getNs() + "=" + ns.getNsFile()).toList());
    }

    @Test
    void aDumpFreezesWithTheFreezerCgroupWhenThereIsOne() {
        assertEquals("/sys/fs/cgroup/freezer/hako/c", CriuRequests.dump(1, "/r", DIRS, options(false), Map.of(),
                List.of(), "/sys/fs/cgroup/freezer/hako/c").getOpts().getFreezeCgroup());
        assertFalse(dump(1, "/r", DIRS, options(false), Map.of()).getOpts().hasFreezeCgroup(),
                "without a cgroup: CRIU stops the processes with ptrace");
    }

    @Test
    void aDumpsOwnOptionsGoToADumpOnly() {
        CriuSettings settings = new CriuSettings(false, false, false, false, null, Set.of(), false, true, true, false);
        criu_opts dump = dump(1, "/r", DIRS, new CheckpointOptions(Path.of("/i"), null, false, false, null,
                settings, new PageServer("10.0.0.2", 27000)), Map.of()).getOpts();
        assertTrue(dump.getTcpSkipInFlight(), "--tcp-skip-in-flight");
        assertTrue(dump.getLinkRemap(), "--link-remap");
        assertEquals("10.0.0.2:27000", dump.getPs().getAddress() + ":" + dump.getPs().getPort());
        criu_opts plain = dump(1, "/r", DIRS, options(false), Map.of()).getOpts();
        assertFalse(plain.hasTcpSkipInFlight() || plain.hasLinkRemap() || plain.hasPs());
        criu_opts restore = restore("/r", DIRS, settings, Map.of(), List.of(), Map.of()).getOpts();
        assertFalse(restore.hasTcpSkipInFlight() || restore.hasLinkRemap(), "nothing for a restore to use");
    }

    @Test
    void aRestoresLsmProfileAndMountContextGoAsGiven() {
        criu_opts restore = CriuRequests.restore("/r", DIRS, new RestoreOptions(Path.of("/i"), null, null, null,
                "apparmor:unconfined", "system_u:object_r:container_file_t:s0"), Map.of(), List.of(), List.of(),
                Map.of()).getOpts();
        assertEquals("apparmor:unconfined", restore.getLsmProfile());
        assertEquals("system_u:object_r:container_file_t:s0", restore.getLsmMountContext());
        criu_opts plain = restore("/r", DIRS, CriuSettings.DEFAULTS, Map.of(), List.of(), Map.of()).getOpts();
        assertFalse(plain.hasLsmProfile() || plain.hasLsmMountContext(), "the dumped ones, unless asked");
    }

    @Test
    void runcsPageServerForm() {
        assertEquals(new PageServer("192.168.1.5", 27000), PageServer.parse("192.168.1.5:27000"));
        assertEquals(new PageServer("::1", 27000), PageServer.parse("[::1]:27000"));
        for (String bad : List.of("192.168.1.5", ":27000", "host:", "::1:27000")) {
            var refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> PageServer.parse(bad), bad);
            assertEquals("Use --page-server ADDRESS:PORT to specify page server", refused.getMessage());
        }
        assertEquals("Invalid port number \"x\"", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> PageServer.parse("h:x")).getMessage());
        assertEquals("invalid page server port 70000", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> PageServer.parse("h:70000")).getMessage());
    }
}
