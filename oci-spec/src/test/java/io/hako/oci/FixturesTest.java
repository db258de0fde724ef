package io.hako.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.config.Spec;
import io.hako.oci.features.Features;
import io.hako.oci.state.State;
import io.hako.oci.testing.JsonValue;
import io.hako.oci.testing.Shared;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runtime-spec's own examples ({@code oci-runtime-spec/test/{config,state,features}/{good,bad}}): every good
 * one loads, validates and is written back as the same JSON; every bad one is refused, naming the field.
 */
class FixturesTest {

    static List<Path> goodConfigs() {
        return Shared.fixtures("config", "good");
    }

    @ParameterizedTest
    @MethodSource("goodConfigs")
    void goodConfigLoadsValidatesAndRoundTrips(Path fixture) throws Exception {
        byte[] json = Files.readAllBytes(fixture);
        Spec spec = OciJson.readSpec(json);
        assertEquals(List.of(), SpecValidator.validate(spec));
        assertRoundTrip(json, OciJson.write(spec));
        assertRoundTrip(json, OciJson.write(spec, true));
        assertEquals(spec, OciJson.readSpec(OciJson.write(spec)));
    }

    /** Each bad config, where it goes wrong, and whether reading or validation finds it. */
    static List<Object[]> badConfigs() {
        List<Object[]> expected = List.of(
                new Object[] {"invalid-json.json", "", Stage.READ},
                new Object[] {"linux-netdevice.json", "/linux/netDevices/eth0/name", Stage.READ},
                new Object[] {"linux-rdma.json", "/linux/resources/rdma/mlx5_1/hcaHandles", Stage.READ},
                new Object[] {"linux-hugepage.json", "/linux/resources/hugepageLimits/0/pageSize", Stage.VALIDATE},
                new Object[] {"freebsd-vnet-disable.json", "/freebsd/jail/vnet", Stage.VALIDATE});
        // A new fixture in the shared folder must get an expectation here rather than pass unseen.
        assertEquals(Shared.fixtures("config", "bad").stream().map(p -> p.getFileName().toString()).sorted().toList(),
                expected.stream().map(e -> (String) e[0]).sorted().toList());
        return expected;
    }

    enum Stage { READ, VALIDATE }

    @ParameterizedTest
    @MethodSource("badConfigs")
    void badConfigIsRejectedAtTheFieldAtFault(String name, String pointer, Stage stage) throws Exception {
        byte[] json = fixture("config/bad/" + name);
        if (stage == Stage.READ) {
            var e = assertThrows(DocumentException.class, () -> OciJson.readSpec(json));
            assertEquals(pointer, e.pointer());
            assertOneLine(e.getMessage());
        } else {
            List<Violation> violations = SpecValidator.validate(OciJson.readSpec(json));
            assertEquals(List.of(pointer), violations.stream().map(Violation::pointer).toList(), violations.toString());
            assertOneLine(violations.getFirst().toString());
        }
    }

    @Test
    void badConfigMessagesSayWhy() throws Exception {
        assertEquals("/linux/netDevices/eth0/name: expected a string, got the number 23",
                readError("linux-netdevice.json").getMessage());
        assertEquals("/linux/resources/rdma/mlx5_1/hcaHandles: expected an unsigned 32-bit integer "
                + "(0 to 4294967295), got the string \"not a uint32\"", readError("linux-rdma.json").getMessage());
        assertTrue(readError("invalid-json.json").getMessage().startsWith("not JSON: "));
        var hugepage = SpecValidator.validate(OciJson.readSpec(fixture("config/bad/linux-hugepage.json")));
        assertTrue(hugepage.getFirst().message().contains("64kB"), hugepage.toString());
    }

    private static DocumentException readError(String name) throws IOException {
        byte[] json = fixture("config/bad/" + name);
        return assertThrows(DocumentException.class, () -> OciJson.readSpec(json));
    }

    static List<Path> goodStates() {
        return Shared.fixtures("state", "good");
    }

    @ParameterizedTest
    @MethodSource("goodStates")
    void goodStateLoadsAndRoundTrips(Path fixture) throws Exception {
        byte[] json = Files.readAllBytes(fixture);
        State state = OciJson.readState(json);
        assertRoundTrip(json, OciJson.write(state));
        assertEquals(state, OciJson.readState(OciJson.write(state)));
    }

    @Test
    void stateFields() throws Exception {
        State state = OciJson.readState(fixture("state/good/spec-example.json"));
        assertEquals(new State("0.2.0", "oci-container1", "running", 4422, "/containers/redis",
                Map.of("myKey", "myValue"), null), state);
    }

    @Test
    void badStateIsRejected() throws Exception {
        for (Path bad : Shared.fixtures("state", "bad")) {
            byte[] json = Files.readAllBytes(bad);
            var e = assertThrows(DocumentException.class, () -> OciJson.readState(json), bad.toString());
            assertEquals("", e.pointer());
            assertOneLine(e.getMessage());
        }
    }

