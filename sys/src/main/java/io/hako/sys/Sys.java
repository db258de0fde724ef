package io.hako.sys;

import io.hako.sys.internal.Native;
import io.hako.sys.internal.Nr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Plain system calls on paths and descriptors. Every descriptor returned is close-on-exec and owned by the
 * caller; every failure is a {@link SysException} naming the call, the path and errno.
 */
public final class Sys {
    public static final int AT_FDCWD = -100;

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;

    /** openat2 resolve flags. */
    public static final long RESOLVE_NO_XDEV = 0x01;
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    public static final long RESOLVE_BENEATH = 0x08;
    public static final long RESOLVE_IN_ROOT = 0x10;

    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;

    private static final int S_IFIFO = 0010000;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int PR_GET_CHILD_SUBREAPER = 37;

    private Sys() {}

    /** {@code openat(AT_FDCWD, path, flags | O_CLOEXEC, mode)}. */
    public static Fd open(String path, int flags, int mode) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            return Fd.adopt((int) Native.syscall("open", Nr.OPENAT, AT_FDCWD, cstring(arena, path).address(),
                    flags | O_CLOEXEC, mode, 0, 0, path));
        }
    }

    /**
     * {@code openat2(dir, path, {flags | O_CLOEXEC, mode, resolve})}: with {@link #RESOLVE_IN_ROOT}, the path is
     * resolved as if {@code dir} were the root, so no symlink or {@code ..} in it can lead outside.
     */
    public static Fd openat2(Fd dir, String path, int flags, int mode, long resolve) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment how = arena.allocate(24, 8);
            how.set(ValueLayout.JAVA_LONG, 0, (flags | O_CLOEXEC) & 0xffffffffL);
            how.set(ValueLayout.JAVA_LONG, 8, mode);
            how.set(ValueLayout.JAVA_LONG, 16, resolve);
            return Fd.adopt((int) Native.syscall("openat2", Nr.OPENAT2, dir.number(),
                    cstring(arena, path).address(), how.address(), 24, 0, 0, path));
        }
    }

    /** A pipe, both ends close-on-exec: {read end, write end}. */
    public static Fd[] pipe() throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ends = arena.allocate(8, 4);
            Native.syscall("pipe2", Nr.PIPE2, ends.address(), O_CLOEXEC, 0, 0, 0, 0);
            return new Fd[] {Fd.adopt(ends.get(ValueLayout.JAVA_INT, 0)), Fd.adopt(ends.get(ValueLayout.JAVA_INT, 4))};
        }
    }

    /** Makes a named pipe ({@code mknodat(AT_FDCWD, path, S_IFIFO | mode)}). */
    public static void mkfifo(String path, int mode) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            Native.syscall("mkfifo", Nr.MKNODAT, AT_FDCWD, cstring(arena, path).address(), S_IFIFO | mode, 0, 0, 0,
                    path);
        }
    }

    /**
     * {@code flock(fd, operation)}. With {@link #LOCK_NB}, a lock held elsewhere returns false instead of
     * waiting.
     */
    public static boolean flock(Fd fd, int operation) throws SysException {
        try {
            Native.syscall("flock", Nr.FLOCK, fd.number(), operation, 0);
            return true;
        } catch (SysException e) {
            if ((operation & LOCK_NB) != 0 && e.errno() == Errno.EAGAIN) {
                return false;
            }
            throw e;
        }
    }

    /** Reads up to {@code buffer.length} bytes; returns the count, 0 at end of file. */
    public static int read(Fd fd, byte[] buffer) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(Math.max(1, buffer.length));
            int n = (int) Native.syscall("read", Nr.READ, fd.number(), segment.address(), buffer.length);
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, 0, buffer, 0, n);
            return n;
        }
    }

    /** Writes all of {@code data}. */
    public static void writeFully(Fd fd, byte[] data) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, segment, ValueLayout.JAVA_BYTE, 0, data.length);
            long done = 0;
            while (done < data.length) {
                done += Native.syscall("write", Nr.WRITE, fd.number(), segment.address() + done, data.length - done);
            }
        }
    }

    /** poll(2) events: data to read. */
    public static final short POLLIN = 1;
    /** poll(2) events: an exceptional condition (a PSI trigger that fired, out-of-band data). */
    public static final short POLLPRI = 2;
    /** poll(2) results, reported whether asked for or not: an error, a hang-up, a descriptor not open. */
    public static final short POLLERR = 8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;

    /** A descriptor to {@link #poll} and the events asked for on it ({@link #POLLIN}, {@link #POLLPRI}). */
    public record PollFd(Fd fd, short events) {}

    /**
     * Waits until one of {@code fds} is readable (or hung up), at most {@code timeoutMillis} (negative: no limit).
     * Returns the {@code revents} of each descriptor, all zero on time-out.
     */
    public static short[] pollIn(int timeoutMillis, Fd... fds) throws SysException {
        PollFd[] polled = new PollFd[fds.length];
        for (int i = 0; i < fds.length; i++) {
            polled[i] = new PollFd(fds[i], POLLIN);
        }
        return poll(timeoutMillis, polled);
    }

    /**
     * {@code ppoll}: waits until one of {@code fds} has an event it asks for, or an error or hang-up (always
     * reported), at most {@code timeoutMillis} (0: only looks; negative: no limit). Returns the {@code revents}
     * of each descriptor, in their order, all zero on time-out. A signal does not cut the wait short: the kernel
     * leaves the time still to wait in the timeout, and the call goes on with that.
     */
    public static short[] poll(long timeoutMillis, PollFd... fds) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfds = arena.allocate(8L * Math.max(1, fds.length), 8);
            for (int i = 0; i < fds.length; i++) {
                pollfds.set(ValueLayout.JAVA_INT, 8L * i, fds[i].fd().number());
                pollfds.set(ValueLayout.JAVA_SHORT, 8L * i + 4, fds[i].events());
            }
            MemorySegment timeout = MemorySegment.NULL;
            if (timeoutMillis >= 0) {
                timeout = arena.allocate(16, 8);
                timeout.set(ValueLayout.JAVA_LONG, 0, timeoutMillis / 1000);
                timeout.set(ValueLayout.JAVA_LONG, 8, (timeoutMillis % 1000) * 1_000_000L);
            }
            Native.syscall("ppoll", Nr.PPOLL, pollfds.address(), fds.length, timeout.address(), 0, 8, 0);
            short[] revents = new short[fds.length];
            for (int i = 0; i < fds.length; i++) {
                revents[i] = pollfds.get(ValueLayout.JAVA_SHORT, 8L * i + 6);
            }
            return revents;
        }
    }

    /** The effective user id of this process. */
    public static int geteuid() throws SysException {
        return (int) Native.syscall("geteuid", Nr.GETEUID, 0, 0, 0);
    }

    /** The effective group id of this process. */
    public static int getegid() throws SysException {
        return (int) Native.syscall("getegid", Nr.GETEGID, 0, 0, 0);
    }

    /** {@code umount2}: detaches the mount at {@code path} now and frees it once it is no longer busy. */
    public static final int MNT_DETACH = 2;

    /** {@code umount2(path, flags)}. */
    public static void unmount(String path, int flags) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            Native.syscall("umount2", Nr.UMOUNT2, cstring(arena, path).address(), flags, 0, path);
        }
    }

    /** {@code kill(pid, signal)}. */
    public static void kill(int pid, int signal) throws SysException {
        Native.syscall("kill", Nr.KILL, pid, signal, 0, String.valueOf(pid));
    }

    /**
     * Sends {@code signal} to {@code pid} if it is still there; one that has exited is passed over. SIGTERM and
     * SIGKILL, nearly all that is sent, go through {@link ProcessHandle}: java.base, no native code to link (which
     * costs a CLI call some 20 ms).
     */
    public static void signalIfPresent(int pid, int signal) {
        if (pid <= 0) {
            return; // 0 and below name process groups, never one process
        }
        if (signal == 9 || signal == 15) {
            ProcessHandle.of(pid).ifPresent(signal == 9 ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
            return;
        }
        try {
            kill(pid, signal);
        } catch (SysException e) {
            // it exited meanwhile: nothing to signal
        }
    }

    /**
     * Makes this process a child subreaper: orphaned descendants (a container's init once its intermediate
     * exits) are re-parented here, so this process can wait for them.
     */
    public static void setChildSubreaper(boolean on) throws SysException {
        Native.syscall("prctl(PR_SET_CHILD_SUBREAPER)", Nr.PRCTL, PR_SET_CHILD_SUBREAPER, on ? 1 : 0, 0);
    }

    /** Whether this process is a child subreaper. */
    public static boolean isChildSubreaper() throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment flag = arena.allocate(ValueLayout.JAVA_INT);
            Native.syscall("prctl(PR_GET_CHILD_SUBREAPER)", Nr.PRCTL, PR_GET_CHILD_SUBREAPER, flag.address(), 0);
            return flag.get(ValueLayout.JAVA_INT, 0) != 0;
        }
    }

    /** A NUL-terminated copy of {@code s}; a NUL inside is refused, since C would silently cut it there. */
    static MemorySegment cstring(Arena arena, String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL byte in \"" + s.replace("\0", "\\0") + "\"");
        }
        return arena.allocateFrom(s);
    }
}
