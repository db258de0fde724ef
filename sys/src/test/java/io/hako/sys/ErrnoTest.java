package io.hako.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ErrnoTest {
    @Test
    void namesAndDescriptionsReadLikeRuncs() {
        assertEquals("ENOENT", Errno.name(Errno.ENOENT));
        assertEquals("no such file or directory", Errno.describe(Errno.ENOENT));
        assertEquals("permission denied", Errno.describe(Errno.EACCES));
        assertEquals("operation not permitted", Errno.describe(Errno.EPERM));
        assertEquals("no such process", Errno.describe(Errno.ESRCH));
    }

    @Test
    void unknownNumbersStillPrint() {
        assertEquals("errno 9999", Errno.name(9999));
        assertEquals("errno -1", Errno.describe(-1));
    }

    @Test
    void theJdksExceptionsGiveBackTheirErrno() {
        assertEquals(Errno.EACCES, Errno.of(new AccessDeniedException("/run/hako")));
        assertEquals(Errno.EROFS, Errno.of(new FileSystemException("/sys/fs/cgroup/x", null, "Read-only file system")));
        assertEquals(Errno.EPERM, Errno.of(new FileSystemException("/x", null, "Operation not permitted")));
        assertEquals(0, Errno.of(new FileSystemException("/x", null, "something else")));
        assertEquals(0, Errno.of(new IOException("no reason")));
    }

    @Test
    void aRealFailureKeepsItsReason() {
        // The uid map of this (already mapped) user namespace cannot be written again: EPERM, from the kernel.
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> Files.writeString(Path.of("/proc/self/uid_map"), "0 0 1\n"));
        assertEquals(Errno.EPERM, Errno.of(e));
        assertEquals("write /proc/self/uid_map: operation not permitted",
                Errno.explain("write /proc/self/uid_map", e));
        assertEquals("operation not permitted", Errno.message(e));
        assertEquals("/run/hako: permission denied", Errno.message(new AccessDeniedException("/run/hako")));
        IOException missing = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> Files.readAllBytes(Path.of("/nonexistent-hako-errno")));
        assertEquals("open /nonexistent-hako-errno: no such file or directory",
                Errno.explain("open /nonexistent-hako-errno", missing));
    }
}
