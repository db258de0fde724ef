package io.hako.cli.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.oci.config.IdMapping;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Namespace;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Resources;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container's view of cgroups: its own cgroup, in the host's layout, where it looks for its limits. On this
 * project's hybrid hosts that is runc's v1 layout (a tmpfs with each hierarchy), plus cgroup2 under "unified",
 * which runc 1.1 does not mount and hako does (the container is in the unified hierarchy too: its 0:: line).
 */
class CgroupViewIT {
    private static final long LIMIT = 64L << 20;

    /** What a process sees of its cgroups, the names of the hierarchies sorted, "unified" aside. */
    private static final String LOOK = "ls /sys/fs/cgroup | grep -v '^unified$'; "
            + "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max";

    @TempDir
    Path dir;
    SideBySide both;

    @BeforeEach
    void runtimes() {
        both = SideBySide.in(dir);
    }

    private static Spec limited(Spec spec) {
        Resources resources = spec.linux().resources();
        return spec.withLinux(spec.linux().withResources(new Resources(resources == null ? null : resources.devices(),
                new Memory(LIMIT, null, null, null, null, null, null, null, null, null), null, null, null, null, null,
                null, null, null)));
    }

    private static Spec withNamespace(Spec spec, NamespaceType type) {
        List<Namespace> namespaces = new ArrayList<>(withoutNamespace(spec, type).linux().namespaces());
        namespaces.add(new Namespace(type, null, null));
        return spec.withLinux(spec.linux().withNamespaces(namespaces));
    }

    private static Spec withoutNamespace(Spec spec, NamespaceType type) {
        List<Namespace> namespaces = new ArrayList<>(spec.linux().namespaces());
        namespaces.removeIf(namespace -> namespace.type() == type);
        return spec.withLinux(spec.linux().withNamespaces(namespaces));
    }

    @Test
    void withoutACgroupNamespaceTheContainerSeesItsOwnLimitsInTheHostsLayout() throws IOException {
        Path bundle = BusyboxBundle.make(dir, LOOK, spec -> withoutNamespace(limited(spec), NamespaceType.CGROUP));
        String out = both.run(bundle, "view").bothSucceedAlike();
        assertTrue(out.endsWith(LIMIT + "\n"), out);
    }

    @Test
    void inACgroupNamespaceEachHierarchyIsMountedAfreshWithTheContainerAtItsRoot() throws IOException {
        String script = LOOK + "; grep -v '^0::' /proc/self/cgroup | cut -d: -f3 | sort -u";
        Path bundle = BusyboxBundle.make(dir, script, spec -> withNamespace(limited(spec), NamespaceType.CGROUP));
        String out = both.run(bundle, "view-ns").bothSucceedAlike();
        assertTrue(out.endsWith(LIMIT + "\n/\n"), out);
    }

    @Test
    void inAUserNamespaceWithoutACgroupNamespaceTheContainersDirectoriesAreBound() throws IOException {
        // The bundle must be reachable for the user namespace's root, an ordinary user on the host.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bundle = BusyboxBundle.make(dir, LOOK, spec -> {
            Spec userns = withoutNamespace(withNamespace(limited(spec), NamespaceType.USER), NamespaceType.CGROUP);
            List<IdMapping> mapping = List.of(new IdMapping(0, 200000, 65536));
            return userns.withLinux(userns.linux().withIdMappings(mapping, mapping));
        });
        String out = both.run(bundle, "view-userns").bothSucceedAlike();
        assertTrue(out.endsWith(LIMIT + "\n"), out);
    }

    @Test
    void onAHybridHostTheContainerIsInTheUnifiedHierarchyAndSeesItThere() throws IOException {
        assumeTrue(Files.exists(Path.of("/sys/fs/cgroup/unified/cgroup.procs")), "needs a hybrid host");
        String script = "grep '^0::' /proc/self/cgroup; cat /sys/fs/cgroup/unified/cgroup.procs | wc -l";
        Path bundle = BusyboxBundle.make(dir, script, spec -> withNamespace(spec, NamespaceType.CGROUP));
        var pair = both.run(bundle, "unified");
        assertEquals(0, pair.hako().status(), pair.toString());
        assertEquals(pair.runc().out().lines().findFirst().orElseThrow(), "0::/", pair.toString());
        // Its own processes only (sh and the pipeline's), not the host's.
        assertEquals("0::/", pair.hako().out().lines().findFirst().orElseThrow(), pair.toString());
        assertTrue(Integer.parseInt(pair.hako().out().lines().skip(1).findFirst().orElseThrow().strip()) <= 3,
                pair.toString());
    }
}
