package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cgroups.CgroupDriver;
import io.hako.cgroups.Cgroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Providers forced by name through the environment ({@code HAKO_CGROUP_DRIVER}, {@code HAKO_SECCOMP_COMPILER}), on
 * real containers: the one named is used and recorded; one that is missing or cannot serve this host is refused in
 * one line naming it, and nothing is left.
 */
class ProviderChoiceTest {
    @TempDir
    Path dir;
    Path bundle;
    String root;

    @BeforeEach
    void bundle() throws Exception {
        bundle = Hako.busyboxBundle(dir, "sh", "true", "sleep");
        root = dir.resolve("state").toString();
        Path config = bundle.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"terminal\": true", "\"terminal\": false")
                .replaceFirst("\"sh\"\\s*\\]", "\"true\"]"));
    }

    @AfterEach
    void nothingLeft() {
        Hako.deleteAll(dir, root);
        assertEquals(List.of(), list(Path.of(root)), "the state root has nothing of a refused container");
    }

    private static List<String> list(Path directory) {
        try (var entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> !name.startsWith("@")).toList();
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void withSeccomp() throws Exception {
        Path config = bundle.resolve("config.json");
        Files.writeString(config, Files.readString(config).replaceFirst("\"linux\": \\{", "\"linux\": {\"seccomp\": "
                + "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"reboot\"], \"action\": "
                + "\"SCMP_ACT_ERRNO\"}]},"));
    }

    @Test
    void theCgroupDriverNamedIsUsedAndRecorded() throws Exception {
        CgroupDriver serving = Cgroups.select(Cgroups.layout(), false);
        var create = Hako.runWithEnvironment(bundle, Map.of("HAKO_CGROUP_DRIVER", serving.name()), "--root", root,
                "create", "c1");
        assertEquals(0, create.status(), create::toString);
        assertTrue(Files.readString(Path.of(root, "c1", "state.json"))
                .contains("\"cgroupDriver\":\"" + serving.name() + "\""));
    }

    @Test
    void anUnknownCgroupDriverIsRefusedNamingTheOnesThereAre() {
        var run = Hako.runWithEnvironment(bundle, Map.of("HAKO_CGROUP_DRIVER", "nope"), "--root", root, "run", "r1");
        assertEquals(1, run.status(), run::toString);
        assertEquals(List.of("no cgroup driver named \"nope\" in this build: it has " + String.join(", ",
                Cgroups.drivers().stream().map(CgroupDriver::name).toList())), run.errLines());
    }

    @Test
    void aCgroupDriverThatDoesNotServeThisHostIsRefused() throws Exception {
        var layout = Cgroups.layout();
        CgroupDriver other = Cgroups.drivers().stream().filter(d -> !d.isSystemd() && !d.serves(layout)).findFirst()
                .orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(other != null, "every cgroupfs driver serves this host");
        var run = Hako.runWithEnvironment(bundle, Map.of("HAKO_CGROUP_DRIVER", other.name()), "--root", root, "run",
                "r1");
        assertEquals(1, run.status(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("cgroup driver \"" + other.name() + "\" does not serve this host's cgroup"
                + " layout"), run::toString);
    }

    @Test
    void anUnknownSeccompCompilerIsRefusedForAContainerWithAFilterOnly() throws Exception {
        var plain = Hako.runWithEnvironment(bundle, Map.of("HAKO_SECCOMP_COMPILER", "nope"), "--root", root, "run",
                "r0");
        assertEquals(0, plain.status(), "no filter, no compiler needed: " + plain);

        withSeccomp();
        var run = Hako.runWithEnvironment(bundle, Map.of("HAKO_SECCOMP_COMPILER", "nope"), "--root", root, "run",
                "r1");
        assertEquals(1, run.status(), run::toString);
        assertEquals(List.of(bundle.resolve("config.json") + ": no seccomp compiler \"nope\" in this build: it has"
                + " libseccomp"), run.errLines());
        var named = Hako.runWithEnvironment(bundle, Map.of("HAKO_SECCOMP_COMPILER", "libseccomp"), "--root", root,
                "run", "r2");
        assertEquals(0, named.status(), named::toString);
    }

    @Test
    void execCompilesWithTheCompilerNamed() throws Exception {
        withSeccomp();
        Path config = bundle.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"true\"]", "\"sleep\", \"60\"]"));
        assertEquals(0, Hako.run(bundle, "--root", root, "run", "--detach", "e1").status());
        var exec = Hako.runWithEnvironment(dir, Map.of("HAKO_SECCOMP_COMPILER", "nope"), "--root", root, "exec",
                "e1", "true");
        assertTrue(exec.status() != 0, exec::toString);
        assertTrue(exec.err().contains("no seccomp compiler \"nope\" in this build"), exec::toString);
        assertEquals(0, Hako.runWithEnvironment(dir, Map.of("HAKO_SECCOMP_COMPILER", "libseccomp"), "--root", root,
                "exec", "e1", "true").status());
    }
}
