package io.hako.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.cgroups.CgroupStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * events prints runc's types.Stats, field names, order and omitempty rules included, maps sorted, nothing of
 * hako's own (the cgroups API's oom_kill counter is not one of memory.stat's).
 */
class EventsCommandTest {
    @Test
    void statsInRuncsShape() {
        Map<String, Long> raw = new LinkedHashMap<>();
        raw.put("cache", 4096L);
        raw.put("oom_kill", 0L);
        raw.put("active_anon", 1L);
        var stats = new CgroupStats(new CgroupStats.Cpu(1500, 1000, 500, 0, 0, 0),
                new CgroupStats.Memory(new CgroupStats.Usage(8192, 16384, -1, 0), null, null, raw),
                new CgroupStats.Pids(1, 10),
                List.of(new CgroupStats.BlkioEntry("io_service_bytes", 8, 0, "Read", 512)),
                Map.of("2MB", new CgroupStats.Hugetlb(2, 0, 0), "1GB", new CgroupStats.Hugetlb(0, 0, 0)));
        assertEquals("{\"cpu\":{\"usage\":{\"total\":1500,\"kernel\":500,\"user\":1000},\"throttling\":{}},"
                + "\"cpuset\":{\"cpu_exclusive\":0,\"mem_hardwall\":0,\"mem_exclusive\":0,\"memory_migrate\":0,"
                + "\"memory_spread_page\":0,\"memory_spread_slab\":0,\"memory_pressure\":0,\"sched_load_balance\":0,"
                + "\"sched_relax_domain_level\":0},"
                + "\"memory\":{\"cache\":4096,\"usage\":{\"limit\":18446744073709551615,\"usage\":8192,"
                + "\"max\":16384,\"failcnt\":0},\"swap\":{\"limit\":0,\"failcnt\":0},\"kernel\":{\"limit\":0,"
                + "\"failcnt\":0},\"kernelTCP\":{\"limit\":0,\"failcnt\":0},\"raw\":{\"active_anon\":1,\"cache\":4096}},"
                + "\"pids\":{\"current\":1,\"limit\":10},"
                + "\"blkio\":{\"ioServiceBytesRecursive\":[{\"major\":8,\"op\":\"Read\",\"value\":512}]},"
                + "\"hugetlb\":{\"1GB\":{\"failcnt\":0},\"2MB\":{\"usage\":2,\"failcnt\":0}},\"intel_rdt\":{},"
                + "\"network_interfaces\":null}", EventsCommand.statsJson(stats));
        assertEquals("{\"cpu\":{\"usage\":{\"kernel\":0,\"user\":0},\"throttling\":{}},\"cpuset\":{\"cpu_exclusive\":0,"
                + "\"mem_hardwall\":0,\"mem_exclusive\":0,\"memory_migrate\":0,\"memory_spread_page\":0,"
                + "\"memory_spread_slab\":0,\"memory_pressure\":0,\"sched_load_balance\":0,"
                + "\"sched_relax_domain_level\":0},\"memory\":{\"usage\":{\"limit\":0,\"failcnt\":0},"
                + "\"swap\":{\"limit\":0,\"failcnt\":0},\"kernel\":{\"limit\":0,\"failcnt\":0},"
                + "\"kernelTCP\":{\"limit\":0,\"failcnt\":0}},\"pids\":{},\"blkio\":{},\"hugetlb\":{},\"intel_rdt\":{},"
                + "\"network_interfaces\":null}", EventsCommand.statsJson(new CgroupStats(null, null, null, null, null)),
                "with nothing read, every struct as runc prints its zero value");
        assertEquals("{\"type\":\"oom\",\"id\":\"c1\"}", EventsCommand.event("oom", "c1", null));
    }
}
