package io.hako.container.internal;

import static io.hako.container.internal.Lifecycle.failed;

import io.hako.container.ContainerException;
import io.hako.container.internal.stage.StageProcess;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import io.hako.sys.UnixSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A container process's terminal, the same for create and exec: whether one may be asked for, where its pty's
 * master goes (the engine's console socket, or the caller who relays it), and the relay.
 */
final class Console {
    /** How long a relay waits, once the process has exited, for what it printed last. */
    private static final long DRAIN_MILLIS = 2000;

    private final Thread input;
    private final Thread output;

    private Console(Thread input, Thread output) {
        this.input = input;
        this.output = output;
    }

    /**
     * runc's rules and words: a terminal needs somewhere to go (a console socket, or a caller that stays and
     * relays it), and a console socket needs a terminal.
     */
    static void check(String id, boolean terminal, Path consoleSocket, boolean callerRelays)
            throws ContainerException {
        if (terminal && consoleSocket == null && !callerRelays) {
            throw failed(id, "cannot allocate tty if runc will detach without setting console socket");
        }
        if (!terminal && consoleSocket != null) {
            throw failed(id, "cannot use console socket if runc will not detach or allocate tty");
        }
    }

    /**
     * Where the stage's pty master goes: to {@code consoleSocket} when there is one, as runc sends it (the pty's
     * name as the message, the master attached: go-runc's ReceiveMaster), and closed here; otherwise back to the
     * caller. Null when the process has no terminal or the master was sent.
     */
    static Fd route(StageProcess.Started started, Path consoleSocket) throws SysException {
        if (started.console() == null || consoleSocket == null) {
            return started.console();
        }
        try (Fd master = started.console();
                UnixSocket socket = UnixSocket.connect(consoleSocket.toString())) {
            socket.send(started.consoleName().getBytes(StandardCharsets.UTF_8), master);
        }
        return null;
    }

    /** Relays {@code in} to the pty and the pty to {@code out}, on two daemon threads named {@code name}-in/-out. */
    static Console relay(String name, Fd master, InputStream in, OutputStream out) {
        Thread input = Thread.ofPlatform().daemon().name(name + "-in").start(() -> copy(in, master));
        Thread output = Thread.ofPlatform().daemon().name(name + "-out").start(() -> copy(master, out));
        return new Console(input, output);
    }

    /**
     * Once the process has exited: what it printed last is still in the pty, so the output is read until the
     * last holder of the pty's slave has gone (or {@link #DRAIN_MILLIS}); the input stops. The master stays the
     * caller's to close.
     */
    void drain() throws InterruptedException {
        output.join(DRAIN_MILLIS);
        input.interrupt();
    }

    private static void copy(InputStream in, Fd master) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                Sys.writeFully(master, Arrays.copyOf(buffer, n));
            }
        } catch (IOException | SysException e) {
            // the caller closed its end, or the process is gone: nothing more to relay
        }
    }

    private static void copy(Fd master, OutputStream out) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = Sys.read(master, buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | SysException e) {
            // EIO: every holder of the pty's slave has closed it
        }
    }
}
