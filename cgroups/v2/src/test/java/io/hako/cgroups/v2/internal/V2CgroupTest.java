package io.hako.cgroups.v2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.CgroupStats;
import io.hako.cgroups.Cgroups;
import io.hako.cgroups.FreezerState;
import io.hako.cgroups.internal.CgroupFiles;
import io.hako.cgroups.testing.Watching.Gated;
import io.hako.oci.config.BlockIo;
import io.hako.oci.config.Cpu;
import io.hako.oci.config.DeviceRule;
import io.hako.oci.config.HugepageLimit;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Pids;
import io.hako.oci.config.Resources;
import io.hako.sys.Bpf;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The v2 driver on a real cgroup2 tree. It needs a unified host and root, so it runs in the VM
 * ({@code cgroups/src/test/vm/run-v2-tests.sh}) and skips elsewhere, saying why.
 */
class V2CgroupTest {
    private static CgroupLayout layout;
    private final String top = "/hako-v2-test-" + ProcessHandle.current().pid();
    private final List<Gated> processes = new ArrayList<>();
    private V2Cgroup cgroup;

    @BeforeAll
    static void readLayout() throws CgroupException {
        layout = Cgroups.layout();
    }

    /** Each test, not the class, is skipped: surefire then reports every one with the reason. */
    @BeforeEach
    void make() throws Exception {
        assumeTrue(layout.isUnified(), "this host's cgroup layout is not unified (v1 controllers "
                + layout.v1().keySet() + "): the v2 driver's real tests run in the VM, with "
                + "cgroups/src/test/vm/run-v2-tests.sh");
        assumeTrue("root".equals(System.getProperty("user.name")), "cgroups need root");
        cgroup = (V2Cgroup) new V2Driver().forContainer(top + "/c", "x", layout);
        cgroup.create();
    }

    @AfterEach
    void remove() throws Exception {
        if (cgroup == null) {
            return; // skipped
        }
        for (Gated process : processes) {
            process.close();
        }
        V2Cgroup all = (V2Cgroup) new V2Driver().at(top, layout);
        all.destroy();
        assertFalse(Files.exists(all.directory()), "nothing is left");
    }

    /** A gated shell (see {@link Gated}), closed after the test. */
    private Gated gated(String script) throws IOException {
        Gated process = new Gated(script);
        processes.add(process);
        return process;
    }

    private static Resources resources(Memory memory, Cpu cpu, Pids pids) {
        return new Resources(null, memory, cpu, pids, null, null, null, null, null, null);
    }

    private static Memory memory(Long limit, Long swap) {
        return new Memory(limit, null, swap, null, null, null, null, null, null, null);
    }

    private String read(String file) throws CgroupException {
        return CgroupFiles.read(cgroup.path(), cgroup.directory().resolve(file)).strip();
    }

    private long eventCount(String file, String key) throws CgroupException {
        return CgroupFiles.keyed(read(file)).getOrDefault(key, 0L);
    }

    @Test
    void createMakesEachLevelWithTheControllersEnabledAbove() throws Exception {
        assertTrue(cgroup.exists());
        Set<String> wanted = Set.copyOf(V2Cgroup.CONTROLLERS);
        Set<String> atRoot = Set.of(Files.readString(layout.unified().resolve("cgroup.controllers")).strip()
                .split(" "));
        for (Path level : List.of(layout.unified(), cgroup.directory().getParent())) {
            Set<String> enabled = Set.of(Files.readString(level.resolve("cgroup.subtree_control")).strip()
                    .split(" "));
            for (String controller : atRoot) {
                if (wanted.contains(controller)) {
                    assertTrue(enabled.contains(controller), controller + " in " + level);
                }
            }
        }
        assertTrue(Files.exists(cgroup.directory().resolve("memory.max")));
        assertTrue(Files.exists(cgroup.directory().resolve("pids.max")));
        cgroup.create(); // again: nothing happens
        assertTrue(cgroup.exists());
    }

