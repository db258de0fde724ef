package io.hako.cgroups.internal;

import io.hako.cgroups.CgroupException;

/** The cgroupfs drivers' path rules, the same for v1 and v2. Pure functions. */
public final class CgroupPaths {
    private CgroupPaths() {}

    /**
     * A container's cgroup path: {@code cgroupsPath} from the root of the hierarchy, absolute or not (the spec
     * leaves a relative path's base to the runtime; engines pass absolute ones), and {@code /<id>} by default.
     * A systemd path (slice:prefix:name) is refused: it is for the systemd driver.
     */
    public static String forContainer(String cgroupsPath, String containerId) throws CgroupException {
        if (cgroupsPath == null || cgroupsPath.isEmpty()) {
            return normalize("/" + containerId);
        }
        if (!cgroupsPath.startsWith("/") && cgroupsPath.chars().filter(c -> c == ':').count() == 2) {
            throw new CgroupException(null, "/linux/cgroupsPath: \"" + cgroupsPath + "\" is a systemd path "
                    + "(slice:prefix:name); the cgroupfs driver takes a path (use --systemd-cgroup for systemd)");
        }
        return normalize(cgroupsPath.startsWith("/") ? cgroupsPath : "/" + cgroupsPath);
    }

    /** An absolute path without "." or ".." (which could leave the hierarchy), empty or repeated parts. */
    public static String normalize(String path) throws CgroupException {
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new CgroupException(path, "a cgroup path may not contain \"..\"");
            }
            out.append('/').append(part);
        }
        if (out.isEmpty()) {
            throw new CgroupException(path, "a container's cgroup cannot be the root of the hierarchy");
        }
        return out.toString();
    }
}
