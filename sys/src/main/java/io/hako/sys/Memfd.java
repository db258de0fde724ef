package io.hako.sys;

import io.hako.sys.internal.Native;
import io.hako.sys.internal.Nr;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;

/**
 * Anonymous files in memory. hako copies its native stage into a sealed memfd and executes that, so no file on
 * the host can be overwritten through the container's {@code /proc/self/exe} (CVE-2019-5736).
 */
public final class Memfd {
    private static final int MFD_CLOEXEC = 1;
    private static final int MFD_ALLOW_SEALING = 2;
    private static final int F_ADD_SEALS = 1033;
    private static final int F_GET_SEALS = 1034;
    /** Seal: no seal may be added any more. */
    public static final int F_SEAL_SEAL = 1;
    /** Seal: the file may not be made shorter. */
    public static final int F_SEAL_SHRINK = 2;
    /** Seal: the file may not be made longer. */
    public static final int F_SEAL_GROW = 4;
    /** Seal: the contents may not be written (nor mapped shared and writable). */
    public static final int F_SEAL_WRITE = 8;

    private Memfd() {}

    /**
     * A close-on-exec memfd holding {@code content}, sealed against every change (write, grow, shrink, and
     * further seals), its offset back at the start so that a reader (or a child it is passed to) reads it all.
     *
     * @param name what {@code /proc/<pid>/fd} shows, after {@code memfd:}; for people, not unique
     * @param content the bytes
     * @return the memfd, the caller's to close
     * @throws SysException if memfd_create, the write, the sealing or the seek fails; nothing is left open
     */
    public static Fd sealed(String name, byte[] content) throws SysException {
        Fd fd = create(name);
        try {
            Sys.writeFully(fd, content);
            Native.syscall("fcntl(F_ADD_SEALS)", Nr.FCNTL, fd.number(),
                    F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE, name);
            Native.syscall("lseek", Nr.LSEEK, fd.number(), 0, 0 /* SEEK_SET */, name);
            return fd;
        } catch (SysException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * Makes an empty, close-on-exec memfd that can be sealed.
     *
     * @param name what {@code /proc/<pid>/fd} shows, after {@code memfd:}; for people, not unique
     * @return the memfd, the caller's to close
     * @throws SysException if memfd_create fails, with the name
     */
    public static Fd create(String name) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            return Fd.adopt((int) Native.syscall("memfd_create", Nr.MEMFD_CREATE,
                    Sys.cstring(arena, name).address(), MFD_CLOEXEC | MFD_ALLOW_SEALING, 0, name));
        }
    }

    /**
     * Everything in a memfd (or any regular file), read from its start whatever its offset, for example what a
     * library wrote to it by descriptor. The offset is left at the end.
     *
     * @param fd the memfd or file, open for reading and seekable
     * @return its bytes
     * @throws SysException if the seek or a read fails
     */
    public static byte[] contents(Fd fd) throws SysException {
        Native.syscall("lseek", Nr.LSEEK, fd.number(), 0, 0 /* SEEK_SET */);
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = Sys.read(fd, buffer)) > 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * {@return the seals of a memfd, {@code F_SEAL_*} bits or-ed}
     *
     * @param fd the memfd
     * @throws SysException if fcntl fails (EINVAL for a file that cannot be sealed)
     */
    public static int seals(Fd fd) throws SysException {
        return (int) Native.syscall("fcntl(F_GET_SEALS)", Nr.FCNTL, fd.number(), F_GET_SEALS, 0);
    }
}
