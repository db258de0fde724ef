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
    /** The directory argument of the {@code *at} calls that means the working directory. */
    public static final int AT_FDCWD = -100;

    /** open(2) access mode: read only. */
    public static final int O_RDONLY = 0;
    /** open(2) access mode: write only. */
    public static final int O_WRONLY = 1;
    /** open(2) access mode: read and write. */
    public static final int O_RDWR = 2;
    /** open(2) flag: create the file if it does not exist, with the mode given. */
    public static final int O_CREAT = 0100;
    /** open(2) flag: with {@link #O_CREAT}, fail with EEXIST if the file exists (a symlink included). */
    public static final int O_EXCL = 0200;
    /** open(2) flag: a terminal opened does not become the process's controlling terminal. */
    public static final int O_NOCTTY = 0400;
    /** open(2) flag: a regular file opened for writing is cut to length 0. */
    public static final int O_TRUNC = 01000;
    /** open(2) flag: reads and writes that would block fail with EAGAIN instead; a FIFO opens at once. */
    public static final int O_NONBLOCK = 04000;
    /** open(2) flag: fail with ENOTDIR unless the path is a directory. */
    public static final int O_DIRECTORY = 0200000;
    /** open(2) flag: fail with ELOOP if the last component of the path is a symlink. */
    public static final int O_NOFOLLOW = 0400000;
    /** open(2) flag: the descriptor is closed by execve; every open here adds it. */
    public static final int O_CLOEXEC = 02000000;
    /** open(2) flag: a descriptor that only locates the file (for {@code *at} calls, fstat), not opened for I/O. */
    public static final int O_PATH = 010000000;

    /** openat2 resolve flag: no mount point may be crossed, bind mounts included. */
    public static final long RESOLVE_NO_XDEV = 0x01;
    /** openat2 resolve flag: no magic link ({@code /proc/PID/fd/N}, {@code /proc/PID/exe}) may be followed. */
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    /** openat2 resolve flag: no symlink may be followed (magic links included). */
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    /** openat2 resolve flag: fail with EXDEV on any path (absolute, {@code ..}, symlink) leading out of dir. */
    public static final long RESOLVE_BENEATH = 0x08;
    /** openat2 resolve flag: resolve as if dir were the root: {@code /}, {@code ..} and symlinks stay inside. */
    public static final long RESOLVE_IN_ROOT = 0x10;

    /** flock(2) operation: a shared lock. */
    public static final int LOCK_SH = 1;
    /** flock(2) operation: an exclusive lock. */
    public static final int LOCK_EX = 2;
    /** flock(2) flag, or-ed to LOCK_SH or LOCK_EX: do not wait for a lock held elsewhere. */
    public static final int LOCK_NB = 4;
    /** flock(2) operation: release the lock this descriptor holds. */
    public static final int LOCK_UN = 8;

    private static final int S_IFIFO = 0010000;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int PR_GET_CHILD_SUBREAPER = 37;

    private Sys() {}

    /**
     * {@code openat(AT_FDCWD, path, flags | O_CLOEXEC, mode)}.
     *
     * @param path the file, relative to the working directory unless absolute
     * @param flags the {@code O_*} flags; {@link #O_CLOEXEC} is always added
     * @param mode the permission bits of a file {@link #O_CREAT} makes (before the umask), else ignored
     * @return the open descriptor, the caller's to close
     * @throws SysException if openat fails, with its errno and the path
     */
    public static Fd open(String path, int flags, int mode) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            return Fd.adopt((int) Native.syscall("open", Nr.OPENAT, AT_FDCWD, cstring(arena, path).address(),
                    flags | O_CLOEXEC, mode, 0, 0, path));
        }
    }

    /**
     * {@code openat2(dir, path, {flags | O_CLOEXEC, mode, resolve})}: with {@link #RESOLVE_IN_ROOT}, the path is
     * resolved as if {@code dir} were the root, so no symlink or {@code ..} in it can lead outside.
     *
     * @param dir the directory the path is resolved from (and, with {@link #RESOLVE_IN_ROOT}, inside)
     * @param path the file, relative to {@code dir}
     * @param flags the {@code O_*} flags; {@link #O_CLOEXEC} is always added
     * @param mode the permission bits of a file {@link #O_CREAT} makes, else 0 (openat2 refuses any other)
     * @param resolve the {@code RESOLVE_*} flags, or-ed
     * @return the open descriptor, the caller's to close
     * @throws SysException if openat2 fails, with its errno and the path (ENOSYS before Linux 5.6)
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

    /**
     * {@code mkdirat(dir, name, mode)}: a directory {@code name} in {@code dir}; with a name of one component and
     * {@code dir} opened by {@link #openat2} in a root, nothing outside that root is made.
     *
     * @param dir the directory to make it in
     * @param name its name, relative to {@code dir}
     * @param mode its permission bits (before the umask)
     * @throws SysException if mkdirat fails, with its errno (EEXIST when something is there) and the name
     */
    public static void mkdirat(Fd dir, String name, int mode) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            Native.syscall("mkdirat", Nr.MKDIRAT, dir.number(), cstring(arena, name).address(), mode, 0, 0, 0, name);
        }
    }

    /**
     * A pipe, both ends close-on-exec.
     *
     * @return two descriptors, the caller's to close: {read end, write end}
     * @throws SysException if pipe2 fails (EMFILE, ENFILE)
     */
    public static Fd[] pipe() throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ends = arena.allocate(8, 4);
            Native.syscall("pipe2", Nr.PIPE2, ends.address(), O_CLOEXEC, 0, 0, 0, 0);
            return new Fd[] {Fd.adopt(ends.get(ValueLayout.JAVA_INT, 0)), Fd.adopt(ends.get(ValueLayout.JAVA_INT, 4))};
        }
    }

    /**
     * Makes a named pipe ({@code mknodat(AT_FDCWD, path, S_IFIFO | mode)}).
     *
     * @param path where, relative to the working directory unless absolute; nothing may exist there
     * @param mode the permission bits, before the umask
     * @throws SysException if mknodat fails, with its errno and the path (EEXIST if something is there)
     */
    public static void mkfifo(String path, int mode) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            Native.syscall("mkfifo", Nr.MKNODAT, AT_FDCWD, cstring(arena, path).address(), S_IFIFO | mode, 0, 0, 0,
                    path);
        }
    }

    /**
     * {@code flock(fd, operation)}. With {@link #LOCK_NB}, a lock held elsewhere returns false instead of
     * waiting.
     *
     * @param fd the open file to lock
     * @param operation {@link #LOCK_SH}, {@link #LOCK_EX} or {@link #LOCK_UN}, with {@link #LOCK_NB} or not
     * @return true once done; false only with {@link #LOCK_NB}, when the lock is held elsewhere
     * @throws SysException if flock fails otherwise
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

    /**
     * Reads up to {@code buffer.length} bytes, with one read(2).
     *
     * @param fd the descriptor to read
     * @param buffer where the bytes go, from index 0
     * @return how many bytes were read; 0 at end of file
     * @throws SysException if read fails (EAGAIN on a non-blocking descriptor with nothing to read)
     */
    public static int read(Fd fd, byte[] buffer) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(Math.max(1, buffer.length));
            int n = (int) Native.syscall("read", Nr.READ, fd.number(), segment.address(), buffer.length);
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, 0, buffer, 0, n);
            return n;
        }
    }

    /**
     * Writes all of {@code data}, with as many write(2) calls as it takes.
     *
     * @param fd the descriptor to write
     * @param data the bytes
     * @throws SysException if a write fails (EPIPE once no reader is left); part of the data may be written
     */
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
    /** poll(2) results, reported whether asked for or not: an error (the peer's end of a pipe closed, for one). */
    public static final short POLLERR = 8;
    /** poll(2) results, reported whether asked for or not: a hang-up (no writer left, the process exited). */
    public static final short POLLHUP = 0x10;
    /** poll(2) results, reported whether asked for or not: the descriptor is not open. */
    public static final short POLLNVAL = 0x20;

    /**
     * A descriptor to {@link #poll} and the events asked for on it.
     *
     * @param fd the descriptor, open
     * @param events {@link #POLLIN}, {@link #POLLPRI} or both, or-ed
     */
    public record PollFd(Fd fd, short events) {}

    /**
     * Waits until one of {@code fds} is readable (or hung up), at most {@code timeoutMillis} (negative: no limit).
     *
     * @param timeoutMillis the longest wait in milliseconds; 0 only looks, negative waits without limit
     * @param fds the descriptors, open
     * @return the {@code revents} of each descriptor, in their order; all zero on time-out
     * @throws SysException if ppoll fails
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
     *
     * @param timeoutMillis the longest wait in milliseconds; 0 only looks, negative waits without limit
     * @param fds the descriptors and the events asked for on each
     * @return the {@code revents} of each descriptor, in their order; all zero on time-out
     * @throws SysException if ppoll fails
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

    /**
     * {@return the effective user id of this process}
     *
     * @throws SysException never in practice: geteuid(2) cannot fail, but every call goes through one path
     */
    public static int geteuid() throws SysException {
        return (int) Native.syscall("geteuid", Nr.GETEUID, 0, 0, 0);
    }

    /**
     * {@return the effective group id of this process}
     *
     * @throws SysException never in practice: getegid(2) cannot fail, but every call goes through one path
     */
    public static int getegid() throws SysException {
        return (int) Native.syscall("getegid", Nr.GETEGID, 0, 0, 0);
    }

    /** {@code mount} flag: a bind mount of {@code source} at the target. */
    public static final long MS_BIND = 4096;
    /** {@code mount} flag: with {@link #MS_BIND}, the mounts under {@code source} too. */
    public static final long MS_REC = 16384;

    /**
     * {@code mount(source, target, NULL, flags, NULL)}: a bind mount, in this process's mount namespace.
     *
     * @param source what to bind
     * @param target where, an existing file or directory
     * @param flags {@link #MS_BIND}, with {@link #MS_REC} for the mounts under it
     * @throws SysException if mount fails, with its errno and the target (EPERM without CAP_SYS_ADMIN)
     */
    public static void bindMount(String source, String target, long flags) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            Native.syscall("mount", Nr.MOUNT, cstring(arena, source).address(), cstring(arena, target).address(), 0,
                    flags, 0, 0, target);
        }
    }

    /** {@code umount2}: detaches the mount at {@code path} now and frees it once it is no longer busy. */
    public static final int MNT_DETACH = 2;

    /**
     * {@code umount2(path, flags)}.
     *
     * @param path the mount point
     * @param flags 0 or {@link #MNT_DETACH}
     * @throws SysException if umount2 fails, with its errno and the path (EINVAL if nothing is mounted there,
     *     EBUSY if it is in use and not detached)
     */
    public static void unmount(String path, int flags) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            Native.syscall("umount2", Nr.UMOUNT2, cstring(arena, path).address(), flags, 0, path);
        }
    }

    /**
     * {@code kill(pid, signal)}.
     *
     * @param pid the process; 0 and below name process groups, as kill(2) says
     * @param signal the signal's number; 0 only checks that the process exists and may be signalled
     * @throws SysException if kill fails, with its errno and the pid (ESRCH once the process is gone)
     */
    public static void kill(int pid, int signal) throws SysException {
        Native.syscall("kill", Nr.KILL, pid, signal, 0, String.valueOf(pid));
    }

    /**
     * Sends {@code signal} to {@code pid} if it is still there; one that has exited is passed over. SIGTERM and
     * SIGKILL, nearly all that is sent, go through {@link ProcessHandle}: java.base, no native code to link (which
     * costs a CLI call some 20 ms).
     *
     * @param pid the process; 0 and below are passed over, since they name process groups
     * @param signal the signal's number
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
     *
     * @param on true to become a subreaper, false to stop being one
     * @throws SysException if prctl fails
     */
    public static void setChildSubreaper(boolean on) throws SysException {
        Native.syscall("prctl(PR_SET_CHILD_SUBREAPER)", Nr.PRCTL, PR_SET_CHILD_SUBREAPER, on ? 1 : 0, 0);
    }

    /**
     * {@return whether this process is a child subreaper}
     *
     * @throws SysException if prctl fails
     */
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
