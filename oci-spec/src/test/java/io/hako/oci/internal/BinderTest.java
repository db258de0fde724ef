package io.hako.oci.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.DocumentException;
import io.hako.oci.OciJson;
import io.hako.oci.UnknownFields;
import io.hako.oci.config.IdMapping;
import io.hako.oci.config.Linux;
import io.hako.oci.config.Namespace;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Process;
import io.hako.oci.config.Rlimit;
import io.hako.oci.config.Root;
import io.hako.oci.config.Spec;
import io.hako.oci.testing.JsonValue;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The reflective record binding: absent values, unknown fields, integer ranges, pointers, malformed JSON. */
class BinderTest {

    // ---- null means absent ------------------------------------------------------------------------------

    @Test
    void absentComponentsAreNeverWritten() {
        var spec = new Spec("1.3.0", new Root("rootfs", null, null), null, null, null, null, null, null, null, null);
        assertEquals("{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"rootfs\"}}", text(OciJson.write(spec)));
    }

    @Test
    void jsonNullReadsAsAbsentAndIsNotWrittenBack() throws Exception {
        Spec spec = read("{\"ociVersion\":\"1.3.0\",\"hostname\":null,\"process\":{\"cwd\":\"/\",\"args\":null,"
                + "\"user\":{\"uid\":0,\"gid\":0,\"umask\":null}}}");
        assertNull(spec.hostname());
        assertNull(spec.process().args());
        assertNull(spec.process().user().umask());
        assertEquals("{\"ociVersion\":\"1.3.0\",\"process\":{\"user\":{\"uid\":0,\"gid\":0},\"cwd\":\"/\"}}",
                text(OciJson.write(spec)));
    }

    @Test
    void emptyCollectionsAreNotAbsent() throws Exception {
        String json = "{\"ociVersion\":\"1.3.0\",\"mounts\":[],\"annotations\":{},"
                + "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"capabilities\":{\"inheritable\":[]}}}";
        Spec spec = read(json);
        assertEquals(List.of(), spec.mounts());
        assertEquals(Map.of(), spec.annotations());
        assertEquals(List.of(), spec.process().capabilities().inheritable());
        assertTrue(JsonValue.equal(JsonValue.parse(json), JsonValue.parse(OciJson.write(spec))));
    }

    @Test
    void nullForARequiredFieldIsMissing() {
        assertError("/ociVersion", "required field is missing", "{\"ociVersion\":null}");
        assertError("/process/cwd", "required field is missing", "{\"ociVersion\":\"1\",\"process\":{\"cwd\":null}}");
        assertError("/process/rlimits/0/hard", "required field is missing",
                "{\"ociVersion\":\"1\",\"process\":{\"cwd\":\"/\",\"rlimits\":[{\"type\":\"RLIMIT_CORE\","
                        + "\"soft\":1}]}}");
        assertError("/linux/seccomp/syscalls/0/names", "required field is missing",
                "{\"ociVersion\":\"1\",\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\","
                        + "\"syscalls\":[{\"action\":\"SCMP_ACT_ERRNO\"}]}}}");
    }

    @Test
    void nullIsNotAnElementOfAnArrayOrAValueOfAMap() {
        assertError("/process/args/1", "expected a string, got null",
                "{\"ociVersion\":\"1\",\"process\":{\"cwd\":\"/\",\"args\":[\"sh\",null]}}");
        assertError("/annotations/k", "expected a string, got null",
                "{\"ociVersion\":\"1\",\"annotations\":{\"k\":null}}");
        assertError("/linux/namespaces/0", "expected an object, got null",
                "{\"ociVersion\":\"1\",\"linux\":{\"namespaces\":[null]}}");
    }

    // ---- unknown fields ---------------------------------------------------------------------------------