    @Test
    void limitsAreWrittenAndReadBack() throws Exception {
        Map<String, String> unified = Map.of("memory.high", "50331648");
        var cpu = new Cpu(1024L, 50000L, null, 200000L, null, null, "0", "0", null, null);
        var memory = new Memory(64L << 20, 16L << 20, 96L << 20, null, null, null, null, null, null, null);
        List<HugepageLimit> hugepages = Files.exists(cgroup.directory().resolve("hugetlb.2MB.max"))
                ? List.of(new HugepageLimit("2MB", 4L << 20, null)) : null;
        Path ioWeight = cgroup.directory().resolve("io.weight");
        BlockIo io = Files.exists(ioWeight) ? new BlockIo(500, null, null, null, null, null, null, null) : null;
        cgroup.apply(new Resources(null, memory, cpu, new Pids(50, null), io, hugepages, null, null, unified, null));

        assertEquals(Long.toString(64L << 20), read("memory.max"));
        assertEquals(Long.toString(32L << 20), read("memory.swap.max"), "memory plus swap, less memory");
        assertEquals(Long.toString(16L << 20), read("memory.low"));
        assertEquals("50331648", read("memory.high"));
        assertEquals("39", read("cpu.weight"));
        assertEquals("50000 200000", read("cpu.max"));
        assertEquals("0", read("cpuset.cpus"));
        assertEquals("0", read("cpuset.mems"));
        assertEquals("50", read("pids.max"));
        if (hugepages != null) {
            assertEquals(Long.toString(4L << 20), read("hugetlb.2MB.max"));
        }
        if (io != null) {
            assertEquals("default 4950", read("io.weight"));
        }

        // An update writes only what it names.
        cgroup.apply(resources(null, new Cpu(null, -1L, null, null, null, null, null, null, null, null), null));
        assertEquals("max 100000", read("cpu.max"));
        assertEquals("39", read("cpu.weight"));
        assertEquals("50", read("pids.max"));
    }

    @Test
    void aBurstRaisedWithItsQuotaIsWrittenAfterIt() throws Exception {
        assumeTrue(Files.exists(cgroup.directory().resolve("cpu.max.burst")), "cpu.max.burst needs Linux 5.14");
        cgroup.apply(resources(null, new Cpu(null, 10000L, 5000L, 100000L, null, null, null, null, null, null),
                null));
        // 40000 exceeds the quota in place (10000): refused first, written once cpu.max has the new quota.
        cgroup.apply(resources(null, new Cpu(null, 50000L, 40000L, 100000L, null, null, null, null, null, null),
                null));
        assertEquals("50000 100000", read("cpu.max"));
        assertEquals("40000", read("cpu.max.burst"));
        // Lowered together, the burst goes first, or the new quota would be below the old burst.
        cgroup.apply(resources(null, new Cpu(null, 20000L, 10000L, 100000L, null, null, null, null, null, null),
                null));
        assertEquals("20000 100000", read("cpu.max"));
        assertEquals("10000", read("cpu.max.burst"));
    }

    @Test
    void checkBeforeUpdateRefusesALimitBelowWhatIsInUse() throws Exception {
        Gated holder = gated(HOLD_A_MEGABYTE);
        cgroup.add(holder.pid());
        holder.release();
        awaitMemoryUsageAbove(1 << 20);
        var e = assertThrows(CgroupException.class, () -> cgroup.apply(resources(new Memory(4096L, null, null, null,
                null, null, null, null, true, null), null, null)));
        assertTrue(e.getMessage().contains("/linux/resources/memory/limit: 4096 is not above the memory in use"),
                e.getMessage());
        assertEquals("max", read("memory.max"));
        cgroup.apply(resources(new Memory(256L << 20, null, null, null, null, null, null, null, true, null), null,
                null));
        assertEquals(Long.toString(256L << 20), read("memory.max"), "above the usage, it is written");
    }

