package io.hako.cli.daemon;

import io.hako.cli.Invocation;
import io.hako.cli.Main;
import io.hako.cli.command.WarmCalls;
import io.hako.container.Rootless;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import io.hako.sys.UnixSocket;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The resident hako: takes calls from the {@code hako} client on a unix socket and runs them with the same command
 * code the cold path runs, on the caller's own working directory and streams (docs/ARCHITECTURE.md, "The warm
 * path"). A call it cannot run exactly as the cold path would — another uid, other namespaces, another build, a
 * call that must stay in its caller's process ({@link WarmCalls}) — gets "cold", and the client runs it itself. The
 * processes a call starts (the stage, which makes a container's init; hooks) the client starts on its behalf
 * ({@link ClientLauncher}), so that they are the caller's descendants as on the cold path.
 *
 * <p>Each call has a thread of its own: a platform thread, since calls block in system calls (the caller's stdin,
 * a container's events), where a virtual thread would hold its carrier.
 */
public final class Daemon implements AutoCloseable {
    /** The namespaces a caller must share with the resident hako: paths and ids mean the same on both sides. */
    private static final List<String> NAMESPACES = List.of("mnt", "user", "pid", "net", "ipc", "uts", "cgroup");

    private final UnixSocket listener;
    private final Path socket;
    private final String build;
    private final int uid;
    private final Consumer<String> log;
    private final AtomicInteger active = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();
    private volatile long lastCall = System.nanoTime();

    private Daemon(UnixSocket listener, Path socket, String build, int uid, Consumer<String> log) {
        this.listener = listener;
        this.socket = socket;
        this.build = build;
        this.uid = uid;
        this.log = log;
    }

    /**
     * Where the client looks for the resident hako of a caller with {@code environment} and effective uid
     * {@code uid}: under the base of the default state root ({@code $XDG_RUNTIME_DIR/hako} where runc would use its
     * own, else {@code /run/hako}), in a directory only its owner enters.
     */
    public static Path defaultSocket(Map<String, String> environment, int uid, boolean inUserNamespace) {
        Path base = Rootless.runtimeDirRoot(environment, uid, inUserNamespace).orElse(Path.of("/run/hako"));
        return base.resolve(DaemonProtocol.SOCKET_DIRECTORY).resolve(DaemonProtocol.SOCKET_NAME);
    }

    /**
     * Listens at {@code socket}: its directory made 0700 (or checked to be so), a stale socket replaced, a live one
     * (another resident hako) refused.
     */
    public static Daemon listen(Path socket, String build, Consumer<String> log) throws IOException, SysException {
        int uid = Sys.geteuid();
        Path directory = socket.toAbsolutePath().getParent();
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        if (!Files.getAttribute(directory, "unix:uid").equals(uid)) {
            throw new IOException(directory + " belongs to another user");
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        if (Files.exists(socket)) {
            try (UnixSocket other = UnixSocket.connectMessages(socket.toString())) {
                throw new IOException("a resident hako already listens at " + socket);
            } catch (SysException e) {
                Files.delete(socket); // nobody listens: left by one that ended
            }
        }
        // Bound under a name of its own, then linked into place once it listens: a client never finds the socket
        // before it takes connections (it would be refused, and run the call cold), and a resident hako that took
        // the name meanwhile is not replaced (the link fails).
        Path binding = socket.resolveSibling(socket.getFileName() + "." + ProcessHandle.current().pid());
        Files.deleteIfExists(binding);
        UnixSocket listener = UnixSocket.listenMessages(binding.toString(), 64);
        try {
            Files.createLink(socket, binding);
        } catch (FileAlreadyExistsException e) {
            listener.close();
            throw new IOException("a resident hako already listens at " + socket, e);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        } finally {
            Files.deleteIfExists(binding);
        }
        return new Daemon(listener, socket, build, uid, log);
    }

    /** Takes over a listening socket systemd passed ({@code LISTEN_FDS}, socket activation). */
    public static Daemon adopt(Fd listening, Path socket, String build, Consumer<String> log) throws SysException {
        return new Daemon(UnixSocket.adopt(listening), socket, build, Sys.geteuid(), log);
    }

    public Path socket() {
        return socket;
    }

    /** How many calls it has run (not those it sent back cold). */
    public long served() {
        return served.get();
    }

    /**
     * Takes calls until no call has come for {@code idle} and none runs ({@link Duration#ZERO}: forever), or
     * until the socket is closed.
     */
    public void serve(Duration idle) throws SysException {
        while (true) {
            long waitMillis = 1000;
            if (!idle.isZero()) {
                long idleFor = System.nanoTime() - lastCall;
                if (active.get() == 0 && idleFor >= idle.toNanos()) {
                    log.accept("no call for " + idle + ": ending");
                    return;
                }
                waitMillis = Math.max(1, Math.min(1000, (idle.toNanos() - idleFor) / 1_000_000));
            }
            if (Sys.pollIn((int) waitMillis, listener.fd())[0] == 0) {
                continue;
            }
            UnixSocket connection;
            try {
                connection = listener.accept();
            } catch (SysException e) {
                if (!listener.fd().isOpen()) {
                    return;
                }
                log.accept("accept: " + e.getMessage());
                continue;
            }
            lastCall = System.nanoTime();
            active.incrementAndGet();
            Thread.ofPlatform().daemon().name("hako-call").start(() -> {
                try {
                    handle(connection);
                } finally {
                    active.decrementAndGet();
                    lastCall = System.nanoTime();
                }
            });
        }
    }

    /** One call, to its reply. */
    private void handle(UnixSocket connection) {
        List<Fd> fds = List.of();
        try (connection) {
            UnixSocket.Credentials peer = connection.peer();
            // Read first in every case: a socket closed with its request unread resets the client's end, and
            // the "cold" reply would be lost with it.
            UnixSocket.Message message = connection.receive(DaemonProtocol.MAX_REQUEST);
            fds = message.fds();
            if (peer.uid() != uid) {
                connection.send(DaemonProtocol.cold("a caller of another uid is not served"));
                return;
            }
            Optional<String> cold = check(message, peer);
            if (cold.isPresent()) {
                connection.send(DaemonProtocol.cold(cold.get()));
                return;
            }
            DaemonProtocol.Request request = DaemonProtocol.decode(message.data());
            Path cwd = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fds.get(0).number()));
            var stdout = new BufferedOutputStream(new DescriptorOutput(fds.get(2)), 8192);
            // The processes the call starts (the stage, hooks) are started by the client: the caller's children.
            Map<Integer, Fd> callerFds = new java.util.HashMap<>();
            for (int i = 0; i < request.descriptors().size(); i++) {
                callerFds.put(request.descriptors().get(i), fds.get(DaemonProtocol.REQUEST_FDS + i));
            }
            var invocation = new Invocation(request.args(), cwd, request.environment(),
                    new DescriptorInput(fds.get(1)), stdout, new DescriptorOutput(fds.get(3)),
                    new ClientLauncher(connection, peer.pid(), request.environment(), callerFds));
            WarmCalls.Decision decision = WarmCalls.decide(invocation);
            if (decision.coldReason().isPresent()) {
                connection.send(DaemonProtocol.cold(decision.coldReason().get()));
                return;
            }
            served.incrementAndGet();
            if (decision.staysWithItsProcess()) {
                connection.send(DaemonProtocol.holdSignals());
            }
            int status = Main.run(invocation);
            try {
                stdout.flush();
            } catch (IOException e) {
                // The caller's stdout went away (a closed pipe): the call's status still stands.
            }
            connection.send(DaemonProtocol.exit(status));
        } catch (SysException | IOException | DaemonProtocol.MalformedRequest | RuntimeException e) {
            log.accept("a call failed: " + e);
        } finally {
            fds.forEach(Fd::close);
        }
    }

    /** Why a request must run cold, before its command line is looked at. */
    private Optional<String> check(UnixSocket.Message message, UnixSocket.Credentials peer) throws IOException {
        DaemonProtocol.Request request;
        try {
            request = DaemonProtocol.decode(message.data());
        } catch (DaemonProtocol.MalformedRequest e) {
            return Optional.of("a malformed request: " + e.getMessage());
        }
        if (message.fds().size() != DaemonProtocol.REQUEST_FDS + request.descriptors().size()) {
            return Optional.of("a request with " + message.fds().size() + " descriptors, not "
                    + (DaemonProtocol.REQUEST_FDS + request.descriptors().size()));
        }
        if (request.version() != DaemonProtocol.VERSION || !request.build().equals(build)) {
            return Optional.of("protocol " + request.version() + " of build " + request.build() + ", not "
                    + DaemonProtocol.VERSION + " of " + build);
        }
        for (String namespace : NAMESPACES) {
            Path mine = Path.of("/proc/self/ns", namespace);
            Path theirs = Path.of("/proc", String.valueOf(peer.pid()), "ns", namespace);
            if (Files.exists(mine) && !Files.readSymbolicLink(mine).equals(Files.readSymbolicLink(theirs))) {
                return Optional.of("a caller in another " + namespace + " namespace");
            }
        }
        Path cwd = Files.readSymbolicLink(Path.of("/proc/self/fd/" + message.fds().get(0).number()));
        if (!cwd.isAbsolute() || !Files.isDirectory(cwd)) {
            return Optional.of("a working directory that has no path here: " + cwd);
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        listener.close();
    }

    /** The caller's stdin, read through its descriptor. */
    private static final class DescriptorInput extends InputStream {
        private final Fd fd;

        DescriptorInput(Fd fd) {
            this.fd = fd;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            byte[] chunk = new byte[length];
            try {
                int n = Sys.read(fd, chunk);
                if (n == 0) {
                    return -1;
                }
                System.arraycopy(chunk, 0, buffer, offset, n);
                return n;
            } catch (SysException e) {
                throw new IOException("read the caller's stdin: " + e.getMessage(), e);
            }
        }
    }

    /** The caller's stdout or stderr, written through its descriptor. */
    private static final class DescriptorOutput extends OutputStream {
        private final Fd fd;

        DescriptorOutput(Fd fd) {
            this.fd = fd;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                Sys.writeFully(fd, offset == 0 && length == bytes.length ? bytes
                        : java.util.Arrays.copyOfRange(bytes, offset, offset + length));
            } catch (SysException e) {
                throw new IOException("write to the caller: " + e.getMessage(), e);
            }
        }
    }
}
