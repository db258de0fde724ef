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

    /** runc's {@code types.Stats}, with its field names and its omitempty rules for what hako has. A pure function. */
    static String statsJson(CgroupStats stats) {
        var out = new Fields();
        if (stats.cpu() != null) {
            var cpu = stats.cpu();
            out.object("cpu", new Fields()
                    .object("usage", new Fields().number("total", cpu.totalNanos(), true)
                            .number("kernel", cpu.kernelNanos(), false).number("user", cpu.userNanos(), false))
                    .object("throttling", new Fields().number("periods", cpu.periods(), true)
                            .number("throttled_periods", cpu.throttledPeriods(), true)
                            .number("throttled_time", cpu.throttledNanos(), true)));
        }
        if (stats.memory() != null) {
            var memory = stats.memory();
            var fields = new Fields().number("cache", memory.stats().getOrDefault("cache",
                    memory.stats().getOrDefault("file", 0L)), true);
            usage(fields, "usage", memory.memory());
            usage(fields, "swap", memory.swap());
            usage(fields, "kernel", memory.kernel());
            var raw = new Fields();
            memory.stats().forEach((key, value) -> raw.number(key, value, false));
            fields.object("raw", raw);
            out.object("memory", fields);
        }
        if (stats.pids() != null) {
            out.object("pids", new Fields().number("current", stats.pids().current(), true)
                    .number("limit", Math.max(0, stats.pids().limit()), true));
        }
        if (stats.blkio() != null) {
            out.object("blkio", new Fields()
                    .array("ioServiceBytesRecursive", blkio(stats.blkio(), "io_service_bytes"))
                    .array("ioServicedRecursive", blkio(stats.blkio(), "io_serviced")));
        }
        if (stats.hugetlb() != null) {
            var sizes = new Fields();
            for (Map.Entry<String, CgroupStats.Hugetlb> size : stats.hugetlb().entrySet()) {
                sizes.object(size.getKey(), new Fields().number("usage", size.getValue().usage(), true)
                        .number("max", size.getValue().maxUsage(), true)
                        .number("failcnt", size.getValue().failcnt(), false));
            }
            out.object("hugetlb", sizes);
        }
        return out.toString();
    }

    private static void usage(Fields fields, String name, CgroupStats.Usage usage) {
        if (usage != null) {
            fields.object(name, new Fields().number("limit", usage.limit(), false)
                    .number("usage", usage.usage(), true).number("max", usage.maxUsage(), true)
                    .number("failcnt", usage.failcnt(), false));
        }
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