    @Test
    void aBadSettingIsReportedBeforeAnythingIsWritten() throws Exception {
        var e = assertThrows(CgroupException.class, () -> cgroup.apply(new Resources(null, null, null,
                new Pids(7, null), null, null, null, null, Map.of("../cgroup.procs", "1"), null)));
        assertTrue(e.getMessage().startsWith("cgroup " + top + "/c: /linux/resources/unified: \"../cgroup.procs\""),
                e.getMessage());
        assertEquals("max", read("pids.max"), "pids.max untouched");
        var swap = assertThrows(CgroupException.class, () -> cgroup.apply(resources(memory(64L << 20, 32L << 20),
                null, null)));
        assertTrue(swap.getMessage().contains("/linux/resources/memory/swap"), swap.getMessage());
        assertEquals("max", read("memory.max"), "memory.max untouched");
    }

    @Test
    void aRefusedWriteNamesTheFileAndValue() {
        var e = assertThrows(CgroupException.class, () -> cgroup.apply(resources(null,
                new Cpu(null, null, null, null, null, null, "999", null, null, null), null)));
        assertTrue(e.getMessage().contains("write \"999\" to " + cgroup.directory().resolve("cpuset.cpus")),
                e.getMessage());
    }

    @Test
    void aProcessIsAddedAndListed() throws Exception {
        Gated holder = gated(HOLD_A_MEGABYTE);
        cgroup.add(holder.pid());
        assertEquals(List.of(holder.pid()), cgroup.pids());
        assertEquals("0::" + top + "/c", Files.readString(Path.of("/proc/" + holder.pid() + "/cgroup")).strip());
        assertEquals(1, cgroup.stats().pids().current());
        // What it allocated before stays charged where it was; what it allocates now counts here.
        holder.release();
        awaitMemoryUsageAbove(1 << 20);
    }

    /** A shell that keeps a megabyte in a variable, allocated once it is released. */
    private static final String HOLD_A_MEGABYTE = "x=$(head -c 1048576 /dev/zero | tr '\\0' a); sleep 60";

    private void awaitMemoryUsageAbove(long bytes) throws Exception {
        long usage = 0;
        for (int attempt = 0; attempt < 200 && usage <= bytes; attempt++) {
            Thread.sleep(50);
            usage = cgroup.stats().memory().memory().usage();
        }
        assertTrue(usage > bytes, "memory.current " + usage + ", expected above " + bytes);
    }

    @Test
    void pidsOfCgroupsBelowAreListedToo() throws Exception {
        // Processes live in leaves only: a cgroup whose children have controllers holds none of its own.
        V2Cgroup a = (V2Cgroup) new V2Driver().at(top + "/c/a", layout);
        V2Cgroup b = (V2Cgroup) new V2Driver().at(top + "/c/b/deeper", layout);
        a.create();
        b.create();
        Gated one = gated("sleep 60");
        Gated two = gated("sleep 60");
        a.add(one.pid());
        b.add(two.pid());
        assertEquals(Set.of(one.pid(), two.pid()), Set.copyOf(cgroup.pids()));
        var e = assertThrows(CgroupException.class, () -> cgroup.add(one.pid()));
        assertTrue(e.getMessage().contains("cgroup.procs"), e.getMessage());
    }

    @Test
    void aMemoryLimitOomKillsAProcessThatAllocatesMore() throws Exception {
        cgroup.apply(resources(memory(32L << 20, 32L << 20), null, null));
        assertEquals("0", read("memory.swap.max"), "swap equal to the limit: no swap");
        Gated hog = gated("exec dd if=/dev/zero of=/dev/null bs=128M count=1");
        cgroup.add(hog.pid());
        String output = hog.run();
        assertEquals(128 + 9, hog.process.exitValue(), "killed by SIGKILL: " + output);
        assertTrue(eventCount("memory.events", "oom_kill") >= 1, read("memory.events"));
        CgroupStats.Memory stats = cgroup.stats().memory();
        assertTrue(stats.memory().failcnt() >= 1, "memory.events max counts the failures");
        assertTrue(stats.stats().get("oom_kill") >= 1, "the stats count the OOM kill: " + stats.stats());
    }

