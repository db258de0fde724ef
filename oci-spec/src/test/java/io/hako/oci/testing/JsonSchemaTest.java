package io.hako.oci.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.testing.JsonSchema.Failure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test-side JSON Schema validator, on small schemas of its own; {@code RuntimeSpecConformanceTest} uses it with
 * the runtime-spec's schemas.
 */
class JsonSchemaTest {
    @Test
    void uint64AndInt64BoundsAreExact(@TempDir Path dir) throws IOException {
        JsonSchema uint64 = inline(dir, "{\"$ref\": \"defs.json#/definitions/uint64\"}");
        assertEquals(List.of(), uint64.validate(JsonValue.parse("18446744073709551615")));
        assertEquals(List.of(""), pointers(uint64.validate(JsonValue.parse("18446744073709551616"))));
        assertEquals(List.of(""), pointers(uint64.validate(JsonValue.parse("-1"))));
        JsonSchema int64 = inline(dir, "{\"$ref\": \"defs.json#/definitions/int64\"}");
        assertEquals(List.of(), int64.validate(JsonValue.parse("-9223372036854775808")));
        assertEquals(List.of(""), pointers(int64.validate(JsonValue.parse("-9223372036854775809"))));
    }

    @Test
    void theOddFragmentWithoutSlashResolves(@TempDir Path dir) throws IOException {
        // ArrayOfUint32 refers to "#definitions/uint32", as the runtime-spec's defs.json does.
        JsonSchema arrayOfUint32 = inline(dir, "{\"$ref\": \"defs.json#/definitions/ArrayOfUint32\"}");
        assertEquals(List.of(), arrayOfUint32.validate(JsonValue.parse("[0, 4294967295]")));
        assertEquals(List.of("/1"), pointers(arrayOfUint32.validate(JsonValue.parse("[0, 4294967296]"))));
    }

    @Test
    void integerMeansNoFractionOrExponent(@TempDir Path dir) throws IOException {
        JsonSchema uint8 = inline(dir, "{\"$ref\": \"defs.json#/definitions/uint8\"}");
        assertEquals(List.of(), uint8.validate(JsonValue.parse("255")));
        assertEquals(List.of(""), pointers(uint8.validate(JsonValue.parse("1.0"))));
        assertEquals(List.of(""), pointers(uint8.validate(JsonValue.parse("1e2"))));
        assertEquals(List.of(""), pointers(uint8.validate(JsonValue.parse("\"1\""))));
    }

    @Test
    void typeListsAndCombinators(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("s.json"), """
                {"type": "object",
                 "properties": {
                   "either": {"type": ["string", "null"]},
                   "one":    {"oneOf": [{"type": "integer"}, {"minimum": 10}]},
                   "any":    {"anyOf": [{"enum": ["a"]}, {"pattern": "^b"}]},
                   "all":    {"allOf": [{"minLength": 2}, {"maxLength": 3}]},
                   "none":   {"not": {"type": "boolean"}},
                   "set":    {"type": "array", "uniqueItems": true, "minItems": 1, "items": {"type": "number"}},
                   "pair":   {"type": "array", "items": [{"type": "string"}], "additionalItems": false}
                 },
                 "patternProperties": {"^x-": {"type": "boolean"}},
                 "additionalProperties": false}
                """);
        JsonSchema s = JsonSchema.load(dir, "s.json");
        assertEquals(List.of(), s.validate(JsonValue.parse("""
                {"either": null, "one": 5, "any": "bee", "all": "abc", "none": 1, "set": [1, 2.5], "pair": ["a"],
                 "x-flag": true}
                """)));
        assertEquals(List.of("/either", "/one", "/any", "/all", "/none", "/set/1", "/pair/1", "/x-flag", "/other"),
                pointers(s.validate(JsonValue.parse("""
                {"either": 1, "one": 12, "any": "c", "all": "abcd", "none": false, "set": [1, 1.0], "pair": ["a", "b"],
                 "x-flag": "yes", "other": 0}
                """))));
        assertEquals(List.of("/set"), pointers(s.validate(JsonValue.parse("{\"set\": []}"))));
    }

    @Test
    void exclusiveBoundsAndMultipleOf(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("s.json"), """
                {"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1, "multipleOf": 0.25}
                """);
        JsonSchema s = JsonSchema.load(dir, "s.json");
        assertEquals(List.of(), s.validate(JsonValue.parse("0.75")));
        assertEquals(List.of(), s.validate(JsonValue.parse("1")));
        assertEquals(List.of(""), pointers(s.validate(JsonValue.parse("0"))));
        assertEquals(List.of(""), pointers(s.validate(JsonValue.parse("0.3"))));
    }

    @Test
    void pointersOfPropertiesAreEscaped(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("s.json"), "{\"additionalProperties\": {\"type\": \"string\"}}");
        var failures = JsonSchema.load(dir, "s.json").validate(JsonValue.parse("{\"a/b~c\": 1}"));
        assertEquals(List.of("/a~1b~0c"), pointers(failures));
    }

    @Test
    void unsupportedKeywordsAndDanglingReferencesAreErrorsNotSilence(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("s.json"), "{\"properties\": {\"a\": {\"const\": 1}}}");
        var s = JsonSchema.load(dir, "s.json");
        var e = assertThrows(IllegalArgumentException.class, () -> s.validate(JsonValue.parse("{\"a\": 1}")));
        assertTrue(e.getMessage().contains("\"const\""), e.getMessage());

        Files.writeString(dir.resolve("r.json"), "{\"$ref\": \"#/definitions/missing\"}");
        var r = JsonSchema.load(dir, "r.json");
        assertThrows(IllegalArgumentException.class, () -> r.validate(JsonValue.parse("1")));
    }

    /**
     * A schema in a folder beside a {@code defs.json} of integer definitions written the runtime-spec's way, odd
     * fragment included, so that its refs resolve.
     */
    private static JsonSchema inline(Path dir, String schema) throws IOException {
        Files.writeString(dir.resolve("defs.json"), """
                {"definitions": {
                  "uint8":  {"type": "integer", "minimum": 0, "maximum": 255},
                  "uint32": {"type": "integer", "minimum": 0, "maximum": 4294967295},
                  "uint64": {"type": "integer", "minimum": 0, "maximum": 18446744073709551615},
                  "int64":  {"type": "integer", "minimum": -9223372036854775808, "maximum": 9223372036854775807},
                  "ArrayOfUint32": {"type": "array", "items": {"$ref": "#definitions/uint32"}}
                }}
                """);
        Files.writeString(dir.resolve("inline.json"), schema);
        return JsonSchema.load(dir, "inline.json");
    }

    static List<String> pointers(List<Failure> failures) {
        return failures.stream().map(Failure::pointer).toList();
    }
}
