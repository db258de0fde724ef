package io.hako.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cgroups.CgroupEvent;
import io.hako.cgroups.CgroupEvents;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.Cgroups;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Pids;
import io.hako.oci.config.Resources;
import io.hako.oci.config.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Containers in their cgroups: limits hold, pause and resume, the processes listed, nothing left after delete. */
class CgroupContainerTest {
    @TempDir
    Path dir;
    Containers containers;
    CgroupLayout layout;

    @BeforeEach
    void open() throws Exception {
        Bundles.assumeContainersCanRun();
        layout = Cgroups.layout();
        assumeTrue(layout.hasV1(), "these checks read v1 files; the v2 driver has its own tests");
        containers = Containers.open(dir.resolve("state"));
    }

    @AfterEach
    void deleteEverything() throws Exception {
        Bundles.deleteAll(containers);
    }

    private static Spec withResources(Spec spec, String cgroupsPath, Resources resources) {
        return spec.withLinux(spec.linux().withCgroupsPath(cgroupsPath).withResources(resources));
    }

    private Path hierarchy(String controller, String cgroupPath) {
        return layout.v1().get(controller).resolve(cgroupPath.substring(1));
    }

    @Test
    void withPidsLimitOneTheInitAloneIsInItsCgroupAndEchoRuns() throws Exception {
        String path = "/hako-test-pids-" + ProcessHandle.current().pid();
        Path bundle = Bundles.busybox(dir, "unused", spec -> withResources(
                spec.withProcess(spec.process().withArgs(List.of("/bin/echo", "hello"))), path,
                new Resources(spec.linux().resources().devices(), null, null, new Pids(1, null), null, null, null,
                        null, null, null)));
        containers.create("pids", bundle, CreateOptions.DEFAULTS);
        // The stage is single-threaded and its intermediate is gone: while the init waits, it is all there is.
        assertEquals("1", Files.readString(hierarchy("pids", path).resolve("pids.current")).strip());
        assertEquals("1", Files.readString(hierarchy("pids", path).resolve("pids.max")).strip());
        containers.start("pids");
        assertEquals(0, containers.waitForExit("pids"));
        containers.delete("pids", false);
        assertFalse(Files.exists(hierarchy("pids", path)), "delete removes the cgroup");
    }

    @Test
    void aProcessOverItsMemoryLimitIsKilled() throws Exception {
        long limit = 32L << 20;
        Path bundle = Bundles.busybox(dir, "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived > /out/m",
                spec -> withResources(spec, null, new Resources(spec.linux().resources().devices(),
                        new Memory(limit, null, limit, null, null, null, null, null, null, null), null, null, null,
                        null, null, null, null, null)));
        containers.create("hungry", bundle, CreateOptions.DEFAULTS);
        containers.start("hungry");
        int status = containers.waitForExit("hungry");
        assertEquals(128 + 9, status, "the OOM killer's SIGKILL");
        assertFalse(Files.exists(dir.resolve("out/m")));
    }

    @Test
    void eventsReportTheOomKillAsItHappensAndTheCgroupsRemovalAtDelete() throws Exception {
        long limit = 32L << 20;
        Path bundle = Bundles.busybox(dir, "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived > /out/m",
                spec -> withResources(spec, null, new Resources(spec.linux().resources().devices(),
                        new Memory(limit, null, limit, null, null, null, null, null, null, null), null, null, null,
                        null, null, null, null, null)));
        containers.create("oom", bundle, CreateOptions.DEFAULTS);
        try (CgroupEvents events = containers.events("oom")) {
            assertEquals("/oom", events.cgroup());
            long started = System.nanoTime();
            containers.start("oom");
            List<CgroupEvent> seen = new ArrayList<>();
            while (seen.stream().noneMatch(e -> e instanceof CgroupEvent.OomKill)
                    && System.nanoTime() - started < 10_000_000_000L) {
                seen.addAll(events.await(Duration.ofSeconds(1)));
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(seen.stream().anyMatch(e -> e instanceof CgroupEvent.OomKill), "no OOM kill in 10 s: " + seen);
            assertTrue(millis < 2000, "the kill was reported " + millis + " ms after start");
            // The shell holding what it read is the one killed; reaped here, as this JVM is its parent.
            assertEquals(128 + 9, containers.waitForExit("oom"));

            containers.delete("oom", false);
            assertEquals(List.of(new CgroupEvent.Removed()), events.await(Duration.ofSeconds(5)),
                    "delete removes the cgroup, which ends the watch");
        }
        var gone = org.junit.jupiter.api.Assertions.assertThrows(ContainerException.class,
                () -> containers.events("oom"));
        assertEquals(ContainerException.Kind.NOT_FOUND, gone.kind());
    }

    @Test
    void pausedThenResumedWithItsProcessesListed() throws Exception {
        Path bundle = Bundles.busybox(dir, "exec sleep 60", spec -> spec);
        ContainerInfo created = containers.create("sleeper", bundle, CreateOptions.DEFAULTS);
        containers.start("sleeper");
        assertEquals(List.of(created.pid()), containers.processes("sleeper"));
        containers.pause("sleeper");
        assertEquals(Status.PAUSED, containers.state("sleeper").status());
        var notPaused = org.junit.jupiter.api.Assertions.assertThrows(ContainerException.class,
                () -> containers.pause("sleeper"));
        assertTrue(notPaused.getMessage().contains("not running"), notPaused.getMessage());
        containers.resume("sleeper");
        assertEquals(Status.RUNNING, containers.state("sleeper").status());
        // New limits for the running container: only what the update names changes.
        containers.update("sleeper", new Resources(null, null, null, new Pids(42, null), null, null, null, null,
                null, null));
        assertEquals("42", Files.readString(hierarchy("pids", "/sleeper").resolve("pids.max")).strip());
        // delete --force of a paused container: killed while frozen, then thawed so that it dies.
        containers.pause("sleeper");
        containers.delete("sleeper", true);
        assertEquals(List.of(), containers.list());
        assertFalse(Files.exists(hierarchy("freezer", "/sleeper")));
    }
}
