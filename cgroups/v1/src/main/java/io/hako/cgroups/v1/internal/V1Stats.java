package io.hako.cgroups.v1.internal;

import static io.hako.cgroups.internal.CgroupFiles.keyed;
import static io.hako.cgroups.internal.CgroupFiles.number;

import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Usage read from a v1 cgroup's files; a controller that is not mounted leaves its part null. */
final class V1Stats {
    private V1Stats() {}

    static CgroupStats read(V1Cgroup cgroup) throws CgroupException {
        return new CgroupStats(cpu(cgroup), memory(cgroup), pids(cgroup), blkio(cgroup), hugetlb(cgroup));
    }

    private static CgroupStats.Cpu cpu(V1Cgroup cgroup) throws CgroupException {
        String usage = cgroup.readIfPresent("cpuacct", "cpuacct.usage");
        if (usage == null) {
            return null;
        }
        long user = number(cgroup.readIfPresent("cpuacct", "cpuacct.usage_user"));
        long system = number(cgroup.readIfPresent("cpuacct", "cpuacct.usage_sys"));
        String ticks = cgroup.readIfPresent("cpuacct", "cpuacct.stat");
        if ((user < 0 || system < 0) && ticks != null) {
            // Kernels without usage_user/usage_sys: cpuacct.stat counts USER_HZ (100 a second) ticks.
            Map<String, Long> split = keyed(ticks);
            user = split.getOrDefault("user", 0L) * 10_000_000L;
            system = split.getOrDefault("system", 0L) * 10_000_000L;
        }
        String stat = cgroup.readIfPresent("cpu", "cpu.stat");
        Map<String, Long> throttling = stat == null ? Map.of() : keyed(stat);
        return new CgroupStats.Cpu(number(usage), user, system, throttling.getOrDefault("nr_periods", 0L),
                throttling.getOrDefault("nr_throttled", 0L), throttling.getOrDefault("throttled_time", 0L));
    }

    private static CgroupStats.Memory memory(V1Cgroup cgroup) throws CgroupException {
        String stat = cgroup.readIfPresent("memory", "memory.stat");
        if (stat == null) {
            return null;
        }
        Map<String, Long> counters = new LinkedHashMap<>(keyed(stat));
        String control = cgroup.readIfPresent("memory", "memory.oom_control");
        if (control != null) {
            counters.put("oom_kill", keyed(control).getOrDefault("oom_kill", 0L));
        }
        return new CgroupStats.Memory(usage(cgroup, "memory."), usage(cgroup, "memory.memsw."),
                usage(cgroup, "memory.kmem."), counters);
    }

    /** usage_in_bytes, max_usage_in_bytes, limit_in_bytes, failcnt under a prefix; null when there are none. */
    private static CgroupStats.Usage usage(V1Cgroup cgroup, String prefix) throws CgroupException {
        String usage = cgroup.readIfPresent("memory", prefix + "usage_in_bytes");
        if (usage == null) {
            return null;
        }
        return new CgroupStats.Usage(number(usage),
                number(cgroup.readIfPresent("memory", prefix + "max_usage_in_bytes")),
                number(cgroup.readIfPresent("memory", prefix + "limit_in_bytes")),
                number(cgroup.readIfPresent("memory", prefix + "failcnt")));
    }

    private static CgroupStats.Pids pids(V1Cgroup cgroup) throws CgroupException {
        String current = cgroup.readIfPresent("pids", "pids.current");
        if (current == null) {
            return null;
        }
        return new CgroupStats.Pids(number(current), number(cgroup.readIfPresent("pids", "pids.max")));
    }

    private static List<CgroupStats.BlkioEntry> blkio(V1Cgroup cgroup) throws CgroupException {
        List<CgroupStats.BlkioEntry> entries = new ArrayList<>();
        for (String kind : List.of("io_service_bytes", "io_serviced")) {
            String text = cgroup.readIfPresent("blkio", "blkio.throttle." + kind + "_recursive");
            if (text == null) {
                text = cgroup.readIfPresent("blkio", "blkio.throttle." + kind);
            }
            if (text == null) {
                return null;
            }
            entries.addAll(blkioEntries(kind, text));
        }
        return entries;
    }

    /** Lines of {@code major:minor Op value}; the last line ("Total N") has no device and is skipped. */
    static List<CgroupStats.BlkioEntry> blkioEntries(String kind, String text) {
        List<CgroupStats.BlkioEntry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length != 3 || !fields[0].contains(":")) {
                continue;
            }
            String[] device = fields[0].split(":");
            entries.add(new CgroupStats.BlkioEntry(kind, Long.parseLong(device[0]), Long.parseLong(device[1]),
                    fields[1], Long.parseUnsignedLong(fields[2])));
        }
        return entries;
    }

    private static Map<String, CgroupStats.Hugetlb> hugetlb(V1Cgroup cgroup) throws CgroupException {
        if (cgroup.directory("hugetlb") == null) {
            return null;
        }
        Map<String, CgroupStats.Hugetlb> sizes = new LinkedHashMap<>();
        for (String size : List.of("2MB", "1GB", "64KB", "32MB", "16GB")) {
            String usage = cgroup.readIfPresent("hugetlb", "hugetlb." + size + ".usage_in_bytes");
            if (usage != null) {
                sizes.put(size, new CgroupStats.Hugetlb(number(usage),
                        number(cgroup.readIfPresent("hugetlb", "hugetlb." + size + ".max_usage_in_bytes")),
                        number(cgroup.readIfPresent("hugetlb", "hugetlb." + size + ".failcnt"))));
            }
        }
        return sizes;
    }
}
