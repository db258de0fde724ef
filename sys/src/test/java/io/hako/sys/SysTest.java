package io.hako.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysTest {
    @Test
    void openFailureNamesCallPathAndErrno() {
        var e = assertThrows(SysException.class, () -> Sys.open("/nonexistent/x", Sys.O_RDONLY, 0));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("ENOENT", e.errnoName());
        assertEquals("open \"/nonexistent/x\": no such file or directory", e.getMessage());
    }

    @Test
    void descriptorsAreCloseOnExec() throws Exception {
        try (Fd fd = Sys.open("/dev/null", Sys.O_RDONLY, 0)) {
            assertTrue(FdInfo.isCloseOnExec(fd));
        }
    }

    @Test
    void aPipeCarriesWhatIsWrittenToItsReadEndUntilItsWriteEndCloses() throws Exception {
        Fd[] pipe = Sys.pipe();
        try (Fd read = pipe[0]; Fd write = pipe[1]) {
            assertTrue(FdInfo.isCloseOnExec(read) && FdInfo.isCloseOnExec(write));
            Sys.writeFully(write, "through".getBytes(StandardCharsets.UTF_8));
            write.close();
            byte[] buffer = new byte[16];
            assertEquals(7, Sys.read(read, buffer));
            assertEquals(0, Sys.read(read, buffer), "the end of the stream");
        }
    }

    @Test
    void readAndWrite(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f");
        try (Fd fd = Sys.open(file.toString(), Sys.O_WRONLY | Sys.O_CREAT | Sys.O_EXCL, 0600)) {
            Sys.writeFully(fd, "hello".getBytes(StandardCharsets.UTF_8));
        }
        try (Fd fd = Sys.open(file.toString(), Sys.O_RDONLY, 0)) {
            byte[] buffer = new byte[16];
            assertEquals(5, Sys.read(fd, buffer));
            assertEquals(0, Sys.read(fd, buffer));
        }
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
    }

    @Test
    void openat2InRootKeepsSymlinksAndDotDotInside(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "inside");
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/etc/hostname"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../etc/hostname"));
        try (Fd rootFd = Sys.open(root.toString(), Sys.O_PATH | Sys.O_DIRECTORY, 0)) {
            for (String path : new String[] {"escape", "up", "../../etc/hostname", "/etc/hostname"}) {
                try (Fd fd = Sys.openat2(rootFd, path, Sys.O_RDONLY, 0, Sys.RESOLVE_IN_ROOT)) {
                    byte[] buffer = new byte[16];
                    int n = Sys.read(fd, buffer);
                    assertEquals("inside", new String(buffer, 0, n, StandardCharsets.UTF_8), path);
                }
            }
            var e = assertThrows(SysException.class,
                    () -> Sys.openat2(rootFd, "escape", Sys.O_RDONLY, 0, Sys.RESOLVE_BENEATH));
            assertEquals(Errno.EXDEV, e.errno());
        }
    }

    @Test
    void mkfifoMakesANamedPipe(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("exec.fifo");
        Sys.mkfifo(fifo.toString(), 0622);
        var attributes = Files.readAttributes(fifo, PosixFileAttributes.class);
        assertTrue(attributes.isOther(), "a fifo is neither file, directory nor link");
        var e = assertThrows(SysException.class, () -> Sys.mkfifo(fifo.toString(), 0622));
        assertEquals(Errno.EEXIST, e.errno());
    }

    @Test
    void flockIsExclusiveBetweenOpenFiles(@TempDir Path dir) throws Exception {
        Path lock = Files.createFile(dir.resolve("lock"));
        try (Fd first = Sys.open(lock.toString(), Sys.O_RDONLY, 0);
             Fd second = Sys.open(lock.toString(), Sys.O_RDONLY, 0)) {
            assertTrue(Sys.flock(first, Sys.LOCK_EX | Sys.LOCK_NB));
            assertFalse(Sys.flock(second, Sys.LOCK_EX | Sys.LOCK_NB));
            Sys.flock(first, Sys.LOCK_UN);
            assertTrue(Sys.flock(second, Sys.LOCK_EX | Sys.LOCK_NB));
        }
    }

    @Test
    void childSubreaperCanBeSetAndCleared() throws Exception {
        boolean before = Sys.isChildSubreaper();
        try {
            Sys.setChildSubreaper(true);
            assertTrue(Sys.isChildSubreaper());
            Sys.setChildSubreaper(false);
            assertFalse(Sys.isChildSubreaper());
        } finally {
            Sys.setChildSubreaper(before);
        }
    }

    @Test
    void killWithSignalZeroProbesAProcess() throws Exception {
        Sys.kill((int) ProcessHandle.current().pid(), 0);
        var e = assertThrows(SysException.class, () -> Sys.kill(Integer.MAX_VALUE, 0));
        assertEquals(Errno.ESRCH, e.errno());
    }

    @Test
    void pollWaitsForTheReadableDescriptor() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            assertArrayEquals(new short[] {0}, Sys.pollIn(20, b.fd()), "nothing to read: times out");
            a.send(new byte[] {1});
            assertEquals(Sys.POLLIN, Sys.pollIn(1000, b.fd())[0] & Sys.POLLIN);
        }
    }

    @Test
    void pollAsksEachDescriptorForItsOwnEvents() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            a.send(new byte[] {1});
            // b is readable, but only POLLPRI is asked of it: nothing to report, the wait times out.
            assertArrayEquals(new short[] {0, 0}, Sys.poll(20, new Sys.PollFd(b.fd(), Sys.POLLPRI),
                    new Sys.PollFd(a.fd(), Sys.POLLPRI)));
            assertArrayEquals(new short[] {Sys.POLLIN, 0}, Sys.poll(0, new Sys.PollFd(b.fd(), Sys.POLLIN),
                    new Sys.PollFd(a.fd(), Sys.POLLPRI)));
            a.close();
            assertEquals(Sys.POLLHUP, Sys.poll(0, new Sys.PollFd(b.fd(), Sys.POLLPRI))[0] & Sys.POLLHUP,
                    "a hang-up is reported unasked");
        }
    }

    @Test
    void pollWaitsForAPressureTriggerWithPollPri() throws Exception {
        Path pressure = Path.of("/proc/pressure/memory");
        assumeTrue(Files.isWritable(pressure) && "root".equals(System.getProperty("user.name")),
                "needs PSI (/proc/pressure) and root for a trigger");
        try (Fd trigger = Sys.open(pressure.toString(), Sys.O_RDWR | Sys.O_NONBLOCK, 0)) {
            // Half a second of memory stall within 2 s: an idle machine has none, so the wait times out.
            // The kernel takes the last byte written for the string's end: a NUL, or it cuts the last digit.
            Sys.writeFully(trigger, "some 500000 2000000\0".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            short[] revents = Sys.poll(300, new Sys.PollFd(trigger, Sys.POLLPRI));
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertArrayEquals(new short[] {0}, revents, "half a second of memory stall in 300 ms: none");
            assertTrue(waited >= 250, "the timeout was waited out: " + waited + " ms");
        }
    }

    @Test
    void effectiveIdsMatchProc() throws Exception {
        String status = new String(Files.newInputStream(Path.of("/proc/self/status")).readAllBytes());
        String uidLine = status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        assertEquals(uidLine.split("\\s+")[2], String.valueOf(Sys.geteuid()));
        String gidLine = status.lines().filter(l -> l.startsWith("Gid:")).findFirst().orElseThrow();
        assertEquals(gidLine.split("\\s+")[2], String.valueOf(Sys.getegid()));
    }

    @Test
    void nulBytesInPathsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Sys.open("/dev/null\0/etc/passwd", Sys.O_RDONLY, 0));
    }

    @Test
    void unmountDetachesAMountAndNamesThePathWhenThereIsNone(@TempDir Path dir)
            throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "mounting needs root");
        Path target = Files.createDirectory(dir.resolve("mnt"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "tmpfs", target.toString()).inheritIO().start();
        assertEquals(0, mount.waitFor());
        assertTrue(Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + target + " "));
        Sys.unmount(target.toString(), Sys.MNT_DETACH);
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + target + " "));
        var e = assertThrows(SysException.class, () -> Sys.unmount(target.toString(), 0));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
    }
}
