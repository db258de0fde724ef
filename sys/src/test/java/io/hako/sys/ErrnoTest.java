package io.hako.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