    private static final String UNKNOWN_EVERYWHERE = """
            {"zz": 1, "ociVersion": "1.3.0", "aa": {"nested": [1, "two", null, true, {"deep": -0.5}]}, "mm": null,
             "root": {"path": "rootfs", "rootUnknown": "r"},
             "process": {"cwd": "/", "p2": 2, "p1": 1, "user": {"uid": 0, "gid": 0, "sid": "S-1-5"},
                         "rlimits": [{"type": "RLIMIT_CORE", "hard": 1, "soft": 1, "why": "core"}]},
             "mounts": [{"destination": "/m", "m": [], "a": {}}],
             "hooks": {"prestart": [{"path": "/h", "h": 1}], "futureHook": [{"path": "/f"}]},
             "linux": {"namespaces": [{"type": "pid", "n": "x"}], "l": 1,
                       "resources": {"memory": {"limit": 1, "memUnknown": true}, "rdma": {"mlx": {"r": 1}},
                                     "future": {"controller": 1}},
                       "netDevices": {"eth0": {"name": "c0", "mac": "00:11:22:33:44:55"}},
                       "seccomp": {"defaultAction": "SCMP_ACT_ALLOW",
                                   "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW",
                                                 "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ", "a": 0}]}]}},
             "windows": {"layerFolders": ["C:\\\\layers"]},
             "zos": {}}
            """;

    @Test
    void unknownFieldsAreKeptAtEveryLevelInDocumentOrder() throws Exception {
        Spec spec = read(UNKNOWN_EVERYWHERE);
        assertEquals(List.of("zz", "aa", "mm", "windows", "zos"), List.copyOf(spec.unknown().values().keySet()));
        assertEquals(JsonTree.NULL, spec.unknown().get("mm"));
        assertEquals(List.of("rootUnknown"), keys(spec.root().unknown()));
        assertEquals(List.of("p2", "p1"), keys(spec.process().unknown()));
        assertEquals(List.of("sid"), keys(spec.process().user().unknown()));
        assertEquals(List.of("why"), keys(spec.process().rlimits().getFirst().unknown()));
        assertEquals(List.of("m", "a"), keys(spec.mounts().getFirst().unknown()));
        assertEquals(List.of("futureHook"), keys(spec.hooks().unknown()));
        assertEquals(List.of("h"), keys(spec.hooks().prestart().getFirst().unknown()));
        assertEquals(List.of("l"), keys(spec.linux().unknown()));
        assertEquals(List.of("n"), keys(spec.linux().namespaces().getFirst().unknown()));
        assertEquals(List.of("future"), keys(spec.linux().resources().unknown()));
        assertEquals(List.of("memUnknown"), keys(spec.linux().resources().memory().unknown()));
        assertEquals(List.of("r"), keys(spec.linux().resources().rdma().get("mlx").unknown()));
        assertEquals(List.of("mac"), keys(spec.linux().netDevices().get("eth0").unknown()));
        assertEquals(List.of("a"), keys(spec.linux().seccomp().syscalls().getFirst().args().getFirst().unknown()));
    }

    @Test
    void unknownFieldsAreWrittenBackUnchangedAndInOrder() throws Exception {
        byte[] written = OciJson.write(read(UNKNOWN_EVERYWHERE));
        Object original = JsonValue.parse(UNKNOWN_EVERYWHERE);
        Object copy = JsonValue.parse(written);
        assertNull(JsonValue.diff(original, copy), () -> text(written));
        // Known fields come first, in the model's order; unknown ones follow in the order they were read.
        assertEquals(List.of("ociVersion", "root", "process", "mounts", "hooks", "linux", "zz", "aa", "mm", "windows",
                "zos"), memberNames(copy));
        assertEquals(List.of("user", "cwd", "rlimits", "p2", "p1"), memberNames(JsonValue.at(copy, "/process")));
    }

