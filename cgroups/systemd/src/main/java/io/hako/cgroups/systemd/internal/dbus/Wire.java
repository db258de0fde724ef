package io.hako.cgroups.systemd.internal.dbus;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The D-Bus wire format: values of a signature to bytes and back, aligned as the specification says (each value
 * on a multiple of its size, counted from the start of the message). Pure.
 *
 * <p>Java shapes: {@code y} Byte, {@code b} Boolean, {@code n} Short, {@code q i u h} Integer ({@code u} is
 * unsigned: read it with {@link Integer#toUnsignedLong}), {@code x t} Long, {@code d} Double, {@code s o g}
 * String, {@code ay} byte[], other arrays List, dict arrays ({@code a{..}}) Map in wire order, structs List of
 * their fields, {@code v} {@link Variant}. Writing accepts any Number for the numeric types.
 */
public final class Wire {
    /** The specification's limit on an array's length in bytes. */
    static final int MAX_ARRAY = 64 << 20;

    private Wire() {}

    /** Writes values, little-endian, as the body of a message would hold them. */
    public static final class Writer {
        private byte[] bytes = new byte[256];
        private int size;

        public int size() {
            return size;
        }

        public byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        /** Writes {@code values}, one per complete type of {@code signature}. */
        public Writer write(String signature, List<?> values) {
            List<String> types = Signatures.split(signature);
            if (types.size() != values.size()) {
                throw new IllegalArgumentException("signature \"" + signature + "\" has " + types.size()
                        + " types for " + values.size() + " values");
            }
            for (int i = 0; i < types.size(); i++) {
                value(types.get(i), values.get(i));
            }
            return this;
        }

        public void align(int boundary) {
            while (size % boundary != 0) {
                put((byte) 0);
            }
        }

        private void put(byte b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[size++] = b;
        }

        private void putLittleEndian(long value, int width) {
            for (int i = 0; i < width; i++) {
                put((byte) (value >>> (8 * i)));
            }
        }

        void uint32At(int offset, int value) {
            for (int i = 0; i < 4; i++) {
                bytes[offset + i] = (byte) (value >>> (8 * i));
            }
        }

        /** Writes one value of the complete type {@code type}. */
        void value(String type, Object value) {
            char code = type.charAt(0);
            align(Signatures.alignment(code));
            switch (code) {
                case 'y' -> put(number(type, value).byteValue());
                case 'b' -> putLittleEndian(bool(value) ? 1 : 0, 4);
                case 'n', 'q' -> putLittleEndian(number(type, value).shortValue(), 2);
                case 'i', 'u', 'h' -> putLittleEndian(number(type, value).intValue(), 4);
                case 'x', 't' -> putLittleEndian(number(type, value).longValue(), 8);
                case 'd' -> putLittleEndian(Double.doubleToLongBits(number(type, value).doubleValue()), 8);
                case 's', 'o' -> {
                    byte[] text = string(type, value);
                    putLittleEndian(text.length, 4);
                    for (byte b : text) {
                        put(b);
                    }
                    put((byte) 0);
                }
                case 'g' -> {
                    byte[] text = string(type, value);
                    Signatures.split((String) value);
                    put((byte) text.length);
                    for (byte b : text) {
                        put(b);
                    }
                    put((byte) 0);
                }
                case 'v' -> {
                    if (!(value instanceof Variant variant)) {
                        throw mismatch(type, value);
                    }
                    value("g", variant.signature());
                    value(variant.signature(), variant.value());
                }
                case '(' -> {
                    List<String> fields = Signatures.split(type.substring(1, type.length() - 1));
                    if (!(value instanceof List<?> list) || list.size() != fields.size()) {
                        throw mismatch(type, value);
                    }
                    for (int i = 0; i < fields.size(); i++) {
                        value(fields.get(i), list.get(i));
                    }
                }
                case 'a' -> array(type, value);
                default -> throw new IllegalArgumentException("no D-Bus type \"" + type + "\"");
            }
        }

        private void array(String type, Object value) {
            String element = type.substring(1);
            int lengthAt = size;
            putLittleEndian(0, 4);
            // The length counts from the first element, after its padding.
            align(Signatures.alignment(element.charAt(0)));
            int start = size;
            if (element.equals("y") && value instanceof byte[] raw) {
                for (byte b : raw) {
                    put(b);
                }
            } else if (element.startsWith("{")) {
                if (!(value instanceof Map<?, ?> map)) {
                    throw mismatch(type, value);
                }
                List<String> kv = Signatures.split(element.substring(1, element.length() - 1));
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    align(8);
                    value(kv.get(0), entry.getKey());
                    value(kv.get(1), entry.getValue());
                }
            } else {
                if (!(value instanceof List<?> list)) {
                    throw mismatch(type, value);
                }
                for (Object item : list) {
                    value(element, item);
                }
            }
            if (size - start > MAX_ARRAY) {
                throw new IllegalArgumentException("a D-Bus array holds at most " + MAX_ARRAY + " bytes");
            }
            uint32At(lengthAt, size - start);
        }

        private static Number number(String type, Object value) {
            if (value instanceof Number number) {
                return number;
            }
            throw mismatch(type, value);
        }

        private static boolean bool(Object value) {
            if (value instanceof Boolean b) {
                return b;
            }
            throw mismatch("b", value);
        }

        private static byte[] string(String type, Object value) {
            if (!(value instanceof String text)) {
                throw mismatch(type, value);
            }
            if (text.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a D-Bus string may not contain NUL: \"" + text + "\"");
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }

        private static IllegalArgumentException mismatch(String type, Object value) {
            return new IllegalArgumentException("D-Bus type \"" + type + "\" cannot hold "
                    + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
        }
    }

    /**
     * Reads values from {@code buffer}, whose position 0 is the start of the message (alignment counts from
     * there) and whose order is the message's.
     */
    public static final class Reader {
        private final ByteBuffer buffer;

        public Reader(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        public Reader(byte[] bytes, ByteOrder order) {
            this(ByteBuffer.wrap(bytes).order(order));
        }

        public int position() {
            return buffer.position();
        }

        public void position(int position) {
            buffer.position(position);
        }

        /** Reads one value per complete type of {@code signature}. */
        public List<Object> read(String signature) {
            List<Object> values = new ArrayList<>();
            for (String type : Signatures.split(signature)) {
                values.add(value(type));
            }
            return values;
        }

        public void align(int boundary) {
            int at = buffer.position();
            int padded = (at + boundary - 1) / boundary * boundary;
            if (padded > buffer.limit()) {
                throw new IllegalArgumentException("D-Bus message ends inside padding at " + at);
            }
            buffer.position(padded);
        }

        Object value(String type) {
            char code = type.charAt(0);
            align(Signatures.alignment(code));
            try {
                return switch (code) {
                    case 'y' -> buffer.get();
                    case 'b' -> {
                        int b = buffer.getInt();
                        if (b != 0 && b != 1) {
                            throw new IllegalArgumentException("D-Bus boolean " + b + " is neither 0 nor 1");
                        }
                        yield b == 1;
                    }
                    case 'n', 'q' -> buffer.getShort();
                    case 'i', 'u', 'h' -> buffer.getInt();
                    case 'x', 't' -> buffer.getLong();
                    case 'd' -> buffer.getDouble();
                    case 's', 'o' -> text(buffer.getInt());
                    case 'g' -> text(Byte.toUnsignedInt(buffer.get()));
                    case 'v' -> {
                        String signature = text(Byte.toUnsignedInt(buffer.get()));
                        yield new Variant(signature, value(signature));
                    }
                    case '(' -> {
                        List<Object> fields = new ArrayList<>();
                        for (String field : Signatures.split(type.substring(1, type.length() - 1))) {
                            fields.add(value(field));
                        }
                        yield fields;
                    }
                    case 'a' -> array(type.substring(1));
                    default -> throw new IllegalArgumentException("no D-Bus type \"" + type + "\"");
                };
            } catch (java.nio.BufferUnderflowException e) {
                throw new IllegalArgumentException("D-Bus message ends inside a \"" + type + "\" value");
            }
        }

        private Object array(String element) {
            int length = buffer.getInt();
            if (length < 0 || length > MAX_ARRAY) {
                throw new IllegalArgumentException("D-Bus array of " + Integer.toUnsignedString(length)
                        + " bytes is over the limit of " + MAX_ARRAY);
            }
            align(Signatures.alignment(element.charAt(0)));
            int end = buffer.position() + length;
            if (end > buffer.limit()) {
                throw new IllegalArgumentException("D-Bus array of " + length + " bytes runs past the message");
            }
            if (element.equals("y")) {
                byte[] raw = new byte[length];
                buffer.get(raw);
                return raw;
            }
            if (element.startsWith("{")) {
                List<String> kv = Signatures.split(element.substring(1, element.length() - 1));
                Map<Object, Object> map = new LinkedHashMap<>();
                while (buffer.position() < end) {
                    align(8);
                    Object key = value(kv.get(0));
                    map.put(key, value(kv.get(1)));
                }
                checkEnd(end);
                return map;
            }
            List<Object> items = new ArrayList<>();
            while (buffer.position() < end) {
                items.add(value(element));
            }
            checkEnd(end);
            return items;
        }

        private void checkEnd(int end) {
            if (buffer.position() != end) {
                throw new IllegalArgumentException("D-Bus array's elements run past its length");
            }
        }

        private String text(int length) {
            if (length < 0 || length > buffer.remaining() - 1) {
                throw new IllegalArgumentException("D-Bus string of " + Integer.toUnsignedString(length)
                        + " bytes runs past the message");
            }
            byte[] raw = new byte[length];
            buffer.get(raw);
            if (buffer.get() != 0) {
                throw new IllegalArgumentException("D-Bus string is not NUL-terminated");
            }
            return new String(raw, StandardCharsets.UTF_8);
        }
    }
}
