package io.hako.cgroups.internal.v1;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupDriver;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;

/**
 * cgroupfs on v1 hierarchies (a legacy host, or a hybrid one with cgroup2 mounted beside them): a container's
 * cgroup is a directory at the same path in every mounted hierarchy.
 *
 * <p>Paths: {@code cgroupsPath} is taken from the root of each hierarchy, absolute or not (the spec leaves a
 * relative path's base to the runtime; engines pass absolute ones), and defaults to {@code /<id>}.
 */
public final class V1Driver implements CgroupDriver {
    public static final String NAME = "cgroupfs-v1";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean serves(CgroupLayout layout) {
        return layout.hasV1();
    }

    @Override
    public Cgroup forContainer(String cgroupsPath, String containerId, CgroupLayout layout) throws CgroupException {
        if (cgroupsPath == null || cgroupsPath.isEmpty()) {
            return at("/" + containerId, layout);
        }
        if (!cgroupsPath.startsWith("/") && cgroupsPath.chars().filter(c -> c == ':').count() == 2) {
            throw new CgroupException(null, "/linux/cgroupsPath: \"" + cgroupsPath + "\" is a systemd path "
                    + "(slice:prefix:name); the cgroupfs driver takes a path (use --systemd-cgroup for systemd)");
        }
        return at(cgroupsPath.startsWith("/") ? cgroupsPath : "/" + cgroupsPath, layout);
    }

    @Override
    public Cgroup at(String path, CgroupLayout layout) throws CgroupException {
        String normal = normalize(path);
        if (!layout.hasV1()) {
            throw new CgroupException(normal, "no cgroup v1 hierarchy is mounted on this host");
        }
        return new V1Cgroup(normal, layout);
    }

    /** An absolute path without "." or ".." (which could leave the hierarchy), empty or repeated parts. */
    static String normalize(String path) throws CgroupException {
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
