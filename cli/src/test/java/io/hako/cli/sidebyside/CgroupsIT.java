package io.hako.cli.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.oci.config.Namespace;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container's cgroup when it is there before the container, or frozen under it, as runc treats them. */
class CgroupsIT {
    private static final Path V1 = Path.of("/sys/fs/cgroup");

    @TempDir
    Path dir;
    SideBySide both;
    /** Names of the cgroups the test made itself, removed after it from every hierarchy, thawed first. */
    private final List<String> made = new ArrayList<>();
    private Process sleeper;

    @BeforeEach
    void runtimes() {
        both = SideBySide.in(dir);
        assumeTrue(Files.isDirectory(V1.resolve("freezer")) && Files.isDirectory(V1.resolve("memory")),
                "needs the v1 freezer and memory hierarchies");
    }

    @AfterEach
    void removeCgroups() throws Exception {
        if (sleeper != null) {
            sleeper.destroyForcibly().waitFor();
        }
        try (var hierarchies = Files.list(V1)) {
            for (Path hierarchy : hierarchies.toList()) {
                for (String name : made) {
                    Path cgroup = hierarchy.resolve(name);
                    if (Files.exists(cgroup.resolve("freezer.state"))) {
                        Files.writeString(cgroup.resolve("freezer.state"), "THAWED");
                    }
                    Files.deleteIfExists(cgroup);
                }
            }
        }
    }

    private Path cgroup(String hierarchy, String name) throws IOException {
        made.add(name);
        return Files.createDirectories(V1.resolve(hierarchy).resolve(name));
    }

    private static Spec withoutCgroupNamespace(Spec spec) {
        List<Namespace> namespaces = new ArrayList<>(spec.linux().namespaces());
        namespaces.removeIf(namespace -> namespace.type() == NamespaceType.CGROUP);
        return spec.withLinux(spec.linux().withNamespaces(namespaces));
    }

    private static UnaryOperator<Spec> at(String cgroupsPath) {
        return spec -> spec.withLinux(spec.linux().withCgroupsPath(cgroupsPath));
    }

    @Test
    void aFrozenCgroupIsRefusedAndLeftAsItWas() throws IOException {
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String name = "hako-it-frozen-" + runtime.name();
            Files.writeString(cgroup("freezer", name).resolve("freezer.state"), "FROZEN");
            Path bundle = BusyboxBundle.make(dir, "echo ran", at("/" + name));
            var result = runtime.call(bundle, "run", "--bundle", bundle.toString(), "c1-" + runtime.name());
            assertEquals(1, result.status(), result.toString());
            assertTrue(result.err().contains("container's cgroup unexpectedly frozen"), result.toString());
            assertEquals("", result.out());
            SideBySide.assertNothingLeft(runtime, bundle, "c1-" + runtime.name());
        }
    }

    @Test
    void aCgroupWithProcessesIsJoinedWithAWarning() throws Exception {
        sleeper = new ProcessBuilder("sleep", "60").start();
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String name = "hako-it-busy-" + runtime.name();
            // runc looks for processes in the devices hierarchy.
            for (String hierarchy : List.of("devices", "memory")) {
                Files.writeString(cgroup(hierarchy, name).resolve("cgroup.procs"), String.valueOf(sleeper.pid()));
            }
            Path bundle = BusyboxBundle.make(dir, "echo ran", at("/" + name));
            var result = runtime.call(bundle, "run", "--bundle", bundle.toString(), "c2-" + runtime.name());
            assertEquals(0, result.status(), result.toString());
            assertEquals("ran\n", result.out());
            assertTrue(result.err().contains("container's cgroup is not empty: 1 process(es) found"),
                    result.toString());
            // Back where it came from, so that the cgroups can go.
            for (String hierarchy : List.of("devices", "memory")) {
                Files.writeString(V1.resolve(hierarchy).resolve("cgroup.procs"), String.valueOf(sleeper.pid()));
            }
        }
    }

    @Test
    void aCgroupThatIsThereInSomeHierarchiesIsMadeInTheOthers() throws IOException {
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String name = "hako-it-partial-" + runtime.name();
            cgroup("memory", name);
            // Without a cgroup namespace, /proc/self/cgroup names the cgroups as the host does.
            Path bundle = BusyboxBundle.make(dir, "cut -d: -f2,3 /proc/self/cgroup | grep -c " + name,
                    spec -> withoutCgroupNamespace(at("/" + name).apply(spec)));
            var result = runtime.call(bundle, "run", "--bundle", bundle.toString(), "c3-" + runtime.name());
            assertEquals(0, result.status(), result.toString());
            assertTrue(Integer.parseInt(result.out().strip()) >= 8, "in every hierarchy: " + result);
        }
    }

    @Test
    void deleteForceOfAnInitFrozenInAnotherCgroupReturnsWithRuncsError() throws Exception {
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String id = "c4-" + runtime.name();
            Path bundle = BusyboxBundle.make(dir, "sleep 60", spec -> spec);
            var created = runtime.call(bundle, "create", "--bundle", bundle.toString(), id);
            assertEquals(0, created.status(), created.toString());
            String state = runtime.call(bundle, "state", id).out();
            String pid = state.replaceAll("(?s).*\"pid\": (\\d+).*", "$1");
            Path other = cgroup("freezer", "hako-it-other-" + runtime.name());
            Files.writeString(other.resolve("cgroup.procs"), pid);
            Files.writeString(other.resolve("freezer.state"), "FROZEN");
            var deleted = runtime.call(bundle, "delete", "--force", id);
            assertEquals(1, deleted.status(), deleted.toString());
            assertTrue(deleted.err().contains("container init still running"), deleted.toString());
            // Thawed, the killed init dies and the container goes.
            Files.writeString(other.resolve("freezer.state"), "THAWED");
            assertEquals(0, runtime.call(bundle, "delete", "--force", id).status());
            SideBySide.assertNothingLeft(runtime, bundle, id);
        }
    }
}