    private static List<String> memberNames(Object object) {
        return ((Map<?, ?>) object).keySet().stream().map(String.class::cast).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "-1e400", "0.10000000000000000000001", "123456789012345678901234567890.5",
            "18446744073709551616", "-18446744073709551617", "1.5e-400", "3.141592653589793238462643383279"})
    void numbersInUnknownFieldsAreKeptExactly(String number) throws Exception {
        String json = "{\"ociVersion\":\"1.3.0\",\"x\":" + number + ",\"linux\":{\"y\":[" + number + "]}}";
        byte[] written = OciJson.write(read(json));
        assertNull(JsonValue.diff(JsonValue.parse(json), JsonValue.parse(written)), () -> text(written));
    }

    @Test
    void anUnknownFieldCannotShadowAKnownOne() {
        var root = new Root("rootfs", null, new UnknownFields(Map.of("path", "elsewhere")));
        var e = assertThrows(IllegalArgumentException.class, () -> OciJson.write(root));
        assertTrue(e.getMessage().contains("\"path\""), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\ud800", "\\udc00x", "\\ud83d\\ude00", "\\u0001\\u001f", "\\u2028\\u2029", "\\\"\\\\/",
            "\u65e5\u672c", "\\ufeff"})
    void stringsSurviveExactlyEvenWhenNotValidUnicode(String escaped) throws Exception {
        String json = "{\"ociVersion\":\"1\",\"hostname\":\"" + escaped + "\",\"x\":[\"" + escaped + "\"]}";
        Spec spec = read(json);
        Spec again = OciJson.readSpec(OciJson.write(spec));
        assertEquals(spec, again);
        assertEquals(JsonValue.at(JsonValue.parse(json), "/hostname"), again.hostname());
    }

    @Test
    void aNulByteInATypedStringIsRefusedWhereItIs() {
        var e = assertThrows(io.hako.oci.DocumentException.class,
                () -> read("{\"ociVersion\":\"1\",\"hostname\":\"a\\u0000\"}"));
        assertEquals("/hostname", e.pointer());
        // An unknown field is kept as it came: it never reaches the kernel.
        assertDoesNotThrow(() -> read("{\"ociVersion\":\"1\",\"x\":\"a\\u0000\"}"));
    }

    // ---- integers ---------------------------------------------------------------------------------------

    /** A config with every kind of integer field, each at 0 or a small valid value. */
    private static final Object INTEGERS = JsonValue.parse("""
            {"ociVersion": "1.0.0",
             "process": {"cwd": "/", "oomScoreAdj": 0, "user": {"uid": 0, "gid": 0, "additionalGids": [1, 2]},
                         "consoleSize": {"height": 0, "width": 0},
                         "scheduler": {"policy": "SCHED_DEADLINE", "runtime": 0},
                         "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 0, "soft": 0}]},
             "linux": {"uidMappings": [{"containerID": 0, "hostID": 0, "size": 1}],
                       "resources": {"memory": {"limit": 0, "swappiness": 0},
                                     "cpu": {"shares": 0, "realtimePeriod": 0}, "pids": {"limit": 0},
                                     "hugepageLimits": [{"pageSize": "2MB", "limit": 0}],
                                     "blockIO": {"weight": 10,
                                                 "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 0}]}},
                       "seccomp": {"defaultAction": "SCMP_ACT_ALLOW",
                                   "syscalls": [{"names": ["x"], "action": "SCMP_ACT_ERRNO",
                                                 "args": [{"index": 0, "value": 0, "valueTwo": 0,
                                                           "op": "SCMP_CMP_MASKED_EQ"}]}]}}}
            """);

    /** {@link #INTEGERS} with one value replaced, given as JSON text. */
    private static String integers(String pointer, String json) {
        return new String(JsonValue.write(JsonValue.with(INTEGERS, pointer, JsonValue.parse(json))),
                StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/process/rlimits/0/hard", "/process/rlimits/0/soft", "/process/consoleSize/height",
            "/process/scheduler/runtime", "/linux/resources/memory/swappiness", "/linux/resources/cpu/shares",
            "/linux/resources/cpu/realtimePeriod", "/linux/resources/hugepageLimits/0/limit",
            "/linux/resources/blockIO/throttleReadBpsDevice/0/rate", "/linux/seccomp/syscalls/0/args/0/value",
            "/linux/seccomp/syscalls/0/args/0/valueTwo"})
    void uint64FieldsHoldTheWholeRange(String pointer) throws Exception {
        for (String value : List.of("0", "9223372036854775807", "9223372036854775808", "18446744073709551615")) {
            byte[] written = OciJson.write(read(integers(pointer, value)));
            assertEquals(new BigInteger(value), JsonValue.at(JsonValue.parse(written), pointer), pointer);
        }
        String range = "expected an unsigned 64-bit integer (0 to 18446744073709551615), got ";
        assertError(pointer, range + "18446744073709551616", integers(pointer, "18446744073709551616"));
        assertError(pointer, range + "-1", integers(pointer, "-1"));
    }

    @Test
    void uint64MaxIsMinusOneInTheRecord() throws Exception {
        Spec spec = read(integers("/process/rlimits/0", "{\"type\": \"RLIMIT_NOFILE\", "
                + "\"hard\": 18446744073709551615, \"soft\": 9223372036854775808}"));
        Rlimit rlimit = spec.process().rlimits().getFirst();
        assertEquals(-1L, rlimit.hard());
        assertEquals(Long.MIN_VALUE, rlimit.soft());
    }

    private static final String UINT32 = "expected an unsigned 32-bit integer (0 to 4294967295), got ";
    private static final String UINT16 = "expected an unsigned 16-bit integer (0 to 65535), got ";
    private static final String INT32 = "expected a 32-bit integer, got ";
    private static final String INT64 = "expected a 64-bit integer, got ";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // pointer                      | value                 | reason (after the type's range)
            "/linux/uidMappings/0/hostID    | 4294967296            | " + UINT32 + "4294967296",
            "/linux/uidMappings/0/size      | -1                    | " + UINT32 + "-1",
            "/process/user/additionalGids/1 | 4294967296            | " + UINT32 + "4294967296",
            "/linux/resources/blockIO/weight | 65536                | " + UINT16 + "65536",
            "/process/oomScoreAdj           | 2147483648            | " + INT32 + "2147483648",
            "/process/oomScoreAdj           | -2147483649           | " + INT32 + "-2147483649",
            "/linux/resources/memory/limit  | 9223372036854775808   | " + INT64 + "9223372036854775808",
            "/linux/resources/pids/limit    | -9223372036854775809  | " + INT64 + "-9223372036854775809",
            "/linux/resources/pids/limit    | 1.5                   | " + INT64 + "the number 1.5",
            "/linux/resources/pids/limit    | '\"10\"'               | " + INT64 + "the string \"10\"",
            "/linux/resources/pids/limit    | 1e400                 | " + INT64 + "the number 1E+400",
            "/linux/resources/pids/limit    | 1e2147483647          | " + INT64 + "the number 1E+2147483647",
            "/linux/resources/pids/limit    | 2e19                  | " + INT64 + "20000000000000000000",
    })
    void outOfRangeIntegersAreRejectedWithTheirPointer(String pointer, String value, String reason) {
        assertError(pointer, reason, integers(pointer, value));
    }

    @Test
    void integralNumbersInOtherFormsAreIntegers() throws Exception {
        // 1.0 and 1e3 are integers by value (as JSON Schema from draft 6 reads them, not as Go's encoding/json).
        assertEquals(1000L, read(integers("/linux/resources/pids/limit", "1e3")).linux().resources().pids().limit());
        assertEquals(-1, read(integers("/process/oomScoreAdj", "-1.0")).process().oomScoreAdj());
    }

    @Test
    void int64BoundsAreAccepted() throws Exception {
        Spec spec = read("{\"ociVersion\":\"1\",\"linux\":{\"resources\":{\"memory\":{\"limit\":-9223372036854775808,"
                + "\"swap\":9223372036854775807}}}}");
        assertEquals(Long.MIN_VALUE, spec.linux().resources().memory().limit());
        assertEquals(Long.MAX_VALUE, spec.linux().resources().memory().swap());
    }

    // ---- pointers ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // where the bad value is             | the member holding it, and the bad value
            "/annotations/a~1b~0c                 | /annotations                  | {'a/b~c': 1}",
            "/linux/sysctl/net~1ipv4~1ip_forward  | /linux/sysctl                 | {'net/ipv4/ip_forward': true}",
            "/linux/resources/unified/io.max~0    | /linux/resources/unified      | {'io.max~': []}",
            "/linux/resources/rdma/~1dev~1x/hcaHandles | /linux/resources/rdma    | {'/dev/x': {'hcaHandles': -1}}",
            "/linux/netDevices/~01/name           | /linux/netDevices             | {'~1': {'name': 0}}",
            "/linux/namespaces/1/type             | /linux/namespaces             | [{'type': 'pid'}, {'type': 'PID'}]",
    })
    void pointersEscapeTildeAndSlash(String pointer, String member, String value) {
        String json = integers(member, value.replace('\'', '"'));
        var e = assertThrows(DocumentException.class, () -> read(json));
        assertEquals(pointer, e.pointer());
        assertTrue(e.getMessage().startsWith(pointer + ": "), e.getMessage());
    }

    @Test
    void theEscapedPointerFindsTheValue() {
        String json = "{\"ociVersion\":\"1\",\"annotations\":{\"x~/y\":{}}}";
        var e = assertThrows(DocumentException.class, () -> read(json));
        assertEquals(Map.of(), JsonValue.at(JsonValue.parse(json), e.pointer()));
    }

    @Test
    void unknownEnumValuesNameTheValue() {
        assertError("/linux/namespaces/0/type", "unknown value \"network2\"",
                "{\"ociVersion\":\"1\",\"linux\":{\"namespaces\":[{\"type\":\"network2\"}]}}");
    }

    @Test
    void wrongTypesSayWhatWasExpectedAndFound() {
        assertError("/process", "expected an object, got an array", "{\"ociVersion\":\"1\",\"process\":[]}");
        assertError("/mounts", "expected an array, got an object", "{\"ociVersion\":\"1\",\"mounts\":{}}");
        assertError("/root/readonly", "expected a boolean, got the string \"yes\"",
                "{\"ociVersion\":\"1\",\"root\":{\"path\":\"r\",\"readonly\":\"yes\"}}");
        assertError("/hostname", "expected a string, got true", "{\"ociVersion\":\"1\",\"hostname\":true}");
        assertError("", "expected an object, got an array", "[]");
    }

    // ---- malformed JSON ---------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"ociVersion\":\"1\",\"ociVersion\":\"2\"}|/ociVersion",
            "{\"ociVersion\":\"1\",\"linux\":{\"sysctl\":{\"a\":\"1\",\"a\":\"1\"}}}|/linux/sysctl/a",
            "{\"ociVersion\":\"1\",\"process\":{\"cwd\":\"/\",\"future\":{\"k\":1,\"k\":2}}}|/process/future/k",
    })
    void duplicateKeysAreRejectedByTheirPointer(String json, String pointer) {
        var e = assertThrows(DocumentException.class, () -> read(json));
        assertEquals(pointer, e.pointer());
        assertTrue(e.reason().startsWith("not JSON: Duplicate Object property"), e.getMessage());
        assertTrue(e.reason().contains("line 1"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"ociVersion\":\"1\"} x", "{\"ociVersion\":\"1\"}{}", "{\"ociVersion\":\"1\"}]",
            "{\"ociVersion\":\"1\"} 1", "{\"ociVersion\":\"1\"}\n\"trailing\"", "{\"ociVersion\":\"1\"}}"})
    void trailingGarbageIsRejected(String json) {
        var e = assertThrows(DocumentException.class, () -> read(json));
        assertEquals("", e.pointer());
        assertTrue(e.reason().startsWith("not JSON: "), e.getMessage());
    }

    @Test
    void trailingWhitespaceIsFine() throws Exception {
        assertEquals("1", read("\uFEFF {\"ociVersion\":\"1\"} \n\t\r\n ").ociVersion());
    }

    @Test
    void deepNestingIsADocumentErrorNotAStackOverflow() {
        String deep = "{\"ociVersion\":\"1\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        var e = assertThrows(DocumentException.class, () -> read(deep));
        assertTrue(e.reason().startsWith("not JSON: "), e.getMessage());
        assertFalse(e.getMessage().endsWith(" "), "trailing space: \"" + e.getMessage() + "\"");
    }

    // ---- records built in Java --------------------------------------------------------------------------

    @Test
    void recordsBuiltInJavaRoundTrip() throws Exception {
        var process = new Process(null, null, null, List.of("sh"), null, null, "/", null,
                List.of(new Rlimit("RLIMIT_NOFILE", -1, 1024, null)), null, null, null, null, null, null, null, null);
        var linux = new Linux(List.of(new Namespace(NamespaceType.USER), new Namespace(NamespaceType.TIME)),
                List.of(new IdMapping(0, 4294967295L, 1)), null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, new UnknownFields(Map.of("future", List.of(1L, "x"))));
        var spec = new Spec("1.3.0", null, process, null, null, null, null, null, linux, null);
        byte[] json = OciJson.write(spec);
        assertEquals(spec, OciJson.readSpec(json));
        assertEquals(new BigInteger("18446744073709551615"),
                JsonValue.at(JsonValue.parse(json), "/process/rlimits/0/hard"));
        assertEquals(List.of("user", "time"), ((List<?>) JsonValue.at(JsonValue.parse(json), "/linux/namespaces"))
                .stream().map(n -> ((Map<?, ?>) n).get("type")).toList());
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static Spec read(String json) throws DocumentException {
        return OciJson.readSpec(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertError(String pointer, String reason, String json) {
        var e = assertThrows(DocumentException.class, () -> read(json), json);
        assertEquals(pointer, e.pointer());
        assertEquals(reason, e.reason());
        assertEquals(pointer.isEmpty() ? reason : pointer + ": " + reason, e.getMessage());
    }

    private static List<String> keys(UnknownFields unknown) {
        return new ArrayList<>(unknown.values().keySet());
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
