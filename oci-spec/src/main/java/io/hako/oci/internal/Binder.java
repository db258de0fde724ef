package io.hako.oci.internal;

import io.hako.oci.DocumentException;
import io.hako.oci.UnknownFields;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;

/**
 * Binds the model records to and from JSON trees (see {@link JsonTree}) by their components: a component
 * named {@code x} is the JSON field {@code x} unless {@link Json} renames it; {@code null} means absent and is
 * never written; a component of type {@link UnknownFields} collects the fields the record does not model, so
 * that they survive a round trip. Enums are written as their {@code toString()}.
 *
 * <p>Every error is a {@link DocumentException} carrying the JSON pointer of the field at fault.
 */
public final class Binder {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Binder() {}

    /** Reads a record (or any supported type) from a JSON tree. */
    public static <T> T fromTree(Object tree, Class<T> type) throws DocumentException {
        return type.cast(read(tree, type, Json.Num.DEFAULT, ""));
    }

    /** Writes a record (or any supported value) with the generator. */
    public static void write(JsonGenerator out, Object value) {
        writeValue(out, value, value.getClass(), Json.Num.DEFAULT);
    }

    // ---- reading ----------------------------------------------------------------------------------------

    private static Object read(Object node, Type type, Json.Num num, String pointer) throws DocumentException {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type element = p.getActualTypeArguments()[raw == Map.class ? 1 : 0];
            if (raw == List.class) {
                if (!(node instanceof List<?> list)) {
                    throw mismatch(pointer, "an array", node);
                }
                List<Object> out = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    out.add(readPresent(list.get(i), element, num, pointer + "/" + i));
                }
                return Collections.unmodifiableList(out);
            }
            if (raw == Map.class) {
                if (!(node instanceof Map<?, ?> map)) {
                    throw mismatch(pointer, "an object", node);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                for (var entry : map.entrySet()) {
                    String key = withoutNul((String) entry.getKey(), pointer);
                    out.put(key, readPresent(entry.getValue(), element, num, pointer + "/" + escape(key)));
                }
                return Collections.unmodifiableMap(out);
            }
            throw new IllegalArgumentException("unsupported model type " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            if (node instanceof String s) {
                return withoutNul(s, pointer);
            }
            throw mismatch(pointer, "a string", node);
        }
        if (c == Boolean.class || c == boolean.class) {
            if (node instanceof Boolean b) {
                return b;
            }
            throw mismatch(pointer, "a boolean", node);
        }
        if (c == Integer.class || c == int.class) {
            long v = integer(node, num == Json.Num.DEFAULT ? Json.Num.INT32 : num, pointer);
            return (int) v;
        }
        if (c == Long.class || c == long.class) {
            return integer(node, num == Json.Num.DEFAULT ? Json.Num.INT64 : num, pointer);
        }
        if (c == Double.class || c == double.class) {
            if (node instanceof Number n) {
                return n.doubleValue();
            }
            throw mismatch(pointer, "a number", node);
        }
        if (c == Object.class) {
            return node;
        }
        if (c.isEnum()) {
            if (node instanceof String s) {
                for (Object constant : c.getEnumConstants()) {
                    if (constant.toString().equals(s)) {
                        return constant;
                    }
                }
                throw new DocumentException(pointer, "unknown value \"" + s + "\"");
            }
            throw mismatch(pointer, "a string", node);
        }
        if (c.isRecord()) {
            if (!(node instanceof Map<?, ?> map)) {
                throw mismatch(pointer, "an object", node);
            }
            return readRecord(map, RecordShape.of(c), pointer);
        }
        throw new IllegalArgumentException("unsupported model type " + type);
    }

    /**
     * A document's strings end up as the kernel's C strings (paths, names, arguments, labels), where a NUL byte
     * would cut them short: refused wherever it is, with where it is.
     */
    private static String withoutNul(String s, String pointer) throws DocumentException {
        if (s.indexOf('\0') >= 0) {
            throw new DocumentException(pointer, "a string must not hold a NUL byte");
        }
        return s;
    }

    /** Reads an array element or map value: JSON null is not a value there. */
    private static Object readPresent(Object node, Type type, Json.Num num, String pointer) throws DocumentException {
        if (node == JsonTree.NULL) {
            throw mismatch(pointer, expected(type, num), node);
        }
        return read(node, type, num, pointer);
    }

