package io.hako.cgroups.v2.internal;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupDriver;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.internal.CgroupPaths;

/**
 * cgroupfs on a pure cgroup2 (unified) host: a container's cgroup is one directory in the cgroup2 tree, its
 * device rules an eBPF program attached to it.
 *
 * <p>Paths: {@code cgroupsPath} is taken from the cgroup2 root, absolute or not (as {@code cgroupfs-v1} takes
 * it), and defaults to {@code /<id>}.
 */
public final class V2Driver implements CgroupDriver {
    public static final String NAME = "cgroupfs-v2";

    @Override
    public String name() {
        return NAME;
    }

    /** The highest of hako's: see {@link CgroupDriver#priority()}. */
    @Override
    public int priority() {
        return 300;
    }

    @Override
    public boolean serves(CgroupLayout layout) {
        return layout.isUnified();
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
        if (!layout.isUnified()) {
            throw new CgroupException(normal, "the " + NAME + " driver needs a pure cgroup2 host, and this one has "
                    + (layout.unified() == null ? "no cgroup2 mount" : "v1 controllers " + layout.v1().keySet()));
        }
        return new V2Cgroup(normal, layout.unified(), rootless, leaveOut);
    }
}