    @Test
    void pidsMaxOfOneStopsFork() throws Exception {
        cgroup.apply(resources(null, null, new Pids(10, null)));
        Gated free = gated("/bin/true && echo forked");
        cgroup.add(free.pid());
        assertEquals("forked", free.run().strip(), "the control: with room, it forks");

        cgroup.apply(resources(null, null, new Pids(1, null)));
        Gated shell = gated("/bin/true && echo forked");
        cgroup.add(shell.pid());
        String output = shell.run();
        assertFalse(output.contains("forked"), output);
        assertTrue(output.toLowerCase().contains("fork"), "the shell says it cannot fork: " + output);
        assertTrue(eventCount("pids.events", "max") >= 1, read("pids.events"));
    }

    @Test
    void freezeStopsABusyLoopAndThawLetsItRun() throws Exception {
        Gated loop = gated("while :; do :; done");
        cgroup.add(loop.pid());
        loop.release();
        Thread.sleep(200);
        assertEquals(FreezerState.THAWED, cgroup.freezerState());

        cgroup.freeze();
        assertEquals(FreezerState.FROZEN, cgroup.freezerState());
        long frozenAt = cgroup.stats().cpu().totalNanos();
        Thread.sleep(500);
        long stillAt = cgroup.stats().cpu().totalNanos();
        assertTrue(stillAt - frozenAt < 1_000_000, "frozen, it ran " + (stillAt - frozenAt) + " ns in 500 ms");

        cgroup.thaw();
        assertEquals(FreezerState.THAWED, cgroup.freezerState());
        Thread.sleep(500);
        long ranTo = cgroup.stats().cpu().totalNanos();
        assertTrue(ranTo - stillAt > 100_000_000, "thawed, it ran only " + (ranTo - stillAt) + " ns in 500 ms");
    }

    @Test
    void statsChangeUnderLoad() throws Exception {
        CgroupStats idle = cgroup.stats();
        assertNotNull(idle.cpu());
        assertNotNull(idle.memory());
        assertNull(idle.memory().kernel(), "v2 counts no kernel memory apart");
        assertEquals(0, idle.pids().current());
        assertEquals(-1, idle.pids().limit(), "max");

        Gated loop = gated("x=$(head -c 1048576 /dev/zero | tr '\\0' a); while :; do :; done");
        cgroup.add(loop.pid());
        loop.release();
        awaitMemoryUsageAbove(idle.memory().memory().usage() + (1 << 20));
        Thread.sleep(500);
        CgroupStats busy = cgroup.stats();
        assertTrue(busy.cpu().totalNanos() - idle.cpu().totalNanos() > 100_000_000,
                "cpu " + idle.cpu() + " -> " + busy.cpu());
        assertTrue(busy.cpu().userNanos() > 0);
        // The command substitution's head and tr may still be there when the memory shows: wait for them to go.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (cgroup.stats().pids().current() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, cgroup.stats().pids().current(), "the loop alone");
        assertTrue(busy.memory().stats().getOrDefault("anon", 0L) >= 1 << 20, "memory.stat anon");
        assertNotNull(busy.blkio(), "io.stat");
    }

    @Test
    void sigkillGoesThroughCgroupKillAndReachesEveryProcess() throws Exception {
        assumeTrue(Files.exists(cgroup.directory().resolve("cgroup.kill")), "cgroup.kill needs Linux 5.14");
        Gated one = gated("sleep 60");
        Gated two = gated("sleep 60");
        cgroup.add(one.pid());
        cgroup.add(two.pid());
        cgroup.signalAll(9);
        assertTrue(one.process.waitFor(10, TimeUnit.SECONDS));
        assertTrue(two.process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, one.process.exitValue());
        assertEquals(List.of(), cgroup.pids());
    }

