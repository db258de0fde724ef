package io.hako.sys;

import io.hako.sys.internal.Native;
import io.hako.sys.internal.Nr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A counter in the kernel ({@code eventfd(2)}): writes add to it, a read takes it and leaves zero, and it polls
 * readable while it is above zero. The kernel signals some events through one: cgroup v1 counts a memory
 * cgroup's OOMs in an eventfd registered with {@code cgroup.event_control}.
 *
 * <p>Close-on-exec and non-blocking: wait for it with {@link Sys#poll}.
 */
public final class Eventfd implements AutoCloseable {
    private static final int EFD_NONBLOCK = Sys.O_NONBLOCK;
    private static final int EFD_CLOEXEC = Sys.O_CLOEXEC;

    private final Fd fd;

    private Eventfd(Fd fd) {
        this.fd = fd;
    }

    /**
     * {@return a new counter at zero, the caller's to close}
     *
     * @throws SysException if eventfd2 fails (EMFILE, ENFILE)
     */
    public static Eventfd open() throws SysException {
        return new Eventfd(Fd.adopt((int) Native.syscall("eventfd2", Nr.EVENTFD2, 0, EFD_NONBLOCK | EFD_CLOEXEC, 0)));
    }

    /**
     * {@return the descriptor, to poll or to hand to the kernel (its number goes into
     * {@code cgroup.event_control})} It stays this object's: {@link #close()} closes it.
     */
    public Fd fd() {
        return fd;
    }

    /**
     * Takes the count, leaving zero.
     *
     * @return what was added since the last take, unsigned; 0 when nothing was (the read would block)
     * @throws SysException if the read fails otherwise
     */
    public long take() throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
            Native.syscall("read(eventfd)", Nr.READ, fd.number(), value.address(), 8);
            return value.get(ValueLayout.JAVA_LONG, 0);
        } catch (SysException e) {
            if (e.errno() == Errno.EAGAIN) {
                return 0;
            }
            throw e;
        }
    }

    /**
     * Adds {@code n} to the counter.
     *
     * @param n 1 to 2^64 - 2, unsigned; others are refused with an {@link IllegalArgumentException}
     * @throws SysException if the write fails: EAGAIN when the counter would pass its maximum, since it is
     *     non-blocking
     */
    public void add(long n) throws SysException {
        if (n == 0 || n == -1) {
            throw new IllegalArgumentException("an eventfd takes 1 to 2^64 - 2, not " + Long.toUnsignedString(n));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
            value.set(ValueLayout.JAVA_LONG, 0, n);
            Native.syscall("write(eventfd)", Nr.WRITE, fd.number(), value.address(), 8);
        }
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "Eventfd(" + fd + ")";
    }
}
