package io.hako.container.internal;

import io.hako.cgroups.CgroupLayout;
import io.hako.sys.Errno;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code exec --cgroup}, as runc 1.1.5 does it: the process joins existing cgroups under the container's own, in
 * every hierarchy (the key "") or in those of the controllers named ({@code memory}, {@code name=systemd}; on
 * cgroup v2 there is only ""). A path that leaves the container's cgroup, or a controller the container has no
 * hierarchy of, is refused in runc's words. The container's cgroup in each hierarchy is read from
 * {@code /proc/PID/cgroup} of the process once it has joined it, so it is where the driver put it, whichever
 * driver that is.
 */
final class SubCgroups {
    /** A {@code --cgroup} that runc refuses too; the message is runc's. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private SubCgroups() {}

    /**
     * The directories to join: for each hierarchy of {@code procCgroup} (the text of {@code /proc/PID/cgroup} of a
     * process in the container's cgroup) that {@code layout} mounts, the cgroup under the container's that
     * {@code requested} names, or the container's own where it names none. Pure.
     *
     * @param requested controller name ("" for every hierarchy) to a path relative to the container's cgroup
     */
    static List<Path> directories(String procCgroup, CgroupLayout layout, Map<String, String> requested)
            throws Refused {
        String everywhere = requested.get("");
        List<Path> directories = new ArrayList<>();
        Set<String> controllers = new LinkedHashSet<>();
        for (String line : procCgroup.split("\n")) {
            String[] fields = line.split(":", 3);
            if (fields.length != 3) {
                continue;
            }
            List<String> names = fields[1].isEmpty() ? List.of("") : Arrays.asList(fields[1].split(","));
            Path mountPoint = names.getFirst().isEmpty() ? layout.unified() : layout.v1().get(names.getFirst());
            if (mountPoint == null) {
                continue; // a hierarchy this mount namespace does not show: nobody can join it here
            }
            controllers.addAll(names);
            String path = fields[2].startsWith("/") ? fields[2].substring(1) : fields[2];
            Path base = mountPoint.resolve(path).normalize();
            String sub = everywhere;
            for (String name : names) {
                if (sub == null && requested.containsKey(name)) {
                    sub = requested.get(name);
                }
            }
            directories.add(sub == null ? base : under(base, sub));
        }
        if (everywhere == null) {
            for (String controller : requested.keySet()) {
                if (!controllers.contains(controller)) {
                    throw new Refused("unknown controller " + controller + " in SubCgroupPaths");
                }
            }
        }
        return List.copyOf(new LinkedHashSet<>(directories));
    }

    /** {@code sub} joined to {@code base} as Go's path.Join does (an absolute sub is relative all the same). */
    static Path under(Path base, String sub) throws Refused {
        Path joined = Path.of(base + "/" + sub).normalize();
        // Compared by components: runc's string prefix would also let "../c1x" through for a cgroup "c1".
        if (!joined.startsWith(base)) {
            throw new Refused(sub + " is not a sub cgroup path");
        }
        return joined;
    }

    /** Moves process {@code pid}, in the container's cgroup, into the cgroups {@code requested} names. */
    static void join(int pid, Map<String, String> requested, CgroupLayout layout) throws Refused, IOException {
        String procCgroup = Files.readString(Path.of("/proc/" + pid + "/cgroup"));
        for (Path directory : directories(procCgroup, layout, requested)) {
            try {
                // WRITE alone: a missing cgroup is an error, never a file made in its place.
                Files.writeString(directory.resolve("cgroup.procs"), Integer.toString(pid), StandardCharsets.US_ASCII,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new IOException("add pid " + pid + ": " + Errno.message(e), e);
            }
        }
    }
}
