package io.hako.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.config.Spec;
import io.hako.oci.features.Features;
import io.hako.oci.state.State;
import io.hako.oci.testing.Fixtures;
import io.hako.oci.testing.JsonSchema;
import io.hako.oci.testing.JsonValue;
import io.hako.oci.testing.Shared;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * hako against the runtime-spec's own schemas and examples ({@code ../shared/oci-runtime-spec}, see {@link Shared}):
 * the spec's good examples load, validate and round-trip, its bad ones are refused at the field at fault, and the
 * repository's own good fixtures match its schemas. Skipped, with the reason, where those files are missing.
 */
@NeedsRuntimeSpec
class RuntimeSpecConformanceTest {

    static List<Path> goodConfigs() {
        return Shared.fixtures("config", "good");
    }

    @ParameterizedTest
    @MethodSource("goodConfigs")
    void theSpecsGoodConfigLoadsValidatesAndRoundTrips(Path example) throws Exception {
        byte[] json = Files.readAllBytes(example);
        Spec spec = OciJson.readSpec(json);
        assertEquals(List.of(), SpecValidator.validate(spec));
        FixturesTest.assertRoundTrip(json, OciJson.write(spec));
        FixturesTest.assertRoundTrip(json, OciJson.write(spec, true));
        assertEquals(spec, OciJson.readSpec(OciJson.write(spec)));
    }

    /** Each bad config of the spec, where it goes wrong, and whether reading or validation finds it. */
    static List<Object[]> badConfigs() {
        List<Object[]> expected = List.of(
                new Object[] {"invalid-json.json", "", FixturesTest.Stage.READ},
                new Object[] {"linux-netdevice.json", "/linux/netDevices/eth0/name", FixturesTest.Stage.READ},
                new Object[] {"linux-rdma.json", "/linux/resources/rdma/mlx5_1/hcaHandles", FixturesTest.Stage.READ},
                new Object[] {"linux-hugepage.json", "/linux/resources/hugepageLimits/0/pageSize",
                        FixturesTest.Stage.VALIDATE},
                new Object[] {"freebsd-vnet-disable.json", "/freebsd/jail/vnet", FixturesTest.Stage.VALIDATE});
        // A new example in the shared folder must get an expectation here rather than pass unseen.
        assertEquals(Shared.fixtures("config", "bad").stream().map(p -> p.getFileName().toString()).sorted().toList(),
                expected.stream().map(e -> (String) e[0]).sorted().toList());
        return expected;
    }

    @ParameterizedTest
    @MethodSource("badConfigs")
    void theSpecsBadConfigIsRefusedAtTheFieldAtFault(String name, String pointer, FixturesTest.Stage stage)
            throws Exception {
        byte[] json = example("config/bad/" + name);
        if (stage == FixturesTest.Stage.READ) {
            var e = assertThrows(DocumentException.class, () -> OciJson.readSpec(json));
            assertEquals(pointer, e.pointer());
            FixturesTest.assertOneLine(e.getMessage());
        } else {
            List<Violation> violations = SpecValidator.validate(OciJson.readSpec(json));
            assertEquals(List.of(pointer), violations.stream().map(Violation::pointer).toList(), violations.toString());
            FixturesTest.assertOneLine(violations.getFirst().toString());
        }
    }

    @Test
    void theSpecsStatesAndFeaturesLoadAndTheirBadOnesAreRefused() throws Exception {
        for (Path good : Shared.fixtures("state", "good")) {
            byte[] json = Files.readAllBytes(good);
            FixturesTest.assertRoundTrip(json, OciJson.write(OciJson.readState(json)));
        }
        assertEquals(new State("0.2.0", "oci-container1", "running", 4422, "/containers/redis",
                Map.of("myKey", "myValue"), null), OciJson.readState(example("state/good/spec-example.json")));
        for (Path bad : Shared.fixtures("state", "bad")) {
            byte[] json = Files.readAllBytes(bad);
            assertEquals("", assertThrows(DocumentException.class, () -> OciJson.readState(json)).pointer());
        }
        for (Path good : Shared.fixtures("features", "good")) {
            byte[] json = Files.readAllBytes(good);
            FixturesTest.assertRoundTrip(json, OciJson.write(OciJson.readFeatures(json)));
        }
        Features runc = OciJson.readFeatures(example("features/good/runc.json"));
        assertEquals(List.of(), FixturesTest.unmodelled(runc, ""), "runc's features are modelled, not just kept");
        var e = assertThrows(DocumentException.class,
                () -> OciJson.readFeatures(example("features/bad/missing-ociVersionMax.json")));
        assertEquals("/ociVersionMax: required field is missing", e.getMessage());
    }

