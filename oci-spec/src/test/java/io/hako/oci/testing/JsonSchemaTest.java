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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The test-side JSON Schema validator, against the runtime-spec's own fixtures and small schemas. */
class JsonSchemaTest {
    private static final JsonSchema CONFIG = JsonSchema.runtimeSpec("config-schema.json");

    static List<Path> goodConfigs() {
        return Shared.fixtures("config", "good");
    }

    @ParameterizedTest
    @MethodSource("goodConfigs")
    void goodConfigFixturesMatchTheConfigSchema(Path fixture) {
        assertEquals(List.of(), CONFIG.validate(JsonValue.parse(fixture)));
    }

    @ParameterizedTest
    @CsvSource({
            "linux-hugepage.json,   /linux/resources/hugepageLimits/0/pageSize",
            "linux-netdevice.json,  /linux/netDevices/eth0/name",
            "linux-rdma.json,       /linux/resources/rdma/mlx5_1/hcaHandles",
            "freebsd-vnet-disable.json, /freebsd/jail/vnet",
    })
    void badConfigFixturesFailAtTheFieldAtFault(String fixture, String pointer) {
        Object document = JsonValue.parse(Shared.runtimeSpec().resolve("test/config/bad").resolve(fixture));
        assertEquals(List.of(pointer), pointers(CONFIG.validate(document)));
    }

    @Test
    void stateAndFeaturesFixtures() {
        var state = JsonSchema.runtimeSpec("state-schema.json");
        var features = JsonSchema.runtimeSpec("features-schema.json");
        for (Path good : Shared.fixtures("state", "good")) {
            assertEquals(List.of(), state.validate(JsonValue.parse(good)), good.toString());
        }
        for (Path good : Shared.fixtures("features", "good")) {
            assertEquals(List.of(), features.validate(JsonValue.parse(good)), good.toString());
        }
        var missing = JsonValue.parse(Shared.runtimeSpec().resolve("test/features/bad/missing-ociVersionMax.json"));
        assertEquals(List.of(new Failure("/ociVersionMax", "required property is missing")),
                features.validate(missing));
    }

    @Test
    void uint64AndInt64BoundsAreExact() {
        var spec = "{\"ociVersion\":\"1.0.0\",\"process\":{\"cwd\":\"/\",\"rlimits\":[{\"type\":\"RLIMIT_CORE\","
                + "\"hard\":%s,\"soft\":0}]},\"linux\":{\"resources\":{\"memory\":{\"limit\":%s}}}}";
        assertEquals(List.of(), CONFIG.validate(JsonValue.parse(
                spec.formatted("18446744073709551615", "-9223372036854775808"))));
        assertEquals(List.of("/process/rlimits/0/hard", "/linux/resources/memory/limit"), pointers(CONFIG.validate(
                JsonValue.parse(spec.formatted("18446744073709551616", "-9223372036854775809")))));
        assertEquals(List.of("/process/rlimits/0/hard"),
                pointers(CONFIG.validate(JsonValue.parse(spec.formatted("-1", "0")))));
    }

    @Test
    void theOddFragmentWithoutSlashResolves(@TempDir Path dir) throws IOException {
        // defs.json's ArrayOfUint32 refers to "#definitions/uint32".
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
    void pointersOfPropertiesAreEscaped() {
        var failures = CONFIG.validate(JsonValue.parse("""
                {"ociVersion": "1.0.0", "annotations": {"a/b~c": 1}}
                """));
        assertEquals(List.of("/annotations/a~1b~0c"), pointers(failures));
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

    /** A schema in a folder beside copies of the runtime-spec's definitions, so that its refs resolve. */
    private static JsonSchema inline(Path dir, String schema) throws IOException {
        for (String name : List.of("defs.json", "defs-linux.json")) {
            Files.copy(Shared.runtimeSpec().resolve(name), dir.resolve(name));
        }
        Files.writeString(dir.resolve("inline.json"), schema);
        return JsonSchema.load(dir, "inline.json");
    }

    static List<String> pointers(List<Failure> failures) {
        return failures.stream().map(Failure::pointer).toList();
    }
}
