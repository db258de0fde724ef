package io.hako.cgroups.v1.internal;

import static io.hako.cgroups.testing.Watching.HOG;
import static io.hako.cgroups.testing.Watching.USER_SPACE_HOG;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OOM events of a v1 memory cgroup on this host's real hierarchies (skipped where there are none, or without root). */
class V1EventsTest {
    private final String top = "/hako-test-events-" + ProcessHandle.current().pid();
    private final List<Gated> processes = new ArrayList<>();
    private CgroupLayout layout;
    private V1Cgroup cgroup;

    @BeforeEach
    void make() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "cgroups need root");
        layout = Cgroups.layout();
        assumeTrue(layout.hasV1() && layout.v1().containsKey("memory"), "no cgroup v1 memory hierarchy on this host");
        cgroup = (V1Cgroup) new V1Driver().at(top + "/c", layout);
        cgroup.create();
        cgroup.apply(new Resources(null, new Memory(32L << 20, null, null, null, null, null, null, null, null, null),
                null, null, null, null, null, null, null, null));
    }

    @AfterEach
    void remove() throws Exception {
        if (cgroup == null) {
            return;
        }
        for (Gated process : processes) {
            process.close();
        }
        new V1Driver().at(top, layout).destroy();
        assertFalse(cgroup.exists(), "nothing is left");
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
            assertTrue(openedSince(before).stream().anyMatch(fd -> fd.endsWith("anon_inode:[eventfd]")),
                    "the watch holds its descriptor: " + openedSince(before));
            assertEquals(top + "/c", events.cgroup());
            assertEquals(List.of(), events.await(Duration.ofMillis(50)), "nothing yet: the wait times out");
            long released = System.nanoTime();
            hog.release();
            List<CgroupEvent> seen = until(events, e -> e instanceof CgroupEvent.OomKill, Duration.ofSeconds(10));
            long millis = (System.nanoTime() - released) / 1_000_000;
            assertTrue(seen.getLast() instanceof CgroupEvent.OomKill, "no kill reported in 10 s: " + seen);
            assertTrue(millis < 2000, "the kill was reported " + millis + " ms after the hog started");
            assertTrue(seen.getFirst() instanceof CgroupEvent.OutOfMemory, "the OOM comes first: " + seen);
            assertTrue(hog.process.waitFor(10, TimeUnit.SECONDS));
            assertEquals(128 + 9, hog.process.exitValue(), "killed by the OOM killer's SIGKILL");
            assertEquals(List.of(), events.await(Duration.ZERO), "each event is reported once");
        }
        assertEquals(List.of(), openedSince(before), "the watch's descriptors are closed");
    }

    @Test
    void withTheOomKillerDisabledTheOomIsReportedWithoutAKill() throws Exception {
        CgroupFiles.write(cgroup.path(), cgroup.directory("memory").resolve("memory.oom_control"), "1");
        Gated hog = gated(USER_SPACE_HOG);
        try (CgroupEvents events = cgroup.events()) {
            hog.release();
            List<CgroupEvent> seen = until(events, e -> e instanceof CgroupEvent.OutOfMemory, Duration.ofSeconds(10));
            assertTrue(!seen.isEmpty() && seen.getLast() instanceof CgroupEvent.OutOfMemory, seen.toString());
            // The hog waits for memory; the killer is off, so a second's watch sees no kill.
            assertTrue(until(events, e -> e instanceof CgroupEvent.OomKill, Duration.ofSeconds(1)).stream()
                    .noneMatch(e -> e instanceof CgroupEvent.OomKill));
            assertTrue(hog.process.isAlive(), "it waits under OOM");
            assertTrue(CgroupFiles.read("t", cgroup.directory("memory").resolve("memory.oom_control"))
                    .contains("under_oom 1"));
        }
    }

    @Test
    void theRemovalOfTheCgroupEndsTheWatch() throws Exception {
        List<String> before = openDescriptors();
        try (CgroupEvents events = cgroup.events()) {
            long start = System.nanoTime();
            cgroup.destroy();
            List<CgroupEvent> seen = events.await(Duration.ofSeconds(10));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(List.of(new CgroupEvent.Removed()), seen, "the eventfd's removal signal is no OOM");
            assertTrue(millis < 2000, "the removal was reported after " + millis + " ms");
            assertEquals(List.of(new CgroupEvent.Removed()), events.await(Duration.ofHours(1)), "again, at once");
        }
        assertEquals(List.of(), openedSince(before));
    }

    @Test
    void pressureIsNotWatchedOnV1AndTheWatchSaysSo() throws Exception {
        var trigger = PressureTrigger.some(Duration.ofMillis(100), Duration.ofSeconds(1));
        try (CgroupEvents events = cgroup.events(trigger)) {
            assertTrue(events.memoryPressure().isEmpty());
        }
        try (CgroupEvents events = cgroup.events()) {
            assertTrue(events.memoryPressure().isEmpty());
        }
    }

    @Test
    void aMissingCgroupIsAnErrorNamingItAndLeavesNoDescriptor() throws Exception {
        List<String> before = openDescriptors();
        V1Cgroup missing = (V1Cgroup) new V1Driver().at(top + "/missing", layout);
        var e = assertThrows(CgroupException.class, missing::events);
        assertTrue(e.getMessage().startsWith("cgroup " + top + "/missing: watch OOM events: open \""), e.getMessage());
        assertTrue(e.getMessage().endsWith("memory.oom_control\": no such file or directory (the cgroup does not exist)"),
                e.getMessage());
        assertEquals(List.of(), openedSince(before));
    }

    @Test
    void aClosedWatchRefusesToWaitAndClosesOnce() throws Exception {
        CgroupEvents events = cgroup.events();
        events.close();
        events.close();
        assertThrows(IllegalStateException.class, () -> events.await(Duration.ZERO));
    }
}
