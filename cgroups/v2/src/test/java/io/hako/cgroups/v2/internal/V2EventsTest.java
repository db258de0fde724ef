package io.hako.cgroups.v2.internal;

import static io.hako.cgroups.testing.Watching.HOG;
import static io.hako.cgroups.testing.Watching.openDescriptors;
import static io.hako.cgroups.testing.Watching.openedSince;
import static io.hako.cgroups.testing.Watching.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cgroups.CgroupEvent;
import io.hako.cgroups.CgroupEvents;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.Cgroups;
import io.hako.cgroups.PressureTrigger;
import io.hako.cgroups.internal.CgroupFiles;
import io.hako.cgroups.testing.Watching.Gated;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Resources;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events of a cgroup in a real cgroup2 tree: OOM kills through inotify on memory.events, the removal, PSI triggers.
 * It needs a unified host and root, so it runs in the VM ({@code cgroups/src/test/vm/run-v2-tests.sh}) and skips
 * elsewhere, saying why.
 */
class V2EventsTest {
    private static CgroupLayout layout;
    private final String top = "/hako-v2-events-" + ProcessHandle.current().pid();
    private final List<Gated> processes = new ArrayList<>();
    private V2Cgroup cgroup;

    @BeforeAll
    static void readLayout() throws CgroupException {
        layout = Cgroups.layout();
    }

    @BeforeEach
    void make() throws Exception {
        assumeTrue(layout.isUnified(), "this host's cgroup layout is not unified (v1 controllers "
                + layout.v1().keySet() + "): the v2 driver's real tests run in the VM, with "
                + "cgroups/src/test/vm/run-v2-tests.sh");
        assumeTrue("root".equals(System.getProperty("user.name")), "cgroups need root");
        cgroup = (V2Cgroup) new V2Driver().at(top + "/c", layout);
        cgroup.create();
        // Memory plus swap equal to memory: no swap, so what is over the limit has nowhere to go.
        cgroup.apply(new Resources(null, new Memory(32L << 20, null, 32L << 20, null, null, null, null, null, null,
                null), null, null, null, null, null, null, null, null));
    }

    @AfterEach
    void remove() throws Exception {
        if (cgroup == null) {
            return;
        }
        for (Gated process : processes) {
            process.close();
        }
        V2Cgroup all = (V2Cgroup) new V2Driver().at(top, layout);
        all.destroy();
        assertFalse(Files.exists(all.directory()), "nothing is left");
    }

    private Gated gated(String script) throws Exception {
        Gated process = new Gated(script);
        processes.add(process);
        cgroup.add(process.pid());
        return process;
    }

    @Test
    void anOomKillIsReportedAsItHappens() throws Exception {
        Gated hog = gated(HOG);
        List<String> before = openDescriptors();
        try (CgroupEvents events = cgroup.events()) {
            assertTrue(openedSince(before).stream().anyMatch(fd -> fd.endsWith("anon_inode:inotify")),
                    "the watch holds its descriptor: " + openedSince(before));
            assertEquals(List.of(), events.await(Duration.ofMillis(50)), "nothing yet: the wait times out");
            assertEquals(Optional.empty(), events.memoryPressure(), "none asked for");
            long released = System.nanoTime();
            hog.release();
            List<CgroupEvent> seen = until(events, e -> e instanceof CgroupEvent.OomKill, Duration.ofSeconds(10));
            long millis = (System.nanoTime() - released) / 1_000_000;
            assertTrue(!seen.isEmpty() && seen.getLast() instanceof CgroupEvent.OomKill, "no kill in 10 s: " + seen);
            assertTrue(millis < 2000, "the kill was reported " + millis + " ms after the hog started");
            assertTrue(seen.getFirst() instanceof CgroupEvent.OutOfMemory, "memory.events' oom first: " + seen);
            assertTrue(hog.process.waitFor(10, TimeUnit.SECONDS));
            assertEquals(128 + 9, hog.process.exitValue(), "killed by the OOM killer's SIGKILL");
            assertEquals(List.of(), events.await(Duration.ZERO), "each event is reported once");
        }
        assertEquals(List.of(), openedSince(before), "the watch's descriptors are closed");
    }

    @Test
    void theRemovalOfTheCgroupEndsTheWatch() throws Exception {
        List<String> before = openDescriptors();
        V2Cgroup sibling = (V2Cgroup) new V2Driver().at(top + "/sibling", layout);
        sibling.create();
        try (CgroupEvents events = cgroup.events()) {
            sibling.destroy();
            assertEquals(List.of(), events.await(Duration.ofMillis(100)), "another cgroup's removal is not this one's");
            destroyAndSeeTheRemoval(events);
        }
        assertEquals(List.of(), openedSince(before));
    }

    @Test
    void theRemovalEndsAWatchWithAPressureTriggerToo() throws Exception {
        List<String> before = openDescriptors();
        try (CgroupEvents events = cgroup.events(PressureTrigger.some(Duration.ofMillis(100),
                Duration.ofSeconds(1)))) {
            destroyAndSeeTheRemoval(events);
        }
        assertEquals(List.of(), openedSince(before));
    }

    /** Removes the cgroup: the watch reports it within 2 s, and again at once when asked again. */
    private void destroyAndSeeTheRemoval(CgroupEvents events) throws CgroupException {
        long start = System.nanoTime();
        cgroup.destroy();
        List<CgroupEvent> seen = events.await(Duration.ofSeconds(10));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(List.of(new CgroupEvent.Removed()), seen);
        assertTrue(millis < 2000, "the removal was reported after " + millis + " ms");
        assertEquals(List.of(new CgroupEvent.Removed()), events.await(Duration.ofHours(1)), "again, at once");
    }

    @Test
    void memoryPressureOverTheThresholdFiresTheTrigger() throws Exception {
        assumeTrue(Files.exists(cgroup.directory().resolve("memory.pressure")), "this kernel keeps no PSI");
        // Allocations over memory.high are throttled, in sleeps the kernel counts as memory stall.
        CgroupFiles.write(cgroup.path(), cgroup.directory().resolve("memory.high"), Long.toString(8L << 20));
        var trigger = PressureTrigger.some(Duration.ofMillis(50), Duration.ofMillis(500));
        Gated hog = gated(HOG);
        try (CgroupEvents events = cgroup.events(trigger)) {
            assertEquals(Optional.of(trigger), events.memoryPressure());
            assertEquals(List.of(), events.await(Duration.ofMillis(600)), "no stall before the hog runs");
            hog.release();
            List<CgroupEvent> seen = until(events, e -> e instanceof CgroupEvent.MemoryPressure,
                    Duration.ofSeconds(10));
            assertEquals(new CgroupEvent.MemoryPressure(trigger), seen.getLast(), seen.toString());
            assertTrue(seen.stream().noneMatch(e -> e instanceof CgroupEvent.OomKill), "throttled, not killed");
        }
    }

    @Test
    void aCgroupWithoutTheMemoryControllerIsAnErrorNamingIt() throws Exception {
        // Made by hand under a cgroup that enables no controller for its children.
        Files.createDirectory(cgroup.directory().resolve("plain"));
        V2Cgroup plain = (V2Cgroup) new V2Driver().at(top + "/c/plain", layout);
        var e = assertThrows(CgroupException.class, plain::events);
        assertTrue(e.getMessage().startsWith("cgroup " + top + "/c/plain: the memory controller is not enabled for "
                + "it"), e.getMessage());
        var missing = assertThrows(CgroupException.class, () -> new V2Driver().at(top + "/missing", layout).events());
        assertTrue(missing.getMessage().endsWith("missing does not exist"), missing.getMessage());
    }
}
