package io.hako.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.config.Spec;
import io.hako.oci.testing.JsonSchema;
import io.hako.oci.testing.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Configurations written by the real tools (runc, crun, podman; see {@code configs/README.md}): hako reads them,
 * finds nothing wrong, and writes them back as the same JSON. They also match the runtime-spec's schema, where it
 * is there (see {@link NeedsRuntimeSpec}), which keeps the schema validator and these files honest.
 */
class ConfigsTest {
    /** Where the schema is stricter than the tools: podman writes a device's full st_mode (0o20600). */
    private static final Map<String, List<String>> SCHEMA_DEVIATIONS = Map.of(
            "podman-create-userns.json", List.of("/linux/devices/0/fileMode"));

    @ParameterizedTest
    @ValueSource(strings = {"runc-spec.json", "runc-spec-rootless.json", "crun-spec.json", "crun-spec-rootless.json",
            "podman-create.json", "podman-create-userns.json"})
    void realConfigLoadsValidatesAndRoundTrips(String name) throws Exception {
        byte[] json = resource(name);
        Spec spec = OciJson.readSpec(json);
        var violations = SpecValidator.validate(spec);
        assertEquals(List.of(), violations, violations::toString);
        FixturesTest.assertRoundTrip(json, OciJson.write(spec));
        FixturesTest.assertRoundTrip(json, OciJson.write(spec, true));
        assertEquals(spec, OciJson.readSpec(OciJson.write(spec)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"runc-spec.json", "runc-spec-rootless.json", "crun-spec.json", "crun-spec-rootless.json",
            "podman-create.json", "podman-create-userns.json"})
    @NeedsRuntimeSpec
    void realConfigMatchesTheSchema(String name) throws Exception {
        var failures = JsonSchema.runtimeSpec("config-schema.json").validate(JsonValue.parse(resource(name)));
        assertEquals(SCHEMA_DEVIATIONS.getOrDefault(name, List.of()),
                failures.stream().map(JsonSchema.Failure::pointer).toList(), failures::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"runc-spec.json", "runc-spec-rootless.json", "crun-spec.json", "crun-spec-rootless.json",
            "podman-create.json", "podman-create-userns.json"})
    void everyFieldOfARealConfigIsModelled(String name) throws Exception {
        // Kept unknown fields would round-trip too, but a Linux tool's config must not need them.
        Spec spec = OciJson.readSpec(resource(name));
        assertTrue(spec.unknown().isEmpty(), () -> spec.unknown().toString());
        assertTrue(spec.process().unknown().isEmpty(), () -> spec.process().unknown().toString());
        assertTrue(spec.linux().unknown().isEmpty(), () -> spec.linux().unknown().toString());
        assertTrue(spec.linux().resources() == null || spec.linux().resources().unknown().isEmpty());
        assertTrue(spec.mounts().stream().allMatch(m -> m.unknown().isEmpty()));
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ConfigsTest.class.getResourceAsStream("/configs/" + name)) {
            if (in == null) {
                throw new IOException("no test resource configs/" + name);
            }
            return in.readAllBytes();
        }
    }
}
