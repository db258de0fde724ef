package io.hako.cgroups.v1.internal;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupDriver;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.internal.CgroupPaths;

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

    /** After cgroupfs-v2: see {@link CgroupDriver#priority()}. */
    @Override
    public int priority() {
        return 200;
    }

    @Override
    public boolean serves(CgroupLayout layout) {
        return layout.hasV1();
    }

    @Override
    public Cgroup forContainer(String cgroupsPath, String containerId, CgroupLayout layout) throws CgroupException {
        return forContainer(cgroupsPath, containerId, layout, false);
    }

    @Override
    public Cgroup forContainer(String cgroupsPath, String containerId, CgroupLayout layout, boolean rootless)
            throws CgroupException {
        boolean leaveOut = rootless && (cgroupsPath == null || cgroupsPath.isEmpty());
        return make(CgroupPaths.forContainer(cgroupsPath, containerId), layout, rootless, leaveOut);
    }

    @Override
    public Cgroup at(String path, CgroupLayout layout, boolean rootless) throws CgroupException {
        return make(path, layout, rootless, rootless);
    }

    @Override
    public Cgroup at(String path, CgroupLayout layout) throws CgroupException {
        return make(path, layout, false, false);
    }

    private static Cgroup make(String path, CgroupLayout layout, boolean rootless, boolean leaveOut)
            throws CgroupException {
        String normal = CgroupPaths.normalize(path);
        if (!layout.hasV1()) {
            throw new CgroupException(normal, "no cgroup v1 hierarchy is mounted on this host");
        }
        return new V1Cgroup(normal, layout, rootless, leaveOut);
    }
}
