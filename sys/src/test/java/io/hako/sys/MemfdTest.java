package io.hako.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MemfdTest {
    @Test
    void sealedMemfdHoldsTheContentAndRefusesChanges() throws Exception {
        byte[] content = "#!/bin/sh\necho sealed\n".getBytes();
        try (Fd fd = Memfd.sealed("hako-test", content)) {
            assertArrayEquals(content, Files.readAllBytes(Path.of("/proc/self/fd/" + fd.number())));
            byte[] buffer = new byte[content.length + 1];
            assertEquals(content.length, Sys.read(fd, buffer), "the descriptor itself reads from the start");
            int all = Memfd.F_SEAL_SEAL | Memfd.F_SEAL_SHRINK | Memfd.F_SEAL_GROW | Memfd.F_SEAL_WRITE;
            assertEquals(all, Memfd.seals(fd));
            assertTrue(FdInfo.isCloseOnExec(fd));
            try (Fd writable = Sys.open("/proc/self/fd/" + fd.number(), Sys.O_WRONLY, 0)) {
                var e = assertThrows(SysException.class, () -> Sys.writeFully(writable, new byte[] {'x'}));
                assertEquals(Errno.EPERM, e.errno(), "a write-sealed memfd refuses writes");
            }
        }
    }

    @Test
    void contentsReadsWhatWasWrittenThroughTheDescriptorWhateverTheOffset() throws Exception {
        byte[] big = new byte[20_000]; // more than one read's buffer
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        try (Fd fd = Memfd.create("hako-test-contents")) {
            assertTrue(FdInfo.isCloseOnExec(fd));
            assertArrayEquals(new byte[0], Memfd.contents(fd));
            Sys.writeFully(fd, big);
            assertArrayEquals(big, Memfd.contents(fd));
            assertArrayEquals(big, Memfd.contents(fd), "again: the offset does not matter");
        }
    }
}