    private static Object readRecord(Map<?, ?> map, RecordShape shape, String pointer) throws DocumentException {
        Object[] args = new Object[shape.componentCount];
        Map<String, Object> unknown = null;
        for (var entry : map.entrySet()) {
            String name = (String) entry.getKey();
            Field field = shape.byJsonName.get(name);
            if (field == null) {
                if (shape.unknownIndex < 0) {
                    continue;
                }
                if (unknown == null) {
                    unknown = new LinkedHashMap<>();
                }
                unknown.put(name, entry.getValue());
                continue;
            }
            Object node = entry.getValue();
            if (node == JsonTree.NULL) {
                continue; // null is absent, as Go's encoding/json reads it
            }
            args[field.index] = read(node, field.type, field.num, pointer + "/" + escape(name));
        }
        for (Field field : shape.fields) {
            if (args[field.index] == null && field.required) {
                throw new DocumentException(pointer + "/" + escape(field.jsonName), "required field is missing");
            }
        }
        if (shape.unknownIndex >= 0) {
            args[shape.unknownIndex] = unknown == null ? UnknownFields.NONE : new UnknownFields(unknown);
        }
        try {
            return shape.constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw new DocumentException(pointer, invalid.getMessage());
            }
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("cannot construct " + shape.type.getName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + shape.type.getName(), e);
        }
    }

    private static long integer(Object node, Json.Num num, String pointer) throws DocumentException {
        // 1.0 is an integer in JSON Schema; past 20 digits it is out of range anyway, and 1e999999999 must not
        // be expanded.
        if (node instanceof BigDecimal d && (long) d.precision() - d.scale() <= 20
                && d.stripTrailingZeros().scale() <= 0) {
            node = d.toBigIntegerExact();
        }
        if (!(node instanceof Long) && !(node instanceof BigInteger)) {
            throw mismatch(pointer, describe(num), node);
        }
        BigInteger value = node instanceof Long l ? BigInteger.valueOf(l) : (BigInteger) node;
        BigInteger min;
        BigInteger max;
        switch (num) {
            case INT32 -> { min = BigInteger.valueOf(Integer.MIN_VALUE); max = BigInteger.valueOf(Integer.MAX_VALUE); }
            case UINT16 -> { min = BigInteger.ZERO; max = BigInteger.valueOf(65535); }
            case UINT32 -> { min = BigInteger.ZERO; max = BigInteger.valueOf(4294967295L); }
            case UINT64 -> { min = BigInteger.ZERO; max = UINT64_MAX; }
            default -> { min = BigInteger.valueOf(Long.MIN_VALUE); max = BigInteger.valueOf(Long.MAX_VALUE); }
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new DocumentException(pointer, "expected " + describe(num) + ", got " + value);
        }
        return value.longValue(); // for UINT64 above 2^63-1 this keeps the bits, as documented
    }

    private static String describe(Json.Num num) {
        return switch (num) {
            case INT32 -> "a 32-bit integer";
            case UINT16 -> "an unsigned 16-bit integer (0 to 65535)";
            case UINT32 -> "an unsigned 32-bit integer (0 to 4294967295)";
            case UINT64 -> "an unsigned 64-bit integer (0 to 18446744073709551615)";
            default -> "a 64-bit integer";
        };
    }

    private static String expected(Type type, Json.Num num) {
        if (type instanceof ParameterizedType p) {
            return p.getRawType() == List.class ? "an array" : "an object";
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class || c.isEnum()) return "a string";
        if (c == Boolean.class) return "a boolean";
        if (c == Integer.class) return describe(num == Json.Num.DEFAULT ? Json.Num.INT32 : num);
        if (c == Long.class) return describe(num == Json.Num.DEFAULT ? Json.Num.INT64 : num);
        if (c == Double.class) return "a number";
        return "an object";
    }

    private static DocumentException mismatch(String pointer, String expected, Object node) {
        return new DocumentException(pointer, "expected " + expected + ", got " + describeNode(node));
    }

    private static String describeNode(Object node) {
        if (node instanceof String s) {
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (node instanceof Map<?, ?>) return "an object";
        if (node instanceof List<?>) return "an array";
        if (node instanceof Boolean b) return b.toString();
        if (node == JsonTree.NULL) return "null";
        return "the number " + node;
    }

    /** Escapes a key for a JSON pointer (RFC 6901). */
    public static String escape(String key) {
        if (key.indexOf('~') < 0 && key.indexOf('/') < 0) {
            return key;
        }
        return key.replace("~", "~0").replace("/", "~1");
    }

    // ---- writing ----------------------------------------------------------------------------------------

    // Chains of instanceof rather than a switch over types: the switch's bootstrap spins a class with the
    // ClassFile API the first time it runs, some milliseconds of every CLI call that writes JSON.

    private static void writeValue(JsonGenerator out, Object value, Type type, Json.Num num) {
        if (value instanceof Long l) {
            if (num == Json.Num.UINT64 && l < 0) {
                out.writeNumber(new BigInteger(Long.toUnsignedString(l)));
            } else {
                out.writeNumber(l);
            }
        } else if (value instanceof Enum<?> e) {
            out.writeString(e.toString());
        } else if (value instanceof UnknownFields u) {
            writeRaw(out, u.values());
        } else if (value instanceof List<?> list) {
            Type element = elementType(type, 0);
            out.writeStartArray();
            for (Object item : list) {
                writeValue(out, item, element, num);
            }
            out.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            Type element = elementType(type, 1);
            out.writeStartObject();
            for (var entry : map.entrySet()) {
                out.writeName((String) entry.getKey());
                writeValue(out, entry.getValue(), element, num);
            }
            out.writeEndObject();
        } else if (value instanceof Record r) {
            writeRecord(out, r);
        } else {
            writeScalar(out, value, "unsupported model value ");
        }
    }

    private static Type elementType(Type type, int index) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length > index
                ? p.getActualTypeArguments()[index] : Object.class;
    }

    private static void writeRecord(JsonGenerator out, Record record) {
        RecordShape shape = RecordShape.of(record.getClass());
        out.writeStartObject();
        for (Field field : shape.fields) {
            Object value = field.get(record);
            if (value != null) {
                out.writeName(field.jsonName);
                writeValue(out, value, field.type, field.num);
            }
        }
        if (shape.unknownIndex >= 0) {
            UnknownFields unknown = (UnknownFields) shape.unknownAccessor(record);
            if (unknown != null) {
                for (var entry : unknown.values().entrySet()) {
                    if (shape.byJsonName.containsKey(entry.getKey())) {
                        // Written twice, the document could not be read back (duplicate keys are refused).
                        throw new IllegalArgumentException("unknown field \"" + entry.getKey() + "\" of "
                                + shape.type.getSimpleName() + " is one of its modelled fields");
                    }
                    out.writeName(entry.getKey());
                    writeRaw(out, entry.getValue());
                }
            }
        }
        out.writeEndObject();
    }

    /** Writes a value of a JSON tree as it was read. */
    private static void writeRaw(JsonGenerator out, Object node) {
        if (node instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (var entry : map.entrySet()) {
                out.writeName((String) entry.getKey());
                writeRaw(out, entry.getValue());
            }
            out.writeEndObject();
        } else if (node instanceof List<?> list) {
            out.writeStartArray();
            for (Object item : list) {
                writeRaw(out, item);
            }
            out.writeEndArray();
        } else {
            writeScalar(out, node, "not a JSON value: ");
        }
    }

    private static void writeScalar(JsonGenerator out, Object value, String unsupported) {
        if (value instanceof String s) {
            out.writeString(s);
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Integer i) {
            out.writeNumber(i);
        } else if (value instanceof Long l) {
            out.writeNumber(l);
        } else if (value instanceof BigInteger b) {
            out.writeNumber(b);
        } else if (value instanceof BigDecimal d) {
            out.writeNumber(d);
        } else if (value instanceof Double d) {
            out.writeNumber(d);
        } else if (value == JsonTree.NULL || value == null) {
            out.writeNull();
        } else {
            throw new IllegalArgumentException(unsupported + value.getClass());
        }
    }

    // ---- record shapes ----------------------------------------------------------------------------------

    private record Field(int index, String jsonName, Type type, Json.Num num, boolean required, Method getter) {
        Object get(Record record) {
            return RecordShape.call(getter, record);
        }
    }

    private static final class RecordShape {
        private static final ClassValue<RecordShape> CACHE = new ClassValue<>() {
            @Override
            protected RecordShape computeValue(Class<?> type) {
                return new RecordShape(type);
            }
        };

        final Class<?> type;
        final List<Field> fields = new ArrayList<>();
        final Map<String, Field> byJsonName = new LinkedHashMap<>();
        final Constructor<?> constructor;
        final int unknownIndex;
        final int componentCount;
        private final Method unknownGetter;

        static RecordShape of(Class<?> type) {
            return CACHE.get(type);
        }

        private RecordShape(Class<?> type) {
            this.type = type;
            RecordComponent[] components = type.getRecordComponents();
            this.componentCount = components.length;
            Class<?>[] raw = new Class<?>[components.length];
            int unknown = -1;
            Method unknownAccessor = null;
            // Core reflection, not method handles: with the launcher's jdk.reflect.useNativeAccessorOnly it
            // spins no classes at run time, which the AOT cache could not hold (method handles spun ~120).
            // A record of another module (hako's own state file) is bound when that module opens its package
            // to io.hako.oci.
            try {
                for (int i = 0; i < components.length; i++) {
                    RecordComponent c = components[i];
                    raw[i] = c.getType();
                    Method getter = c.getAccessor();
                    if (c.getType() == UnknownFields.class) {
                        unknown = i;
                        unknownAccessor = getter;
                        continue;
                    }
                    Json json = c.getAnnotation(Json.class);
                    String name = json == null || json.value().isEmpty() ? c.getName() : json.value();
                    boolean required = c.getType().isPrimitive() || (json != null && json.required());
                    Field field = new Field(i, name, c.getGenericType(),
                            json == null ? Json.Num.DEFAULT : json.num(), required, getter);
                    fields.add(field);
                    byJsonName.put(name, field);
                }
                this.constructor = type.getDeclaredConstructor(raw);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot bind " + type.getName(), e);
            }
            this.unknownIndex = unknown;
            this.unknownGetter = unknownAccessor;
        }

        Object unknownAccessor(Record record) {
            return call(unknownGetter, record);
        }

        static Object call(Method accessor, Record record) {
            try {
                return accessor.invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + accessor, e);
            }
        }
    }
}
