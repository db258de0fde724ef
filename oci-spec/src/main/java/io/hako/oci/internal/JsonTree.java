package io.hako.oci.internal;

import io.hako.oci.DocumentException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a JSON document into plain, unmodifiable Java values with Jackson's streaming parser: objects become
 * {@code Map<String,Object>} (in document order), arrays {@code List<Object>}, and scalars {@code String},
 * {@code Long} or {@code BigInteger} for integers, {@code BigDecimal} for other numbers (exact, so that a number
 * in a field the model does not know is written back as it was), {@code Boolean}, or {@link #NULL}. Streaming
 * keeps jackson-databind, and its start-up cost, off the command path.
 */
public final class JsonTree {
    /** JSON {@code null}; maps and lists hold this instead of Java null. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /**
     * How deep arrays and objects may nest: far beyond any configuration's own (a seccomp rule's argument sits 7
     * deep), and a bound on {@link #read}'s recursion.
     */
    static final int MAX_DEPTH = 500;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private JsonTree() {}

    /**
     * Parses one JSON document; anything that is not exactly one JSON value is a {@link DocumentException}, whose
     * pointer names where the parser was: the string with a byte that is not UTF-8, the value that is malformed,
     * or, for a document nested deeper than {@value #MAX_DEPTH} arrays and objects, the top-level field that
     * holds the nesting.
     */
    public static Object parse(byte[] json) throws DocumentException {
        JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json);
        try (parser) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new DocumentException("", "not JSON: the document is empty");
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new DocumentException("", "not JSON: more than one value in the document " + where(parser));
            }
            return value;
        } catch (StreamConstraintsException e) {
            // A limit carries no location of its own: the parser's is where it stopped.
            throw new DocumentException(topLevelField(parser), "not JSON: " + constraint(e.getOriginalMessage())
                    + " " + where(parser));
        } catch (JacksonException e) {
            String where = where(e);
            throw new DocumentException(pointer(parser), "not JSON: " + firstLine(e.getOriginalMessage())
                    + (where.isEmpty() ? "" : " " + where));
        }
    }

    /** Where the parser is, as a JSON pointer ({@code ""} at the top). */
    private static String pointer(JsonParser parser) {
        return parser.streamReadContext().pathAsPointer().toString();
    }

    /** The first segment of where the parser is: a pointer {@value #MAX_DEPTH} levels deep says nothing more. */
    private static String topLevelField(JsonParser parser) {
        String pointer = pointer(parser);
        int second = pointer.indexOf('/', 1);
        return second < 0 ? pointer : pointer.substring(0, second);
    }

    /** A limit's message in a user's words: Jackson's names its own configuration method. */
    private static String constraint(String message) {
        if (message != null && message.contains("nesting depth")) {
            return "nested deeper than " + MAX_DEPTH + " arrays and objects";
        }
        String line = firstLine(message);
        int detail = line.indexOf(" (");
        return detail < 0 ? line : line.substring(0, detail);
    }

    private static Object read(JsonParser parser, JsonToken token) {
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
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT, LONG -> parser.getLongValue();
                default -> {
                    BigInteger big = parser.getBigIntegerValue();
                    yield big.bitLength() < 64 ? (Object) big.longValue() : big;
                }
            };
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> NULL;
            default -> throw new IllegalStateException("unexpected JSON token " + token);
        };
    }

    private static String where(JsonParser parser) {
        var location = parser.currentTokenLocation();
        return "at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String where(JacksonException e) {
        var location = e.getLocation();
        return location == null ? "" : "at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        // Jackson adds where a construct started as "(for Object starting at [Source: ...])" or "(start marker at
        // [Source: ...])", which says nothing to a user; the location is added separately.
        int source = line.indexOf("[Source:");
        int detail = source < 0 ? -1 : line.lastIndexOf(" (", source);
        return detail < 0 ? line : line.substring(0, detail);
    }
}
