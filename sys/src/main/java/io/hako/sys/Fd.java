package io.hako.sys;

import io.hako.sys.internal.Native;
import io.hako.sys.internal.Nr;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An owned file descriptor: closed exactly once, by {@link #close()}. Descriptors that hako opens are
 * close-on-exec unless a caller passes them to a child on purpose (see {@link Spawn}).
 */
public final class Fd implements AutoCloseable {
    private static final int CLOSED = -1;
    private final AtomicInteger fd;

    private Fd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd);
        }
        this.fd = new AtomicInteger(fd);
    }

    /** Takes ownership of a raw descriptor. */
    public static Fd adopt(int fd) {
        return new Fd(fd);
    }

    /** The raw number; only valid until {@link #close()}. */
    public int number() {
        int n = fd.get();
        if (n == CLOSED) {
            throw new IllegalStateException("file descriptor already closed");
        }
        return n;
    }

    public boolean isOpen() {
        return fd.get() != CLOSED;
    }

    /** Gives up ownership: the caller now closes the returned number. */
    public int release() {
        int n = fd.getAndSet(CLOSED);
        if (n == CLOSED) {
            throw new IllegalStateException("file descriptor already closed");
        }
        return n;
    }

    /** Closes the descriptor once; later calls do nothing. An error of close(2) is not retried (Linux frees it). */
    @Override
    public void close() {
        int n = fd.getAndSet(CLOSED);
        if (n != CLOSED) {
            try {
                Native.syscall("close", Nr.CLOSE, n, 0, 0);
            } catch (SysException e) {
                // EBADF would be a bug in ownership; EINTR/EIO leave the fd closed on Linux. Report the bug.
                if (e.errno() == Errno.EBADF) {
                    throw new IllegalStateException("closed a file descriptor hako did not own: " + n, e);
                }
            }
        }
    }

    @Override
    public String toString() {
        int n = fd.get();
        return n == CLOSED ? "Fd(closed)" : "Fd(" + n + ")";
    }
}
