package io.hako.cgroups.v1.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.Cgroups;
import io.hako.cgroups.FreezerState;
import io.hako.cgroups.internal.CgroupFiles;
import io.hako.oci.config.Cpu;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Pids;
import io.hako.oci.config.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The v1 driver on this host's real hierarchies (skipped where there are none, or without root). */
class V1CgroupTest {
    private CgroupLayout layout;
    private V1Cgroup cgroup;
    private Process process;

    @BeforeEach
    void make() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "cgroups need root");
        layout = Cgroups.layout();
        assumeTrue(layout.hasV1(), "no cgroup v1 hierarchy on this host");
        cgroup = (V1Cgroup) new V1Driver().forContainer("/hako-test/v1-" + ProcessHandle.current().pid(), "x",
                layout);
        cgroup.create();
    }

    @AfterEach
    void remove() throws Exception {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
        if (cgroup != null) {
            cgroup.destroy();
            new V1Driver().at("/hako-test", layout).destroy();
            assertFalse(cgroup.exists(), "nothing is left");
        }
    }

    @Test
    void limitsAreWrittenAndReadBack() throws Exception {
        cgroup.apply(new Resources(null, new Memory(64L << 20, null, null, null, null, null, null, null, null, null),
                new Cpu(512L, 20000L, null, 100000L, null, null, null, null, null, null), new Pids(10, null), null,
                null, null, null, null, null));
        assertEquals(64L << 20, CgroupFiles.readLong("t", cgroup.directory("memory").resolve("memory.limit_in_bytes")));
        assertEquals(512, CgroupFiles.readLong("t", cgroup.directory("cpu").resolve("cpu.shares")));
        assertEquals(20000, CgroupFiles.readLong("t", cgroup.directory("cpu").resolve("cpu.cfs_quota_us")));
        assertEquals(10, CgroupFiles.readLong("t", cgroup.directory("pids").resolve("pids.max")));
        // A new cpuset took its parent's CPUs and memory nodes: it could not hold a process otherwise.
        assertFalse(CgroupFiles.read("t", cgroup.directory("cpuset").resolve("cpuset.cpus")).isBlank());

        var e = assertThrows(CgroupException.class, () -> cgroup.apply(new Resources(null, null, null, null, null,
                null, null, java.util.Map.of("mlx4_0", new io.hako.oci.config.Rdma(1L, null, null)), null, null)));
        assertTrue(e.getMessage().contains("rdma"), e.getMessage());
    }

    @Test
    void onAHybridHostAProcessIsInTheUnifiedHierarchyTooAndDestroyRemovesItThere() throws Exception {
        assumeTrue(layout.unified() != null, "not a hybrid host");
        process = new ProcessBuilder("sleep", "60").start();
        cgroup.add((int) process.pid());
        String own = Files.readString(Path.of("/proc/" + process.pid() + "/cgroup"));
        assertTrue(own.contains("\n0::" + cgroup.path() + "\n"), own);
        process.destroyForcibly().waitFor();
        cgroup.destroy();
        assertFalse(Files.exists(layout.unified().resolve(cgroup.path().substring(1))), "removed from unified");
    }

    private static Resources memory(Long limit, Long swap) {
        return new Resources(null, new Memory(limit, null, swap, null, null, null, null, null, null, null), null,
                null, null, null, null, null, null, null);
    }

    @Test
    void anUnlimitedMemoryUpdateLiftsSwapTooAndASwapRaiseGoesFirst() throws Exception {
        Path memory = cgroup.directory("memory");
        assumeTrue(Files.exists(memory.resolve("memory.memsw.limit_in_bytes")), "no swap accounting here");
        cgroup.apply(memory(64L << 20, 128L << 20));
        // -1 alone: memsw would stay below it and the kernel refuse; runc lifts swap as well.
        cgroup.apply(memory(-1L, null));
        assertTrue(CgroupFiles.readLong("t", memory.resolve("memory.limit_in_bytes")) > 1L << 40);
        assertTrue(CgroupFiles.readLong("t", memory.resolve("memory.memsw.limit_in_bytes")) > 1L << 40);
        cgroup.apply(memory(64L << 20, 128L << 20));
        cgroup.apply(memory(256L << 20, 512L << 20)); // both above the current limits: swap first
        assertEquals(256L << 20, CgroupFiles.readLong("t", memory.resolve("memory.limit_in_bytes")));
        cgroup.apply(memory(32L << 20, 64L << 20)); // both below: memory first
        assertEquals(64L << 20, CgroupFiles.readLong("t", memory.resolve("memory.memsw.limit_in_bytes")));
    }

    @Test
    void aShorterPeriodUnderAParentQuotaIsWrittenAgainAfterTheQuota() throws Exception {
        Path parent = cgroup.directory("cpu").getParent();
        assumeTrue(Files.exists(parent.resolve("cpu.cfs_quota_us")), "no CFS bandwidth control here");
        // The parent (a pod) may use half a CPU; the container as much.
        CgroupFiles.write("t", parent.resolve("cpu.cfs_quota_us"), "50000");
        try {
            Cpu half = new Cpu(null, 50000L, null, 100000L, null, null, null, null, null, null);
            cgroup.apply(new Resources(null, null, half, null, null, null, null, null, null, null));
            // 10 ms periods with the old 50 ms quota would be 5 CPUs, above the parent's half: EINVAL, then again.
            Cpu shorter = new Cpu(null, 5000L, null, 10000L, null, null, null, null, null, null);
            cgroup.apply(new Resources(null, null, shorter, null, null, null, null, null, null, null));
            assertEquals(10000, CgroupFiles.readLong("t", cgroup.directory("cpu").resolve("cpu.cfs_period_us")));
            assertEquals(5000, CgroupFiles.readLong("t", cgroup.directory("cpu").resolve("cpu.cfs_quota_us")));
        } finally {
            CgroupFiles.write("t", cgroup.directory("cpu").resolve("cpu.cfs_quota_us"), "-1");
            CgroupFiles.write("t", parent.resolve("cpu.cfs_quota_us"), "-1");
        }
    }

    @Test
    void aProcessIsAddedCountedFrozenThawedAndKilled() throws Exception {
        process = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        int pid = (int) process.pid();
        cgroup.add(pid);
        assertEquals(java.util.List.of(pid), cgroup.pids());
        assertEquals(1, cgroup.stats().pids().current());

        cgroup.freeze();
        assertEquals(FreezerState.FROZEN, cgroup.freezerState());
        long frozenAt = cgroup.stats().cpu().totalNanos();
        Thread.sleep(200);
        assertEquals(frozenAt, cgroup.stats().cpu().totalNanos(), "a frozen busy loop uses no CPU");
        cgroup.thaw();
        Thread.sleep(200);
        assertTrue(cgroup.stats().cpu().totalNanos() > frozenAt, "thawed, it runs again");

        cgroup.signalAll(9);
        assertTrue(process.waitFor(5, TimeUnit.SECONDS));
        assertEquals(137, process.exitValue());
        assertTrue(Files.isDirectory(cgroup.directory("memory")));
    }
}
