package io.hako.cgroups.v2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cgroups.CgroupException;
import io.hako.oci.config.BlockIo;
import io.hako.oci.config.Cpu;
import io.hako.oci.config.HugepageLimit;
import io.hako.oci.config.InterfacePriority;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Network;
import io.hako.oci.config.Pids;
import io.hako.oci.config.Rdma;
import io.hako.oci.config.Resources;
import io.hako.oci.config.ThrottleDevice;
import io.hako.oci.config.WeightDevice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class V2SettingsTest {
    @Test
    void aRootlessContainerNeedsItsCgroupForTheLimitsRuncCounts() {
        Set<String> all = Set.of("cpu", "cpuset", "io", "memory", "pids", "hugetlb");
        assertEquals(false, V2Settings.needsControllers(null, all));
        assertEquals(false, V2Settings.needsControllers(new Resources(null, null, null, null, null, null, null, null,
                null, null), all));
        Resources pids = new Resources(null, null, null, new Pids(5, null), null, null, null, null, null, null);
        assertTrue(V2Settings.needsControllers(pids, all));
        assertEquals(false, V2Settings.needsControllers(pids, Set.of("memory")), "a controller the host lacks");
        Resources cpuset = new Resources(null, null, new Cpu(null, null, null, null, null, null, "0", null, null, null),
                null, null, null, null, null, null, null);
        assertTrue(V2Settings.needsControllers(cpuset, all));
        // runc does not count unified keys, rdma or swappiness alone.
        Resources unified = new Resources(null, new Memory(null, null, null, null, null, 10L, null, null, null, null),
                null, null, null, null, null, null, Map.of("pids.max", "5"), null);
        assertEquals(false, V2Settings.needsControllers(unified, all));
    }

    /** A cgroup with every controller enabled, as a container's is, with swap accounting and no BFQ. */
    private static final V2Settings.Target TARGET = new V2Settings.Target(Set.of("cgroup.procs", "memory.max",
            "memory.swap.max", "memory.low", "memory.high", "memory.oom.group", "cpu.weight", "cpu.max", "pids.max",
            "io.weight", "io.max", "hugetlb.2MB.max"), Set.of("cpu", "cpuset", "io", "memory", "pids", "hugetlb"));

    private static Resources resources(Memory memory, Cpu cpu, Pids pids, BlockIo io) {
        return new Resources(null, memory, cpu, pids, io, null, null, null, null, null);
    }

    private static Memory memory(Long limit, Long reservation, Long swap) {
        return new Memory(limit, reservation, swap, null, null, null, null, null, null, null);
    }

    private static Cpu cpu(Long shares, Long quota, Long burst, Long period) {
        return new Cpu(shares, quota, burst, period, null, null, null, null, null, null);
    }

    private static BlockIo io(Integer weight, List<WeightDevice> devices, List<ThrottleDevice> readBps) {
        return new BlockIo(weight, null, devices, readBps, null, null, null, null);
    }

    private static Resources unified(Map<String, String> files) {
        return new Resources(null, null, null, null, null, null, null, null, files, null);
    }

    private static V2Settings.Write write(String file, String value) {
        return new V2Settings.Write(file, value);
    }

    @Test
    void eachSettingGoesToItsFileInOrder() throws Exception {
        var memory = memory(1L << 30, 1L << 29, 3L << 29);
        var cpu = new Cpu(1024L, 50000L, 1000L, 200000L, null, null, "0-1", "0", 0L, null);
        var io = new BlockIo(500, null, List.of(new WeightDevice(8, 0, 100, null, null)),
                List.of(new ThrottleDevice(8, 0, 1048576L, null)), List.of(new ThrottleDevice(8, 16, 0L, null)),
                List.of(new ThrottleDevice(8, 0, 100L, null)), List.of(new ThrottleDevice(8, 0, 50L, null)), null);
        var resources = new Resources(null, memory, cpu, new Pids(100, null), io,
                List.of(new HugepageLimit("2MB", 1L << 21, null)), null,
                Map.of("mlx5_1", new Rdma(3L, null, null)), Map.of("memory.high", "768M"), null);
        assertEquals(List.of(
                write("memory.max", "1073741824"),
                write("memory.swap.max", "536870912"),
                write("memory.low", "536870912"),
                write("cpu.idle", "0"),
                write("cpu.weight", "39"),
                write("cpu.max.burst", "1000"),
                write("cpu.max", "50000 200000"),
                write("cpuset.cpus", "0-1"),
                write("cpuset.mems", "0"),
                write("pids.max", "100"),
                write("io.weight", "4950"),
                write("io.weight", "8:0 910"),
                write("io.max", "8:0 rbps=1048576"),
                write("io.max", "8:16 wbps=max"),
                write("io.max", "8:0 riops=100"),
                write("io.max", "8:0 wiops=50"),
                write("hugetlb.2MB.max", "2097152"),
                write("rdma.max", "mlx5_1 hca_handle=3"),
                write("memory.high", "768M")), V2Settings.of(resources, TARGET));
    }

    @Test
    void nothingIsWrittenForNothingAsked() throws Exception {
        assertEquals(List.of(), V2Settings.of(null, TARGET));
        assertEquals(List.of(), V2Settings.of(resources(memory(null, null, null), cpu(null, null, null, null),
                null, io(null, null, null)), TARGET));
        assertEquals(List.of(), V2Settings.of(resources(memory(0L, 0L, 0L), cpu(0L, 0L, null, 0L), null, null),
                TARGET), "0 is runc's unset");
    }

    @Test
    void unlimitedIsMax() throws Exception {
        assertEquals(List.of(write("memory.max", "max"), write("memory.swap.max", "max"), write("memory.low", "max"),
                write("pids.max", "max")), V2Settings.of(resources(memory(-1L, -1L, -1L), null, new Pids(-1, null),
                null), TARGET));
        assertEquals(List.of(write("cpu.max", "max 100000")),
                V2Settings.of(resources(null, cpu(null, -1L, null, null), null, null), TARGET));
    }

    @Test
    void aQuotaWithoutAPeriodGetsTheDefaultPeriod() throws Exception {
        assertEquals(List.of(write("cpu.max", "25000 100000")),
                V2Settings.of(resources(null, cpu(null, 25000L, null, null), null, null), TARGET));
    }

    @Test
    void aPeriodAloneComesWithNoQuota() throws Exception {
        assertEquals(List.of(write("cpu.max", "max 50000")),
                V2Settings.of(resources(null, cpu(null, null, null, 50000L), null, null), TARGET));
    }

    @Test
    void swapEqualToTheLimitIsNoSwap() throws Exception {
        assertEquals(List.of(write("memory.max", "1000"), write("memory.swap.max", "0")),
                V2Settings.of(resources(memory(1000L, null, 1000L), null, null, null), TARGET));
    }

    @Test
    void withoutSwapAccountingMaxAndNoSwapAreLeftOutButALimitIsNot() throws Exception {
        var noSwap = new V2Settings.Target(Set.of("memory.max"), Set.of("memory"));
        assertEquals(List.of(write("memory.max", "1000")),
                V2Settings.of(resources(memory(1000L, null, 1000L), null, null, null), noSwap));
        assertEquals(List.of(write("memory.max", "max")),
                V2Settings.of(resources(memory(-1L, null, -1L), null, null, null), noSwap));
        assertEquals(List.of(write("memory.max", "1000"), write("memory.swap.max", "1000")),
                V2Settings.of(resources(memory(1000L, null, 2000L), null, null, null), noSwap),
                "written, so that its failure says the file is missing");
    }

    @Property
    void swapIsMemoryPlusSwapMinusTheLimit(@ForAll @LongRange(min = 1, max = 1L << 50) long limit,
            @ForAll @LongRange(min = 0, max = 1L << 50) long extra) throws Exception {
        assertEquals(Long.toString(extra), V2Settings.swapMax(limit + extra, limit));
    }

    @Property
    void swapBelowTheLimitIsAnError(@ForAll @LongRange(min = 2, max = 1L << 50) long limit,
            @ForAll @LongRange(min = 1, max = 1L << 50) long less) {
        long swap = Math.max(1, limit - less);
        var e = assertThrows(CgroupException.class, () -> V2Settings.swapMax(swap, limit));
        assertTrue(e.getMessage().startsWith("/linux/resources/memory/swap: " + swap + " "), e.getMessage());
        assertTrue(e.getMessage().contains("below the memory limit " + limit), e.getMessage());
    }

    @Property
    void swapWithoutALimitIsAnErrorUnlessUnlimited(@ForAll @LongRange(min = 1, max = 1L << 50) long swap,
            @ForAll("noLimit") Long limit) throws Exception {
        var e = assertThrows(CgroupException.class, () -> V2Settings.swapMax(swap, limit));
        assertTrue(e.getMessage().startsWith("/linux/resources/memory/swap: "), e.getMessage());
        assertEquals("max", V2Settings.swapMax(-1L, limit));
        assertNull(V2Settings.swapMax(null, limit));
    }

    @Provide
    Arbitrary<Long> noLimit() {
        return Arbitraries.of(-1L, 0L).injectNull(0.4);
    }

    @Test
    void sharesBecomeAWeightAsRuncDocuments() {
        assertEquals(1, V2Settings.cpuWeight(2));
        assertEquals(39, V2Settings.cpuWeight(1024), "v1's default");
        assertEquals(10000, V2Settings.cpuWeight(262144));
        assertEquals(1, V2Settings.cpuWeight(1), "below v1's minimum");
        assertEquals(10000, V2Settings.cpuWeight(-1), "uint64's largest");
    }

    @Property
    void theWeightFollowsTheFormulaInsideItsRangeAndIsClampedOutside(@ForAll long shares) {
        long weight = V2Settings.cpuWeight(shares);
        assertTrue(weight >= 1 && weight <= 10000, "weight " + weight);
        if (shares >= 2 && shares <= 262144) {
            assertEquals(1 + ((shares - 2) * 9999) / 262142, weight);
        }
    }

    @Property
    void moreSharesNeverGiveLessWeight(@ForAll @LongRange(min = 0, max = 300_000) long a,
            @ForAll @LongRange(min = 0, max = 300_000) long b) {
        assertTrue(V2Settings.cpuWeight(Math.max(a, b)) >= V2Settings.cpuWeight(Math.min(a, b)), a + ", " + b);
    }

    @Property
    void anIoWeightIsMappedLinearlyFromV1sRange(@ForAll @IntRange(min = 0, max = 65535) int weight) {
        long converted = V2Settings.ioWeight(weight);
        assertTrue(converted >= 1 && converted <= 10000);
        if (weight >= 10 && weight <= 1000) {
            assertEquals(1 + (weight - 10) * 9999L / 990, converted);
        }
        assertEquals(1, V2Settings.ioWeight(10));
        assertEquals(10000, V2Settings.ioWeight(1000));
    }

    @Test
    void withBfqWeightsAreWrittenAsTheyAre() throws Exception {
        var bfq = new V2Settings.Target(Set.of("io.bfq.weight", "io.weight"), Set.of("io"));
        assertEquals(List.of(write("io.bfq.weight", "500"), write("io.bfq.weight", "8:0 100")),
                V2Settings.of(resources(null, null, null, io(500, List.of(new WeightDevice(8, 0, 100, null, null)),
                        null)), bfq));
    }

    @Test
    void hugetlbReservationsGetTheLimitWhereTheyAreCounted() throws Exception {
        var target = new V2Settings.Target(Set.of("hugetlb.2MB.max", "hugetlb.2MB.rsvd.max"), Set.of("hugetlb"));
        assertEquals(List.of(write("hugetlb.2MB.max", "4194304"), write("hugetlb.2MB.rsvd.max", "4194304")),
                V2Settings.of(new Resources(null, null, null, null, null,
                        List.of(new HugepageLimit("2MB", 4L << 20, null)), null, null, null, null), target));
    }

    @Test
    void whatCgroupV2CannotExpressIsAnErrorNamingTheField() {
        record Case(String field, Resources resources) {}
        var cases = List.of(
                new Case("/linux/resources/cpu/realtimeRuntime", resources(null,
                        new Cpu(null, null, null, null, 950000L, null, null, null, null, null), null, null)),
                new Case("/linux/resources/cpu/realtimePeriod", resources(null,
                        new Cpu(null, null, null, null, null, 1000000L, null, null, null, null), null, null)),
                new Case("/linux/resources/blockIO/leafWeight", resources(null, null, null,
                        new BlockIo(null, 300, null, null, null, null, null, null))),
                new Case("/linux/resources/blockIO/weightDevice/1/leafWeight", resources(null, null, null,
                        io(null, List.of(new WeightDevice(8, 0, 100, null, null), new WeightDevice(8, 16, null, 10,
                                null)), null))),
                new Case("/linux/resources/network/classID", new Resources(null, null, null, null, null, null,
                        new Network(0x100001L, null, null), null, null, null)),
                new Case("/linux/resources/network/priorities", new Resources(null, null, null, null, null, null,
                        new Network(null, List.of(new InterfacePriority("eth0", 5, null)), null), null, null, null)),
                new Case("/linux/resources/memory/kernel", resources(new Memory(null, null, null, 1L << 20, null,
                        null, null, null, null, null), null, null, null)),
                new Case("/linux/resources/memory/kernelTCP", resources(new Memory(null, null, null, null, 1L << 20,
                        null, null, null, null, null), null, null, null)),
                new Case("/linux/resources/memory/swappiness", resources(new Memory(null, null, null, null, null,
                        60L, null, null, null, null), null, null, null)),
                new Case("/linux/resources/memory/disableOOMKiller", resources(new Memory(null, null, null, null,
                        null, null, true, null, null, null), null, null, null)),
                new Case("/linux/resources/memory/useHierarchy", resources(new Memory(null, null, null, null, null,
                        null, null, false, null, null), null, null, null)));
        for (Case c : cases) {
            var e = assertThrows(CgroupException.class, () -> V2Settings.of(c.resources(), TARGET), c.field());
            assertTrue(e.getMessage().startsWith(c.field() + ": "), e.getMessage());
        }
    }

    @Test
    void whatCgroupV2DoesAnywayIsAccepted() throws Exception {
        assertEquals(List.of(), V2Settings.of(resources(new Memory(null, null, null, -1L, -1L, null, false, true,
                null, null), null, null, null), TARGET));
        assertEquals(List.of(), V2Settings.of(new Resources(null, null, null, null, null, null,
                new Network(null, List.of(), null), null, null, null), TARGET));
    }

    @Test
    void unifiedFilesAreWrittenLineByLineAfterTheRest() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("memory.high", "max");
        files.put("io.max", "8:0 rbps=1000\n8:16 wbps=2000\n");
        files.put("memory.oom.group", "1");
        assertEquals(List.of(write("pids.max", "10"), write("memory.high", "max"), write("io.max", "8:0 rbps=1000"),
                write("io.max", "8:16 wbps=2000"), write("memory.oom.group", "1")),
                V2Settings.of(new Resources(null, null, null, new Pids(10, null), null, null, null, null, files, null),
                        TARGET));
    }

    @Test
    void aUnifiedKeyOfAControllerEnabledHereIsTakenEvenWithoutItsFile() throws Exception {
        assertEquals(List.of(write("memory.zswap.max", "0")), V2Settings.of(unified(Map.of("memory.zswap.max", "0")),
                TARGET));
    }

    @Test
    void aUnifiedKeyThatIsNoFileOfThisCgroupIsAnErrorNamingIt() {
        for (String key : List.of("../cgroup.procs", "a/b", "", ".", "..", "/memory.max")) {
            var e = assertThrows(CgroupException.class, () -> V2Settings.of(unified(Map.of(key, "1")), TARGET));
            assertEquals("/linux/resources/unified: \"" + key + "\" is not a file name", e.getMessage());
        }
        var disabled = assertThrows(CgroupException.class,
                () -> V2Settings.of(unified(Map.of("rdma.max", "mlx5_1 hca_handle=2")), TARGET));
        assertTrue(disabled.getMessage().startsWith("/linux/resources/unified: \"rdma.max\" is no file of this "
                + "cgroup (the rdma controller is not enabled for it"), disabled.getMessage());
        var unknown = assertThrows(CgroupException.class,
                () -> V2Settings.of(unified(Map.of("cgroup.nonsense", "1")), TARGET));
        assertEquals("/linux/resources/unified: \"cgroup.nonsense\" is no file of this cgroup", unknown.getMessage());
    }

    /** Files a setting may write, by the controller that owns them. */
    private static final Map<String, Set<String>> OWNED = Map.of(
            "memory", Set.of("memory.max", "memory.swap.max", "memory.low"),
            "cpu", Set.of("cpu.weight", "cpu.max", "cpu.max.burst", "cpu.idle"),
            "pids", Set.of("pids.max"),
            "io", Set.of("io.weight", "io.max"));

    @Provide
    Arbitrary<Resources> someResources() {
        Arbitrary<Long> limits = Arbitraries.oneOf(Arbitraries.longs().between(1, 1L << 40), Arbitraries.just(-1L),
                Arbitraries.just(0L)).injectNull(0.5);
        Arbitrary<Memory> memories = Combinators.combine(limits, limits)
                .as((limit, reservation) -> memory(limit, reservation, null)).injectNull(0.3);
        Arbitrary<Long> maybe = Arbitraries.longs().between(-1, 1_000_000).injectNull(0.5);
        Arbitrary<Cpu> cpus = Combinators.combine(maybe, maybe, maybe, maybe)
                .as((shares, quota, burst, period) -> cpu(shares == null ? null : Math.abs(shares), quota,
                        burst == null ? null : Math.abs(burst), period == null ? null : Math.abs(period)))
                .injectNull(0.3);
        Arbitrary<Pids> pids = Arbitraries.longs().between(-1, 100_000).map(l -> new Pids(l, null)).injectNull(0.5);
        Arbitrary<BlockIo> ios = Arbitraries.integers().between(0, 1000).injectNull(0.5)
                .map(w -> io(w, null, null)).injectNull(0.3);
        return Combinators.combine(memories, cpus, pids, ios).as(V2SettingsTest::resources);
    }

    @Property
    void onlyNamedSettingsAreWrittenEachToItsControllersFile(@ForAll("someResources") Resources resources)
            throws Exception {
        var writes = V2Settings.of(resources, TARGET);
        for (var write : writes) {
            String controller = write.file().substring(0, write.file().indexOf('.'));
            assertTrue(OWNED.getOrDefault(controller, Set.of()).contains(write.file()), write.toString());
            assertTrue(switch (controller) {
                case "memory" -> resources.memory() != null;
                case "cpu" -> resources.cpu() != null;
                case "pids" -> resources.pids() != null;
                case "io" -> resources.blockIO() != null;
                default -> false;
            }, write + " written for " + resources);
            assertTrue(!write.value().isEmpty() && !write.value().contains("-"), "no empty or negative value: "
                    + write);
        }
        assertEquals(writes.stream().map(V2Settings.Write::file).distinct().count(), writes.size(),
                "each file once: " + writes);
    }
}
