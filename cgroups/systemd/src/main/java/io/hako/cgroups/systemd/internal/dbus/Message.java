package io.hako.cgroups.systemd.internal.dbus;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One D-Bus message: its header fields and its body. {@link #encode} and {@link #decode} are pure.
 *
 * @param signature the body's signature, empty for no body
 * @param replySerial the serial of the call this answers, 0 for none
 */
public record Message(Type type, int flags, int serial, String path, String iface, String member,
        String errorName, int replySerial, String destination, String sender, String signature, List<Object> body) {
    /** The caller will not read a reply. */
    public static final int NO_REPLY_EXPECTED = 0x1;
    /** The protocol version this speaks (the only one there is). */
    private static final byte VERSION = 1;
    /** The fixed part of a header: order, type, flags, version, body length, serial, the fields' length. */
    static final int FIXED_HEADER = 16;
    /** The specification's limit on a whole message. */
    static final int MAX_MESSAGE = 128 << 20;

    public enum Type {
        METHOD_CALL(1), METHOD_RETURN(2), ERROR(3), SIGNAL(4);

        final int code;

        Type(int code) {
            this.code = code;
        }

        static Type of(int code) {
            for (Type type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
            return null;
        }
    }

    public Message {
        body = List.copyOf(body);
        signature = signature == null ? "" : signature;
    }

    /** A method call. */
    public static Message call(int serial, String destination, String path, String iface, String member,
            String signature, List<Object> body) {
        return new Message(Type.METHOD_CALL, 0, serial, path, iface, member, null, 0, destination, null, signature,
                body);
    }

    /** The message's bytes, little-endian. */
    public byte[] encode() {
        Wire.Writer out = new Wire.Writer();
        out.write("yyyyuu", List.of((byte) 'l', (byte) type.code, (byte) flags, VERSION, 0, serial));
        List<Object> fields = new ArrayList<>();
        field(fields, 1, "o", path);
        field(fields, 2, "s", iface);
        field(fields, 3, "s", member);
        field(fields, 4, "s", errorName);
        if (replySerial != 0) {
            field(fields, 5, "u", replySerial);
        }
        field(fields, 6, "s", destination);
        field(fields, 7, "s", sender);
        if (!signature.isEmpty()) {
            field(fields, 8, "g", signature);
        }
        out.write("a(yv)", List.of(fields));
        out.align(8);
        int bodyStart = out.size();
        out.write(signature, body);
        out.uint32At(4, out.size() - bodyStart);
        return out.toByteArray();
    }

    private static void field(List<Object> fields, int code, String signature, Object value) {
        if (value != null) {
            fields.add(List.of((byte) code, new Variant(signature, value)));
        }
    }

    /**
     * How many bytes the message that starts with {@code header} takes, from its first {@link #FIXED_HEADER}
     * bytes.
     */
    public static int length(byte[] header) {
        ByteBuffer buffer = ByteBuffer.wrap(header, 0, FIXED_HEADER).order(order(header[0]));
        long body = Integer.toUnsignedLong(buffer.getInt(4));
        long fields = Integer.toUnsignedLong(buffer.getInt(12));
        long headerLength = (FIXED_HEADER + fields + 7) / 8 * 8;
        long total = headerLength + body;
        if (total > MAX_MESSAGE) {
            throw new IllegalArgumentException("D-Bus message of " + total + " bytes is over the limit of "
                    + MAX_MESSAGE);
        }
        return (int) total;
    }

    /** The message in {@code bytes}, which hold exactly one. */
    public static Message decode(byte[] bytes) {
        if (bytes.length < FIXED_HEADER) {
            throw new IllegalArgumentException("D-Bus message of " + bytes.length + " bytes has no header");
        }
        Wire.Reader in = new Wire.Reader(bytes, order(bytes[0]));
        List<Object> fixed = in.read("yyyyuu");
        Type type = Type.of(Byte.toUnsignedInt((Byte) fixed.get(1)));
        if (type == null) {
            throw new IllegalArgumentException("D-Bus message of unknown type " + fixed.get(1));
        }
        if ((Byte) fixed.get(3) != VERSION) {
            throw new IllegalArgumentException("D-Bus protocol version " + fixed.get(3) + " is not 1");
        }
        String path = null, iface = null, member = null, errorName = null, destination = null, sender = null;
        String signature = "";
        int replySerial = 0;
        @SuppressWarnings("unchecked")
        List<List<Object>> fields = (List<List<Object>>) in.read("a(yv)").getFirst();
        for (List<Object> field : fields) {
            Object value = ((Variant) field.get(1)).value();
            switch ((Byte) field.get(0)) {
                case 1 -> path = (String) value;
                case 2 -> iface = (String) value;
                case 3 -> member = (String) value;
                case 4 -> errorName = (String) value;
                case 5 -> replySerial = (Integer) value;
                case 6 -> destination = (String) value;
                case 7 -> sender = (String) value;
                case 8 -> signature = (String) value;
                default -> {
                    // fields this client has no use for (unix fds, later additions): skipped, as the spec asks
                }
            }
        }
        in.align(8);
        int bodyLength = (Integer) fixed.get(4);
        if (in.position() + bodyLength != bytes.length) {
            throw new IllegalArgumentException("D-Bus message's body length " + bodyLength + " does not match its "
                    + (bytes.length - in.position()) + " bytes");
        }
        // Alignment in the body counts from the body's start, which is itself 8-aligned.
        Wire.Reader bodyReader = new Wire.Reader(ByteBuffer.wrap(bytes, in.position(), bodyLength).slice()
                .order(order(bytes[0])));
        List<Object> body = bodyReader.read(signature);
        if (bodyReader.position() != bodyLength) {
            throw new IllegalArgumentException("D-Bus message's body has " + (bodyLength - bodyReader.position())
                    + " bytes past its signature \"" + signature + "\"");
        }
        return new Message(type, Byte.toUnsignedInt((Byte) fixed.get(2)), (Integer) fixed.get(5), path, iface,
                member, errorName, replySerial, destination, sender, signature, body);
    }

    private static ByteOrder order(byte marker) {
        return switch (marker) {
            case 'l' -> ByteOrder.LITTLE_ENDIAN;
            case 'B' -> ByteOrder.BIG_ENDIAN;
            default -> throw new IllegalArgumentException("D-Bus message starts with " + marker
                    + ", neither 'l' nor 'B'");
        };
    }
}
