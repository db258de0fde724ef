package io.hako.cli.daemon;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resident hako's protocol, the Java half of {@code cli/src/main/c/daemon_protocol.h} (a test compares the
 * constants): one call a connection on a {@code SOCK_SEQPACKET} socket. The client sends a request (the protocol's
 * version, its build, argv and environment, with its working directory and standard streams attached as
 * descriptors) and gets one reply: the call's exit status, or "cold" (the client then runs the call itself). Pure.
 */
final class DaemonProtocol {
    static final int MAGIC = 0x4c434b48; // "HKCL"
    static final int VERSION = 3;
    static final int MAX_REQUEST = 256 * 1024;
    /** The working directory (O_PATH), stdin, stdout, stderr; the caller's descriptors above them follow. */
    static final int REQUEST_FDS = 4;
    /** The most descriptors above the standard streams a client sends; with more, it runs the call cold. */
    static final int MAX_CALLER_FDS = 64;
    static final int REPLY_COLD = 1;
    static final int REPLY_EXIT = 2;
    /** Resident hako to client, during a call: start a process (see {@link #spawn}); the client answers SPAWNED. */
    static final int SPAWN = 3;
    /** Client: the pid it started, or minus the errno of starting it. */
    static final int SPAWNED = 4;
    /**
     * Resident hako: wait for a child of the client's (a pid, flags); the client answers WAITED. With
     * {@link #WAIT_FORWARD_SIGNALS} and {@link #WAIT_RELAY_TERMINAL} it is a foreground call's wait.
     */
    static final int WAIT = 5;
    /** Client: the wait status of the process (as waitpid gives it), or minus the errno of waiting. */
    static final int WAITED = 6;
    /**
     * Resident hako, no answer: a foreground run or exec begins; the client holds the signals it would forward
     * for the process the call is about to start, instead of ending by them.
     */
    static final int HOLD_SIGNALS = 7;
    /** WAIT's flag: the client passes the signals it gets (INT, TERM, HUP, QUIT, USR1, USR2) on to the process. */
    static final int WAIT_FORWARD_SIGNALS = 1;
    /**
     * WAIT's flag: a pty's master is attached; the client relays its stdin to it and it to its stdout until the
     * process exits, then what it printed last.
     */
    static final int WAIT_RELAY_TERMINAL = 2;
    /** SPAWN's flag: the program is the first descriptor attached, not a path. */
    static final int SPAWN_EXECUTABLE_ATTACHED = 1;
    /** The most descriptors a SPAWN attaches (the kernel's limit for one message is higher). */
    static final int SPAWN_MAX_FDS = 80;
    static final String SOCKET_DIRECTORY = "@daemon";
    static final String SOCKET_NAME = "sock";

    private DaemonProtocol() {}

    /**
     * A decoded request.
     *
     * @param descriptors the numbers of the caller's descriptors above its standard streams, in the order they are
     *     attached after the four the request always has
     */
    record Request(int version, String build, List<String> args, Map<String, String> environment,
            List<Integer> descriptors) {}

    /** A request that is not one: too short, lying lengths, a wrong magic. */
    static final class MalformedRequest extends Exception {
        MalformedRequest(String message) {
            super(message);
        }
    }

