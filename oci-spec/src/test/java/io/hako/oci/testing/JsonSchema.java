package io.hako.oci.testing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A JSON Schema validator for the subset of draft-04 that the runtime-spec's schemas use, so that tests can
 * check documents against {@code config-schema.json}, {@code state-schema.json} and {@code features-schema.json}
 * without another dependency.
 *
 * <p>Supported: {@code type} (a name or a list of names), {@code enum}, {@code pattern} (unanchored, as in
 * ECMA 262), {@code minLength}/{@code maxLength}, {@code minimum}/{@code maximum} with draft-04's boolean
 * {@code exclusiveMinimum}/{@code exclusiveMaximum}, {@code multipleOf}, {@code properties},
 * {@code patternProperties}, {@code additionalProperties}, {@code required}, {@code minProperties}/
 * {@code maxProperties}, {@code items} (one schema or a tuple) with {@code additionalItems}, {@code minItems}/
 * {@code maxItems}, {@code uniqueItems}, {@code allOf}/{@code anyOf}/{@code oneOf}/{@code not}, and
 * {@code $ref} to another file and/or a JSON pointer in it ({@code defs.json#/definitions/x}), including the
 * spec's odd {@code #definitions/uint32} (read as {@code #/definitions/uint32}). As draft-04 says, the other
 * keywords of a schema that has {@code $ref} are ignored. Any other keyword is an error rather than silently
 * unchecked. Numbers are compared exactly: {@code 18446744073709551615} is a valid {@code uint64}.
 */
public final class JsonSchema {
    /** One reason a document does not match: the JSON pointer of the value at fault, and why. */
    public record Failure(String pointer, String message) {
        @Override
        public String toString() {
            return (pointer.isEmpty() ? "(document)" : pointer) + ": " + message;
        }
    }

    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "$schema", "id", "default",
            "definitions");
    private static final Set<String> KEYWORDS = Set.of("$ref", "type", "enum", "pattern", "minLength",
            "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "properties",
            "patternProperties", "additionalProperties", "required", "minProperties", "maxProperties", "items",
            "additionalItems", "minItems", "maxItems", "uniqueItems", "allOf", "anyOf", "oneOf", "not");

    /** A schema and where it is: its file and its JSON pointer there (for references and messages). */
    private record Node(String file, String pointer, Map<String, Object> schema) {
        Node child(String path, Object schema) {
            return node(file, pointer + path, schema);
        }

        @Override
        public String toString() {
            return file + "#" + pointer;
        }
    }

    private static final Map<String, JsonSchema> RUNTIME_SPEC = new ConcurrentHashMap<>();

    private final Path dir;
    private final Map<String, Object> files = new HashMap<>();
    private final Map<String, Pattern> patterns = new HashMap<>();
    private final Node root;

    private JsonSchema(Path dir, String file) {
        this.dir = dir;
        this.root = resolve(file, "");
    }

    /** The schema in {@code file} of {@code dir}; references to other files are read from {@code dir} too. */
    public static JsonSchema load(Path dir, String file) {
        return new JsonSchema(dir, file);
    }

    /**
     * One of the runtime-spec's schemas: {@code runtimeSpec("config-schema.json")}, loaded once. Skips the test where
     * the runtime-spec's files are missing (see {@link Shared}).
     */
    public static JsonSchema runtimeSpec(String file) {
        Path dir = Shared.runtimeSpec();
        return RUNTIME_SPEC.computeIfAbsent(file, f -> load(dir, f));
    }

    /** The failures of a document ({@link JsonValue}'s values); empty when it is valid. */
    public List<Failure> validate(Object document) {
        List<Failure> failures = new ArrayList<>();
        check(root, document, "", failures);
        return failures;
    }

    /** The failures of a JSON document given as bytes. */
    public List<Failure> validate(byte[] json) {
        return validate(JsonValue.parse(json));
    }

    // ---- references -------------------------------------------------------------------------------------

    private Node resolve(String file, String fragment) {
        Object document = files.computeIfAbsent(file, f -> {
            Path path = dir.resolve(f).normalize();
            if (!path.startsWith(dir.normalize()) || !Files.isRegularFile(path)) {
                throw new IllegalArgumentException("no schema file " + f + " in " + dir);
            }
            return JsonValue.parse(path);
        });
        // "#definitions/uint32" (defs.json's ArrayOfUint32) is not a JSON pointer; it can only mean this.
        String pointer = fragment.isEmpty() || fragment.startsWith("/") ? fragment : "/" + fragment;
        Object schema = JsonValue.at(document, pointer);
        if (schema == null) {
            throw new IllegalArgumentException("$ref " + file + "#" + fragment + " points at nothing");
        }
        return node(file, pointer, schema);
    }

    private Node reference(Node from, String ref) {
        int hash = ref.indexOf('#');
        String file = hash < 0 ? ref : ref.substring(0, hash);
        String fragment = hash < 0 ? "" : ref.substring(hash + 1);
        return resolve(file.isEmpty() ? from.file() : file, fragment);
    }

    @SuppressWarnings("unchecked")
    private static Node node(String file, String pointer, Object schema) {
        if (!(schema instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a schema at " + file + "#" + pointer + ": " + schema);
        }
        for (Object keyword : map.keySet()) {
            if (!KEYWORDS.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
                throw new IllegalArgumentException("unsupported keyword \"" + keyword + "\" at " + file + "#"
                        + pointer);
            }
        }
        return new Node(file, pointer, (Map<String, Object>) map);
    }

    // ---- validation -------------------------------------------------------------------------------------

    private void check(Node node, Object value, String at, List<Failure> out) {
        Map<String, Object> s = node.schema();
        if (s.get("$ref") instanceof String ref) {
            check(reference(node, ref), value, at, out);
            return;
        }
        if (s.containsKey("type") && !typeMatches(s.get("type"), value)) {
            out.add(new Failure(at, "expected " + s.get("type") + ", got " + typeOf(value)));
            return; // the other keywords would only repeat the mismatch
        }
        if (s.get("enum") instanceof List<?> allowed && allowed.stream().noneMatch(a -> JsonValue.equal(a, value))) {
            out.add(new Failure(at, "not one of " + allowed + ": " + value));
        }
        if (value instanceof String string) {
            checkString(s, string, at, out);
        } else if (value instanceof Number number) {
            checkNumber(s, JsonValue.decimal(number), at, out);
        } else if (value instanceof Map<?, ?> object) {
            checkObject(node, object, at, out);
        } else if (value instanceof List<?> array) {
            checkArray(node, array, at, out);
        }
        if (s.get("allOf") instanceof List<?> all) {
            for (int i = 0; i < all.size(); i++) {
                check(node.child("/allOf/" + i, all.get(i)), value, at, out);
            }
        }
        if (s.get("anyOf") instanceof List<?> any) {
            List<Failure> branches = new ArrayList<>();
            boolean matched = false;
            for (int i = 0; i < any.size() && !matched; i++) {
                List<Failure> branch = new ArrayList<>();
                check(node.child("/anyOf/" + i, any.get(i)), value, at, branch);
                matched = branch.isEmpty();
                branches.addAll(branch);
            }
            if (!matched) {
                out.add(new Failure(at, "matches none of anyOf: " + branches));
            }
        }
        if (s.get("oneOf") instanceof List<?> one) {
            int matches = 0;
            for (int i = 0; i < one.size(); i++) {
                List<Failure> branch = new ArrayList<>();
                check(node.child("/oneOf/" + i, one.get(i)), value, at, branch);
                matches += branch.isEmpty() ? 1 : 0;
            }
            if (matches != 1) {
                out.add(new Failure(at, "matches " + matches + " of oneOf, not exactly one"));
            }
        }
        if (s.containsKey("not")) {
            List<Failure> inner = new ArrayList<>();
            check(node.child("/not", s.get("not")), value, at, inner);
            if (inner.isEmpty()) {
                out.add(new Failure(at, "matches the schema of \"not\""));
            }
        }
    }

    private void checkString(Map<String, Object> s, String value, String at, List<Failure> out) {
        if (s.get("pattern") instanceof String regex && !pattern(regex).matcher(value).find()) {
            out.add(new Failure(at, "\"" + value + "\" does not match " + regex));
        }
        int length = value.codePointCount(0, value.length());
        if (s.get("minLength") instanceof Number min && length < min.intValue()) {
            out.add(new Failure(at, "shorter than " + min));
        }
        if (s.get("maxLength") instanceof Number max && length > max.intValue()) {
            out.add(new Failure(at, "longer than " + max));
        }
    }

    private static void checkNumber(Map<String, Object> s, BigDecimal value, String at, List<Failure> out) {
        if (s.get("minimum") instanceof Number min) {
            int c = value.compareTo(JsonValue.decimal(min));
            if (c < 0 || (c == 0 && Boolean.TRUE.equals(s.get("exclusiveMinimum")))) {
                out.add(new Failure(at, value.toPlainString() + " is below the minimum " + min));
            }
        }
        if (s.get("maximum") instanceof Number max) {
            int c = value.compareTo(JsonValue.decimal(max));
            if (c > 0 || (c == 0 && Boolean.TRUE.equals(s.get("exclusiveMaximum")))) {
                out.add(new Failure(at, value.toPlainString() + " is above the maximum " + max));
            }
        }
        if (s.get("multipleOf") instanceof Number step
                && value.remainder(JsonValue.decimal(step)).compareTo(BigDecimal.ZERO) != 0) {
            out.add(new Failure(at, value.toPlainString() + " is not a multiple of " + step));
        }
    }

    private void checkObject(Node node, Map<?, ?> object, String at, List<Failure> out) {
        Map<String, Object> s = node.schema();
        if (s.get("required") instanceof List<?> required) {
            for (Object name : required) {
                if (!object.containsKey(name)) {
                    out.add(new Failure(at + "/" + JsonValue.escape((String) name), "required property is missing"));
                }
            }
        }
        if (s.get("minProperties") instanceof Number min && object.size() < min.intValue()) {
            out.add(new Failure(at, "fewer than " + min + " properties"));
        }
        if (s.get("maxProperties") instanceof Number max && object.size() > max.intValue()) {
            out.add(new Failure(at, "more than " + max + " properties"));
        }
        Map<?, ?> properties = s.get("properties") instanceof Map<?, ?> p ? p : Map.of();
        Map<?, ?> patternProperties = s.get("patternProperties") instanceof Map<?, ?> p ? p : Map.of();
        Object additional = s.get("additionalProperties");
        for (var entry : object.entrySet()) {
            String name = (String) entry.getKey();
            String where = at + "/" + JsonValue.escape(name);
            boolean matched = false;
            if (properties.containsKey(name)) {
                matched = true;
                check(node.child("/properties/" + JsonValue.escape(name), properties.get(name)), entry.getValue(),
                        where, out);
            }
            for (var pp : patternProperties.entrySet()) {
                String regex = (String) pp.getKey();
                if (pattern(regex).matcher(name).find()) {
                    matched = true;
                    check(node.child("/patternProperties/" + JsonValue.escape(regex), pp.getValue()),
                            entry.getValue(), where, out);
                }
            }
            if (!matched && Boolean.FALSE.equals(additional)) {
                out.add(new Failure(where, "property not allowed"));
            } else if (!matched && additional instanceof Map<?, ?>) {
                check(node.child("/additionalProperties", additional), entry.getValue(), where, out);
            }
        }
    }

    private void checkArray(Node node, List<?> array, String at, List<Failure> out) {
        Map<String, Object> s = node.schema();
        if (s.get("minItems") instanceof Number min && array.size() < min.intValue()) {
            out.add(new Failure(at, "fewer than " + min + " items"));
        }
        if (s.get("maxItems") instanceof Number max && array.size() > max.intValue()) {
            out.add(new Failure(at, "more than " + max + " items"));
        }
        if (Boolean.TRUE.equals(s.get("uniqueItems"))) {
            for (int i = 1; i < array.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (JsonValue.equal(array.get(i), array.get(j))) {
                        out.add(new Failure(at + "/" + i, "duplicate of item " + j));
                        break;
                    }
                }
            }
        }
        Object items = s.get("items");
        if (items instanceof Map<?, ?>) {
            for (int i = 0; i < array.size(); i++) {
                check(node.child("/items", items), array.get(i), at + "/" + i, out);
            }
        } else if (items instanceof List<?> tuple) {
            Object additional = s.get("additionalItems");
            for (int i = 0; i < array.size(); i++) {
                if (i < tuple.size()) {
                    check(node.child("/items/" + i, tuple.get(i)), array.get(i), at + "/" + i, out);
                } else if (Boolean.FALSE.equals(additional)) {
                    out.add(new Failure(at + "/" + i, "item not allowed"));
                } else if (additional instanceof Map<?, ?>) {
                    check(node.child("/additionalItems", additional), array.get(i), at + "/" + i, out);
                }
            }
        }
    }

    private static boolean typeMatches(Object type, Object value) {
        if (type instanceof List<?> types) {
            return types.stream().anyMatch(t -> typeMatches(t, value));
        }
        return switch ((String) type) {
            case "object" -> value instanceof Map<?, ?>;
            case "array" -> value instanceof List<?>;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "null" -> value == JsonValue.NULL;
            // draft-04: "a JSON number without a fraction or exponent part"
            case "integer" -> value instanceof BigInteger;
            case "number" -> value instanceof BigInteger || value instanceof BigDecimal;
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static String typeOf(Object value) {
        return switch (value) {
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "the string \"" + s + "\"";
            case Boolean b -> b.toString();
            case BigInteger i -> "the integer " + i;
            case BigDecimal d -> "the number " + d;
            default -> "null";
        };
    }

    private Pattern pattern(String regex) {
        return patterns.computeIfAbsent(regex, Pattern::compile);
    }
}
