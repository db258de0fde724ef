package io.hako.cli.sidebyside;

import static io.hako.cli.sidebyside.CriuContainers.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.checkpoint.CriuCheck;
import io.hako.cli.sidebyside.CriuContainers.Attached;
import io.hako.sys.Fd;
import io.hako.sys.UnixSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container with a terminal, checkpointed and restored beside runc: its pty master goes to the console socket
 * at create and, on restore, the new master CRIU makes for the orphaned pty goes there
 * too (named {@code orphan-pts-master}, as runc names it). The receiver is the test's, as an engine's
 * (go-runc's ReceiveMaster, runc's recvtty): a listening socket, accepted once the runtime has sent.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CheckpointTerminalIT {
    /** The counter on a terminal, without its echo: "ready" once the echo is off, then a count per line. */
    private static final String COUNTER_ON_A_TERMINAL = "stty -echo; echo ready; " + CriuContainers.COUNTER;

    @TempDir
    Path dir;
    SideBySide both;
    CriuCheck criu;

    @BeforeEach
    void runtimes() {
        both = SideBySide.in(dir);
        criu = CriuContainers.criuInstalled();
    }

    @Test
    void aTerminalRoundTripsThroughTheConsoleSocket() throws Exception {
        CriuContainers.assumeWorks(criu);
        Path bundle = BusyboxBundle.make(dir, COUNTER_ON_A_TERMINAL,
                spec -> spec.withProcess(spec.process().withTerminal(true)));
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String id = "cr2-tty-" + runtime.name();
            Path images = dir.resolve("images-" + runtime.name());
            Path socketPath = dir.resolve("console-" + runtime.name() + ".sock");
            try (UnixSocket console = UnixSocket.listen(socketPath.toString())) {
                var run = runtime.call(bundle, "run", "-d", "--console-socket", socketPath.toString(), "--bundle",
                        bundle.toString(), id);
                assertEquals(0, run.status(), run.toString());
                try (Received created = Received.from(console)) {
                    // runc 1.1.5 names it /dev/ptmx, hako the pty's name (/dev/pts/0): engines read only the fd.
                    assertEquals("ready", created.terminal().readLine().strip());
                    assertEquals("1", created.terminal().next().strip());
                    var checkpoint = runtime.call(bundle, "checkpoint", "--image-path", images.toString(), id);
                    assertEquals(0, checkpoint.status(), checkpoint + CriuContainers.criuErrors(images));
                    assertEquals("absent", status(runtime, bundle, id));
                }
                var restore = runtime.call(bundle, "restore", "-d", "--console-socket", socketPath.toString(),
                        "--image-path", images.toString(), "--bundle", bundle.toString(), id);
                assertEquals(0, restore.status(), restore + CriuContainers.criuErrors(images));
                try (Received restored = Received.from(console)) {
                    assertEquals("orphan-pts-master", restored.name(), runtime.name());
                    assertEquals("2", restored.terminal().next().strip(), runtime.name() + ": counting on");
                    // While the master is open: the shell ends when its terminal hangs up.
                    assertEquals("running", status(runtime, bundle, id));
                }
            }
            assertEquals(0, runtime.call(bundle, "delete", "-f", id).status());
            SideBySide.assertNothingLeft(runtime, bundle, id);
        }
    }

    /**
     * A restore is detached: a terminal needs a console socket, and a console socket a terminal, in runc's words
     * and before CRIU runs; nothing is left.
     */
    @Test
    void aTerminalAndAConsoleSocketGoTogether() throws IOException {
        Path images = Files.createDirectory(dir.resolve("not-images"));
        Files.writeString(images.resolve("descriptors.json"), "[]");
        Path terminal = BusyboxBundle.make(dir, COUNTER_ON_A_TERMINAL,
                spec -> spec.withProcess(spec.process().withTerminal(true)));
        Path plain = BusyboxBundle.make(dir, CriuContainers.COUNTER, spec -> spec);
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String id = "cr2-ttyrules-" + runtime.name();
            var noSocket = runtime.call(terminal, "restore", "-d", "--image-path", images.toString(), "--bundle",
                    terminal.toString(), id);
            assertNotEquals(0, noSocket.status(), noSocket.toString());
            assertTrue(noSocket.err().contains("cannot allocate tty if runc will detach without setting console "
                    + "socket"), noSocket.toString());
            SideBySide.assertNothingLeft(runtime, terminal, id);
            var noTerminal = runtime.call(plain, "restore", "-d", "--console-socket", dir.resolve("none.sock")
                    .toString(), "--image-path", images.toString(), "--bundle", plain.toString(), id);
            assertNotEquals(0, noTerminal.status(), noTerminal.toString());
            assertTrue(noTerminal.err().contains("cannot use console socket if runc will not detach or allocate "
                    + "tty"), noTerminal.toString());
            SideBySide.assertNothingLeft(runtime, plain, id);
        }
    }

    /** What a runtime sent to the console socket: the message and the pty master, read and written as one. */
    private record Received(String name, Fd master) implements AutoCloseable {
        static Received from(UnixSocket listening) throws Exception {
            try (UnixSocket connection = listening.accept()) {
                UnixSocket.Message message = connection.receive(4096);
                assertEquals(1, message.fds().size(), "one descriptor: the master");
                return new Received(new String(message.data(), StandardCharsets.UTF_8), message.fds().getFirst());
            }
        }

        Attached terminal() {
            return new Attached(master, master);
        }

        @Override
        public void close() {
            master.close();
        }
    }
}
