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

    /**
     * Takes ownership of a raw descriptor: nothing else may close it from now on.
     *
     * @param fd the descriptor's number, open and 0 or more
     * @return its owner
     */
    public static Fd adopt(int fd) {
        return new Fd(fd);
    }

    /**
     * {@return the raw number, for a system call; only valid until {@link #close()} or {@link #release()}}
     *
     * @throws IllegalStateException if the descriptor is closed or released
     */
    public int number() {
        int n = fd.get();
        if (n == CLOSED) {
            throw new IllegalStateException("file descriptor already closed");
        }
        return n;
    }

    /** {@return whether the descriptor is still owned: neither closed nor released} */
    public boolean isOpen() {
        return fd.get() != CLOSED;
    }

    /**
     * Gives up ownership: the caller now closes the returned number, and this object no longer does.
     *
     * @return the raw number
     * @throws IllegalStateException if the descriptor is closed or released already
     */
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
