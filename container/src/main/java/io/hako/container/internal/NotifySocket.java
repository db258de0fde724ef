package io.hako.container.internal;

import io.hako.oci.config.Mount;
import io.hako.oci.config.Spec;
import io.hako.sys.Errno;
import io.hako.sys.Pidfd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import io.hako.sys.UnixSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * sd_notify through a container, as runc proxies it when its caller has {@code NOTIFY_SOCKET}: the container
 * gets a socket of hako's own, {@code <root>/<id>/notify/notify.sock} bound read-only at
 * {@code /run/notify/notify.sock} with {@code NOTIFY_SOCKET} naming it; once started, the first message that
 * begins {@code READY=} has its first line forwarded to the caller's socket, then {@code MAINPID=<pid>} (the
 * pid systemd is to watch). Other messages are dropped, as runc drops them. A container that exits before it is
 * ready ends the wait without a message.
 */
final class NotifySocket implements AutoCloseable {
    /** The directory under the container's state directory that is bound into the container. */
    static final String DIRECTORY = "notify";
    static final String FILE = "notify.sock";
    static final String IN_CONTAINER = "/run/notify/" + FILE;
    /** What one read takes; sd_notify messages are a few short lines. */
    private static final int MAX_MESSAGE = 4096;

    private final UnixSocket socket;
    private final Path path;

    private NotifySocket(UnixSocket socket, Path path) {
        this.socket = socket;
        this.path = path;
    }

    /**
     * {@code spec} with the socket's directory ({@code directory}, on the host) bound at {@code /run/notify},
     * read-only, and {@code NOTIFY_SOCKET} in the process's environment, as runc adds them. Pure.
     */
    static Spec withSocket(Spec spec, Path directory) {
        List<String> env = new ArrayList<>(spec.process().env() == null ? List.of() : spec.process().env());
        env.add("NOTIFY_SOCKET=" + IN_CONTAINER);
        return spec.plusMount(new Mount("/run/notify", "bind", directory.toString(),
                        List.of("bind", "nosuid", "noexec", "nodev", "ro"), null, null, null))
                .withProcess(spec.process().withEnv(env));
    }

    /** Makes the directory that will hold the socket, mode 0755 as runc makes it. */
    static void makeDirectory(Path directory) throws IOException {
        try {
            Files.createDirectory(directory);
            Files.setAttribute(directory, "unix:mode", 0755);
        } catch (IOException e) {
            throw new IOException("notify socket: mkdir " + Errno.message(e), e);
        }
    }

    /**
     * Binds the container's socket at {@code path}, writable by anyone (the container's user may be anyone), as
     * runc binds it: at start, or at create for a run.
     */
    static NotifySocket bind(Path path) throws SysException, IOException {
        UnixSocket socket;
        try {
            socket = UnixSocket.bindDatagram(path.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException("notify socket: " + e.getMessage() + " (a shorter --root makes it fit)", e);
        }
        try {
            Files.setAttribute(path, "unix:mode", 0777);
        } catch (IOException e) {
            socket.close();
            throw new IOException("notify socket: chmod " + Errno.message(e), e);
        }
        return new NotifySocket(socket, path);
    }

    /**
     * Waits until the container is ready or its init ({@code init}) has exited, and forwards readiness to the
     * caller's socket {@code host} with {@code MAINPID=mainPid}. The caller's socket is connected first, so that
     * one that is gone is the error at once, as with runc.
     */
    void forwardReady(String host, int init, int mainPid) throws SysException, IOException {
        UnixSocket connected;
        try {
            connected = UnixSocket.connectDatagram(host);
        } catch (IllegalArgumentException e) {
            throw new IOException("NOTIFY_SOCKET: " + e.getMessage(), e);
        }
        try (UnixSocket caller = connected; Pidfd initExit = openOrNull(init)) {
            while (true) {
                // An init that is gone (or goes) may have left its message queued: what is there is read first.
                short[] ready = initExit == null ? Sys.pollIn(0, socket.fd())
                        : Sys.pollIn(-1, socket.fd(), initExit.fd());
                if (ready[0] == 0) {
                    if (initExit == null || ready[1] != 0) {
                        return; // exited without a word
                    }
                    continue;
                }
                String message = readyLine(socket.receive(MAX_MESSAGE).data());
                if (message != null) {
                    caller.send((message + "\n").getBytes(StandardCharsets.UTF_8));
                    caller.send(("MAINPID=" + mainPid + "\n").getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
        }
    }

    /** An exited init has no pidfd: the wait is then over before it starts. */
    private static Pidfd openOrNull(int pid) throws SysException {
        try {
            return Pidfd.open(pid);
        } catch (SysException e) {
            if (e.errno() == Errno.ESRCH) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The line runc forwards from a message: the first one, when the message begins with {@code READY=}; null for
     * any other message. Pure.
     */
    static String readyLine(byte[] message) {
        String text = new String(message, StandardCharsets.UTF_8);
        if (!text.startsWith("READY=")) {
            return null;
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        socket.close();
    }
}
