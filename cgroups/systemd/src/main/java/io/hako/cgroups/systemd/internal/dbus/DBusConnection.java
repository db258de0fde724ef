package io.hako.cgroups.systemd.internal.dbus;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.function.Predicate;

/**
 * A client connection to a D-Bus bus over its unix socket: EXTERNAL authentication (the kernel vouches for the
 * uid), {@code Hello}, method calls that wait for their reply, and signals. Not thread-safe: one caller at a time.
 *
 * <p>Pure Java (a {@link SocketChannel} on a unix address) rather than libsystemd's sd-bus through FFM: the
 * protocol hako needs is small, its marshalling is then a pure function that tests can take apart, and waiting for
 * a signal needs no upcall from native code.
 */
public final class DBusConnection implements AutoCloseable {
    /** The system bus where {@code DBUS_SYSTEM_BUS_ADDRESS} does not say otherwise. */
    public static final Path SYSTEM_BUS = Path.of("/run/dbus/system_bus_socket");

    private final SocketChannel channel;
    private final Selector selector;
    private final String socket;
    private final Queue<Message> signals = new ArrayDeque<>();
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private int serial;
    private String uniqueName;

    private DBusConnection(SocketChannel channel, Selector selector, String socket) {
        this.channel = channel;
        this.selector = selector;
        this.socket = socket;
    }

    /** The system bus, at {@code DBUS_SYSTEM_BUS_ADDRESS} or {@link #SYSTEM_BUS}. */
    public static DBusConnection system(int uid, Duration timeout) throws DBusException {
        String address = System.getenv("DBUS_SYSTEM_BUS_ADDRESS");
        return open(address == null || address.isEmpty() ? SYSTEM_BUS : socketOf(address), uid, timeout);
    }

    /**
     * The unix socket a bus address names: the first {@code unix:path=...} of its {@code ;}-separated
     * entries. Pure.
     */
    public static Path socketOf(String address) throws DBusException {
        for (String entry : address.split(";")) {
            if (!entry.startsWith("unix:")) {
                continue;
            }
            for (String key : entry.substring(5).split(",")) {
                if (key.startsWith("path=")) {
                    return Path.of(unescape(key.substring(5)));
                }
            }
        }
        throw new DBusException(null, "D-Bus address \"" + address + "\" has no unix:path= entry (the only kind "
                + "this client speaks)");
    }

