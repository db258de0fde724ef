package io.hako.cgroups;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How this host mounts cgroups: the v1 hierarchies (each controller, or named hierarchy such as
 * {@code name=systemd}, and where it is mounted) and the cgroup2 mount, either of which may be absent. A pure
 * host has only one of them; a hybrid host (systemd's default before v2, and this project's test host) has
 * v1 controllers with a cgroup2 mount beside them.
 *
 * @param v1 controller name to its hierarchy's mount point; controllers mounted together share one
 * @param unified the cgroup2 mount point, or null
 */
public record CgroupLayout(Map<String, Path> v1, Path unified) {
    /**
     * Keeps a copy of the v1 hierarchies, sorted by name.
     *
     * @param v1 controller name to its hierarchy's mount point; empty when there is none
     * @param unified the cgroup2 mount point, or null
     */
    public CgroupLayout {
        v1 = Collections.unmodifiableMap(new TreeMap<>(v1));
    }

    /**
     * {@return whether the host is pure cgroup2: cgroup2 is mounted and no v1 controller is} Named v1 hierarchies
     * ({@code name=systemd}) may remain.
     */
    public boolean isUnified() {
        return unified != null && v1.keySet().stream().allMatch(name -> name.startsWith("name="));
    }

    /** {@return whether v1 controllers are mounted, with or without cgroup2 beside them} */
    public boolean hasV1() {
        return v1.keySet().stream().anyMatch(name -> !name.startsWith("name="));
    }

    /**
     * {@return the layout that a mount table shows} Pure. Of several mounts of one hierarchy, the first counts.
     *
     * @param mountinfo the text of a {@code /proc/<pid>/mountinfo}
     */
    public static CgroupLayout parse(String mountinfo) {
        Map<String, Path> v1 = new LinkedHashMap<>();
        Path unified = null;
        for (String line : mountinfo.split("\n")) {
            int separator = line.indexOf(" - ");
            if (separator < 0) {
                continue;
            }
            String[] before = line.substring(0, separator).split(" ");
            String[] after = line.substring(separator + 3).split(" ");
            if (before.length < 5 || after.length < 3) {
                continue;
            }
            Path mountPoint = Path.of(before[4]);
            if (after[0].equals("cgroup2")) {
                if (unified == null) {
                    unified = mountPoint;
                }
            } else if (after[0].equals("cgroup")) {
                for (String option : after[2].split(",")) {
                    // The super options name the controllers; rw, ro and xattr are mount options.
                    if (!option.equals("rw") && !option.equals("ro") && !option.equals("xattr")
                            && !option.startsWith("release_agent=") && !option.equals("clone_children")
                            && !option.equals("noprefix") && !option.equals("cpuset_v2_mode")) {
                        v1.putIfAbsent(option, mountPoint);
                    }
                }
            }
        }
        return new CgroupLayout(v1, unified);
    }
}
