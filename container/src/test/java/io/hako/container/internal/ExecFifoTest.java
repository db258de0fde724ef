package io.hako.container.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.sys.Sys;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecFifoTest {
    @TempDir
    Path dir;

    @Test
    void theInitsByteReleasesIt() throws Exception {
        Path fifo = dir.resolve("exec.fifo");
        Sys.mkfifo(fifo.toString(), 0600);
        // An "init" that does what the stage's does: open the fifo for writing (blocking), write "0".
        Process init = new ProcessBuilder("sh", "-c", "printf 0 > " + fifo).start();
        try {
            long started = ProcStat.read((int) init.pid()).startTime();
            assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertTrue(ExecFifo.release(fifo, (int) init.pid(), started, false)));
        } finally {
            init.destroyForcibly().waitFor();
        }
    }

    @Test
    void anInitThatDiesBeforeWritingIsNoticedInsteadOfAwaitedForever() throws Exception {
        Path fifo = dir.resolve("exec.fifo");
        Sys.mkfifo(fifo.toString(), 0600);
        Process init = new ProcessBuilder("sleep", "0.3").start();
        try {
            long started = ProcStat.read((int) init.pid()).startTime();
            assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertFalse(ExecFifo.release(fifo, (int) init.pid(), started, false)));
        } finally {
            init.destroyForcibly().waitFor();
        }
    }

    @Test
    void untilExecWaitsForTheInitToLetGoOfItsEnd() throws Exception {
        Path fifo = dir.resolve("exec.fifo");
        Sys.mkfifo(fifo.toString(), 0600);
        // Writes its byte, then keeps the fifo open a while (as the init does until its exec).
        Process init = new ProcessBuilder("sh", "-c", "exec 3>" + fifo + "; printf 0 >&3; sleep 0.4; exec 3>&-; "
                + "sleep 5").start();
        try {
            long started = ProcStat.read((int) init.pid()).startTime();
            long before = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertTrue(ExecFifo.release(fifo, (int) init.pid(), started, true)));
            assertTrue(System.nanoTime() - before >= 300_000_000L, "returned only once the end was closed");
        } finally {
            init.destroyForcibly().waitFor();
        }
    }
}
