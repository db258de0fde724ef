package io.hako.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** eventfd2 on the real kernel: a counter that polls readable while above zero. */
class EventfdTest {
    @Test
    void addsAreSummedTakenOnceAndPollReadableUntilTaken() throws Exception {
        try (Eventfd counter = Eventfd.open()) {
            assertTrue(FdInfo.isCloseOnExec(counter.fd()));
            assertEquals(0, counter.take(), "nothing added: the non-blocking read finds nothing");
            assertArrayEquals(new short[] {0}, Sys.pollIn(0, counter.fd()));

            counter.add(2);
            counter.add(3);
            assertEquals(Sys.POLLIN, Sys.pollIn(0, counter.fd())[0]);
            assertEquals(5, counter.take());
            assertEquals(0, counter.take(), "taken: zero again");
            assertArrayEquals(new short[] {0}, Sys.pollIn(0, counter.fd()));
        }
    }

    @Test
    void anAddFromAnotherThreadEndsAWait() throws Exception {
        try (Eventfd counter = Eventfd.open()) {
            Thread adder = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(100);
                    counter.add(1);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            long start = System.nanoTime();
            short[] revents = Sys.poll(10_000, new Sys.PollFd(counter.fd(), Sys.POLLIN));
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            adder.join();
            assertEquals(Sys.POLLIN, revents[0]);
            assertTrue(waitedMillis >= 90 && waitedMillis < 5_000, "waited " + waitedMillis + " ms");
            assertEquals(1, counter.take());
        }
    }

    @Test
    void theLargestCountIsRefusedWithErrno() throws Exception {
        try (Eventfd counter = Eventfd.open()) {
            assertThrows(IllegalArgumentException.class, () -> counter.add(0));
            counter.add(-2); // 2^64 - 2, the most it holds
            var e = assertThrows(SysException.class, () -> counter.add(1));
            assertEquals(Errno.EAGAIN, e.errno(), "full: a non-blocking write would block");
            assertEquals(-2, counter.take());
        }
    }

    @Test
    void closingFreesTheDescriptor() throws Exception {
        Eventfd counter = Eventfd.open();
        int number = counter.fd().number();
        assertTrue(FdInfo.isOpen(number));
        counter.close();
        assertFalse(counter.fd().isOpen());
        assertFalse(FdInfo.isOpen(number));
    }
}
