package io.hako.cli.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.Cgroups;
import io.hako.oci.OciJson;
import io.hako.oci.state.State;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exec --cgroup [CONTROLLER[,CONTROLLER]:]PATH}: the process starts in a sub-cgroup of the container's,
 * in every hierarchy or in the named controllers' (the host's hybrid layout: v1 controllers, name=systemd, and
 * cgroup2 beside them, which the container is in too).
 */
class ExecCgroupIT {
    /** Command lines after {@code exec}, each ending in the container's id and {@code cat /proc/self/cgroup}. */
    private static final List<List<String>> JOINING = List.of(List.of("--cgroup", "sub"),
            List.of("--cgroup", "/sub/"), List.of("--cgroup", "memory:sub"), List.of("--cgroup", "memory,pids:sub"),
            List.of("--cgroup", "memory:sub", "--cgroup", "name=systemd:sub"), List.of("--cgroup", ":sub"),
            List.of("--cgroup", "/"));
    /** Refused, with the words runc says it in. */
    private static final Map<List<String>, String> REFUSED = new LinkedHashMap<>();

    static {
        REFUSED.put(List.of("--cgroup", "../x"), "../x is not a sub cgroup path");
        REFUSED.put(List.of("--cgroup", "memory:../../x"), "../../x is not a sub cgroup path");
        REFUSED.put(List.of("--cgroup", "nosuch:sub"), "unknown controller nosuch in SubCgroupPaths");
        REFUSED.put(List.of("--cgroup", "a:b:c"), "invalid --cgroup argument: a:b:c");
        REFUSED.put(List.of("--cgroup", "memory:sub", "--cgroup", "other"),
                "invalid --cgroup argument: other (missing <controller>: prefix)");
        REFUSED.put(List.of("--cgroup", "missing"), "missing"); // no such cgroup: the path is named
    }

    @TempDir
    Path dir;
    SideBySide both;

    @BeforeEach
    void runtimes() {
        both = SideBySide.in(dir);
    }

    /** Makes {@code sub} under the cgroup of {@code pid} in each of its hierarchies; returns them. */
    private static List<Path> makeSubCgroups(int pid, CgroupLayout layout) throws Exception {
        List<Path> made = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
            String[] fields = line.split(":", 3);
            String first = fields[1].isEmpty() ? "" : Arrays.asList(fields[1].split(",")).getFirst();
            Path mountPoint = first.isEmpty() ? layout.unified() : layout.v1().get(first);
            Path cgroup = mountPoint.resolve(fields[2].substring(1));
            Path sub = Files.createDirectory(cgroup.resolve("sub"));
            made.add(sub);
            if (Files.exists(sub.resolve("cpuset.cpus"))) {
                // A v1 cpuset takes no process before it has CPUs and memory nodes.
                Files.writeString(sub.resolve("cpuset.cpus"), Files.readString(cgroup.resolve("cpuset.cpus")));
                Files.writeString(sub.resolve("cpuset.mems"), Files.readString(cgroup.resolve("cpuset.mems")));
            }
        }
        return made;
    }

    @Test
    void execJoinsSubCgroupsAndRefusesWhatRuncRefuses() throws Exception {
        CgroupLayout layout = Cgroups.layout();
        Map<String, List<String>> outputs = new LinkedHashMap<>();
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String id = "seccomp14-exec-cgroup-" + runtime.name();
            Path bundle = BusyboxBundle.make(dir, "sleep 600",
                    spec -> spec.withLinux(spec.linux().withCgroupsPath("/" + id)));
            var run = runtime.call(bundle, "run", "-d", "--bundle", bundle.toString(), id);
            assertEquals(0, run.status(), run.toString());
            List<Path> subs = List.of();
            try {
                int pid = OciJson.read(runtime.call(bundle, "state", id).out().getBytes(StandardCharsets.UTF_8),
                        State.class).pid();
                subs = makeSubCgroups(pid, layout);
                List<String> seen = new ArrayList<>();
                for (List<String> flags : JOINING) {
                    List<String> argv = new ArrayList<>(List.of("exec"));
                    argv.addAll(flags);
                    argv.addAll(List.of(id, "cat", "/proc/self/cgroup"));
                    var exec = runtime.call(bundle, argv.toArray(String[]::new));
                    assertEquals(0, exec.status(), exec.toString());
                    seen.add(String.join(" ", flags) + "\n" + exec.out().replace(id, "ID"));
                }
                for (var refused : REFUSED.entrySet()) {
                    List<String> argv = new ArrayList<>(List.of("exec"));
                    argv.addAll(refused.getKey());
                    argv.addAll(List.of(id, "true"));
                    var exec = runtime.call(bundle, argv.toArray(String[]::new));
                    assertNotEquals(0, exec.status(), exec.toString());
                    assertTrue(exec.err().contains(refused.getValue()), exec.toString());
                }
                outputs.put(runtime.name(), seen);
            } finally {
                runtime.call(bundle, "delete", "--force", id);
            }
            try {
                SideBySide.assertNothingLeft(runtime, bundle, id); // the sub-cgroups too: delete removes them
            } finally {
                for (Path sub : subs) {
                    Files.deleteIfExists(sub);
                    Files.deleteIfExists(sub.getParent());
                }
            }
        }
        assertEquals(outputs.get("runc"), outputs.get("hako"));
        // Seen from the container's cgroup namespace, whose root is the container's cgroup.
        String everywhere = outputs.get("hako").getFirst();
        assertTrue(everywhere.contains("\n0::/sub\n") && everywhere.contains(":memory:/sub\n"), everywhere);
        String memoryOnly = outputs.get("hako").get(2);
        assertTrue(memoryOnly.contains(":memory:/sub\n") && memoryOnly.contains(":pids:/\n"), memoryOnly);
    }
}
