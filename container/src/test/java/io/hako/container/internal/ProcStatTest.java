package io.hako.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading processes from /proc while they exit: a process that goes as it is read is gone, never an error. */
class ProcStatTest {
    @Test
    void aProcessThatWentBeforeOrDuringTheReadHasExited() {
        assertTrue(ProcStat.exitedMeanwhile(new NoSuchFileException("/proc/1234/stat")));
        // ESRCH from read(2) once the task is gone, and from readlink(2) of its ns/ links.
        assertTrue(ProcStat.exitedMeanwhile(new IOException("No such process")));
        assertTrue(ProcStat.exitedMeanwhile(new FileSystemException("/proc/1234/ns/pid", null, "No such process")));
        assertFalse(ProcStat.exitedMeanwhile(new IOException("Permission denied")));
    }

    @Test
    void aPidOfNoProcessReadsAsNone() throws Exception {
        assertNull(ProcStat.read(0));
        assertNull(ProcStat.read(Integer.MAX_VALUE));
        assertEquals(List.of(Integer.MAX_VALUE), ProcStat.inPidNamespaceOf(Integer.MAX_VALUE));
    }
}
