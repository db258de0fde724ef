package io.hako.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpawnTest {
    private static final List<String> ENV = List.of("PATH=/usr/bin:/bin");

    @Test
    void exitCodeComesBackThroughThePidfd() throws Exception {
        int pid = Spawn.spawn("/bin/sh", List.of("sh", "-c", "exit 7"), ENV);
        try (Pidfd process = Pidfd.open(pid)) {
            Pidfd.Exit exit = process.waitExit();
            assertEquals(7, exit.code());
            assertEquals(7, exit.status());
        }
    }

    @Test
    void aSignalledProcessReportsTheSignal() throws Exception {
        int pid = Spawn.spawn("/bin/sleep", List.of("sleep", "60"), ENV);
        try (Pidfd process = Pidfd.open(pid)) {
            assertNull(process.pollExit(), "still running");
            process.sendSignal(9);
            Pidfd.Exit exit = process.waitExit();
            assertEquals(9, exit.signal());
            assertEquals(137, exit.status());
            var e = assertThrows(SysException.class, () -> process.sendSignal(9));
            assertEquals(Errno.ESRCH, e.errno());
        }
    }

    @Test
    void theChildGetsExactlyTheDescriptorsAskedFor() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        try (UnixSocket mine = pair[0]; UnixSocket theirs = pair[1]) {
            // The child lists its descriptors into fd 3, which is the other end of our socket.
            int pid = Spawn.spawn("/bin/sh", List.of("sh", "-c", "cd /proc/self/fd && echo * >&3"), ENV,
                    Map.of(3, theirs.fd()));
            try (Pidfd process = Pidfd.open(pid)) {
                assertEquals(0, process.waitExit().code());
            }
            String listed = new String(mine.receive(256).data()).trim();
            // 0-2 are the standard streams, 3 is ours; the shell's glob may add the directory it reads.
            List<String> fds = List.of(listed.split(" "));
            assertEquals(List.of("0", "1", "2", "3"), fds.subList(0, 4), listed);
            assertEquals(true, fds.size() <= 5, "no JVM descriptor leaked into the child: " + listed);
        }
    }

    @Test
    void theStandardStreamsCanBeReplaced(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path out = dir.resolve("out");
        try (Fd file = Sys.open(out.toString(), Sys.O_WRONLY | Sys.O_CREAT, 0600)) {
            int pid = Spawn.spawn("/bin/sh", List.of("sh", "-c", "echo to-stdout"), ENV, Map.of(1, file));
            try (Pidfd process = Pidfd.open(pid)) {
                assertEquals(0, process.waitExit().code());
            }
        }
        assertEquals("to-stdout\n", java.nio.file.Files.readString(out));
    }

    @Test
    void aMissingProgramIsAnErrorNamingIt() {
        var e = assertThrows(SysException.class, () -> Spawn.spawn("/nonexistent/stage", List.of("x"), ENV));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("posix_spawn \"/nonexistent/stage\": no such file or directory", e.getMessage());
    }
}
