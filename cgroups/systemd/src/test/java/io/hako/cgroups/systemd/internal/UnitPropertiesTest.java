package io.hako.cgroups.systemd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cgroups.CgroupException;
import io.hako.oci.config.BlockIo;
import io.hako.oci.config.Cpu;
import io.hako.oci.config.DeviceRule;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Pids;
import io.hako.oci.config.Resources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class UnitPropertiesTest {
    private static final BiFunction<Character, Long, Optional<String>> NAMES =
            (type, major) -> type == 'c' && major == 136 ? Optional.of("pts") : Optional.empty();

    private static Resources resources(List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids, BlockIo io,
            Map<String, String> unified) {
        return new Resources(devices, memory, cpu, pids, io, null, null, null, unified, null);
    }

    private static Memory memory(Long limit, Long reservation, Long swap) {
        return new Memory(limit, reservation, swap, null, null, null, null, null, null, null);
    }

    private static Cpu cpu(Long shares, Long quota, Long period, String cpus) {
        return new Cpu(shares, quota, null, period, null, null, cpus, null, null, null);
    }

    /** The properties as name=value text, arrays spelled out, for compact expectations. */
    private static Map<String, Object> named(List<UnitProperties.Property> properties) {
        Map<String, Object> named = new LinkedHashMap<>();
        for (UnitProperties.Property property : properties) {
            Object value = property.value().value();
            named.put(property.name(), value instanceof byte[] bytes ? java.util.Arrays.toString(bytes) : value);
        }
        return named;
    }

    @Test
    void memoryOnV2UsesV2sNamesAndRuncsSwapConversion() throws CgroupException {
        var properties = UnitProperties.of(resources(null, memory(256L << 20, 128L << 20, 512L << 20), null, null,
                null, null), true, 252, NAMES);
        assertEquals(Map.of("MemoryMax", 256L << 20, "MemoryLow", 128L << 20, "MemorySwapMax", 256L << 20),
                named(properties));
        assertEquals("t", properties.getFirst().value().signature());
    }

    @Test
    void memoryOnV1IsMemoryLimitAndMinusOneIsInfinity() throws CgroupException {
        assertEquals(Map.of("MemoryLimit", -1L), named(UnitProperties.of(resources(null, memory(-1L, null, null),
                null, null, null, null), false, 252, NAMES)));
    }

    @Test
    void swapWithoutAMemoryLimitIsTheFieldsError() {
        var e = assertThrows(CgroupException.class, () -> UnitProperties.of(resources(null,
                memory(null, null, 1L << 30), null, null, null, null), true, 252, NAMES));
        assertTrue(e.getMessage().startsWith("/linux/resources/memory/swap"), e.getMessage());
    }

    @Test
    void cpuSharesBecomeAWeightOnV2AndStaySharesOnV1() throws CgroupException {
        assertEquals(Map.of("CPUWeight", 39L), named(UnitProperties.of(resources(null, null,
                cpu(1024L, null, null, null), null, null, null), true, 252, NAMES)));
        assertEquals(Map.of("CPUShares", 1024L), named(UnitProperties.of(resources(null, null,
                cpu(1024L, null, null, null), null, null, null), false, 252, NAMES)));
    }

    @Test
    void quotaIsPerSecondInWholePercentsWithItsPeriodWhereSystemdTakesOne() throws CgroupException {
        var properties = named(UnitProperties.of(resources(null, null, cpu(null, 12_345L, 100_000L, null), null,
                null, null), true, 252, NAMES));
        assertEquals(Map.of("CPUQuotaPeriodUSec", 100_000L, "CPUQuotaPerSecUSec", 130_000L), properties);
        var old = named(UnitProperties.of(resources(null, null, cpu(null, 50_000L, 100_000L, null), null, null,
                null), true, 241, NAMES));
        assertEquals(Map.of("CPUQuotaPerSecUSec", 500_000L), old, "systemd 241 has no CPUQuotaPeriodUSec");
        var periodOnly = named(UnitProperties.of(resources(null, null, cpu(null, null, 50_000L, null), null,
                null, null), true, 252, NAMES));
        assertEquals(-1L, periodOnly.get("CPUQuotaPerSecUSec"), "a period alone is no quota");
    }

    @Property
    void theQuotaPerSecondIsNeverBelowTheAskedShare(@ForAll @LongRange(min = 1, max = 10_000_000) long quota,
            @ForAll @LongRange(min = 1_000, max = 1_000_000) long period) {
        long perSecond = UnitProperties.quotaPerSecond(quota, period);
        assertEquals(0, perSecond % 10_000, "whole percents");
        assertTrue(perSecond * period >= quota * 1_000_000L - period, perSecond + " for " + quota + "/" + period);
        assertTrue(perSecond - 10_000 < quota * 1_000_000L / period, "rounded up by less than a step");
    }

    @Test
    void cpusetsAreBitmasksWhereSystemdTakesThem() throws CgroupException {
        var properties = named(UnitProperties.of(resources(null, null, cpu(null, null, null, "0-2,9"), null, null,
                null), true, 252, NAMES));
        assertEquals("[7, 2]", properties.get("AllowedCPUs"));
        assertTrue(UnitProperties.of(resources(null, null, cpu(null, null, null, "0-2"), null, null, null), true,
                243, NAMES).isEmpty(), "systemd 243 has no AllowedCPUs");
        assertArrayEquals(new byte[] {0, 0, 1}, UnitProperties.bitmask("16", "f"));
        var e = assertThrows(CgroupException.class, () -> UnitProperties.bitmask("3-1", "/linux/resources/cpu/cpus"));
        assertEquals("/linux/resources/cpu/cpus: \"3-1\" in \"3-1\" is not a number or a rising range n-m",
                e.getMessage());
    }

    @Test
    void pidsAndBlockIoWeight() throws CgroupException {
        assertEquals(Map.of("TasksMax", 10L), named(UnitProperties.of(resources(null, null, null,
                new Pids(10, null), null, null), true, 252, NAMES)));
        assertEquals(Map.of("TasksMax", -1L), named(UnitProperties.of(resources(null, null, null,
                new Pids(-1, null), null, null), true, 252, NAMES)));
        assertEquals(Map.of("BlockIOWeight", 500L), named(UnitProperties.of(resources(null, null, null, null,
                new BlockIo(500, null, null, null, null, null, null, null), null), false, 252, NAMES)));
    }

    @Test
    void unifiedKeysSystemdKnowsBecomeProperties() throws CgroupException {
        Map<String, String> unified = new LinkedHashMap<>();
        unified.put("memory.high", "max");
        unified.put("memory.min", "4096");
        unified.put("pids.max", "7");
        unified.put("cpu.max", "50000 100000");
        unified.put("io.weight", "default 50");
        assertEquals(Map.of("MemoryHigh", -1L, "MemoryMin", 4096L, "TasksMax", 7L, "CPUQuotaPeriodUSec", 100_000L,
                "CPUQuotaPerSecUSec", 500_000L), named(UnitProperties.of(resources(null, null, null, null, null,
                unified), true, 252, NAMES)));
        var e = assertThrows(CgroupException.class, () -> UnitProperties.of(resources(null, null, null, null, null,
                Map.of("memory.max", "lots")), true, 252, NAMES));
        assertEquals("/linux/resources/unified/memory.max: \"lots\" is not a non-negative number or \"max\"",
                e.getMessage());
    }

    private static DeviceRule rule(boolean allow, String type, Long major, Long minor, String access) {
        return new DeviceRule(allow, type, major, minor, access, null);
    }

    @Test
    void anAllowListAfterDenyAllIsStrictWithEachDeviceNamed() {
        var properties = UnitProperties.devices(List.of(rule(true, "a", null, null, "rwm"),
                rule(false, null, null, null, "rwm"), rule(true, "c", null, null, "m"), rule(true, "c", 1L, 3L, "rw"),
                rule(true, "c", 136L, null, "rwm"), rule(true, "b", 8L, 0L, "mr")), NAMES);
        assertEquals(List.of("DevicePolicy", "DeviceAllow"), properties.stream().map(UnitProperties.Property::name)
                .toList());
        assertEquals("strict", properties.get(0).value().value());
        assertEquals(List.of(List.of("char-*", "m"), List.of("/dev/char/1:3", "rw"), List.of("char-pts", "rwm"),
                List.of("/dev/block/8:0", "rm")), properties.get(1).value().value());
    }

    @Test
    void whatAnAllowListCannotSayLeavesSystemdOutOfIt() {
        // no deny-all: a deny list
        assertEquals(List.of(), UnitProperties.devices(List.of(rule(false, "c", 1L, 3L, "rwm")), NAMES));
        // a deny after allows
        assertEquals(List.of(), UnitProperties.devices(List.of(rule(false, "a", null, null, "rwm"),
                rule(true, "c", null, null, "rwm"), rule(false, "c", 1L, 3L, "w")), NAMES));
        // a major /proc/devices has no name for
        assertEquals(List.of(), UnitProperties.devices(List.of(rule(false, "a", null, null, "rwm"),
                rule(true, "c", 99L, null, "rwm")), NAMES));
        // allow everything after deny-all: no filter
        assertEquals(List.of(UnitProperties.Property.of("DevicePolicy", "s", "auto")), UnitProperties.devices(
                List.of(rule(false, "a", null, null, "rwm"), rule(true, "a", null, null, "rwm")), NAMES));
    }
}
