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
    /**
     * Keeps copies of the list and the map.
     *
     * @param cpu CPU time and throttling, or null
     * @param memory memory, swap and kernel memory, or null
     * @param pids processes, or null
     * @param blkio block I/O per device, or null
     * @param hugetlb usage per page size, or null
     */
    public CgroupStats {
        blkio = blkio == null ? null : List.copyOf(blkio);
        hugetlb = hugetlb == null ? null : Map.copyOf(hugetlb);
    }

    /**
     * CPU time used by the cgroup's processes, and how the CFS bandwidth limit throttled them.
     *
     * @param totalNanos CPU time in nanoseconds, user and kernel
     * @param userNanos CPU time in user mode, in nanoseconds (v1 kernels without {@code cpuacct.usage_user}: at
     *     the 10 ms resolution of {@code cpuacct.stat}); -1 when unknown
     * @param kernelNanos CPU time in kernel mode, in nanoseconds, as {@code userNanos}
     * @param periods enforcement periods elapsed with a quota set; 0 without the cpu controller
     * @param throttledPeriods periods in which the quota ran out
     * @param throttledNanos time spent throttled, in nanoseconds
     */
    public record Cpu(long totalNanos, long userNanos, long kernelNanos, long periods, long throttledPeriods,
            long throttledNanos) {}

    /**
     * Usage, its maximum and limit, and failures (allocations that hit the limit), for one kind of memory. Each is
     * -1 where the layout does not count it, and a limit is -1 where there is none ({@code max}; v1 writes a huge
     * number instead).
     *
     * @param usage bytes in use now
     * @param maxUsage the most bytes ever in use (v1 {@code max_usage_in_bytes}, v2 {@code peak} on 5.19+)
     * @param limit the limit in bytes
     * @param failcnt how many times usage hit the limit (v1 {@code failcnt}, v2 the {@code max} event)
     */
    public record Usage(long usage, long maxUsage, long limit, long failcnt) {}

    /**
     * The memory controller's usage and counters.
     *
     * @param memory user memory
     * @param swap memory and swap together (v1's memsw), or swap alone where that is what the layout counts
     * @param kernel kernel memory, null where it is not counted apart
     * @param stats the controller's own counters ({@code memory.stat}) and {@code oom_kill}, the processes the
     *     OOM killer has killed in the cgroup (v1 {@code memory.oom_control}, v2 {@code memory.events})
     */
    public record Memory(Usage memory, Usage swap, Usage kernel, Map<String, Long> stats) {
        /**
         * Keeps a copy of the counters, in their order.
         *
         * @param memory user memory
         * @param swap memory and swap, or swap alone, or null
         * @param kernel kernel memory, or null
         * @param stats the controller's counters, in the file's order
         */
        public Memory {
            // In the file's order, as runc's raw map reads.
            stats = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stats));
        }
    }

    /**
     * The pids controller's count and limit.
     *
     * @param current the processes (threads included) in the cgroup and below it
     * @param limit the most there may be; -1 for none ({@code max})
     */
    public record Pids(long current, long limit) {}

    /**
     * One counter of one device, as v1's {@code blkio.throttle.*} files have them (v2's {@code io.stat} is read
     * into the same shape).
     *
     * @param kind {@code io_service_bytes} (bytes) or {@code io_serviced} (operations)
     * @param major the device's major number
     * @param minor the device's minor number
     * @param op Read, Write, Sync, Async, Discard or Total (v2: Read and Write only)
     * @param value the count, unsigned
     */
    public record BlkioEntry(String kind, long major, long minor, String op, long value) {}

    /**
     * Huge page usage of one page size.
     *
     * @param usage bytes in huge pages of that size now
     * @param maxUsage the most bytes ever used; -1 on v2, which does not keep it
     * @param failcnt how many allocations hit the limit; -1 where unknown
     */
    public record Hugetlb(long usage, long maxUsage, long failcnt) {}
}
