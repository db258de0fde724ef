package io.hako.container.internal.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.container.ProcessLauncher;
import io.hako.container.internal.plan.Op;
import io.hako.container.internal.plan.OpCode;
import io.hako.container.internal.plan.Plan;
import io.hako.sys.Errno;
import io.hako.sys.Fd;
import io.hako.sys.Pidfd;
import io.hako.sys.Sys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage performs plans for real: namespaces, a rootfs with pivot_root, the exec fifo, and its errors. */
class StageTest {
    private static final ProcessLauncher LAUNCHER = ProcessLauncher.spawning();

    private static final int CLONE_NEWNS = 0x00020000;
    private static final int CLONE_NEWUTS = 0x04000000;
    private static final int CLONE_NEWIPC = 0x08000000;
    private static final int CLONE_NEWPID = 0x20000000;
    private static final long MS_NOSUID = 2;
    private static final long MS_NODEV = 4;
    private static final long MS_NOEXEC = 8;
    private static final long MS_REC = 0x4000;
    private static final long MS_PRIVATE = 1 << 18;
    private static final List<String> ENV = List.of("PATH=/bin:/usr/bin");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "creating namespaces and mounts needs root");
    }

    /** Runs a plan with standard output into a file, waits for the init, returns what it printed. */
    private String runToExit(Plan plan) throws Exception {
        Path out = dir.resolve("out-" + System.nanoTime());
        int init;
        try (Fd file = Sys.open(out.toString(), Sys.O_WRONLY | Sys.O_CREAT, 0600)) {
            init = StageProcess.run(LAUNCHER, plan, Map.of(1, file, 2, file), NO_CALLBACKS).initPid();
        }
        try (Pidfd process = Pidfd.open(init)) {
            Pidfd.Exit exit = process.waitExit();
            assertEquals(0, exit.status(), Files.readString(out));
        }
        return Files.readString(out);
    }

    private static List<Op> process(String... argv) {
        return List.of(Op.of(OpCode.FIND_EXECUTABLE, argv[0], ENV), Op.of(OpCode.READY),
                Op.of(OpCode.EXEC, List.of(argv), ENV));
    }

    @Test
    void theLsmLabelIsWrittenWhereTheModuleSaid() throws Exception {
        // This host may have no LSM enabled: another file of the process's own in procfs, which outlives the exec,
        // stands for /proc/self/attr/apparmor/exec.
        List<Op> ops = new ArrayList<>(List.of(Op.of(OpCode.FORK_INIT), Op.of(OpCode.SETSID),
                Op.of(OpCode.LSM_LABEL, "/proc/self/oom_score_adj", "321")));
        ops.addAll(process("cat", "/proc/self/oom_score_adj"));
        assertEquals("321\n", runToExit(new Plan(ops)));
    }

    @Test
    void withoutCapabilitiesTheLabelIsWrittenThroughTheProcessesOwnProc() throws Exception {
        // No CAP_SYS_ADMIN left (as when the label is written, after the capabilities are set): no procfs of the
        // stage's own can be made, and the file is reached in /proc, crossing no mount and following no symlink.
        List<Op> ops = new ArrayList<>(List.of(Op.of(OpCode.FORK_INIT), Op.of(OpCode.SETSID),
                Op.of(OpCode.CAPABILITIES, 0L, 0L, 0L, 0L, 0L),
                Op.of(OpCode.LSM_LABEL, "/proc/self/oom_score_adj", "321")));
        ops.addAll(process("sh", "-c", "cat /proc/self/oom_score_adj; grep CapEff /proc/self/status"));
        assertEquals("321\nCapEff:\t0000000000000000\n", runToExit(new Plan(ops)));
    }

    @Test
    void anLsmAttributeOutsideProcfsIsNeverWritten(@TempDir Path dir) throws Exception {
        Path attribute = Files.writeString(dir.resolve("exec"), "");
        List<Op> ops = new ArrayList<>(List.of(Op.of(OpCode.FORK_INIT), Op.of(OpCode.SETSID),
                Op.of(OpCode.LSM_LABEL, attribute.toString(), "exec my-profile")));
        ops.addAll(process("true"));
        var e = assertThrows(StageException.class,
                () -> StageProcess.run(LAUNCHER, new Plan(ops), Map.of(), NO_CALLBACKS));
        assertEquals("set the LSM label \"exec my-profile\": " + attribute + " is not a procfs path: invalid argument "
                + "(EINVAL)", e.getMessage());
        assertEquals("", Files.readString(attribute));
        assertNoChildren();
    }

    @Test
    void theInitIsPidOneOfItsOwnNamespacesWithItsOwnHostname() throws Exception {
        List<Op> ops = new ArrayList<>(List.of(
                Op.of(OpCode.UNSHARE, CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC),
                Op.of(OpCode.FORK_INIT),
                Op.of(OpCode.SETSID),
                Op.of(OpCode.HOSTNAME, "hako-stage-test")));
        ops.addAll(process("sh", "-c", "echo $$; hostname; readlink /proc/self/ns/uts"));
        String[] lines = runToExit(new Plan(ops)).split("\n");
        assertEquals("1", lines[0], "the init is pid 1 in its pid namespace");
        assertEquals("hako-stage-test", lines[1]);
        assertFalse(lines[2].equals(Files.readSymbolicLink(Path.of("/proc/self/ns/uts")).toString()),
                "a new UTS namespace");
        assertFalse(Files.readAllLines(Path.of("/proc/sys/kernel/hostname")).contains("hako-stage-test"),
                "the host's hostname is untouched");
    }

    @Test
    void aBusyboxRootfsWithProcAndPivotRoot() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static");
        Path rootfs = Files.createDirectories(dir.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("busybox"));
        Files.createSymbolicLink(rootfs.resolve("sh"), Path.of("busybox"));
        Files.createSymbolicLink(rootfs.resolve("ls"), Path.of("busybox"));
        Files.createSymbolicLink(rootfs.resolve("cat"), Path.of("busybox"));
        Path root = rootfs.getParent();
        // A hostile link: a mount on /escape must land inside the rootfs, not in the host's /tmp.
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/tmp"));
        List<Op> ops = new ArrayList<>(List.of(
                Op.of(OpCode.UNSHARE, CLONE_NEWPID | CLONE_NEWNS),
                Op.of(OpCode.FORK_INIT),
                Op.of(OpCode.ROOT_PROPAGATION, MS_PRIVATE | MS_REC),
                Op.of(OpCode.ROOTFS, root.toString(), 0),
                Op.of(OpCode.MOUNT, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "", 1, 0),
                Op.of(OpCode.MOUNT, "tmpfs", "/escape/inside", "tmpfs", 0L, "size=64k", 1, 0),
                Op.of(OpCode.MASK_PATH, "/proc/kcore"),
                Op.of(OpCode.READONLY_PATH, "/proc/sys"),
                Op.of(OpCode.PIVOT_ROOT),
                Op.of(OpCode.CHDIR, "/", 0)));
        ops.addAll(process("sh", "-c",
                "ls /; cat /proc/self/stat | cut -d' ' -f1; cat /proc/kcore | wc -c; "
                        + "echo 1 > /proc/sys/kernel/ns_last_pid 2>/dev/null && echo writable || echo read-only"));
        String out = runToExit(new Plan(ops));
        List<String> lines = List.of(out.split("\n"));
        assertTrue(lines.contains("bin") && lines.contains("proc") && lines.contains("escape"), out);
        assertTrue(lines.contains("read-only"), out);
        assertFalse(Files.exists(Path.of("/tmp/inside")), "the mount followed the link inside the rootfs");
        assertTrue(Files.isDirectory(root.resolve("tmp/inside")), "/escape -> /tmp resolved in the rootfs");
    }

    @Test
    void preservedDescriptorsReachTheProcessAndNothingElseDoes() throws Exception {
        Path shared = dir.resolve("shared");
        Files.writeString(shared, "preserved\n");
        try (Fd file = Sys.open(shared.toString(), Sys.O_RDONLY, 0)) {
            Path out = dir.resolve("out-fds");
            int init;
            try (Fd output = Sys.open(out.toString(), Sys.O_WRONLY | Sys.O_CREAT, 0600)) {
                List<Op> ops = new ArrayList<>(List.of(Op.of(OpCode.FORK_INIT)));
                ops.addAll(process("sh", "-c", "cat <&3; cd /proc/self/fd && echo *"));
                init = StageProcess.run(LAUNCHER, new Plan(ops), Map.of(1, output, 3, file), NO_CALLBACKS).initPid();
            }
            try (Pidfd process = Pidfd.open(init)) {
                assertEquals(0, process.waitExit().status());
            }
            List<String> lines = Files.readAllLines(out);
            assertEquals("preserved", lines.get(0));
            // 0-3, and the directory the shell's glob reads: no sync socket, plan or other JVM descriptor.
            List<String> fds = List.of(lines.get(1).split(" "));
            assertEquals(List.of("0", "1", "2", "3"), fds.subList(0, 4), lines.get(1));
            assertTrue(fds.size() <= 5, lines.get(1));
        }
    }

    @Test
    void startWaitsForTheExecFifo() throws Exception {
        Path fifo = dir.resolve("exec.fifo");
        Sys.mkfifo(fifo.toString(), 0622);
        Path out = dir.resolve("out");
        int init;
        try (Fd file = Sys.open(out.toString(), Sys.O_WRONLY | Sys.O_CREAT, 0600);
             Fd fifoPath = Sys.open(fifo.toString(), Sys.O_PATH, 0)) {
            List<Op> ops = new ArrayList<>(List.of(Op.of(OpCode.FORK_INIT),
                    Op.of(OpCode.FIND_EXECUTABLE, "echo", ENV), Op.of(OpCode.READY), Op.of(OpCode.WAIT_START, 5),
                    Op.of(OpCode.EXEC, List.of("echo", "started"), ENV)));
            init = StageProcess.run(LAUNCHER, new Plan(ops), Map.of(1, file, 5, fifoPath), NO_CALLBACKS).initPid();
        }
        try (Pidfd process = Pidfd.open(init)) {
            Thread.sleep(100);
            assertEquals(null, process.pollExit(), "the init waits for start");
            assertEquals("", Files.readString(out));
            try (Fd reader = Sys.open(fifo.toString(), Sys.O_RDONLY, 0)) {
                byte[] buffer = new byte[1];
                assertEquals(1, Sys.read(reader, buffer));
            }
            assertEquals(0, process.waitExit().status());
        }
        assertEquals("started\n", Files.readString(out));
    }

    @Test
    void aFailedOperationIsReportedWithItsPathAndErrnoAndNothingIsLeft() throws Exception {
        List<Op> ops = new ArrayList<>(List.of(Op.of(OpCode.UNSHARE, CLONE_NEWPID), Op.of(OpCode.FORK_INIT),
                Op.of(OpCode.CHDIR, "/nonexistent/dir", 0)));
        ops.addAll(process("true"));
        var e = assertThrows(StageException.class, () -> StageProcess.run(LAUNCHER, new Plan(ops), Map.of(), NO_CALLBACKS));
        assertEquals(2, e.index());
        assertEquals("chdir", e.operation());
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("chdir \"/nonexistent/dir\": no such file or directory (ENOENT)", e.getMessage());
        assertNoChildren();
    }

    @Test
    void aMissingExecutableIsReportedBeforeStart() throws Exception {
        List<Op> ops = new ArrayList<>(List.of(Op.of(OpCode.FORK_INIT)));
        ops.addAll(process("no-such-program"));
        var e = assertThrows(StageException.class, () -> StageProcess.run(LAUNCHER, new Plan(ops), Map.of(), NO_CALLBACKS));
        assertEquals("find-executable", e.operation());
        assertEquals("exec: \"no-such-program\": executable file not found in $PATH", e.getMessage());
        assertNoChildren();
    }

    @Test
    void anIntermediateFailureIsReportedToo() throws Exception {
        var plan = new Plan(List.of(Op.of(OpCode.JOIN_NAMESPACE, CLONE_NEWNS, "/nonexistent/ns"),
                Op.of(OpCode.FORK_INIT)));
        var e = assertThrows(StageException.class, () -> StageProcess.run(LAUNCHER, plan, Map.of(), NO_CALLBACKS));
        assertEquals(0, e.index());
        assertEquals("open namespace \"/nonexistent/ns\": no such file or directory (ENOENT)", e.getMessage());
        assertNoChildren();
    }

    private static void assertNoChildren() {
        assertEquals(List.of(), ProcessHandle.current().children().map(ProcessHandle::info).toList(),
                "every stage process was reaped");
    }

    /** The plans here neither join a cgroup, nor make a user namespace, nor load a filter with a listener. */
    private static final StageProcess.Callbacks NO_CALLBACKS = new StageProcess.Callbacks() {
        @Override
        public void joinCgroup(int intermediatePid) {
            throw new AssertionError("no plan here joins a cgroup");
        }

        @Override
        public void writeIdMaps(int intermediatePid) {
            throw new AssertionError("no plan here makes a user namespace");
        }

        @Override
        public void seccompListener(int initPid, Fd listener) {
            listener.close();
            throw new AssertionError("no plan here loads a seccomp filter with a listener");
        }

        @Override
        public byte[] runCreateHooks(int initPid) {
            throw new AssertionError("no plan here has hooks");
        }
    };
}
