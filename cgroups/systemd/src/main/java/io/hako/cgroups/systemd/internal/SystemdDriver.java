package io.hako.cgroups.systemd.internal;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupDriver;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.v1.internal.V1Driver;
import io.hako.cgroups.v2.internal.V2Driver;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cgroups made by systemd ({@code --systemd-cgroup}): a container's cgroup is a transient unit, named by a
 * {@code slice:prefix:name} path, on a pure cgroup2 host or a v1 (legacy or hybrid) one. Where systemd is not
 * running this is an error, never a silent fall-back to cgroupfs.
 */
public final class SystemdDriver implements CgroupDriver {
    public static final String NAME = "systemd";
    /** What sd_booted(3) checks: systemd made this directory as init. */
    private static final String BOOTED = "/run/systemd/system";
    // Constants only: every command that lists the drivers (delete, kill --all) initialises this class.
    static final String NOT_RUNNING = "systemd is not running on this host (no " + BOOTED + "): the systemd "
            + "cgroup driver (--systemd-cgroup) needs it as init; without the flag hako manages cgroups itself";

    @Override
    public String name() {
        return NAME;
    }

    /** Chosen only when asked for: see {@link CgroupDriver#priority()}. */
    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean serves(CgroupLayout layout) {
        return layout.isUnified() || layout.hasV1();
    }

    @Override
    public boolean isSystemd() {
        return true;
    }

    @Override
    public Cgroup forContainer(String cgroupsPath, String containerId, CgroupLayout layout) throws CgroupException {
        if (!systemdRunning()) {
            throw new CgroupException(null, NOT_RUNNING);
        }
        return cgroup(UnitPath.parse(cgroupsPath, containerId), layout);
    }

    @Override
    public Cgroup at(String path, CgroupLayout layout) throws CgroupException {
        return cgroup(UnitPath.parse(path, null), layout);
    }

    private static Cgroup cgroup(UnitPath unit, CgroupLayout layout) throws CgroupException {
        Cgroup files = layout.isUnified() ? new V2Driver().at(unit.cgroup(), layout)
                : new V1Driver().at(unit.cgroup(), layout);
        return new SystemdCgroup(unit, layout, files);
    }

    static boolean systemdRunning() {
        return Files.isDirectory(Path.of(BOOTED));
    }
}
