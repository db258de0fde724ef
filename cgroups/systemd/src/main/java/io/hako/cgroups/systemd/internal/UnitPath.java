package io.hako.cgroups.systemd.internal;

import io.hako.cgroups.CgroupException;

/**
 * A container's cgroup as the systemd driver names it, {@code slice:prefix:name} (runc's form): the unit
 * {@code prefix-name.scope} in {@code slice}, or the slice {@code name} itself when the name ends in
 * {@code .slice}. Pure.
 *
 * @param slice the parent slice, {@code system.slice} by default
 * @param prefix the scope's name prefix, possibly empty
 * @param name the container's part of the unit name
 */
public record UnitPath(String slice, String prefix, String name) {
    static final String DEFAULT_SLICE = "system.slice";
    static final String DEFAULT_PREFIX = "hako";
    /** systemd's own limit on a unit name. */
    private static final int MAX_UNIT_NAME = 255;

    /**
     * The path in {@code cgroupsPath} ({@code /linux/cgroupsPath}), or {@code system.slice:hako:<id>} when it is
     * absent. An empty slice means the default one.
     */
    public static UnitPath parse(String cgroupsPath, String containerId) throws CgroupException {
        if (cgroupsPath == null || cgroupsPath.isEmpty()) {
            return checked(new UnitPath(DEFAULT_SLICE, DEFAULT_PREFIX, containerId), "container id");
        }
        String[] parts = cgroupsPath.split(":", -1);
        if (parts.length != 3) {
            throw new CgroupException(null, "/linux/cgroupsPath: \"" + cgroupsPath + "\" is not of the form "
                    + "slice:prefix:name that the systemd cgroup driver takes");
        }
        return checked(new UnitPath(parts[0].isEmpty() ? DEFAULT_SLICE : parts[0], parts[1], parts[2]),
                "/linux/cgroupsPath \"" + cgroupsPath + "\"");
    }

    private static UnitPath checked(UnitPath path, String source) throws CgroupException {
        try {
            expandSlice(path.slice);
            if (path.name.isEmpty()) {
                throw new IllegalArgumentException("the name part is empty");
            }
            String unit = path.unit();
            if (unit.length() > MAX_UNIT_NAME) {
                throw new IllegalArgumentException("unit name \"" + unit + "\" is over systemd's "
                        + MAX_UNIT_NAME + " characters");
            }
            for (int i = 0; i < unit.length(); i++) {
                char c = unit.charAt(i);
                boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || ":-_.\\".indexOf(c) >= 0;
                if (!allowed) {
                    throw new IllegalArgumentException("unit name \"" + unit + "\" has '" + c
                            + "', which systemd does not allow in unit names");
                }
            }
            if (path.isSlice()) {
                String own = expandSlice(path.name);
                String parent = own.substring(0, own.lastIndexOf('/'));
                if (!(parent.isEmpty() ? "/" : parent).equals(expandSlice(path.slice))) {
                    throw new IllegalArgumentException("slice \"" + path.name + "\" is not a child of \""
                            + path.slice + "\" (systemd places a slice by its name)");
                }
            }
            return path;
        } catch (IllegalArgumentException e) {
            throw new CgroupException(null, source + ": " + e.getMessage());
        }
    }

    /** Whether the container's unit is a slice of its own rather than a scope. */
    public boolean isSlice() {
        return name.endsWith(".slice");
    }

    /** The unit's name: {@code hako-c1.scope}, {@code c1.scope} with no prefix, or the slice's name. */
    public String unit() {
        if (isSlice()) {
            return name;
        }
        return (prefix.isEmpty() ? "" : prefix + "-") + name + ".scope";
    }

    /** The unit's cgroup, from the root of the hierarchy: {@code /system.slice/hako-c1.scope}. */
    public String cgroup() {
        if (isSlice()) {
            return expandSlice(name);
        }
        String parent = expandSlice(slice);
        return (parent.equals("/") ? "" : parent) + "/" + unit();
    }

    /** The form {@link #parse} reads. */
    @Override
    public String toString() {
        return slice + ":" + prefix + ":" + name;
    }

    /**
     * Where systemd puts a slice: each dash opens a level, so {@code a-b-c.slice} is
     * {@code /a.slice/a-b.slice/a-b-c.slice}, and {@code -.slice} (the root slice) is {@code /}.
     *
     * @throws IllegalArgumentException for a name systemd would not take as a slice's
     */
    public static String expandSlice(String slice) {
        if (!slice.endsWith(".slice")) {
            throw new IllegalArgumentException("\"" + slice + "\" is not a slice (a slice's name ends in .slice)");
        }
        if (slice.equals("-.slice")) {
            return "/";
        }
        String stem = slice.substring(0, slice.length() - ".slice".length());
        if (stem.isEmpty() || stem.startsWith("-") || stem.endsWith("-") || stem.contains("--")
                || stem.contains("/")) {
            throw new IllegalArgumentException("\"" + slice + "\" is no valid slice name (no /, no leading, "
                    + "trailing or double dash)");
        }
        StringBuilder path = new StringBuilder();
        int dash = -1;
        do {
            dash = stem.indexOf('-', dash + 1);
            String level = dash < 0 ? stem : stem.substring(0, dash);
            path.append('/').append(level).append(".slice");
        } while (dash >= 0);
        return path.toString();
    }
}
