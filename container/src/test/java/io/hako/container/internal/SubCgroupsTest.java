package io.hako.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cgroups.CgroupLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** exec --cgroup's directories, from a process's /proc/PID/cgroup and the host's layout. */
class SubCgroupsTest {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    /** This project's hosts: v1 controllers (cpu and cpuacct co-mounted), name=systemd, cgroup2 at unified. */
    private static final CgroupLayout HYBRID = new CgroupLayout(Map.of("cpu", ROOT.resolve("cpu,cpuacct"),
            "cpuacct", ROOT.resolve("cpu,cpuacct"), "memory", ROOT.resolve("memory"), "pids", ROOT.resolve("pids"),
            "name=systemd", ROOT.resolve("systemd")), ROOT.resolve("unified"));
    private static final String IN_C1 = "5:pids:/hako/c1\n4:memory:/hako/c1\n3:cpu,cpuacct:/hako/c1\n"
            + "1:name=systemd:/hako/c1\n0::/hako/c1\n";

    private static List<Path> directories(Map<String, String> requested) throws SubCgroups.Refused {
        return SubCgroups.directories(IN_C1, HYBRID, requested);
    }

    @Test
    void onePathGoesUnderTheContainersCgroupInEveryHierarchy() throws Exception {
        assertEquals(List.of(Path.of("/sys/fs/cgroup/pids/hako/c1/sub"), Path.of("/sys/fs/cgroup/memory/hako/c1/sub"),
                Path.of("/sys/fs/cgroup/cpu,cpuacct/hako/c1/sub"), Path.of("/sys/fs/cgroup/systemd/hako/c1/sub"),
                Path.of("/sys/fs/cgroup/unified/hako/c1/sub")), directories(Map.of("", "sub")));
        assertEquals(directories(Map.of("", "sub")), directories(Map.of("", "/sub/")), "absolute is relative too");
        assertEquals(directories(Map.of("", "sub")), directories(Map.of("", "a/../sub")));
        assertEquals(directories(Map.of()), directories(Map.of("", "/")), "the container's own");
        // With a path for every hierarchy, runc ignores the others.
        assertEquals(directories(Map.of("", "sub")), directories(Map.of("", "sub", "memory", "other")));
    }

    @Test
    void aControllersPathGoesInItsHierarchyAlone() throws Exception {
        assertEquals(List.of(Path.of("/sys/fs/cgroup/pids/hako/c1"), Path.of("/sys/fs/cgroup/memory/hako/c1/m"),
                Path.of("/sys/fs/cgroup/cpu,cpuacct/hako/c1/c"), Path.of("/sys/fs/cgroup/systemd/hako/c1/s"),
                Path.of("/sys/fs/cgroup/unified/hako/c1")),
                directories(Map.of("memory", "m", "cpuacct", "c", "name=systemd", "s")));
    }

    @Test
    void whatRuncRefusesIsRefusedInItsWords() {
        assertEquals("../x is not a sub cgroup path",
                assertThrows(SubCgroups.Refused.class, () -> directories(Map.of("", "../x"))).getMessage());
        assertEquals("../../c1 is not a sub cgroup path",
                assertThrows(SubCgroups.Refused.class, () -> directories(Map.of("memory", "../../c1"))).getMessage());
        // runc's string prefix lets a sibling whose name starts with the container's through; components do not.
        assertThrows(SubCgroups.Refused.class, () -> directories(Map.of("", "../c1x")));
        assertEquals("unknown controller systemd in SubCgroupPaths",
                assertThrows(SubCgroups.Refused.class, () -> directories(Map.of("systemd", "s"))).getMessage());
        assertEquals("unknown controller unified in SubCgroupPaths",
                assertThrows(SubCgroups.Refused.class, () -> directories(Map.of("unified", "s"))).getMessage());
    }

    @Test
    void onCgroupV2ThereIsOneHierarchyWithoutControllers() throws Exception {
        CgroupLayout v2 = new CgroupLayout(Map.of(), ROOT);
        assertEquals(List.of(Path.of("/sys/fs/cgroup/hako/c1/sub")), SubCgroups.directories("0::/hako/c1\n", v2,
                Map.of("", "sub")));
        assertEquals("unknown controller memory in SubCgroupPaths", assertThrows(SubCgroups.Refused.class,
                () -> SubCgroups.directories("0::/hako/c1\n", v2, Map.of("memory", "sub"))).getMessage());
        // No cgroup at all (nothing to read): one path changes nothing, a controller is unknown, as in runc.
        assertEquals(List.of(), SubCgroups.directories("", v2, Map.of("", "sub")));
    }

    @Provide
    Arbitrary<List<String>> segments() {
        return Arbitraries.of("a", "b", "c1", "..", ".", "", "hako").list().ofMaxSize(6);
    }

    /** What is accepted is the container's cgroup or under it, in normal form; names alone are always accepted. */
    @Property
    void aSubPathNeverLeavesTheContainersCgroup(@ForAll("segments") List<String> segments) {
        Path base = Path.of("/sys/fs/cgroup/memory/hako/c1");
        String sub = String.join("/", segments);
        try {
            Path joined = SubCgroups.under(base, sub);
            assertTrue(joined.startsWith(base) && joined.normalize().equals(joined), sub + " -> " + joined);
        } catch (SubCgroups.Refused e) {
            assertTrue(segments.contains(".."), sub + " was refused: " + e.getMessage());
            assertEquals(sub + " is not a sub cgroup path", e.getMessage());
        }
    }

    /** Climbing out first and coming back elsewhere than into the container's cgroup is refused. */
    @Property
    void leavingFirstIsRefusedUnlessItComesBackIn(@ForAll("segments") List<String> rest) {
        Path base = Path.of("/sys/fs/cgroup/memory/hako/c1");
        String sub = "../" + String.join("/", rest);
        boolean comesBack = Path.of("/sys/fs/cgroup/memory/hako/" + String.join("/", rest)).normalize()
                .startsWith(base);
        try {
            SubCgroups.under(base, sub);
            assertTrue(comesBack, sub);
        } catch (SubCgroups.Refused e) {
            assertTrue(!comesBack, sub);
        }
    }
}
