package io.hako.cgroups.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.cgroups.CgroupEvent;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Reading the counters, and the events between two readings. */
class MemoryEventCountsTest {
    @Test
    void v2MemoryEventsAndV1OomControlAreRead() {
        assertEquals(new MemoryEventCounts(3, 2), MemoryEventCounts.parse(
                "low 0\nhigh 12\nmax 40\noom 3\noom_kill 2\noom_group_kill 0\n"));
        assertEquals(new MemoryEventCounts(0, 5), MemoryEventCounts.parse(
                "oom_kill_disable 0\nunder_oom 0\noom_kill 5\n"), "v1 has no oom line: its OOMs are the eventfd's");
        assertEquals(new MemoryEventCounts(0, 0), MemoryEventCounts.parse(""));
    }

    @Test
    void anOomThenItsKillAreReportedInThatOrder() {
        var before = new MemoryEventCounts(1, 1);
        assertEquals(List.of(), before.since(before));
        assertEquals(List.of(new CgroupEvent.OutOfMemory(2), new CgroupEvent.OomKill(1)),
                new MemoryEventCounts(3, 2).since(before));
        assertEquals(List.of(new CgroupEvent.OutOfMemory(1)), new MemoryEventCounts(2, 1).since(before),
                "an OOM whose kill is not counted yet, or that kills nothing");
        assertEquals(List.of(new CgroupEvent.OomKill(4)), new MemoryEventCounts(1, 5).since(before),
                "kills counted after their OOM was reported");
        assertEquals(new MemoryEventCounts(9, 1), before.withOom(9));
    }

    @Test
    void countersThatWentDownReportNothing() {
        assertEquals(List.of(), new MemoryEventCounts(0, 0).since(new MemoryEventCounts(7, 7)));
        assertEquals(List.of(new CgroupEvent.OomKill(1)), new MemoryEventCounts(0, 8).since(
                new MemoryEventCounts(7, 7)), "one counter reset does not hide the other's news");
    }

    /**
     * Whatever the readings, as long as each counter only grows: the events report every OOM and every kill once,
     * none with a count of zero, and never a kill before an OOM of the same comparison.
     */
    @Property
    void everyIncreaseIsReportedOnce(@ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 5) Integer> ooms,
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 5) Integer> kills) {
        var counts = new ArrayList<MemoryEventCounts>();
        long oom = 0;
        long kill = 0;
        counts.add(new MemoryEventCounts(0, 0));
        for (int i = 0; i < Math.min(ooms.size(), kills.size()); i++) {
            oom += ooms.get(i);
            kill += kills.get(i);
            counts.add(new MemoryEventCounts(oom, kill));
        }
        long reportedOoms = 0;
        long reportedKills = 0;
        for (int i = 1; i < counts.size(); i++) {
            List<CgroupEvent> events = counts.get(i).since(counts.get(i - 1));
            for (int j = 0; j < events.size(); j++) {
                switch (events.get(j)) {
                    case CgroupEvent.OutOfMemory o -> {
                        assertEquals(0, j, "an OOM comes first");
                        reportedOoms += o.count();
                    }
                    case CgroupEvent.OomKill k -> reportedKills += k.count();
                    default -> throw new AssertionError("unexpected " + events.get(j));
                }
            }
        }
        assertEquals(oom, reportedOoms);
        assertEquals(kill, reportedKills);
    }
}
