package io.hako.oci.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * JSON documents as plain Java values for the tests, read with Jackson's streaming parser but independently
 * of the code under test (so that comparing trees does not trust the reader being tested). Objects are
 * {@code Map<String,Object>} in document order, arrays {@code List<Object>}, numbers exact: {@link BigInteger}
 * for integer literals and {@link BigDecimal} for the others, and JSON null is {@link #NULL}.
 */
public final class JsonValue {
    /** JSON null. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonValue() {}

    public static Object parse(byte[] json) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            Object value = read(parser, parser.nextToken());
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value");
            }
            return value;
        }
    }

    public static Object parse(Path file) {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Object parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Object read(JsonParser parser, JsonToken token) {
        Objects.requireNonNull(token, "empty document");
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    map.put(name, read(parser, parser.nextToken()));
                }
                yield Collections.unmodifiableMap(map);
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(read(parser, t));
                }
                yield Collections.unmodifiableList(list);
            }
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT -> parser.getBigIntegerValue();
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> NULL;
            default -> throw new IllegalStateException("unexpected token " + token);
        };
    }

    /**
     * JSON equality: objects as unordered maps, arrays in order, numbers by value ({@code 1}, {@code 1.0} and
     * {@code 1e0} are equal).
     */
    public static boolean equal(Object a, Object b) {
        return diff(a, b) == null;
    }

    /** The JSON pointer of the first place where {@code actual} differs from {@code expected}, or null. */
    public static String diff(Object expected, Object actual) {
        return diff(expected, actual, "");
    }

    private static String diff(Object expected, Object actual, String at) {
        if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
            for (var entry : e.entrySet()) {
                String key = (String) entry.getKey();
                if (!a.containsKey(key)) {
                    return at + "/" + escape(key) + " (missing)";
                }
                String d = diff(entry.getValue(), a.get(key), at + "/" + escape(key));
                if (d != null) {
                    return d;
                }
            }
            for (Object key : a.keySet()) {
                if (!e.containsKey(key)) {
                    return at + "/" + escape((String) key) + " (unexpected)";
                }
            }
            return null;
        }
        if (expected instanceof List<?> e && actual instanceof List<?> a) {
            Iterator<?> ie = e.iterator();
            Iterator<?> ia = a.iterator();
            for (int i = 0; ie.hasNext() && ia.hasNext(); i++) {
                String d = diff(ie.next(), ia.next(), at + "/" + i);
                if (d != null) {
                    return d;
                }
            }
            return e.size() == a.size() ? null : at + " (" + e.size() + " items, got " + a.size() + ")";
        }
        if (expected instanceof Number e && actual instanceof Number a) {
            return decimal(e).compareTo(decimal(a)) == 0 ? null : at + " (" + e + ", got " + a + ")";
        }
        return Objects.equals(expected, actual) ? null : at + " (" + expected + ", got " + actual + ")";
    }

    /** A number as an exact decimal; doubles by their shortest decimal form, as JSON writers print them. */
    public static BigDecimal decimal(Number n) {
        return switch (n) {
            case BigDecimal d -> d;
            case BigInteger i -> new BigDecimal(i);
            case Double d -> new BigDecimal(Double.toString(d));
            case Float f -> new BigDecimal(Float.toString(f));
            default -> BigDecimal.valueOf(n.longValue());
        };
    }

    /** Escapes a key for a JSON pointer (RFC 6901). */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** The value at a JSON pointer (RFC 6901), or null when there is none. */
    public static Object at(Object root, String pointer) {
        if (pointer.isEmpty()) {
            return root;
        }
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("not a JSON pointer: " + pointer);
        }
        Object node = root;
        for (String token : pointer.substring(1).split("/", -1)) {
            String key = token.replace("~1", "/").replace("~0", "~");
            if (node instanceof Map<?, ?> map) {
                node = map.get(key);
            } else if (node instanceof List<?> list && key.matches("0|[1-9][0-9]*")
                    && Integer.parseInt(key) < list.size()) {
                node = list.get(Integer.parseInt(key));
            } else {
                return null;
            }
        }
        return node;
    }

    // ---- writing and editing ----------------------------------------------------------------------------

    /** Writes a tree of this class's values (maps, lists, strings, numbers, booleans, {@link #NULL}). */
    public static byte[] write(Object value) {
        var bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = FACTORY.createGenerator(ObjectWriteContext.empty(), bytes)) {
            write(out, value);
        }
        return bytes.toByteArray();
    }

    private static void write(JsonGenerator out, Object value) {
        switch (value) {
            case Map<?, ?> map -> {
                out.writeStartObject();
                for (var entry : map.entrySet()) {
                    out.writeName((String) entry.getKey());
                    write(out, entry.getValue());
                }
                out.writeEndObject();
            }
            case List<?> list -> {
                out.writeStartArray();
                for (Object item : list) {
                    write(out, item);
                }
                out.writeEndArray();
            }
            case String s -> out.writeString(s);
            case BigInteger i -> out.writeNumber(i);
            case BigDecimal d -> out.writeNumber(d);
            case Long l -> out.writeNumber(l);
            case Integer i -> out.writeNumber(i);
            case Boolean b -> out.writeBoolean(b);
            default -> {
                if (value != NULL) {
                    throw new IllegalArgumentException("not a JSON value: " + value);
                }
                out.writeNull();
            }
        }
    }

    /**
     * A copy of {@code root} with the value at {@code pointer} set to {@code value}: an object's member is
     * replaced or added, an array's item replaced, or appended when the last token is {@code -}. Objects and
     * arrays on the way must exist.
     */
    public static Object with(Object root, String pointer, Object value) {
        return edit(root, tokens(pointer), 0, value);
    }

    /** A copy of {@code root} without the member or item at {@code pointer}. */
    public static Object without(Object root, String pointer) {
        return edit(root, tokens(pointer), 0, REMOVE);
    }

    private static final Object REMOVE = new Object();

    private static List<String> tokens(String pointer) {
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("not a JSON pointer to a member: " + pointer);
        }
        List<String> tokens = new ArrayList<>();
        for (String token : pointer.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static Object edit(Object node, List<String> tokens, int i, Object value) {
        String token = tokens.get(i);
        boolean last = i == tokens.size() - 1;
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, v));
            if (last && value == REMOVE) {
                copy.remove(token);
            } else if (last) {
                copy.put(token, value);
            } else {
                copy.put(token, edit(require(copy.get(token), tokens, i), tokens, i + 1, value));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list);
            if (last && token.equals("-") && value != REMOVE) {
                copy.add(value);
            } else {
                int index = Integer.parseInt(token);
                if (last && value == REMOVE) {
                    copy.remove(index);
                } else {
                    copy.set(index, last ? value : edit(copy.get(index), tokens, i + 1, value));
                }
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException("nothing to edit at /" + String.join("/", tokens.subList(0, i)));
    }

    private static Object require(Object node, List<String> tokens, int i) {
        if (node == null) {
            throw new IllegalArgumentException("no value at /" + String.join("/", tokens.subList(0, i + 1)));
        }
        return node;
    }
}