    @Test
    void anotherSignalGoesToEachProcessFrozenAndTheCgroupIsThawedAfter() throws Exception {
        Gated waiter = gated("trap 'echo got USR1; exit 3' USR1; while :; do sleep 0.1; done");
        cgroup.add(waiter.pid());
        waiter.release();
        Thread.sleep(200); // the trap is set
        cgroup.signalAll(10);
        assertTrue(waiter.process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(3, waiter.process.exitValue());
        assertEquals(FreezerState.THAWED, cgroup.freezerState());
    }

    @Test
    void deviceRulesDenyReadingDevNullAndLeaveDevZero() throws Exception {
        cgroup.apply(new Resources(List.of(new DeviceRule(true, "a", null, null, "rwm", null),
                new DeviceRule(false, "c", 1L, 3L, "r", null)), null, null, null, null, null, null, null, null,
                null));
        Gated reader = gated("head -c 1 /dev/null; echo null=$?; head -c 1 /dev/zero > /dev/null; echo zero=$?");
        cgroup.add(reader.pid());
        String output = reader.run();
        assertTrue(output.contains("/dev/null") && output.contains("Operation not permitted"), output);
        assertTrue(output.contains("null=1"), output);
        assertTrue(output.contains("zero=0"), "reading /dev/zero and writing /dev/null still work: " + output);
        assertEquals(1, hakoPrograms());
    }

    @Test
    void newDeviceRulesReplaceTheOldProgram() throws Exception {
        cgroup.apply(new Resources(List.of(new DeviceRule(false, "a", null, null, null, null),
                new DeviceRule(true, "c", 1L, 5L, "rwm", null)), null, null, null, null, null, null, null, null,
                null));
        // Nothing but the devices tested is opened: output goes through pipes, and cat is no special built-in
        // (a failed redirection would end the shell).
        String script = "zero=$(head -c 1 /dev/zero | wc -c); echo zero=$zero; cat < /dev/null; echo null=$?";
        Gated denied = gated(script);
        cgroup.add(denied.pid());
        String before = denied.run();
        assertTrue(before.contains("zero=1") && before.contains("null=") && !before.contains("null=0"), before);

        cgroup.apply(new Resources(List.of(new DeviceRule(false, "a", null, null, null, null),
                new DeviceRule(true, "c", 1L, 3L, "rwm", null)), null, null, null, null, null, null, null, null,
                null));
        assertEquals(1, hakoPrograms(), "the old program is detached");
        Gated allowed = gated(script);
        cgroup.add(allowed.pid());
        String after = allowed.run();
        assertTrue(after.contains("null=0") && after.contains("zero=0"), after);

        // No rules leave the program as it is.
        cgroup.apply(new Resources(List.of(), null, null, null, null, null, null, null, null, null));
        assertEquals(1, hakoPrograms());
    }

    private int hakoPrograms() throws Exception {
        int count = 0;
        try (Fd dir = Sys.open(cgroup.directory().toString(), Sys.O_RDONLY | Sys.O_DIRECTORY, 0)) {
            for (int id : Bpf.cgroupDevicePrograms(dir)) {
                try (Fd program = Bpf.programById(id)) {
                    if (Bpf.info(program).name().equals(DeviceFilter.PROGRAM_NAME)) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    @Test
    void destroyRemovesTheTreeDeepestFirstOnceItsProcessesAreGone() throws Exception {
        V2Cgroup child = (V2Cgroup) new V2Driver().at(top + "/c/a/b", layout);
        child.create();
        Gated sleeper = gated("sleep 60");
        child.add(sleeper.pid());
        var busy = assertThrows(CgroupException.class, cgroup::destroy, "a process is still in it");
        assertTrue(busy.getMessage().contains("processes still in it: " + sleeper.pid()), busy.getMessage());
        cgroup.signalAll(9);
        sleeper.process.waitFor(10, TimeUnit.SECONDS);
        cgroup.destroy();
        assertFalse(cgroup.exists());
        assertFalse(Files.exists(child.directory()));
        cgroup.destroy(); // gone: nothing happens
    }
}
