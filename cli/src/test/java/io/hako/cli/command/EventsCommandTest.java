package io.hako.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.cgroups.CgroupStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** events prints runc's types.Stats, field names and omitempty rules included. */
class EventsCommandTest {
    @Test
    void statsInRuncsShape() {
        Map<String, Long> raw = new LinkedHashMap<>();
        raw.put("cache", 4096L);
        raw.put("oom_kill", 0L);
        var stats = new CgroupStats(new CgroupStats.Cpu(1500, 1000, 500, 0, 0, 0),
                new CgroupStats.Memory(new CgroupStats.Usage(8192, 16384, -1, 0), null, null, raw),
                new CgroupStats.Pids(1, 10),
                List.of(new CgroupStats.BlkioEntry("io_service_bytes", 8, 0, "Read", 512)),
                Map.of("2MB", new CgroupStats.Hugetlb(0, 0, 0)));
        assertEquals("{\"cpu\":{\"usage\":{\"total\":1500,\"kernel\":500,\"user\":1000},\"throttling\":{}},"
                + "\"memory\":{\"cache\":4096,\"usage\":{\"limit\":18446744073709551615,\"usage\":8192,"
                + "\"max\":16384,\"failcnt\":0},\"raw\":{\"cache\":4096,\"oom_kill\":0}},"
                + "\"pids\":{\"current\":1,\"limit\":10},"
                + "\"blkio\":{\"ioServiceBytesRecursive\":[{\"major\":8,\"op\":\"Read\",\"value\":512}]},"
                + "\"hugetlb\":{\"2MB\":{\"failcnt\":0}}}", EventsCommand.statsJson(stats));
        assertEquals("{\"type\":\"oom\",\"id\":\"c1\"}", EventsCommand.event("oom", "c1", null));
    }
}
