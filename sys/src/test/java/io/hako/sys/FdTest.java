package io.hako.sys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FdTest {
    @Test
    void closesOnceAndOnlyOnce() throws Exception {
        Fd fd = Sys.open("/dev/null", Sys.O_RDONLY, 0);
        int number = fd.number();
        assertTrue(FdInfo.isOpen(number));
        fd.close();
        assertFalse(FdInfo.isOpen(number));
        fd.close(); // a second close must not close whatever reuses the number
        assertThrows(IllegalStateException.class, fd::number);
    }

    @Test
    void releaseHandsOwnershipOver() throws Exception {
        Fd fd = Sys.open("/dev/null", Sys.O_RDONLY, 0);
        int number = fd.release();
        fd.close();
        assertTrue(FdInfo.isOpen(number), "a released descriptor is the caller's to close");
        Fd.adopt(number).close();
        assertFalse(FdInfo.isOpen(number));
    }
}
