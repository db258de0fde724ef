package io.hako.cgroups.internal.v1;

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
