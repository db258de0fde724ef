package io.hako.cgroups.v2.internal;

import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupStats;
import static io.hako.cgroups.internal.CgroupFiles.keyed;
import static io.hako.cgroups.internal.CgroupFiles.number;

import io.hako.cgroups.internal.CgroupFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage read from a cgroup v2 directory, in the shape v1 gives it; a controller not enabled there leaves its
 * part null. Times in v2 are microseconds and become nanoseconds; -1 is "no limit" or "not counted here".
 */
final class V2Stats {
    private V2Stats() {}

    static CgroupStats read(String cgroup, Path directory) throws CgroupException {
        return new CgroupStats(cpu(cgroup, directory), memory(cgroup, directory), pids(cgroup, directory),
                io(cgroup, directory), hugetlb(cgroup, directory));
    }

    /** cpu.stat is there with or without the cpu controller; the throttling counters only with it. */
    private static CgroupStats.Cpu cpu(String cgroup, Path directory) throws CgroupException {
        String text = readIfPresent(cgroup, directory, "cpu.stat");
        return text == null ? null : cpu(keyed(text));
    }

    static CgroupStats.Cpu cpu(Map<String, Long> stat) {
        return new CgroupStats.Cpu(stat.getOrDefault("usage_usec", 0L) * 1000,
                stat.getOrDefault("user_usec", 0L) * 1000, stat.getOrDefault("system_usec", 0L) * 1000,
                stat.getOrDefault("nr_periods", 0L), stat.getOrDefault("nr_throttled", 0L),
                stat.getOrDefault("throttled_usec", 0L) * 1000);
    }

    private static CgroupStats.Memory memory(String cgroup, Path directory) throws CgroupException {
        CgroupStats.Usage memory = usage(cgroup, directory, "memory.");
        if (memory == null) {
            return null;
        }
        // v2 counts swap apart from memory, and has no separate kernel memory.
        return new CgroupStats.Memory(memory, usage(cgroup, directory, "memory.swap."), null,
                memoryCounters(CgroupFiles.read(cgroup, directory.resolve("memory.stat")),
                        readIfPresent(cgroup, directory, "memory.events")));
    }

    /** memory.stat's counters in its order, then memory.events' oom_kill (what the OOM killer killed here). */
    static Map<String, Long> memoryCounters(String stat, String events) {
        Map<String, Long> counters = keyed(stat);
        if (events != null) {
            counters.put("oom_kill", keyed(events).getOrDefault("oom_kill", 0L));
        }
        return counters;
    }

    /**
     * current, peak (5.19+ for memory, 6.5+ for swap), max, and the "max" events (allocations that met the limit)
     * under a prefix; null when the prefix has no current.
     */
    private static CgroupStats.Usage usage(String cgroup, Path directory, String prefix) throws CgroupException {
        String current = readIfPresent(cgroup, directory, prefix + "current");
        if (current == null) {
            return null;
        }
        String events = readIfPresent(cgroup, directory, prefix + "events");
        return new CgroupStats.Usage(number(current), number(readIfPresent(cgroup, directory, prefix + "peak")),
                number(readIfPresent(cgroup, directory, prefix + "max")),
                events == null ? -1 : keyed(events).getOrDefault("max", 0L));
    }

    private static CgroupStats.Pids pids(String cgroup, Path directory) throws CgroupException {
        String current = readIfPresent(cgroup, directory, "pids.current");
        if (current == null) {
            return null;
        }
        return new CgroupStats.Pids(number(current), number(readIfPresent(cgroup, directory, "pids.max")));
    }

    private static List<CgroupStats.BlkioEntry> io(String cgroup, Path directory) throws CgroupException {
        String text = readIfPresent(cgroup, directory, "io.stat");
        return text == null ? null : ioEntries(text);
    }

    /**
     * io.stat's lines, {@code 8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0}, as v1's tables: bytes in
     * {@code io_service_bytes}, operations in {@code io_serviced}, each Read or Write. Other keys are dropped.
     */
    static List<CgroupStats.BlkioEntry> ioEntries(String text) {
        List<CgroupStats.BlkioEntry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            String[] device = fields[0].split(":");
            if (device.length != 2) {
                continue;
            }
            long major;
            long minor;
            try {
                major = Long.parseLong(device[0]);
                minor = Long.parseLong(device[1]);
            } catch (NumberFormatException e) {
                continue;
            }
            for (int i = 1; i < fields.length; i++) {
                int equals = fields[i].indexOf('=');
                if (equals < 0) {
                    continue;
                }
                String key = fields[i].substring(0, equals);
                String kind = switch (key) {
                    case "rbytes", "wbytes" -> "io_service_bytes";
                    case "rios", "wios" -> "io_serviced";
                    default -> null;
                };
                if (kind == null) {
                    continue;
                }
                try {
                    entries.add(new CgroupStats.BlkioEntry(kind, major, minor,
                            key.charAt(0) == 'r' ? "Read" : "Write",
                            Long.parseUnsignedLong(fields[i].substring(equals + 1))));
                } catch (NumberFormatException e) {
                    // not a counter
                }
            }
        }
        return entries;
    }

    /**
     * Per page size ({@code 2MB}, from the files present): usage from .current and failures from .events' "max".
     * v2 keeps no peak for hugetlb, so the maximum usage is -1.
     */
    private static Map<String, CgroupStats.Hugetlb> hugetlb(String cgroup, Path directory) throws CgroupException {
        Map<String, CgroupStats.Hugetlb> sizes = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "hugetlb.*.current")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String size = name.substring("hugetlb.".length(), name.length() - ".current".length());
                if (size.contains(".")) {
                    continue; // hugetlb.2MB.rsvd.current: reservations, not usage
                }
                String events = readIfPresent(cgroup, directory, "hugetlb." + size + ".events");
                sizes.put(size, new CgroupStats.Hugetlb(number(CgroupFiles.read(cgroup, file)), -1,
                        events == null ? -1 : keyed(events).getOrDefault("max", 0L)));
            }
        } catch (IOException e) {
            throw new CgroupException(cgroup, "list " + directory + ": " + e.getMessage(), e);
        }
        return sizes.isEmpty() ? null : sizes;
    }

    private static String readIfPresent(String cgroup, Path directory, String file) throws CgroupException {
        Path path = directory.resolve(file);
        return Files.exists(path) ? CgroupFiles.read(cgroup, path) : null;
    }
}
