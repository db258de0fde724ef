package io.hako.cgroups;

import java.util.List;
import java.util.Map;

/**
 * A cgroup's resource usage, in the shape runc's {@code events --stats} reports it. Parts the layout does not
 * have (a controller not mounted) are null.
 *
 * @param cpu CPU time and throttling
 * @param memory memory, swap and kernel memory
 * @param pids processes
 * @param blkio block I/O per device
 * @param hugetlb usage per page size ({@code 2MB})
 */
public record CgroupStats(Cpu cpu, Memory memory, Pids pids, List<BlkioEntry> blkio, Map<String, Hugetlb> hugetlb) {
    public CgroupStats {
        blkio = blkio == null ? null : List.copyOf(blkio);
        hugetlb = hugetlb == null ? null : Map.copyOf(hugetlb);
    }

    /** Nanoseconds of CPU time; throttling counts periods and nanoseconds. */
    public record Cpu(long totalNanos, long userNanos, long kernelNanos, long periods, long throttledPeriods,
            long throttledNanos) {}

    /** Usage, its maximum and limit, and failures (allocations that hit the limit), for one kind of memory. */
    public record Usage(long usage, long maxUsage, long limit, long failcnt) {}

    /**
     * @param memory user memory
     * @param swap memory and swap together (v1's memsw), or swap alone where that is what the layout counts
     * @param kernel kernel memory, null where it is not counted apart
     * @param stats the controller's own counters ({@code memory.stat}) and {@code oom_kill}, the processes the
     *     OOM killer has killed in the cgroup (v1 {@code memory.oom_control}, v2 {@code memory.events})
     */
    public record Memory(Usage memory, Usage swap, Usage kernel, Map<String, Long> stats) {
        public Memory {
            // In the file's order, as runc's raw map reads.
            stats = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stats));
        }
    }

    public record Pids(long current, long limit) {}

    /** One counter of one device: {@code op} is Read, Write, Sync, Async, Discard or Total. */
    public record BlkioEntry(String kind, long major, long minor, String op, long value) {}

    public record Hugetlb(long usage, long maxUsage, long failcnt) {}
}
