package io.hako.cgroups;

/**
 * A cgroup operation that failed, with what it was about: the cgroup, the file or setting, and the reason
 * (with errno's name when the kernel refused).
 */
public class CgroupException extends Exception {
    private final String cgroup;

    public CgroupException(String cgroup, String message) {
        super(cgroup == null ? message : "cgroup " + cgroup + ": " + message);
        this.cgroup = cgroup;
    }

    public CgroupException(String cgroup, String message, Throwable cause) {
        super(cgroup == null ? message : "cgroup " + cgroup + ": " + message, cause);
        this.cgroup = cgroup;
    }

    /** The cgroup's path, or null when the failure is about none in particular. */
    public String cgroup() {
        return cgroup;
    }
}
