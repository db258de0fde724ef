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
    /** The cgroup's path, or null. */
    private final String cgroup;
    /** The kernel's errno behind the failure, or 0. */
    private final int errno;

    /**
     * A failure that is not the kernel's refusal: {@link #errno()} is 0.
     *
     * @param cgroup the cgroup's path as its driver names it, or null when the failure is about none in
     *     particular; the message begins with it
     * @param message what failed and why
     */
    public CgroupException(String cgroup, String message) {
        super(cgroup == null ? message : "cgroup " + cgroup + ": " + message);
        this.cgroup = cgroup;
        this.errno = 0;
    }

    /**
     * A failure caused by {@code cause}, whose errno (a file operation's, a system call's) it keeps.
     *
     * @param cgroup the cgroup's path as its driver names it, or null when the failure is about none in
     *     particular; the message begins with it
     * @param message what failed and why
     * @param cause an {@link IOException}, a {@link SysException} or another {@code CgroupException}, whose errno
     *     is kept; anything else (or null) keeps none
     */
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

    /** {@return the cgroup's path, or null when the failure is about none in particular} */
    public String cgroup() {
        return cgroup;
    }

    /** {@return the kernel's error number behind the failure, 0 when it was not the kernel's refusal} */
    public int errno() {
        return errno;
    }

    /**
     * Whether the kernel refused for lack of rights, in the loose sense runc's rootless cgroup manager takes:
     * EPERM, EACCES, or EROFS (a cgroupfs mounted read-only for the caller).
     *
     * @return true for those three errnos
     */
    public boolean isPermissionError() {
        return errno == Errno.EPERM || errno == Errno.EACCES || errno == Errno.EROFS;
    }
}
