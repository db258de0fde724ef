package io.hako.cli.command;

import io.hako.cgroups.CgroupEvent;
import io.hako.cgroups.CgroupEvents;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupStats;
import io.hako.cli.log.JsonText;
import io.hako.cli.request.EventsRequest;
import io.hako.container.ContainerException;
import io.hako.container.Containers;
import io.hako.container.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * {@code events}: the container's stats as runc prints them, one JSON object a line
 * ({@code {"type":"stats","id":...,"data":{...}}}); once with {@code --stats}, else every {@code --interval}
 * until the container stops or is deleted, with an {@code oom} event as soon as the kernel reports an OOM kill in
 * it (one line per report, which may count several kills), between the stats as it comes.
 */
final class EventsCommand {
    private EventsCommand() {}

    static void run(Containers containers, EventsRequest request, Streams io) throws CommandError {
        String id = request.id();
        if (!request.interval().isPositive()) {
            throw CommandError.failed("duration interval must be greater than 0"); // runc's words
        }
        try {
            if (request.stats()) {
                printStats(io, id, containers.stats(id));
                return;
            }
            // Opened before the first stats, so that no kill falls between the two.
            try (CgroupEvents events = containers.events(id)) {
                printStats(io, id, containers.stats(id));
                long interval = request.interval().toNanos();
                long next = System.nanoTime() + interval;
                while (true) {
                    long left = next - System.nanoTime();
                    if (left <= 0) {
                        if (containers.state(id).status() == Status.STOPPED) {
                            return;
                        }
                        printStats(io, id, containers.stats(id));
                        // On the interval's grid; a tick missed (a slow stats read) is not made up for.
                        next += ((System.nanoTime() - next) / interval + 1) * interval;
                        continue;
                    }
                    for (CgroupEvent event : events.await(Duration.ofNanos(left))) {
                        if (event instanceof CgroupEvent.OomKill) {
                            io.out().println(event("oom", id, null));
                            io.out().flush();
                        } else if (event instanceof CgroupEvent.Removed) {
                            return; // deleted
                        }
                    }
                }
            }
        } catch (ContainerException e) {
            if (e.kind() == ContainerException.Kind.NOT_RUNNING && !request.stats()) {
                return; // it stopped between two looks
            }
            throw CommandError.of(e);
        } catch (CgroupException e) {
            throw CommandError.failed(e.getMessage());
        }
    }

    private static void printStats(Streams io, String id, CgroupStats stats) {
        io.out().println(event("stats", id, statsJson(stats)));
        io.out().flush();
    }

    static String event(String type, String id, String data) {
        return "{\"type\":" + JsonText.quote(type) + ",\"id\":" + JsonText.quote(id)
                + (data == null ? "" : ",\"data\":" + data) + "}";
    }

