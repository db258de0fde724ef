package io.hako.cgroups.v2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.cgroups.CgroupStats;
import io.hako.cgroups.CgroupStats.BlkioEntry;
import io.hako.cgroups.internal.CgroupFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parsing of v2's stat files into v1's shapes; reading real files is {@link V2CgroupTest}'s. */
class V2StatsTest {
    @Test
    void cpuStatMicrosecondsBecomeNanoseconds() {
        var stat = CgroupFiles.keyed("""
                usage_usec 1500
                user_usec 1000
                system_usec 500
                core_sched.force_idle_usec 0
                nr_periods 10
                nr_throttled 3
                throttled_usec 2000
                nr_bursts 0
                burst_usec 0
                """);
        assertEquals(new CgroupStats.Cpu(1_500_000, 1_000_000, 500_000, 10, 3, 2_000_000), V2Stats.cpu(stat));
    }

    @Test
    void withoutTheCpuControllerThereIsNoThrottling() {
        assertEquals(new CgroupStats.Cpu(7000, 4000, 3000, 0, 0, 0),
                V2Stats.cpu(CgroupFiles.keyed("usage_usec 7\nuser_usec 4\nsystem_usec 3\n")));
    }

    @Test
    void ioStatBecomesV1sTables() {
        String text = """
                8:0 rbytes=90112 wbytes=4096 rios=12 wios=1 dbytes=0 dios=0
                253:1 rbytes=18446744073709551615 wbytes=0 rios=0 wios=0 dbytes=0 dios=0 cost.usage=3
                """;
        assertEquals(List.of(
                new BlkioEntry("io_service_bytes", 8, 0, "Read", 90112),
                new BlkioEntry("io_service_bytes", 8, 0, "Write", 4096),
                new BlkioEntry("io_serviced", 8, 0, "Read", 12),
                new BlkioEntry("io_serviced", 8, 0, "Write", 1),
                new BlkioEntry("io_service_bytes", 253, 1, "Read", -1),
                new BlkioEntry("io_service_bytes", 253, 1, "Write", 0),
                new BlkioEntry("io_serviced", 253, 1, "Read", 0),
                new BlkioEntry("io_serviced", 253, 1, "Write", 0)), V2Stats.ioEntries(text));
        assertEquals(List.of(), V2Stats.ioEntries(""));
    }

    @Test
    void memoryCountersAreMemoryStatsThenTheOomKills() {
        var counters = V2Stats.memoryCounters("anon 4096\nfile 8192\n", "low 0\nhigh 0\nmax 7\noom 2\noom_kill 2\n");
        assertEquals(List.of("anon", "file", "oom_kill"), List.copyOf(counters.keySet()), "memory.stat's order");
        assertEquals(Map.of("anon", 4096L, "file", 8192L, "oom_kill", 2L), counters);
        assertEquals(Map.of("anon", 1L), V2Stats.memoryCounters("anon 1\n", null));
    }
}