    /** A bus address's %XX escapes. */
    private static String unescape(String value) {
        var out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                out.write(HexFormat.fromHexDigits(value, i + 1, i + 3));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Connects to the bus at {@code socket}, authenticates as {@code uid} and says Hello. */
    public static DBusConnection open(Path socket, int uid, Duration timeout) throws DBusException {
        SocketChannel channel = null;
        Selector selector = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            DBusConnection connection = new DBusConnection(channel, selector, socket.toString());
            connection.authenticate(uid, deadline(timeout));
            List<Object> hello = connection.call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                    "org.freedesktop.DBus", "Hello", "", List.of(), timeout);
            connection.uniqueName = (String) hello.getFirst();
            return connection;
        } catch (IOException e) {
            closeQuietly(channel, selector, e);
            throw new DBusException("D-Bus at " + socket + ": " + e.getMessage(), e);
        } catch (DBusException | RuntimeException e) {
            closeQuietly(channel, selector, e);
            throw e;
        }
    }

    private static void closeQuietly(SocketChannel channel, Selector selector, Exception failure) {
        for (AutoCloseable closeable : new AutoCloseable[] {selector, channel}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /** The name the bus gave this connection ({@code :1.42}). */
    public String uniqueName() {
        return uniqueName;
    }

    /** The SASL exchange: a NUL byte, AUTH EXTERNAL with the uid in hex, OK, BEGIN. */
    private void authenticate(int uid, long deadline) throws IOException, DBusException {
        String hexUid = HexFormat.of().formatHex(Integer.toString(uid).getBytes(StandardCharsets.US_ASCII));
        byte[] auth = ("\0AUTH EXTERNAL " + hexUid + "\r\n").getBytes(StandardCharsets.US_ASCII);
        writeFully(ByteBuffer.wrap(auth), deadline);
        String reply = readLine(deadline);
        if (!reply.startsWith("OK ")) {
            throw new DBusException(null, "D-Bus at " + socket + " refused EXTERNAL authentication as uid " + uid
                    + ": " + reply);
        }
        writeFully(ByteBuffer.wrap("BEGIN\r\n".getBytes(StandardCharsets.US_ASCII)), deadline);
    }

    private String readLine(long deadline) throws IOException, DBusException {
        while (true) {
            for (int i = 0; i + 1 < pending.remaining(); i++) {
                if (pending.get(pending.position() + i) == '\r' && pending.get(pending.position() + i + 1) == '\n') {
                    byte[] line = new byte[i];
                    pending.get(line);
                    pending.position(pending.position() + 2);
                    return new String(line, StandardCharsets.US_ASCII);
                }
            }
            if (pending.remaining() > 16384) {
                throw new DBusException(null, "D-Bus at " + socket + " sent an authentication line of over 16 KiB");
            }
            fill(deadline);
        }
    }

    /**
     * Calls a method and returns its reply's body. An error reply is a {@link DBusException} with its name and
     * message; signals that arrive meanwhile are kept for {@link #awaitSignal}.
     */
    public List<Object> call(String destination, String path, String iface, String member, String signature,
            List<Object> args, Duration timeout) throws DBusException {
        long deadline = deadline(timeout);
        int callSerial = ++serial;
        Message call = Message.call(callSerial, destination, path, iface, member, signature, args);
        try {
            writeFully(ByteBuffer.wrap(call.encode()), deadline);
            while (true) {
                Message message = read(deadline, member);
                if (message.type() == Message.Type.SIGNAL) {
                    signals.add(message);
                } else if (message.replySerial() == callSerial) {
                    if (message.type() == Message.Type.ERROR) {
                        String text = message.body().isEmpty() || !(message.body().getFirst() instanceof String s)
                                ? "(no message)" : s;
                        throw new DBusException(message.errorName(), text);
                    }
                    return message.body();
                }
                // replies to other calls cannot come: calls are made one at a time
            }
        } catch (IOException e) {
            throw new DBusException("D-Bus call " + iface + "." + member + " at " + socket + ": " + e.getMessage(),
                    e);
        }
    }

    /** Asks the bus to route signals that match {@code rule} to this connection. */
    public void addMatch(String rule, Duration timeout) throws DBusException {
        call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "AddMatch", "s",
                List.of(rule), timeout);
    }

    /** The first signal (kept or new) that {@code wanted} accepts; the others are dropped. */
    public Message awaitSignal(Predicate<Message> wanted, Duration timeout) throws DBusException {
        long deadline = deadline(timeout);
        for (Iterator<Message> kept = signals.iterator(); kept.hasNext(); ) {
            Message signal = kept.next();
            kept.remove();
            if (wanted.test(signal)) {
                return signal;
            }
        }
        try {
            while (true) {
                Message message = read(deadline, "a signal");
                if (message.type() == Message.Type.SIGNAL && wanted.test(message)) {
                    return message;
                }
            }
        } catch (IOException e) {
            throw new DBusException("D-Bus at " + socket + ": " + e.getMessage(), e);
        }
    }

    private Message read(long deadline, String awaiting) throws IOException, DBusException {
        while (pending.remaining() < Message.FIXED_HEADER) {
            fill(deadline, awaiting);
        }
        byte[] header = new byte[Message.FIXED_HEADER];
        pending.get(pending.position(), header);
        int length;
        try {
            length = Message.length(header);
        } catch (IllegalArgumentException e) {
            throw new DBusException(null, "D-Bus at " + socket + " sent a bad message: " + e.getMessage());
        }
        while (pending.remaining() < length) {
            fill(deadline, awaiting);
        }
        byte[] bytes = new byte[length];
        pending.get(bytes);
        try {
            return Message.decode(bytes);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new DBusException(null, "D-Bus at " + socket + " sent a bad message: " + e.getMessage());
        }
    }

    private void fill(long deadline) throws IOException, DBusException {
        fill(deadline, "authentication");
    }

    /** Reads what the socket has into {@link #pending}, waiting until the deadline for something to come. */
    private void fill(long deadline, String awaiting) throws IOException, DBusException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0 || selector.select(Math.max(1, left)) == 0 && System.nanoTime() >= deadline) {
            throw new DBusException(null, "D-Bus at " + socket + ": no answer to " + awaiting + " in time");
        }
        selector.selectedKeys().clear();
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        int n = channel.read(chunk);
        if (n < 0) {
            throw new DBusException(null, "D-Bus at " + socket + " closed the connection while awaiting " + awaiting);
        }
        chunk.flip();
        ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + chunk.remaining());
        joined.put(pending).put(chunk).flip();
        pending = joined;
    }

    /** Writes all of {@code bytes}, waiting (until the deadline) while the socket's buffer is full. */
    private void writeFully(ByteBuffer bytes, long deadline) throws IOException, DBusException {
        SelectionKey key = channel.keyFor(selector);
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) > 0) {
                continue;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new DBusException(null, "D-Bus at " + socket + " took no more bytes in time");
            }
            key.interestOps(SelectionKey.OP_WRITE);
            try {
                selector.select(left);
                selector.selectedKeys().clear();
            } finally {
                key.interestOps(SelectionKey.OP_READ);
            }
        }
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            // closing a unix socket cannot lose data the caller still needs: every call has had its reply
        }
    }

    @Override
    public String toString() {
        return "D-Bus " + socket + (uniqueName == null ? "" : " as " + uniqueName);
    }
}
