package io.hako.cgroups.v1.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cgroups.CgroupException;
import io.hako.cgroups.Cgroups;
import io.hako.oci.config.BlockIo;
import io.hako.oci.config.Cpu;
import io.hako.oci.config.DeviceRule;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Pids;
import io.hako.oci.config.Resources;
import io.hako.oci.config.ThrottleDevice;
import io.hako.oci.config.WeightDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class V1SettingsTest {
    private static Resources resources(List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids, BlockIo io) {
        return new Resources(devices, memory, cpu, pids, io, null, null, null, null, null);
    }

    @Test
    void eachSettingGoesToItsFileInOrder() throws Exception {
        var memory = new Memory(1L << 30, 1L << 29, 2L << 30, null, null, 10L, true, null, null, null);
        var cpu = new Cpu(512L, 50000L, null, 100000L, null, null, "0-1", "0", null, null);
        var io = new BlockIo(500, null, null, List.of(new ThrottleDevice(8, 0, 1048576L, null)), null, null, null,
                null);
        var writes = V1Settings.of(resources(List.of(new DeviceRule(false, null, null, null, "rwm", null),
                new DeviceRule(true, "c", 1L, 3L, "rwm", null)), memory, cpu, new Pids(100, null), io));
        assertEquals(List.of(
                new V1Settings.Write("devices", "devices.deny", "a *:* rwm"),
                new V1Settings.Write("devices", "devices.allow", "c 1:3 rwm"),
                new V1Settings.Write("memory", "memory.limit_in_bytes", "1073741824"),
                new V1Settings.Write("memory", "memory.memsw.limit_in_bytes", "2147483648"),
                new V1Settings.Write("memory", "memory.soft_limit_in_bytes", "536870912"),
                new V1Settings.Write("memory", "memory.swappiness", "10"),
                new V1Settings.Write("memory", "memory.oom_control", "1"),
                new V1Settings.Write("cpu", "cpu.shares", "512"),
                new V1Settings.Write("cpu", "cpu.cfs_period_us", "100000"),
                new V1Settings.Write("cpu", "cpu.cfs_quota_us", "50000"),
                new V1Settings.Write("cpuset", "cpuset.cpus", "0-1"),
                new V1Settings.Write("cpuset", "cpuset.mems", "0"),
                new V1Settings.Write("pids", "pids.max", "100"),
                new V1Settings.Write("blkio", "blkio.weight", "500"),
                new V1Settings.Write("blkio", "blkio.throttle.read_bps_device", "8:0 1048576")), writes);
    }

    @Test
    void unifiedKeysCannotBeWrittenOnV1() {
        var e = assertThrows(CgroupException.class, () -> V1Settings.of(new Resources(null, null, null, null, null,
                null, null, null, Map.of("memory.high", "1G"), null)));
        assertTrue(e.getMessage().startsWith("/linux/resources/unified"), e.getMessage());
    }

    @Test
    void deviceRulesFillInWildcards() {
        assertEquals("c *:* m", V1Settings.deviceRule(new DeviceRule(true, "c", null, null, "m", null)));
        assertEquals("b 8:* rw", V1Settings.deviceRule(new DeviceRule(true, "b", 8L, -1L, "rw", null)));
        assertEquals("a *:* rwm", V1Settings.deviceRule(new DeviceRule(false, "a", 1L, 3L, null, null)));
    }

    @Property
    void aPidsLimitIsItsNumberOrMax(@ForAll @LongRange(min = -5, max = 1_000_000) long limit) throws Exception {
        var writes = V1Settings.of(resources(null, null, null, new Pids(limit, null), null));
        assertEquals(List.of(new V1Settings.Write("pids", "pids.max", limit > 0 ? Long.toString(limit) : "max")),
                writes);
    }

    @Property
    void onlyNamedSettingsAreWrittenAndEachToItsController(@ForAll @LongRange(min = -1, max = 1L << 40) long limit,
            @ForAll @LongRange(min = 0, max = 262144) long shares) throws Exception {
        var writes = V1Settings.of(resources(null, new Memory(limit, null, null, null, null, null, null, null, null,
                null), new Cpu(shares, null, null, null, null, null, null, null, null, null), null, null));
        for (var write : writes) {
            assertTrue(write.file().startsWith(write.controller() + "."), write.toString());
            assertTrue(Set.of("memory", "cpu").contains(write.controller()));
        }
        assertEquals(shares == 0 ? 1 : 2, writes.size(), "unset (0) shares are not written");
    }

    @Test
    void onBfqWeightsGoToItsFilesAndLeafWeightsAreRefused() throws Exception {
        var io = new BlockIo(500, null, List.of(new WeightDevice(8, 0, 200, null, null)),
                List.of(new ThrottleDevice(8, 0, 1048576L, null)), null, null, null, null);
        var writes = V1Settings.forBfq(V1Settings.of(resources(null, null, null, null, io)));
        assertEquals(List.of(new V1Settings.Write("blkio", "blkio.bfq.weight", "500"),
                new V1Settings.Write("blkio", "blkio.bfq.weight_device", "8:0 200"),
                new V1Settings.Write("blkio", "blkio.throttle.read_bps_device", "8:0 1048576")), writes);
        var leaf = new BlockIo(500, 300, null, null, null, null, null, null);
        var e = assertThrows(CgroupException.class, () -> V1Settings.forBfq(V1Settings.of(resources(null, null,
                null, null, leaf))));
        assertEquals("/linux/resources/blockIO/leafWeight: this host's blkio weights are BFQ's, which has no leaf "
                + "weight", e.getMessage());
    }

    @Test
    void onBfqAWeightIsWrittenAndReadBack() throws Exception {
        Path blkio = Cgroups.layout().v1().get("blkio");
        assumeTrue(blkio != null && "root".equals(System.getProperty("user.name")),
                "needs root and a v1 blkio hierarchy");
        var cgroup = new V1Driver().at("/hako-bfq-test-" + ProcessHandle.current().pid(),
                Cgroups.layout());
        cgroup.create();
        try {
            Path dir = blkio.resolve(cgroup.path().substring(1));
            assumeTrue(Files.exists(dir.resolve("blkio.bfq.weight")),
                    "this host's blkio has no BFQ weights");
            cgroup.apply(resources(null, null, null, null, new BlockIo(321, null, null, null, null, null, null,
                    null)));
            String weight = Files.readString(dir.resolve("blkio.bfq.weight"));
            assertTrue(weight.contains("321"), weight);
        } finally {
            cgroup.destroy();
        }
    }
}
