package io.hako.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.config.Spec;
import io.hako.oci.features.Features;
import io.hako.oci.state.State;
import io.hako.oci.testing.Fixtures;
import io.hako.oci.testing.JsonValue;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The repository's own example documents ({@code fixtures/{config,state,features}/{good,bad}}, see its README):
 * every good one loads, validates and is written back as the same JSON; every bad one is refused where it breaks
 * its one rule, by reading or by validation, with the reason below.
 */
class FixturesTest {

    // ---- configurations ---------------------------------------------------------------------------------

    static List<Path> goodConfigs() {
        return Fixtures.of("config", "good");
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

    @Test
    void theEveryFieldConfigsSetEveryFieldAndAllIsModelled() throws Exception {
        Spec linux = OciJson.readSpec(Fixtures.read("config/good/linux-every-field.json"));
        assertEquals(List.of(), absent(linux.linux()));
        Spec process = OciJson.readSpec(Fixtures.read("config/good/process-every-field.json"));
        assertEquals(List.of("commandLine"), absent(process.process()), "commandLine is Windows'");
        assertEquals(List.of(), unmodelled(linux, ""));
        assertEquals(List.of(), unmodelled(process, ""));
    }

    @Test
    void whatTheModelDoesNotKnowIsKeptWhereItWas() throws Exception {
        Spec spec = OciJson.readSpec(Fixtures.read("config/good/unmodelled-fields-kept.json"));
        assertEquals(List.of("/windows", "/solaris", "/freebsd", "/x-fixture-top", "/process/x-fixture-process",
                "/linux/x-fixture-linux", "/linux/namespaces/0/x-fixture-namespace"), unmodelled(spec, ""));
    }

    /** Each bad config: the JSON pointer at fault, whether reading or validation refuses it, and why. */
    private static final String BAD_CONFIGS = """
            ociVersion-missing.json | /ociVersion | READ | required field is missing
            process-cwd-missing.json | /process/cwd | READ | required field is missing
            hostname-not-a-string.json | /hostname | READ | expected a string, got an array
            env-entry-null.json | /process/env/1 | READ | expected a string, got null
            uid-negative.json | /process/user/uid | READ | expected an unsigned 32-bit integer (0 to 4294967295), got -1
            rlimit-above-uint64.json | /process/rlimits/0/hard | READ | \
            expected an unsigned 64-bit integer (0 to 18446744073709551615), got 18446744073709551616
            namespace-type-unknown.json | /linux/namespaces/0/type | READ | unknown value "process"
            annotations-not-an-object.json | /annotations | READ | expected an object, got an array
            arg-with-nul-byte.json | /process/args/0 | READ | a string must not hold a NUL byte
            mount-destination-missing.json | /mounts/0/destination | READ | required field is missing
            ociVersion-not-semver.json | /ociVersion | VALIDATE | "1.2" is not a SemVer 2.0.0 version
            root-missing.json | /root | VALIDATE | required on every platform but Windows
            process-cwd-relative.json | /process/cwd | VALIDATE | must be an absolute path, got "home/app"
            process-args-empty.json | /process/args | VALIDATE | must have at least one entry
            env-entry-without-equals.json | /process/env/1 | VALIDATE | must be NAME=value, got "DEBUG"
            user-gid-missing.json | /process/user/gid | VALIDATE | required on Linux
            rlimit-type-unknown.json | /process/rlimits/0/type | VALIDATE | unknown resource limit "RLIMIT_FILES"
            rlimit-type-twice.json | /process/rlimits/1/type | VALIDATE | duplicate resource limit "RLIMIT_NOFILE"
            rlimit-soft-above-hard.json | /process/rlimits/0/soft | VALIDATE | \
            soft limit 4096 is above the hard limit 1024
            oomScoreAdj-above-1000.json | /process/oomScoreAdj | VALIDATE | must be between -1000 and 1000, got 1001
            ioPriority-above-7.json | /process/ioPriority/priority | VALIDATE | must be between 0 and 7, got 8
            mount-destination-relative.json | /mounts/0/destination | VALIDATE | must be an absolute path, got "data"
            mount-idmap-without-mappings.json | /mounts/0/options/1 | VALIDATE | \
            idmap needs uidMappings and gidMappings or a user namespace
            hook-path-relative.json | /hooks/prestart/0/path | VALIDATE | must be an absolute path, got "bin/hook"
            hook-timeout-zero.json | /hooks/poststop/0/timeout | VALIDATE | must be greater than zero, got 0
            annotation-key-empty.json | /annotations | VALIDATE | keys must not be empty
            namespace-twice.json | /linux/namespaces/3/type | VALIDATE | duplicate namespace "pid"
            hostname-without-uts-namespace.json | /hostname | VALIDATE | setting the hostname needs a UTS namespace
            uidMappings-without-user-namespace.json | /linux/uidMappings | VALIDATE | id mappings need a user namespace
            idMappings-overlap.json | /linux/uidMappings/1/containerID | VALIDATE | overlaps mapping 0
            timeOffsets-without-time-namespace.json | /linux/timeOffsets | VALIDATE | \
            time offsets need a new time namespace
            sysctl-not-namespaced.json | /linux/sysctl/vm.swappiness | VALIDATE | \
            is not namespaced: setting it in a container would change the host
            sysctl-net-without-network-namespace.json | /linux/sysctl/net.ipv4.ip_forward | VALIDATE | \
            needs a network namespace
            device-type-unknown.json | /linux/devices/0/type | VALIDATE | must be one of c, b, u or p, got "x"
            device-major-missing.json | /linux/devices/0/major | VALIDATE | required for a device of type "c"
            netDevice-name-with-slash.json | /linux/netDevices/eth0/name | VALIDATE | \
            "eth/0" is not a valid network interface name
            hugepage-size-malformed.json | /linux/resources/hugepageLimits/0/pageSize | VALIDATE | \
            "2M" is not a page size like 2MB or 1GB
            cpus-not-a-list.json | /linux/resources/cpu/cpus | VALIDATE | "0..3" is not a list like 0-3,7
            rdma-without-limits.json | /linux/resources/rdma/mlx4_0 | VALIDATE | needs hcaHandles or hcaObjects
            unified-file-with-slash.json | /linux/resources/unified/..~1memory.max | VALIDATE | \
            is not a cgroup file name
            rootfsPropagation-unknown.json | /linux/rootfsPropagation | VALIDATE | unknown propagation "recursive"
            maskedPath-relative.json | /linux/maskedPaths/1 | VALIDATE | must be an absolute path, got "proc/keys"
            seccomp-action-unknown.json | /linux/seccomp/syscalls/0/action | VALIDATE | \
            unknown seccomp action "SCMP_ACT_DENY"
            seccomp-notify-without-listener.json | /linux/seccomp/listenerPath | VALIDATE | \
            required when a rule uses SCMP_ACT_NOTIFY
            seccomp-arg-index-above-5.json | /linux/seccomp/syscalls/0/args/0/index | VALIDATE | \
            syscalls have six arguments (0 to 5), got 6
            personality-domain-unknown.json | /linux/personality/domain | VALIDATE | \
            unknown personality domain "LINUX64"
            memoryPolicy-mode-missing.json | /linux/memoryPolicy/mode | VALIDATE | required field is missing
            freebsd-host-disabled.json | /freebsd/jail/host | VALIDATE | must be one of inherit, new, got "disable"
            """;

    enum Stage { READ, VALIDATE }

    static Stream<Arguments> badConfigs() {
        List<Arguments> rows = table(BAD_CONFIGS);
        // A new bad fixture needs its line above rather than passing unseen; not-json.json is tested on its own.
        assertEquals(names("config", "bad").stream().filter(n -> !n.equals("not-json.json")).sorted().toList(),
                rows.stream().map(row -> (String) row.get()[0]).sorted().toList());
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigIsRefusedAtTheFieldAtFault(String name, String pointer, Stage stage, String reason)
            throws Exception {
        byte[] json = Fixtures.read("config/bad/" + name);
        if (stage == Stage.READ) {
            var e = assertThrows(DocumentException.class, () -> OciJson.readSpec(json));
            assertEquals(pointer + ": " + reason, e.getMessage());
            assertEquals(pointer, e.pointer());
            assertOneLine(e.getMessage());
        } else {
            List<Violation> violations = SpecValidator.validate(OciJson.readSpec(json));
            assertEquals(List.of(new Violation(pointer, reason)), violations);
            assertOneLine(violations.getFirst().toString());
        }
    }

    @Test
    void documentsThatAreNotJsonSayWhereTheParserWas() {
        var config = assertThrows(DocumentException.class,
                () -> OciJson.readSpec(Fixtures.read("config/bad/not-json.json")));
        var state = assertThrows(DocumentException.class,
                () -> OciJson.readState(Fixtures.read("state/bad/not-json.json")));
        for (DocumentException e : List.of(config, state)) {
            assertTrue(e.reason().startsWith("not JSON: "), e.getMessage());
            assertOneLine(e.getMessage());
        }
        assertEquals("/root", config.pointer(), "the last field read before the trailing comma");
        assertTrue(config.getMessage().contains("line 4"), "a trailing comma before the last brace: "
                + config.getMessage());
    }

    // ---- states -----------------------------------------------------------------------------------------

    static List<Path> goodStates() {
        return Fixtures.of("state", "good");
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
    void stateFieldsAndARuntimesOwnAreKept() throws Exception {
        assertEquals(new State("1.2.0", "web-1", "created", 4242, "/srv/bundles/web-1", null, null),
                OciJson.readState(Fixtures.read("state/good/created.json")));
        assertNull(OciJson.readState(Fixtures.read("state/good/stopped-without-pid.json")).pid());
        State running = OciJson.readState(
                Fixtures.read("state/good/running-with-annotations-and-runtime-fields.json"));
        assertEquals(Map.of("org.example.role", "database", "org.example.tier", "2"), running.annotations());
        assertEquals(List.of("rootfs", "created", "owner"), List.copyOf(running.unknown().values().keySet()));
    }

    static Stream<Arguments> badStates() {
        List<Arguments> rows = table("""
                id-missing.json                 | /id             | required field is missing
                pid-not-a-number.json           | /pid            | expected a 32-bit integer, got the string "4242"
                bundle-null.json                | /bundle         | required field is missing
                annotation-not-a-string.json    | /annotations/count | expected a string, got the number 3
                """);
        assertEquals(names("state", "bad").stream().filter(n -> !n.equals("not-json.json")).sorted().toList(),
                rows.stream().map(row -> (String) row.get()[0]).sorted().toList());
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badStates")
    void badStateIsRefusedAtTheFieldAtFault(String name, String pointer, String reason) {
        var e = assertThrows(DocumentException.class, () -> OciJson.readState(Fixtures.read("state/bad/" + name)));
        assertEquals(pointer + ": " + reason, e.getMessage());
        assertEquals(pointer, e.pointer());
    }

    // ---- features ---------------------------------------------------------------------------------------

    static List<Path> goodFeatures() {
        return Fixtures.of("features", "good");
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
    void everyFeatureIsModelledNotJustKept() throws Exception {
        Features features = OciJson.readFeatures(Fixtures.read("features/good/every-field.json"));
        assertEquals(List.of(), absent(features));
        assertEquals(List.of(), absent(features.linux()));
        assertEquals(List.of(), unmodelled(features, ""));
        assertTrue(features.linux().mountExtensions().idmap().enabled());
    }

    static Stream<Arguments> badFeatures() {
        List<Arguments> rows = table("""
                ociVersionMax-missing.json           | /ociVersionMax          | required field is missing
                hooks-not-an-array.json              | /hooks                  | \
                expected an array, got the string "prestart"
                seccomp-enabled-not-a-boolean.json   | /linux/seccomp/enabled  | \
                expected a boolean, got the string "yes"
                """);
        assertEquals(names("features", "bad"), rows.stream().map(row -> (String) row.get()[0]).sorted().toList());
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFeatures")
    void badFeaturesAreRefusedAtTheFieldAtFault(String name, String pointer, String reason) {
        var e = assertThrows(DocumentException.class,
                () -> OciJson.readFeatures(Fixtures.read("features/bad/" + name)));
        assertEquals(pointer + ": " + reason, e.getMessage());
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
        // The pointer is where the parser was: "" at the top, "/a" for a duplicate "a".
        assertTrue(e.pointer().isEmpty() || e.pointer().startsWith("/"), e.pointer());
        assertTrue(e.reason().startsWith("not JSON: "), e.getMessage());
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

    /** Rows of {@code a | b | ...}, a line continued by a trailing backslash; a READ or VALIDATE cell a Stage. */
    private static List<Arguments> table(String text) {
        List<Arguments> rows = new ArrayList<>();
        for (String line : text.strip().split("\n")) {
            Object[] cells = Stream.of(line.split("\\|")).map(String::strip)
                    .map(cell -> Set.of("READ", "VALIDATE").contains(cell) ? Stage.valueOf(cell) : cell).toArray();
            rows.add(Arguments.of(cells));
        }
        return rows;
    }

    private static List<String> names(String document, String verdict) {
        return Fixtures.of(document, verdict).stream().map(p -> p.getFileName().toString()).sorted().toList();
    }

    /** The components of {@code record} that are absent (null). */
    private static List<String> absent(Record record) throws ReflectiveOperationException {
        assertNotNull(record);
        List<String> absent = new ArrayList<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getAccessor().invoke(record) == null) {
                absent.add(component.getName());
            }
        }
        return absent;
    }

    /** The JSON pointers of the fields kept but not modelled in {@code value}, at any depth, in document order. */
    static List<String> unmodelled(Object value, String pointer) throws ReflectiveOperationException {
        List<String> found = new ArrayList<>();
        if (value instanceof UnknownFields unknown) {
            unknown.values().keySet().forEach(name -> found.add(pointer.substring(0, pointer.lastIndexOf('/'))
                    + "/" + name));
        } else if (value instanceof Record record) {
            List<String> nested = new ArrayList<>();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                (component.getType() == UnknownFields.class ? found : nested).addAll(unmodelled(
                        component.getAccessor().invoke(record), pointer + "/" + component.getName()));
            }
            found.addAll(nested);
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                found.addAll(unmodelled(list.get(i), pointer + "/" + i));
            }
        } else if (value instanceof Map<?, ?> map) {
            for (var entry : map.entrySet()) {
                found.addAll(unmodelled(entry.getValue(), pointer + "/" + entry.getKey()));
            }
        }
        return found;
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