    static Request decode(byte[] bytes) throws MalformedRequest {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (in.getInt() != MAGIC) {
                throw new MalformedRequest("not a hako request");
            }
            int version = Short.toUnsignedInt(in.getShort());
            in.getShort(); // flags, none yet
            String build = string(in);
            List<String> args = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                args.add(string(in));
            }
            Map<String, String> environment = new LinkedHashMap<>();
            for (int i = count(in); i > 0; i--) {
                String variable = string(in);
                int equals = variable.indexOf('=');
                // As a process sees its environment: a variable without '=' is none, the first of a name wins.
                if (equals > 0) {
                    environment.putIfAbsent(variable.substring(0, equals), variable.substring(equals + 1));
                }
            }
            List<Integer> descriptors = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                int number = in.getInt();
                if (number <= 2 || (!descriptors.isEmpty() && number <= descriptors.getLast())) {
                    throw new MalformedRequest("descriptor " + number + " out of order");
                }
                descriptors.add(number);
            }
            if (descriptors.size() > MAX_CALLER_FDS) {
                throw new MalformedRequest(descriptors.size() + " descriptors, at most " + MAX_CALLER_FDS);
            }
            if (in.hasRemaining()) {
                throw new MalformedRequest(in.remaining() + " bytes after the request");
            }
            return new Request(version, build, args, environment, List.copyOf(descriptors));
        } catch (java.nio.BufferUnderflowException e) {
            throw new MalformedRequest("the request ends early");
        }
    }

    private static int count(ByteBuffer in) throws MalformedRequest {
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / 4) {
            throw new MalformedRequest("a count of " + Integer.toUnsignedString(count) + " in "
                    + in.remaining() + " bytes");
        }
        return count;
    }

    private static String string(ByteBuffer in) throws MalformedRequest {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new MalformedRequest("a string of " + Integer.toUnsignedString(length) + " bytes in "
                    + in.remaining());
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A request as the client encodes it (for tests and the Java side's own checks). */
    static byte[] encode(Request request) {
        List<byte[]> strings = new ArrayList<>();
        strings.add(request.build().getBytes(StandardCharsets.UTF_8));
        int size = 4 + 2 + 2 + 4 + strings.getFirst().length + 4 + 4 + 4 + 4 * request.descriptors().size();
        List<byte[]> args = request.args().stream().map(arg -> arg.getBytes(StandardCharsets.UTF_8)).toList();
        List<byte[]> env = request.environment().entrySet().stream()
                .map(e -> (e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8)).toList();
        for (byte[] bytes : args) {
            size += 4 + bytes.length;
        }
        for (byte[] bytes : env) {
            size += 4 + bytes.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putShort((short) request.version()).putShort((short) 0);
        out.putInt(strings.getFirst().length).put(strings.getFirst());
        out.putInt(args.size());
        args.forEach(bytes -> out.putInt(bytes.length).put(bytes));
        out.putInt(env.size());
        env.forEach(bytes -> out.putInt(bytes.length).put(bytes));
        out.putInt(request.descriptors().size());
        request.descriptors().forEach(out::putInt);
        return out.array();
    }

    /**
     * A SPAWN message: flags, the program's path ("" when attached), argv, envp, then (target, attached index)
     * pairs; the descriptors themselves travel with the message, in attached-index order.
     */
    static byte[] spawn(boolean executableAttached, String path, List<String> argv, List<String> env,
            List<int[]> layout) {
        List<byte[]> strings = new ArrayList<>();
        strings.add(path.getBytes(StandardCharsets.UTF_8));
        argv.forEach(arg -> strings.add(arg.getBytes(StandardCharsets.UTF_8)));
        env.forEach(variable -> strings.add(variable.getBytes(StandardCharsets.UTF_8)));
        int size = 4 + 4 + 4 + 4 + 4 + 8 * layout.size();
        for (byte[] bytes : strings) {
            size += 4 + bytes.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(SPAWN).putInt(executableAttached ? SPAWN_EXECUTABLE_ATTACHED : 0);
        out.putInt(strings.getFirst().length).put(strings.getFirst());
        out.putInt(argv.size());
        for (int i = 1; i <= argv.size(); i++) {
            out.putInt(strings.get(i).length).put(strings.get(i));
        }
        out.putInt(env.size());
        for (int i = 1 + argv.size(); i < strings.size(); i++) {
            out.putInt(strings.get(i).length).put(strings.get(i));
        }
        out.putInt(layout.size());
        layout.forEach(pair -> out.putInt(pair[0]).putInt(pair[1]));
        return out.array();
    }

    static byte[] holdSignals() {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(HOLD_SIGNALS).array();
    }

    static byte[] waitFor(int pid, int flags) {
        return ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(WAIT).putInt(pid).putInt(flags).array();
    }

    /** The number a SPAWNED or WAITED answer carries; throws when the answer is another. */
    static int answer(byte[] message, int expected) throws MalformedRequest {
        if (message.length != 8) {
            throw new MalformedRequest("an answer of " + message.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        int type = in.getInt();
        if (type != expected) {
            throw new MalformedRequest("answer " + type + ", expected " + expected);
        }
        return in.getInt();
    }

    static byte[] exit(int status) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(REPLY_EXIT).putInt(status).array();
    }

    static byte[] cold(String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + Math.min(text.length, 500)).order(ByteOrder.LITTLE_ENDIAN).putInt(REPLY_COLD)
                .put(text, 0, Math.min(text.length, 500)).array();
    }
}
