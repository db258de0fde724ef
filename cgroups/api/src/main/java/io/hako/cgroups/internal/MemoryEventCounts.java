package io.hako.cgroups.internal;

import io.hako.cgroups.CgroupEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A memory cgroup's event counters at one moment: its OOMs and its OOM kills. v2 keeps both in
 * {@code memory.events}; v1 keeps the kills in {@code memory.oom_control} and counts OOMs only in an eventfd.
 * Watchers compare one reading with the next; the events come from that comparison, a pure function.
 *
 * @param oom how often the OOM handling ran
 * @param oomKill how many processes the OOM killer killed
 */
public record MemoryEventCounts(long oom, long oomKill) {
    /** The counts in a flat-keyed file ({@code oom 1}, {@code oom_kill 1}; absent keys are 0). */
    public static MemoryEventCounts parse(String text) {
        var values = CgroupFiles.keyed(text);
        return new MemoryEventCounts(values.getOrDefault("oom", 0L), values.getOrDefault("oom_kill", 0L));
    }

    /** These counts with {@code oom} OOMs instead. */
    public MemoryEventCounts withOom(long oom) {
        return new MemoryEventCounts(oom, oomKill);
    }

    /**
     * What happened between {@code earlier} and these counts: an {@link CgroupEvent.OutOfMemory} for the OOMs
     * added, then an {@link CgroupEvent.OomKill} for the kills. A counter that went down was reset (a cgroup
     * made again at the same path): it reports nothing, and the next comparison starts from its new value.
     */
    public List<CgroupEvent> since(MemoryEventCounts earlier) {
        List<CgroupEvent> events = new ArrayList<>(2);
        if (oom > earlier.oom) {
            events.add(new CgroupEvent.OutOfMemory(oom - earlier.oom));
        }
        if (oomKill > earlier.oomKill) {
            events.add(new CgroupEvent.OomKill(oomKill - earlier.oomKill));
        }
        return List.copyOf(events);
    }
}