    static List<Path> goodFeatures() {
        return Shared.fixtures("features", "good");
    }

    @ParameterizedTest
    @MethodSource("goodFeatures")
    void goodFeaturesLoadAndRoundTrip(Path fixture) throws Exception {
        byte[] json = Files.readAllBytes(fixture);
        Features features = OciJson.readFeatures(json);
        assertRoundTrip(json, OciJson.write(features));
        assertEquals(features, OciJson.readFeatures(OciJson.write(features)));
    }

    @Test
    void runcFeaturesAreModelledNotJustKept() throws Exception {
        Features runc = OciJson.readFeatures(fixture("features/good/runc.json"));
        assertTrue(runc.unknown().isEmpty(), () -> "unmodelled: " + runc.unknown());
        assertTrue(runc.linux().unknown().isEmpty(), () -> "unmodelled: " + runc.linux().unknown());
        assertTrue(runc.linux().namespaces().contains("user"));
        assertTrue(runc.linux().seccomp().enabled());
        assertTrue(runc.linux().netDevices().enabled());
        assertTrue(runc.linux().cgroup().unknown().isEmpty() && runc.linux().seccomp().unknown().isEmpty());
    }

    @Test
    void featuresWithoutOciVersionMaxIsARequiredError() throws Exception {
        byte[] json = fixture("features/bad/missing-ociVersionMax.json");
        var e = assertThrows(DocumentException.class, () -> OciJson.readFeatures(json));
        assertEquals("/ociVersionMax", e.pointer());
        assertEquals("/ociVersionMax: required field is missing", e.getMessage());
        assertEquals(List.of(Path.of("missing-ociVersionMax.json")),
                Shared.fixtures("features", "bad").stream().map(Path::getFileName).toList());
    }

    // ---- one-line errors for files that cannot be used --------------------------------------------------

    @Test
    void missingConfigIsOneLine(@TempDir Path dir) {
        Path config = dir.resolve("config.json");
        var e = assertThrows(DocumentException.class, () -> OciJson.readSpec(config));
        assertEquals("cannot read " + config + ": no such file or directory", e.getMessage());
        assertEquals("", e.pointer());
    }

    @Test
    void unreadableConfigIsOneLine(@TempDir Path dir) throws IOException {
        Path config = Files.createDirectory(dir.resolve("config.json")); // a directory cannot be read as a file
        var e = assertThrows(DocumentException.class, () -> OciJson.readSpec(config));
        assertTrue(e.getMessage().startsWith("cannot read " + config + ": "), e.getMessage());
        assertOneLine(e.getMessage());
    }

    static List<String> notJson() {
        return List.of("", "   ", "{", "{]", "[1,]", "{\"ociVersion\": \"1.0.0\"} trailing", "{} {}", "nul",
                "{\"a\": 1, \"a\": 2}", "\"unterminated", "{\"x\": 01}", "{'single': 1}", "\u00ff\u00fe",
                "{\"ociVersion\": \"1.0.0\",\n\n\"root\": {\"path\": \"rootfs\"}\n,,}", "\0");
    }

    @ParameterizedTest
    @MethodSource("notJson")
    void nonJsonConfigIsOneLine(String text, @TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), text);
        var e = assertThrows(DocumentException.class, () -> OciJson.readSpec(config));
        assertEquals("", e.pointer());
        assertTrue(e.getMessage().startsWith("not JSON: "), e.getMessage());
        assertOneLine(e.getMessage());
    }

    @Test
    void syntaxErrorsSayWhere() {
        var e = assertThrows(DocumentException.class,
                () -> OciJson.readSpec("{\"ociVersion\": \"1.0.0\",\n \"root\": {\"path\": \"r\"}\n,,}".getBytes()));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void aDocumentThatIsNotAnObjectIsRefusedAsAWhole() {
        for (String json : List.of("[]", "\"config\"", "42", "null", "true")) {
            var e = assertThrows(DocumentException.class, () -> OciJson.readSpec(json.getBytes()), json);
            assertEquals("", e.pointer(), json);
            assertOneLine(e.getMessage());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /** A fixture by its path under {@code oci-runtime-spec/test}. */
    static byte[] fixture(String path) throws IOException {
        return Files.readAllBytes(Shared.runtimeSpec().resolve("test").resolve(path));
    }

    /** The written JSON is the same tree as the original (objects unordered, numbers by value). */
    static void assertRoundTrip(byte[] original, byte[] written) {
        Object expected = JsonValue.parse(original);
        Object actual = JsonValue.parse(written);
        assertNull(JsonValue.diff(expected, actual), () -> "differs at " + JsonValue.diff(expected, actual)
                + "\nwritten: " + new String(written, StandardCharsets.UTF_8));
    }

    static void assertOneLine(String message) {
        assertFalse(message.isBlank(), "empty message");
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "more than one line: " + message);
        for (String trace : List.of("Exception", "\tat ", "tools.jackson", "io.hako", "[Source:")) {
            assertFalse(message.contains(trace), () -> "internals in the message: " + message);
        }
    }
}