    /**
     * runc's {@code types.Stats} exactly: its keys in its order, its omitempty rules, maps with their keys sorted
     * (Go's encoder sorts them), every struct present even when hako has nothing for it (as runc prints one it
     * could not fill: zeros), and no key of hako's own, since tools grep this stream (a key {@code oom_kill} would
     * match {@code oom} before any OOM). A pure function.
     */
    static String statsJson(CgroupStats stats) {
        var out = new Fields();
        var cpu = stats.cpu() != null ? stats.cpu() : new CgroupStats.Cpu(0, 0, 0, 0, 0, 0);
        // runc reads per-CPU usage as well; hako does not, and omitempty leaves those keys out.
        out.object("cpu", new Fields()
                .object("usage", new Fields().number("total", cpu.totalNanos(), true)
                        .number("kernel", cpu.kernelNanos(), false).number("user", cpu.userNanos(), false))
                .object("throttling", new Fields().number("periods", cpu.periods(), true)
                        .number("throttledPeriods", cpu.throttledPeriods(), true)
                        .number("throttledTime", cpu.throttledNanos(), true)));
        // hako does not read cpuset's files: the struct as runc prints one it has nothing for.
        var cpuset = new Fields();
        for (String flag : List.of("cpu_exclusive", "mem_hardwall", "mem_exclusive", "memory_migrate",
                "memory_spread_page", "memory_spread_slab", "memory_pressure", "sched_load_balance",
                "sched_relax_domain_level")) {
            cpuset.number(flag, 0, false);
        }
        out.object("cpuset", cpuset);
        var memory = stats.memory();
        Map<String, Long> counters = memory == null ? Map.of() : memory.stats();
        var memoryFields = new Fields().number("cache", counters.getOrDefault("cache",
                counters.getOrDefault("file", 0L)), true);
        usage(memoryFields, "usage", memory == null ? null : memory.memory());
        usage(memoryFields, "swap", memory == null ? null : memory.swap());
        usage(memoryFields, "kernel", memory == null ? null : memory.kernel());
        usage(memoryFields, "kernelTCP", null);
        var raw = new Fields();
        for (Map.Entry<String, Long> counter : new TreeMap<>(counters).entrySet()) {
            // The cgroups API adds oom_kill to memory.stat's counters; runc's raw is memory.stat alone.
            if (!counter.getKey().equals("oom_kill")) {
                raw.number(counter.getKey(), counter.getValue(), false);
            }
        }
        if (!raw.isEmpty()) {
            memoryFields.object("raw", raw);
        }
        out.object("memory", memoryFields);
        var pids = stats.pids();
        out.object("pids", new Fields().number("current", pids == null ? 0 : pids.current(), true)
                .number("limit", pids == null ? 0 : Math.max(0, pids.limit()), true));
        List<CgroupStats.BlkioEntry> blkio = stats.blkio() == null ? List.of() : stats.blkio();
        out.object("blkio", new Fields()
                .array("ioServiceBytesRecursive", blkio(blkio, "io_service_bytes"))
                .array("ioServicedRecursive", blkio(blkio, "io_serviced")));
        var sizes = new Fields();
        if (stats.hugetlb() != null) {
            for (Map.Entry<String, CgroupStats.Hugetlb> size : new TreeMap<>(stats.hugetlb()).entrySet()) {
                sizes.object(size.getKey(), new Fields().number("usage", size.getValue().usage(), true)
                        .number("max", size.getValue().maxUsage(), true)
                        .number("failcnt", size.getValue().failcnt(), false));
            }
        }
        out.object("hugetlb", sizes);
        out.object("intel_rdt", new Fields());
        out.raw("network_interfaces", "null");
        return out.toString();
    }

    /** A {@code MemoryEntry}; one hako has nothing for is runc's zero entry. */
    private static void usage(Fields fields, String name, CgroupStats.Usage usage) {
        var entry = usage != null ? usage : new CgroupStats.Usage(0, 0, 0, 0);
        fields.object(name, new Fields().number("limit", entry.limit(), false)
                .number("usage", entry.usage(), true).number("max", entry.maxUsage(), true)
                .number("failcnt", entry.failcnt(), false));
    }

    private static List<String> blkio(List<CgroupStats.BlkioEntry> entries, String kind) {
        return entries.stream().filter(entry -> entry.kind().equals(kind))
                .map(entry -> new Fields().number("major", entry.major(), true).number("minor", entry.minor(), true)
                        .string("op", entry.op()).number("value", entry.value(), true).toString())
                .toList();
    }

    /** A JSON object built field by field; numbers are unsigned (-1, "no limit", prints as Go's max uint64). */
    private static final class Fields {
        private final StringJoiner joiner = new StringJoiner(",", "{", "}");

        Fields number(String name, long value, boolean omitEmpty) {
            if (!(omitEmpty && value == 0)) {
                joiner.add(JsonText.quote(name) + ":" + Long.toUnsignedString(value));
            }
            return this;
        }

        Fields string(String name, String value) {
            joiner.add(JsonText.quote(name) + ":" + JsonText.quote(value));
            return this;
        }

        Fields object(String name, Fields value) {
            joiner.add(JsonText.quote(name) + ":" + value);
            return this;
        }

        Fields raw(String name, String json) {
            joiner.add(JsonText.quote(name) + ":" + json);
            return this;
        }

        boolean isEmpty() {
            return joiner.length() == 2;
        }

        Fields array(String name, List<String> values) {
            if (!values.isEmpty()) {
                joiner.add(JsonText.quote(name) + ":[" + String.join(",", values) + "]");
            }
            return this;
        }

        @Override
        public String toString() {
            return joiner.toString();
        }
    }
}
