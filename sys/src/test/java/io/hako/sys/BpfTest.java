package io.hako.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Device programs loaded and attached for real. They need root; attaching needs a cgroup2 mount, which a hybrid
 * host has beside its v1 hierarchies (programs attached there decide device access there too).
 */
class BpfTest {
    /** {@code w0 = 1; exit}: allows every access. */
    private static final long[] ALLOW_ALL = {0xb4L | (1L << 32), 0x95L};
    /** {@code w0 = 0; exit}: denies every access. */
    private static final long[] DENY_ALL = {0xb4L, 0x95L};

    private Path cgroup;

    @BeforeEach
    void root() {
        assumeTrue("root".equals(System.getProperty("user.name")), "bpf(2) needs root (CAP_SYS_ADMIN)");
    }

    @AfterEach
    void removeCgroup() throws IOException, InterruptedException {
        if (cgroup != null) {
            // Its processes have exited, but the kernel may take a moment to let go of them.
            for (int attempt = 0; attempt < 100 && Files.exists(cgroup); attempt++) {
                try {
                    Files.delete(cgroup);
                } catch (IOException e) {
                    Thread.sleep(10);
                }
            }
            assertTrue(Files.notExists(cgroup), "test cgroup " + cgroup + " left behind");
        }
    }

    @Test
    void aLoadedProgramHasItsTypeNameAndAnIdThatFindsItAgain() throws Exception {
        try (Fd program = Bpf.loadCgroupDeviceProgram("hako_test", ALLOW_ALL, "Apache-2.0")) {
            assertTrue(FdInfo.isCloseOnExec(program));
            Bpf.ProgramInfo info = Bpf.info(program);
            assertEquals(Bpf.PROG_TYPE_CGROUP_DEVICE, info.type());
            assertEquals("hako_test", info.name());
            assertTrue(info.id() > 0);
            try (Fd again = Bpf.programById(info.id())) {
                assertNotEquals(program.number(), again.number());
                assertEquals(info, Bpf.info(again));
            }
        }
    }

    @Test
    void aProgramTheVerifierRefusesFailsWithTheVerifiersReason() {
        // exit without setting r0: the verifier refuses to return an uninitialised register.
        var e = assertThrows(SysException.class,
                () -> Bpf.loadCgroupDeviceProgram("hako_bad", new long[] {0x95L}, "Apache-2.0"));
        assertEquals(Errno.EACCES, e.errno(), e.getMessage());
        assertTrue(e.getMessage().startsWith("bpf(BPF_PROG_LOAD) \"hako_bad\" \"verifier: "), e.getMessage());
        assertTrue(e.getMessage().contains("R0 !read_ok"), e.getMessage());
    }

    @Test
    void badNamesAreRefusedBeforeTheKernelSeesThem() {
        assertThrows(IllegalArgumentException.class,
                () -> Bpf.loadCgroupDeviceProgram("sixteen_chars_xx", ALLOW_ALL, "GPL"));
        assertThrows(IllegalArgumentException.class,
                () -> Bpf.loadCgroupDeviceProgram("with space", ALLOW_ALL, "GPL"));
    }

    @Test
    void programsAttachBesideEachOtherAndDetachOneByOne() throws Exception {
        cgroup = newCgroup();
        try (Fd dir = Sys.open(cgroup.toString(), Sys.O_RDONLY | Sys.O_DIRECTORY, 0);
                Fd first = Bpf.loadCgroupDeviceProgram("hako_first", ALLOW_ALL, "Apache-2.0");
                Fd second = Bpf.loadCgroupDeviceProgram("hako_second", ALLOW_ALL, "Apache-2.0")) {
            assertEquals(List.of(), Bpf.cgroupDevicePrograms(dir));
            Bpf.attachCgroupDevice(dir, first);
            Bpf.attachCgroupDevice(dir, second);
            assertEquals(List.of(Bpf.info(first).id(), Bpf.info(second).id()), Bpf.cgroupDevicePrograms(dir));
            Bpf.detachCgroupDevice(dir, first);
            assertEquals(List.of(Bpf.info(second).id()), Bpf.cgroupDevicePrograms(dir));
            var e = assertThrows(SysException.class, () -> Bpf.detachCgroupDevice(dir, first));
            assertEquals(Errno.ENOENT, e.errno(), "a program not attached there cannot be detached");
        }
    }

    @Test
    void anAttachedProgramDecidesTheDeviceAccessOfTheCgroupsProcesses() throws Exception {
        cgroup = newCgroup();
        assertEquals(0, headOfDevZero().exit(), "without a program, /dev/zero opens");
        try (Fd dir = Sys.open(cgroup.toString(), Sys.O_RDONLY | Sys.O_DIRECTORY, 0);
                Fd deny = Bpf.loadCgroupDeviceProgram("hako_deny", DENY_ALL, "Apache-2.0")) {
            Bpf.attachCgroupDevice(dir, deny);
            Result denied = headOfDevZero();
            assertEquals(1, denied.exit(), denied.output());
            assertTrue(denied.output().contains("Operation not permitted"), denied.output());
            Bpf.detachCgroupDevice(dir, deny);
            assertEquals(0, headOfDevZero().exit(), "detached, the program no longer decides");
        }
    }

    private record Result(int exit, String output) {}

    /** A shell that moves itself into the test cgroup, then reads a byte of /dev/zero. */
    private Result headOfDevZero() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/bin/sh", "-c",
                "echo $$ > " + cgroup.resolve("cgroup.procs") + " && exec head -c 1 /dev/zero")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    /** A fresh directory in this host's cgroup2 mount; skips when there is none. */
    private static Path newCgroup() throws IOException {
        Path mount = null;
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            int separator = line.indexOf(" - ");
            if (separator > 0 && line.substring(separator + 3).startsWith("cgroup2 ")) {
                mount = Path.of(line.substring(0, separator).split(" ")[4]);
                break;
            }
        }
        assumeTrue(mount != null, "no cgroup2 mount to attach programs to");
        return Files.createDirectory(mount.resolve("hako-bpf-test-" + ProcessHandle.current().pid()));
    }
}