    // ---- the schemas --------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("goodConfigs")
    void theSpecsGoodConfigMatchesItsSchema(Path example) {
        assertEquals(List.of(), JsonSchema.runtimeSpec("config-schema.json").validate(JsonValue.parse(example)));
    }

    @ParameterizedTest
    @CsvSource({
            "linux-hugepage.json,   /linux/resources/hugepageLimits/0/pageSize",
            "linux-netdevice.json,  /linux/netDevices/eth0/name",
            "linux-rdma.json,       /linux/resources/rdma/mlx5_1/hcaHandles",
            "freebsd-vnet-disable.json, /freebsd/jail/vnet",
    })
    void theSpecsBadConfigFailsItsSchemaAtTheFieldAtFault(String name, String pointer) {
        var failures = JsonSchema.runtimeSpec("config-schema.json").validate(example("config/bad/" + name));
        assertEquals(List.of(pointer), failures.stream().map(JsonSchema.Failure::pointer).toList());
    }

    @Test
    void theSpecsStatesAndFeaturesMatchTheirSchemas() {
        for (Path good : Shared.fixtures("state", "good")) {
            assertEquals(List.of(), JsonSchema.runtimeSpec("state-schema.json").validate(JsonValue.parse(good)));
        }
        for (Path good : Shared.fixtures("features", "good")) {
            assertEquals(List.of(), JsonSchema.runtimeSpec("features-schema.json").validate(JsonValue.parse(good)));
        }
        assertEquals(List.of(new JsonSchema.Failure("/ociVersionMax", "required property is missing")), JsonSchema
                .runtimeSpec("features-schema.json").validate(example("features/bad/missing-ociVersionMax.json")));
    }

    static List<Object[]> ownGoodFixtures() {
        return List.of("config", "state", "features").stream().flatMap(kind -> Fixtures.of(kind, "good").stream()
                .map(fixture -> new Object[] {kind, fixture.getFileName().toString()})).toList();
    }

    /** Keeps the repository's own fixtures honest: what they call good, the spec's schemas call good too. */
    @ParameterizedTest(name = "{0}/good/{1}")
    @MethodSource("ownGoodFixtures")
    void theRepositorysGoodFixtureMatchesTheSpecsSchema(String kind, String name) {
        var failures = JsonSchema.runtimeSpec(kind + "-schema.json").validate(Fixtures.read(kind + "/good/" + name));
        assertEquals(List.of(), failures, failures::toString);
    }

    static Stream<Arguments> ownBadConfigsRefusedByReading() {
        // What reading refuses, the schema refuses too, but for a NUL byte: JSON Schema has no word on it.
        return FixturesTest.badConfigs().filter(row -> row.get()[2] == FixturesTest.Stage.READ
                && !row.get()[0].equals("arg-with-nul-byte.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownBadConfigsRefusedByReading")
    void theRepositorysBadFixtureRefusedByReadingFailsTheSchemaThere(String name, String pointer) {
        var failures = JsonSchema.runtimeSpec("config-schema.json").validate(Fixtures.read("config/bad/" + name));
        // At the pointer, or named in the reason of a parent's anyOf.
        assertTrue(failures.stream().anyMatch(f -> f.toString().contains(pointer + ": ")), failures::toString);
    }

    /** An example by its path under {@code oci-runtime-spec/test}. */
    private static byte[] example(String path) {
        try {
            return Files.readAllBytes(Shared.runtimeSpec().resolve("test").resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
