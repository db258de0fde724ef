package io.hako.checkpoint.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_req;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_req_type;
import io.hako.checkpoint.internal.rpc.CriuRpc.criu_resp;
import io.hako.sys.Fd;
import io.hako.sys.Pidfd;
import io.hako.sys.Spawn;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import io.hako.sys.UnixSocket;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code criu swrk 3}: CRIU as this process's child, serving requests over a {@code SOCK_SEQPACKET} socket
 * pair (its end at descriptor 3), one protobuf message each way per packet. CRIU has this process's standard
 * streams at 0-2, which is what a restored process's pipes are mapped to. CRIU identifies the caller by the
 * socket's peer credentials and opens the image and work directories through {@code /proc/<pid>/fd} of this
 * process: they are this process's descriptors, not passed.
 */
final class CriuService implements AutoCloseable {
    /** Larger than any answer CRIU gives (runc reads into 40 KiB). */
    private static final int MAX_MESSAGE = 64 * 1024;

    private final UnixSocket socket;
    private final int pid;
    private boolean closed;

    private CriuService(UnixSocket socket, int pid) {
        this.socket = socket;
        this.pid = pid;
    }

    /** The first descriptor number CRIU has the descriptors given to it at: after its streams and its socket. */
    static final int FIRST_GIVEN = 4;

    /**
     * Starts CRIU's service with this process's standard streams: what a restore hands to the restored processes.
     *
     * @param criu the executable
     * @param given descriptors CRIU gets at {@link #FIRST_GIVEN} and after, in this order (a request's
     *     {@code inherit_fd} names them by those numbers); they stay open here
     * @return the running service
     * @throws SysException when it cannot be started
     */
    static CriuService withOwnStreams(Path criu, List<Fd> given) throws SysException {
        return start(criu, false, given);
    }

    /**
     * Starts CRIU's service with {@code /dev/null} as its standard streams: what it prints (its check's "Looks
     * good.") must not reach this process's output, which is a command's (--version's, features') or a caller's.
     *
     * @param criu the executable
     * @return the running service
     * @throws SysException when it cannot be started
     */
    static CriuService quiet(Path criu) throws SysException {
        return start(criu, true, List.of());
    }

    private static CriuService start(Path criu, boolean quiet, List<Fd> given) throws SysException {
        UnixSocket[] pair = UnixSocket.pair();
        Fd devNull = null;
        try {
            Map<Integer, Fd> fds = new java.util.HashMap<>();
            fds.put(3, pair[1].fd());
            for (int i = 0; i < given.size(); i++) {
                fds.put(FIRST_GIVEN + i, given.get(i));
            }
            if (quiet) {
                devNull = Sys.open("/dev/null", Sys.O_RDWR | Sys.O_CLOEXEC, 0);
                for (int fd = 0; fd < 3; fd++) {
                    fds.put(fd, devNull);
                }
            }
            List<String> env = new ArrayList<>();
            for (Map.Entry<String, String> variable : System.getenv().entrySet()) {
                env.add(variable.getKey() + "=" + variable.getValue());
            }
            int pid = Spawn.spawn(criu.toString(), List.of(criu.toString(), "swrk", "3"), env, fds);
            return new CriuService(pair[0], pid);
        } catch (SysException | RuntimeException e) {
            pair[0].close();
            throw e;
        } finally {
            pair[1].close(); // CRIU's end is CRIU's alone: its exit is then this end's end of file
            if (devNull != null) {
                devNull.close();
            }
        }
    }

    /**
     * A service over a socket whose other end is already served (by a test playing CRIU), {@code pid} the process
     * reaped at the end.
     */
    static CriuService over(UnixSocket socket, int pid) {
        return new CriuService(socket, pid);
    }

    /** CRIU's pid (that of the service, not of the processes it dumps or restores). */
    int pid() {
        return pid;
    }

    /** What a caller does with CRIU's notifications (its action scripts, asked for with {@code notify_scripts}). */
    @FunctionalInterface
    interface Notifications {
        /** Every notification acknowledged, nothing done. */
        Notifications NONE = (script, pid, fds) -> { };

