package io.hako.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UnixSocketTest {
    @Test
    void messagesKeepTheirBoundaries() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            a.send(new byte[] {1, 2, 3});
            a.send(new byte[] {4});
            assertArrayEquals(new byte[] {1, 2, 3}, b.receive(64).data());
            assertArrayEquals(new byte[] {4}, b.receive(64).data());
            assertTrue(FdInfo.isCloseOnExec(a.fd()));
        }
    }

    @Test
    void descriptorsTravelWithAMessage() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1];
             Fd memfd = Memfd.sealed("passed", "payload".getBytes())) {
            a.send("console".getBytes(), memfd);
            UnixSocket.Message message = b.receive(64);
            assertEquals("console", new String(message.data()));
            assertEquals(1, message.fds().size());
            try (Fd received = message.fds().get(0)) {
                assertTrue(received.number() != memfd.number());
                assertTrue(FdInfo.isCloseOnExec(received), "received descriptors are close-on-exec");
                assertArrayEquals("payload".getBytes(),
                        Files.readAllBytes(Path.of("/proc/self/fd/" + received.number())));
            }
        }
    }

    @Test
    void streamSocketsConnectByPathAndCarryDescriptors(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String path = dir.resolve("console.sock").toString();
        try (UnixSocket server = UnixSocket.listen(path);
             UnixSocket client = UnixSocket.connect(path);
             UnixSocket accepted = server.accept();
             Fd memfd = Memfd.sealed("pty", "master".getBytes())) {
            client.send("/dev/pts/0".getBytes(), memfd);
            UnixSocket.Message message = accepted.receive(4096);
            assertEquals("/dev/pts/0", new String(message.data()));
            try (Fd received = message.fds().get(0)) {
                assertArrayEquals("master".getBytes(), Files.readAllBytes(Path.of("/proc/self/fd/" + received.number())));
            }
        }
        var e = assertThrows(SysException.class, () -> UnixSocket.connect(dir.resolve("none").toString()));
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void datagramsGoToABoundPathAndToAnAbstractName(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String path = dir.resolve("notify.sock").toString();
        try (UnixSocket receiver = UnixSocket.bindDatagram(path);
                UnixSocket sender = UnixSocket.connectDatagram(path)) {
            sender.send("READY=1".getBytes());
            sender.send("MAINPID=7\n".getBytes());
            assertEquals("READY=1", new String(receiver.receive(4096).data()));
            assertEquals("MAINPID=7\n", new String(receiver.receive(4096).data()));
        }
        String name = "@hako-test-" + ProcessHandle.current().pid();
        try (UnixSocket receiver = UnixSocket.bindDatagram(name); UnixSocket sender = UnixSocket.connectDatagram(name)) {
            sender.send("READY=1".getBytes());
            assertEquals("READY=1", new String(receiver.receive(4096).data()));
        }
        SysException gone = org.junit.jupiter.api.Assertions.assertThrows(SysException.class,
                () -> UnixSocket.connectDatagram(dir.resolve("gone.sock").toString()));
        assertEquals(Errno.ENOENT, gone.errno());
    }

    @Test
    void aClosedPeerReadsAsAnEmptyMessage() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        pair[0].close();
        try (UnixSocket b = pair[1]) {
            UnixSocket.Message message = b.receive(64);
            assertEquals(0, message.data().length);
            assertTrue(message.fds().isEmpty());
        }
    }

    @Test
    void aMessageLongerThanTheBufferIsAnErrorNotACut() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        try (UnixSocket a = pair[0]; UnixSocket b = pair[1]) {
            a.send(new byte[100]);
            var e = assertThrows(SysException.class, () -> b.receive(10));
            assertEquals("recvmsg", e.call());
        }
    }
}
