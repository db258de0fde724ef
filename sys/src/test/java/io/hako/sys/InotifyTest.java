package io.hako.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inotify on the real kernel: watches, the events a change queues, the decoding of what read returns. */
class InotifyTest {
    @TempDir
    Path dir;

    @Test
    void aWriteToAWatchedFileQueuesModify() throws Exception {
        Path file = Files.writeString(dir.resolve("memory.events"), "oom 0\n");
        try (Inotify inotify = Inotify.open()) {
            assertTrue(FdInfo.isCloseOnExec(inotify.fd()));
            int watch = inotify.addWatch(file.toString(), Inotify.IN_MODIFY);
            assertEquals(List.of(), inotify.read(), "nothing happened yet");
            assertArrayEquals(new short[] {0}, Sys.pollIn(0, inotify.fd()));

            Files.writeString(file, "oom 1\n");
            assertEquals(Sys.POLLIN, Sys.pollIn(1000, inotify.fd())[0]);
            List<Inotify.Event> events = inotify.read();
            assertTrue(!events.isEmpty() && events.stream().allMatch(e -> e.watch() == watch
                    && e.is(Inotify.IN_MODIFY) && e.name().isEmpty()), events.toString());
            assertEquals(List.of(), inotify.read(), "read empties the queue");
        }
    }

    @Test
    void aDirectoryWatchNamesTheEntryAndItsRemovalEndsTheWatch() throws Exception {
        Path watched = Files.createDirectory(dir.resolve("cgroup"));
        try (Inotify inotify = Inotify.open()) {
            int watch = inotify.addWatch(watched.toString(), Inotify.IN_CREATE | Inotify.IN_DELETE_SELF
                    | Inotify.IN_ONLYDIR);
            Files.createFile(watched.resolve("a-file-with-a-longer-name"));
            Files.delete(watched.resolve("a-file-with-a-longer-name"));
            Files.delete(watched);
            List<Inotify.Event> events = inotify.read();
            assertEquals(List.of(new Inotify.Event(watch, Inotify.IN_CREATE, 0, "a-file-with-a-longer-name"),
                    new Inotify.Event(watch, Inotify.IN_DELETE_SELF, 0, ""),
                    new Inotify.Event(watch, Inotify.IN_IGNORED, 0, "")), events);
        }
    }

    @Test
    void aMissingPathIsAnErrorNamingIt() throws Exception {
        try (Inotify inotify = Inotify.open()) {
            String missing = dir.resolve("missing").toString();
            var e = assertThrows(SysException.class, () -> inotify.addWatch(missing, Inotify.IN_MODIFY));
            assertEquals(Errno.ENOENT, e.errno());
            assertEquals("inotify_add_watch \"" + missing + "\": no such file or directory", e.getMessage());
            var notDirectory = assertThrows(SysException.class, () -> inotify.addWatch("/dev/null",
                    Inotify.IN_MODIFY | Inotify.IN_ONLYDIR));
            assertEquals(Errno.ENOTDIR, notDirectory.errno());
        }
    }

    @Test
    void decodeReadsEachHeaderAndItsPaddedName() {
        ByteBuffer bytes = ByteBuffer.allocate(16 + 16 + 16).order(ByteOrder.nativeOrder());
        bytes.putInt(3).putInt(Inotify.IN_MODIFY).putInt(0).putInt(0);
        bytes.putInt(1).putInt(Inotify.IN_CREATE | Inotify.IN_ISDIR).putInt(7).putInt(16);
        bytes.put("child".getBytes(StandardCharsets.UTF_8)); // then NULs to 16 bytes
        assertEquals(List.of(new Inotify.Event(3, Inotify.IN_MODIFY, 0, ""),
                new Inotify.Event(1, Inotify.IN_CREATE | Inotify.IN_ISDIR, 7, "child")),
                Inotify.decode(bytes.array()));
        assertTrue(new Inotify.Event(1, Inotify.IN_CREATE | Inotify.IN_ISDIR, 0, "").is(Inotify.IN_ISDIR));
    }

    @Test
    void decodeRefusesATruncatedEvent() {
        ByteBuffer bytes = ByteBuffer.allocate(16 + 4).order(ByteOrder.nativeOrder());
        bytes.putInt(1).putInt(Inotify.IN_CREATE).putInt(0).putInt(8).putInt(0);
        var e = assertThrows(IllegalArgumentException.class, () -> Inotify.decode(bytes.array()));
        assertTrue(e.getMessage().contains("8 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Inotify.decode(new byte[5]));
    }
}