        /**
         * Handles one.
         *
         * @param script the action's name ({@code setup-namespaces}, {@code post-restore},
         *     {@code orphan-pts-master}, ...)
         * @param pid the process it concerns (the restored init's, from {@code setup-namespaces} on), or 0
         * @param fds what CRIU attached, closed once this returns
         * @throws CriuException when it fails: CRIU is told, and the request fails with this
         */
        void handle(String script, int pid, List<Fd> fds) throws CriuException;
    }

    /**
     * Sends a request and returns CRIU's answer to it; notifications are acknowledged and skipped.
     *
     * @param request the request
     * @return CRIU's answer, successful or not
     * @throws CriuException when CRIU exits or answers what is not a message
     */
    criu_resp call(criu_req request) throws CriuException {
        return call(request, Notifications.NONE);
    }

    /**
     * Sends a request and returns CRIU's answer to it, the notifications before it handled by {@code
     * notifications} and acknowledged (as failed when the handler failed: CRIU then gives up).
     *
     * @param request the request
     * @param notifications what to do with them
     * @return CRIU's answer, successful or not
     * @throws CriuException when CRIU exits or answers what is not a message, or a handler failed
     */
    criu_resp call(criu_req request, Notifications notifications) throws CriuException {
        CriuException handlerFailure = null;
        try {
            socket.send(request.toByteArray());
            while (true) {
                UnixSocket.Message message = socket.receive(MAX_MESSAGE);
                try {
                    if (message.data().length == 0) {
                        throw handlerFailure != null ? handlerFailure
                                : new CriuException("criu exited before it answered" + exitOf());
                    }
                    criu_resp response = criu_resp.parseFrom(message.data());
                    if (response.getType() != criu_req_type.NOTIFY) {
                        if (handlerFailure != null) {
                            throw handlerFailure;
                        }
                        return response;
                    }
                    if (handlerFailure == null) {
                        try {
                            notifications.handle(response.getNotify().getScript(), response.getNotify().getPid(),
                                    message.fds());
                        } catch (CriuException e) {
                            handlerFailure = e;
                        }
                    }
                } finally {
                    message.fds().forEach(Fd::close);
                }
                socket.send(criu_req.newBuilder().setType(criu_req_type.NOTIFY)
                        .setNotifySuccess(handlerFailure == null).build().toByteArray());
            }
        } catch (SysException e) {
            throw new CriuException("criu: " + e.getMessage(), e);
        } catch (InvalidProtocolBufferException e) {
            throw new CriuException("criu answered what is not a message: " + e.getMessage(), e);
        }
    }

    /** {@code ": exit status N"} once CRIU has exited, for a message. */
    private String exitOf() {
        try {
            Pidfd.Exit exit = waitExit();
            return exit.signal() != 0 ? ": killed by signal " + exit.signal() : ": exit status " + exit.code();
        } catch (SysException e) {
            return "";
        }
    }

    private Pidfd.Exit waitExit() throws SysException {
        closed = true;
        socket.close();
        try (Pidfd process = Pidfd.open(pid)) {
            return process.waitExit();
        }
    }

    /** Ends the service: CRIU sees its socket closed and exits; it is reaped. */
    @Override
    public void close() {
        if (!closed) {
            try {
                waitExit();
            } catch (SysException e) {
                // Already reaped, or not a child any more: nothing is left to wait for.
            }
        }
    }

    /**
     * The CRIU executable: {@code criu} (or a name without a slash) is looked for in {@code PATH}, then in
     * {@code /usr/sbin} and {@code /sbin}, where Debian puts it and a caller's {@code PATH} may not reach.
     *
     * @param criu the {@code --criu} option's value
     * @return the executable
     * @throws CriuException when there is none
     */
    static Path executable(String criu) throws CriuException {
        if (criu.contains("/")) {
            return Path.of(criu);
        }
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.addAll(List.of("/usr/sbin", "/sbin"));
        for (String directory : directories) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, criu);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new CriuException("exec: \"" + criu + "\": executable file not found in $PATH");
    }
}
