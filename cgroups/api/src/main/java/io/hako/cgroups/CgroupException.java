package io.hako.cgroups;

import io.hako.sys.Errno;
import io.hako.sys.SysException;
import java.io.IOException;

/**
 * A cgroup operation that failed, with what it was about: the cgroup, the file or setting, and the reason
 * (with errno's name when the kernel refused). {@link #errno()} keeps the kernel's error, so that a caller can
 * tell a permission error (which a rootless caller may ignore) from the others.
 */
public class CgroupException extends Exception {
    private final String cgroup;
    private final int errno;

    public CgroupException(String cgroup, String message) {
        super(cgroup == null ? message : "cgroup " + cgroup + ": " + message);
        this.cgroup = cgroup;
        this.errno = 0;
    }

    /** A failure caused by {@code cause}, whose errno (a file operation's, a system call's) it keeps. */
    public CgroupException(String cgroup, String message, Throwable cause) {
        super(cgroup == null ? message : "cgroup " + cgroup + ": " + message, cause);
        this.cgroup = cgroup;
        this.errno = errnoOf(cause);
    }

    private static int errnoOf(Throwable cause) {
        return switch (cause) {
            case IOException io -> Errno.of(io);
            case SysException sys -> sys.errno();
            case CgroupException cgroup -> cgroup.errno();
            case null, default -> 0;
        };
    }

    /** The cgroup's path, or null when the failure is about none in particular. */
    public String cgroup() {
        return cgroup;
    }

    /** The kernel's error number behind the failure, 0 when it was not the kernel's refusal. */
    public int errno() {
        return errno;
    }

    /**
     * Whether the kernel refused for lack of rights, in the loose sense runc's rootless cgroup manager takes:
     * EPERM, EACCES, or EROFS (a cgroupfs mounted read-only for the caller).
     */
    public boolean isPermissionError() {
        return errno == Errno.EPERM || errno == Errno.EACCES || errno == Errno.EROFS;
    }
}
