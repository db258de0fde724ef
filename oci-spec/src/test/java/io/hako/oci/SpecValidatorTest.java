package io.hako.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hako.oci.config.Spec;
import io.hako.oci.testing.JsonValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Breaking one rule of config.md / config-linux.md in an otherwise valid configuration is caught, and only
 * that: reading refuses it (types, ranges, required fields) or {@link SpecValidator} reports exactly one
 * violation, at the JSON pointer of the field at fault.
 *
 * <p>The mutations work on the written JSON, so that they can also make documents the records cannot hold.
 */
class SpecValidatorTest {

    /** A broken document, the pointer that must be reported, and whether reading (not validation) refuses it. */
    record Broken(Object json, String pointer, boolean atRead) {}

    /** One way to break a rule; {@code pick} chooses among the places it can be broken. */
    interface Breaker {
        Broken apply(Object json, int pick);
    }

    record Mutation(String rule, Breaker breaker) {
        @Override
        public String toString() {
            return rule;
        }
    }

    @Provide
    Arbitrary<Spec> specs() {
        return SpecArbitraries.linuxSpecs();
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Arbitraries.of(MUTATIONS);
    }

    @Example
    void aNulByteAnywhereIsRefusedAtItsPointer() {
        String base = "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, ";
        Map<String, String> cases = Map.of(
                "/hostname", base + "\"hostname\": \"a\\u0000b\"}",
                "/process/args/1", base + "\"process\": {\"cwd\": \"/\", \"args\": [\"sh\", \"\\u0000\"]}}",
                "/annotations", base + "\"annotations\": {\"k\\u0000\": \"v\"}}",
                "/annotations/k", base + "\"annotations\": {\"k\": \"v\\u0000\"}}");
        cases.forEach((pointer, json) -> {
            var e = assertThrows(DocumentException.class, () -> OciJson.readSpec(json.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)), json);
            assertEquals(pointer, e.pointer(), e::getMessage);
        });
    }

    @Property
    void aBrokenRuleIsCaughtAtItsPointer(@ForAll("specs") Spec spec, @ForAll("mutations") Mutation mutation,
            @ForAll @IntRange(min = 0, max = 1000) int pick) throws DocumentException {
        Broken broken = mutation.breaker().apply(JsonValue.parse(OciJson.write(spec)), pick);
        byte[] json = JsonValue.write(broken.json());
        if (broken.atRead()) {
            var e = assertThrows(DocumentException.class, () -> OciJson.readSpec(json));
            assertEquals(broken.pointer(), e.pointer(), e::getMessage);
        } else {
            var violations = SpecValidator.validate(OciJson.readSpec(json));
            assertEquals(List.of(broken.pointer()), violations.stream().map(Violation::pointer).toList(),
                    violations::toString);
        }
    }

    @Example
    void everyMutationBreaksItsRuleOnTheSmallestConfig() throws DocumentException {
        // The smallest Linux config: every mutation must create what it needs.
        Object minimal = JsonValue.parse("{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"rootfs\"},"
                + "\"process\":{\"cwd\":\"/\",\"args\":[\"sh\"]},\"linux\":{}}");
        assertEquals(List.of(), SpecValidator.validate(OciJson.readSpec(JsonValue.write(minimal))));
        for (Mutation mutation : MUTATIONS) {
            Broken broken = mutation.breaker().apply(minimal, 0);
            byte[] json = JsonValue.write(broken.json());
            if (broken.atRead()) {
                var e = assertThrows(DocumentException.class, () -> OciJson.readSpec(json), mutation.rule());
                assertEquals(broken.pointer(), e.pointer(), mutation.rule());
            } else {
                assertEquals(List.of(broken.pointer()), SpecValidator.validate(OciJson.readSpec(json)).stream()
                        .map(Violation::pointer).toList(), mutation.rule());
            }
        }
    }

    @Example
    void violationsSayWhy() throws DocumentException {
        Spec spec = OciJson.readSpec(("{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"rootfs\"},"
                + "\"process\":{\"cwd\":\"/\",\"args\":[\"sh\"]},"
                + "\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"uts\"},{\"type\":\"pid\"}],"
                + "\"sysctl\":{\"vm/swappiness\":\"1\"}},\"mounts\":[{\"destination\":\"tmp\"}]}").getBytes());
        assertEquals(List.of(
                        "/mounts/0/destination: must be an absolute path, got \"tmp\"",
                        "/linux/namespaces/2/type: duplicate namespace \"pid\"",
                        "/linux/sysctl/vm~1swappiness: is not namespaced: setting it in a container would change "
                                + "the host"),
                SpecValidator.validate(spec).stream().map(Violation::toString).toList());
    }

    @Example
    void aDomainnameSysctlThatAgreesWithTheFieldIsAccepted() throws DocumentException {
        // runc refuses kernel.domainname only when it conflicts; kernel.hostname always, in these words.
        String base = "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"rootfs\"},"
                + "\"process\":{\"cwd\":\"/\",\"args\":[\"sh\"]},%s"
                + "\"linux\":{\"namespaces\":[{\"type\":\"uts\"}],\"sysctl\":{%s}}}";
        assertEquals(List.of(), SpecValidator.validate(OciJson.readSpec(String.format(base,
                "\"domainname\":\"example.org\",", "\"kernel.domainname\":\"example.org\"").getBytes())));
        assertEquals(List.of(), SpecValidator.validate(OciJson.readSpec(String.format(base,
                "", "\"kernel.domainname\":\"example.org\"").getBytes())));
        assertEquals(List.of("/linux/sysctl/kernel.domainname: is not allowed as it conflicts with the OCI "
                        + "\"domainname\" field"),
                SpecValidator.validate(OciJson.readSpec(String.format(base, "\"domainname\":\"example.org\",",
                        "\"kernel.domainname\":\"example.com\"").getBytes())).stream().map(Violation::toString)
                        .toList());
        assertEquals(List.of("/linux/sysctl/kernel.hostname: is not allowed as it conflicts with the OCI "
                        + "\"hostname\" field"),
                SpecValidator.validate(OciJson.readSpec(String.format(base, "\"hostname\":\"box\",",
                        "\"kernel.hostname\":\"box\"").getBytes())).stream().map(Violation::toString).toList());
    }

    // ---- the mutations ----------------------------------------------------------------------------------

    static final List<Mutation> MUTATIONS = List.of(
            // reading
            new Mutation("missing ociVersion", (j, p) -> atRead(JsonValue.without(j, "/ociVersion"), "/ociVersion")),
            new Mutation("missing cwd", (j, p) -> atRead(JsonValue.without(j, "/process/cwd"), "/process/cwd")),
            new Mutation("missing root path", (j, p) ->
                    atRead(JsonValue.with(j, "/root", Map.of("readonly", true)), "/root/path")),
            new Mutation("missing mount destination", (j, p) -> {
                var a = append(j, "/mounts", Map.of("type", "tmpfs"));
                return atRead(a.json(), "/mounts/" + a.index() + "/destination");
            }),
            new Mutation("unknown namespace type", (j, p) -> {
                var a = append(j, "/linux/namespaces", Map.of("type", pick(p, "vm", "PID", "net", "")));
                return atRead(a.json(), "/linux/namespaces/" + a.index() + "/type");
            }),
            new Mutation("uid above 32 bits", (j, p) -> atRead(JsonValue.with(j, "/process/user",
                    Map.of("uid", new BigInteger("4294967296"), "gid", BigInteger.ZERO)), "/process/user/uid")),
            new Mutation("negative uint64", (j, p) -> atRead(JsonValue.with(j, "/process/consoleSize",
                    Map.of("height", BigInteger.ONE.negate(), "width", BigInteger.ZERO)),
                    "/process/consoleSize/height")),
            new Mutation("rlimit above uint64", (j, p) -> {
                var a = append(j, "/process/rlimits", Map.of("type", "RLIMIT_CORE", "soft", BigInteger.ZERO,
                        "hard", BigInteger.TWO.pow(64)));
                return atRead(a.json(), "/process/rlimits/" + a.index() + "/hard");
            }),
            new Mutation("hostname not a string", (j, p) -> atRead(JsonValue.with(j, "/hostname", BigInteger.TEN),
                    "/hostname")),
            // version, process
            new Mutation("ociVersion not SemVer", (j, p) -> at(JsonValue.with(j, "/ociVersion",
                    pick(p, "1.0", "v1.0.0", "1.0.0.0", "01.0.0", "")), "/ociVersion")),
            new Mutation("relative cwd", (j, p) -> at(JsonValue.with(j, "/process/cwd", pick(p, "tmp", "", "./")),
                    "/process/cwd")),
            new Mutation("no args", (j, p) -> at(JsonValue.with(JsonValue.without(j, "/process/commandLine"),
                    "/process/args", List.of()), "/process/args")),
            new Mutation("env entry without =", (j, p) -> {
                var a = append(j, "/process/env", pick(p, "NOVALUE", "=value", ""));
                return at(a.json(), "/process/env/" + a.index());
            }),
            new Mutation("uid missing on Linux", (j, p) -> at(JsonValue.with(j, "/process/user",
                    Map.of("gid", BigInteger.ZERO)), "/process/user/uid")),
            new Mutation("unknown rlimit type", (j, p) -> {
                var a = pickOrAppend(j, "/process/rlimits", p, rlimit("RLIMIT_NOFILE", 1, 1));
                String type = "/process/rlimits/" + a.index() + "/type";
                return at(JsonValue.with(a.json(), type, pick(p, "RLIMIT_FOO", "NOFILE", "rlimit_nofile", "")), type);
            }),
            new Mutation("duplicate rlimit", (j, p) -> {
                var a = pickOrAppend(j, "/process/rlimits", p, rlimit("RLIMIT_NOFILE", 1, 1));
                var b = append(a.json(), "/process/rlimits", JsonValue.at(a.json(), "/process/rlimits/" + a.index()));
                return at(b.json(), "/process/rlimits/" + b.index() + "/type");
            }),
            new Mutation("soft rlimit above hard", (j, p) -> {
                var a = pickOrAppend(j, "/process/rlimits", p, rlimit("RLIMIT_NOFILE", 1, 1));
                String at = "/process/rlimits/" + a.index();
                Object json = JsonValue.with(JsonValue.with(a.json(), at + "/hard", BigInteger.valueOf(5)),
                        at + "/soft", new BigInteger("18446744073709551615"));
                return at(json, at + "/soft");
            }),
            new Mutation("oomScoreAdj out of range", (j, p) -> at(JsonValue.with(j, "/process/oomScoreAdj",
                    BigInteger.valueOf(pick(p, 1001, -1001, Integer.MAX_VALUE))), "/process/oomScoreAdj")),
            new Mutation("I/O priority out of range", (j, p) -> at(JsonValue.with(j, "/process/ioPriority",
                    Map.of("class", "IOPRIO_CLASS_BE", "priority", BigInteger.valueOf(pick(p, 8, -1)))),
                    "/process/ioPriority/priority")),
            new Mutation("nice out of range", (j, p) -> at(JsonValue.with(j, "/process/scheduler",
                    Map.of("policy", "SCHED_OTHER", "nice", BigInteger.valueOf(pick(p, 20, -21)))),
                    "/process/scheduler/nice")),
            new Mutation("unknown scheduler flag", (j, p) -> at(JsonValue.with(j, "/process/scheduler",
                    Map.of("policy", "SCHED_BATCH", "flags", List.of("SCHED_FLAG_FOO"))),
                    "/process/scheduler/flags/0")),
            // mounts, hooks, annotations
            new Mutation("relative mount destination", (j, p) -> {
                var a = pickOrAppend(j, "/mounts", p, Map.of("destination", "/mnt"));
                String at = "/mounts/" + a.index() + "/destination";
                return at(JsonValue.with(a.json(), at, ((String) JsonValue.at(a.json(), at)).substring(1)), at);
            }),
            new Mutation("mount with uid mappings only", (j, p) -> {
                var a = append(j, "/mounts", Map.of("destination", "/m", "uidMappings", List.of(mapping(0, 0, 1))));
                return at(a.json(), "/mounts/" + a.index());
            }),
            new Mutation("relative hook path", (j, p) -> {
                String kind = "/hooks/" + pick(p, "prestart", "createRuntime", "createContainer", "startContainer",
                        "poststart", "poststop");
                var a = append(ensure(j, "/hooks", Map.of()), kind, Map.of("path", pick(p, "hook.sh", "bin/hook", "")));
                return at(a.json(), kind + "/" + a.index() + "/path");
            }),
            new Mutation("hook timeout not positive", (j, p) -> {
                var a = append(ensure(j, "/hooks", Map.of()), "/hooks/poststop",
                        Map.of("path", "/bin/true", "timeout", BigInteger.valueOf(pick(p, 0, -1))));
                return at(a.json(), "/hooks/poststop/" + a.index() + "/timeout");
            }),
            new Mutation("empty annotation key", (j, p) -> at(JsonValue.with(j, "/annotations", Map.of("", "v")),
                    "/annotations")),
            // namespaces and id mappings
            new Mutation("duplicate namespace", (j, p) -> {
                var a = pickOrAppend(j, "/linux/namespaces", p, Map.of("type", "pid"));
                Object type = JsonValue.at(a.json(), "/linux/namespaces/" + a.index() + "/type");
                var b = append(a.json(), "/linux/namespaces", Map.of("type", type));
                return at(b.json(), "/linux/namespaces/" + b.index() + "/type");
            }),
            new Mutation("relative namespace path", (j, p) -> {
                // Not user or time: joining those has other consequences (mappings, offsets).
                List<?> namespaces = array(j, "/linux/namespaces");
                int index = -1;
                for (int i = 0; i < namespaces.size() && index < 0; i++) {
                    if (!Set.of("user", "time").contains(((Map<?, ?>) namespaces.get(i)).get("type"))) {
                        index = i;
                    }
                }
                if (index < 0) {
                    var a = append(j, "/linux/namespaces", Map.of("type", "cgroup", "path", "proc/1/ns/cgroup"));
                    return at(a.json(), "/linux/namespaces/" + a.index() + "/path");
                }
                String at = "/linux/namespaces/" + index + "/path";
                return at(JsonValue.with(j, at, pick(p, "proc/1/ns/x", "", "../ns")), at);
            }),
            new Mutation("uid mappings without a user namespace", (j, p) -> at(JsonValue.with(JsonValue.without(
                    withoutNamespace(j, "user"), "/linux/gidMappings"), "/linux/uidMappings",
                    List.of(mapping(0, 1000, 1))), "/linux/uidMappings")),
            new Mutation("gid mappings without a user namespace", (j, p) -> at(JsonValue.with(JsonValue.without(
                    withoutNamespace(j, "user"), "/linux/uidMappings"), "/linux/gidMappings",
                    List.of(mapping(0, 1000, 1))), "/linux/gidMappings")),
            new Mutation("overlapping uid mappings", (j, p) -> at(newUserNamespace(j,
                    List.of(mapping(0, 1000, 10), mapping(5, 5000, 10)), List.of(mapping(0, 1000, 10))),
                    "/linux/uidMappings/1/containerID")),
            new Mutation("overlapping gid mappings on the host", (j, p) -> at(newUserNamespace(j,
                    List.of(mapping(0, 1000, 10)), List.of(mapping(0, 1000, 10), mapping(100, 1009, 1))),
                    "/linux/gidMappings/1/hostID")),
            new Mutation("empty id mapping", (j, p) -> at(newUserNamespace(j, List.of(mapping(0, 1000, 0)),
                    List.of(mapping(0, 1000, 1))), "/linux/uidMappings/0/size")),
            new Mutation("id mapping past 32 bits", (j, p) -> at(newUserNamespace(j, List.of(mapping(0, 1000, 1)),
                    List.of(mapping(4294967295L, 0, 2))), "/linux/gidMappings/0/size")),
            new Mutation("time offsets without a time namespace", (j, p) -> at(JsonValue.with(
                    withoutNamespace(j, "time"), "/linux/timeOffsets",
                    Map.of("boottime", Map.of("secs", BigInteger.ONE))), "/linux/timeOffsets")),
            new Mutation("hostname without a UTS namespace", (j, p) -> at(JsonValue.with(JsonValue.without(
                    withoutNamespace(j, "uts"), "/domainname"), "/hostname", "box"), "/hostname")),
            new Mutation("network sysctl without a network namespace", (j, p) -> at(JsonValue.with(
                    withoutNamespace(j, "network"), "/linux/sysctl", Map.of("net.ipv4.ip_forward", "1")),
                    "/linux/sysctl/net.ipv4.ip_forward")),
            new Mutation("IPC sysctl without an IPC namespace", (j, p) -> at(JsonValue.with(
                    withoutNamespace(j, "ipc"), "/linux/sysctl", Map.of("fs.mqueue.msg_max", "10")),
                    "/linux/sysctl/fs.mqueue.msg_max")),
            new Mutation("kernel.hostname sysctl beside the hostname field", (j, p) -> at(JsonValue.with(
                    ensureNamespace(j, "uts"), "/linux/sysctl", Map.of("kernel.hostname", "box")),
                    "/linux/sysctl/kernel.hostname")),
            new Mutation("kernel.domainname sysctl other than the domainname field", (j, p) -> at(JsonValue.with(
                    JsonValue.with(ensureNamespace(j, "uts"), "/domainname", "one.example"), "/linux/sysctl",
                    Map.of("kernel.domainname", pick(p, "other.example", ""))), "/linux/sysctl/kernel.domainname")),
            new Mutation("sysctl that is not namespaced", (j, p) -> {
                String key = pick(p, "vm/overcommit_memory", "kernel.pid_max", "vm.swappiness");
                String at = "/linux/sysctl/" + JsonValue.escape(key);
                return at(JsonValue.with(ensure(j, "/linux/sysctl", Map.of()), at, "1"), at);
            }),
            // devices, paths
            new Mutation("relative device path", (j, p) -> {
                var a = append(j, "/linux/devices", Map.of("type", "c", "path", "dev/null", "major", BigInteger.ONE,
                        "minor", BigInteger.valueOf(3)));
                return at(a.json(), "/linux/devices/" + a.index() + "/path");
            }),
            new Mutation("character device without major", (j, p) -> {
                var a = append(j, "/linux/devices", Map.of("type", pick(p, "c", "b", "u"), "path", "/dev/x",
                        "minor", BigInteger.ONE));
                return at(a.json(), "/linux/devices/" + a.index() + "/major");
            }),
            new Mutation("unknown device type", (j, p) -> {
                var a = append(j, "/linux/devices", Map.of("type", pick(p, "x", "C", "cb", ""), "path", "/dev/x"));
                return at(a.json(), "/linux/devices/" + a.index() + "/type");
            }),
            new Mutation("relative masked or read-only path", (j, p) -> {
                String list = pick(p, "/linux/maskedPaths", "/linux/readonlyPaths");
                var a = append(j, list, pick(p, "proc/kcore", "", "sys"));
                return at(a.json(), list + "/" + a.index());
            }),
            new Mutation("unknown rootfs propagation", (j, p) -> at(JsonValue.with(j, "/linux/rootfsPropagation",
                    pick(p, "rprivatex", "Private", "recursive")), "/linux/rootfsPropagation")),
            new Mutation("bad network interface name", (j, p) -> at(JsonValue.with(ensure(j, "/linux/netDevices",
                    Map.of()), "/linux/netDevices/eth0", Map.of("name", pick(p, "a/b", "", "sixteen_chars_xx", "a b"))),
                    "/linux/netDevices/eth0/name")),
            // resources
            new Mutation("bad hugepage size", (j, p) -> {
                var a = append(ensure(j, "/linux/resources", Map.of()), "/linux/resources/hugepageLimits",
                        Map.of("pageSize", pick(p, "64kB", "2M", "0MB", "1.5GB", "2 MB", "", "MB", "02MB"),
                                "limit", BigInteger.ONE));
                return at(a.json(), "/linux/resources/hugepageLimits/" + a.index() + "/pageSize");
            }),
            new Mutation("bad cpu list", (j, p) -> at(JsonValue.with(ensure(j, "/linux/resources", Map.of()),
                    "/linux/resources/cpu", Map.of("cpus", pick(p, "0-", "a", "1,,2", "-1"))),
                    "/linux/resources/cpu/cpus")),
            new Mutation("unified key is a path", (j, p) -> {
                String key = pick(p, "../x", "a/b", "..", ".");
                String at = "/linux/resources/unified/" + JsonValue.escape(key);
                Object json = ensure(ensure(j, "/linux/resources", Map.of()), "/linux/resources/unified", Map.of());
                return at(JsonValue.with(json, at, "1"), at);
            }),
            // seccomp
            new Mutation("unknown seccomp action", (j, p) -> {
                var a = append(ensureSeccomp(j), "/linux/seccomp/syscalls",
                        Map.of("names", List.of("read"), "action", pick(p, "SCMP_ACT_SOMETHING", "ALLOW", "")));
                return at(a.json(), "/linux/seccomp/syscalls/" + a.index() + "/action");
            }),
            new Mutation("errnoRet on an action without errno", (j, p) -> {
                var a = append(ensureSeccomp(j), "/linux/seccomp/syscalls", Map.of("names", List.of("read"),
                        "action", pick(p, "SCMP_ACT_ALLOW", "SCMP_ACT_KILL", "SCMP_ACT_LOG"),
                        "errnoRet", BigInteger.ONE));
                return at(a.json(), "/linux/seccomp/syscalls/" + a.index() + "/errnoRet");
            }),
            new Mutation("syscall argument beyond the sixth", (j, p) -> {
                var a = append(ensureSeccomp(j), "/linux/seccomp/syscalls", Map.of("names", List.of("read"),
                        "action", "SCMP_ACT_ALLOW", "args", List.of(Map.of("index", BigInteger.valueOf(6),
                                "value", BigInteger.ZERO, "op", "SCMP_CMP_EQ"))));
                return at(a.json(), "/linux/seccomp/syscalls/" + a.index() + "/args/0/index");
            }),
            new Mutation("notify without a listener", (j, p) -> at(JsonValue.with(j, "/linux/seccomp", Map.of(
                    "defaultAction", "SCMP_ACT_ALLOW", "syscalls",
                    List.of(Map.of("names", List.of("mkdir"), "action", "SCMP_ACT_NOTIFY"))))
                    , "/linux/seccomp/listenerPath")),
            new Mutation("notify as the default action", (j, p) -> at(JsonValue.with(
                    JsonValue.without(ensureSeccomp(j), "/linux/seccomp/defaultErrnoRet"),
                    "/linux/seccomp/defaultAction", "SCMP_ACT_NOTIFY"), "/linux/seccomp/defaultAction")),
            new Mutation("unknown seccomp architecture", (j, p) -> {
                var a = append(ensureSeccomp(j), "/linux/seccomp/architectures", pick(p, "SCMP_ARCH_Z80", "x86_64"));
                return at(a.json(), "/linux/seccomp/architectures/" + a.index());
            }),
            // the rest of linux
            new Mutation("memory policy without mode", (j, p) -> at(JsonValue.with(j, "/linux/memoryPolicy",
                    Map.of("nodes", "0")), "/linux/memoryPolicy/mode")),
            new Mutation("unknown personality domain", (j, p) -> at(JsonValue.with(j, "/linux/personality",
                    Map.of("domain", pick(p, "LINUX64", "linux"))), "/linux/personality/domain")),
            new Mutation("bad resctrl group", (j, p) -> at(JsonValue.with(j, "/linux/intelRdt",
                    Map.of("closID", pick(p, "..", "a/b", ""))), "/linux/intelRdt/closID")),
            new Mutation("memBwSchema without MB:", (j, p) -> at(JsonValue.with(j, "/linux/intelRdt",
                    Map.of("memBwSchema", pick(p, "L3:0=ff", "MB:0=1\nMB:1=2"))), "/linux/intelRdt/memBwSchema")));

    // ---- editing helpers --------------------------------------------------------------------------------

    record Appended(Object json, int index) {}

    private static Broken at(Object json, String pointer) {
        return new Broken(json, pointer, false);
    }

    private static Broken atRead(Object json, String pointer) {
        return new Broken(json, pointer, true);
    }

    @SafeVarargs
    private static <T> T pick(int pick, T... choices) {
        return choices[pick % choices.length];
    }

    private static List<?> array(Object json, String pointer) {
        return JsonValue.at(json, pointer) instanceof List<?> list ? list : List.of();
    }

    /** {@code json} with a value at {@code pointer} when it has none. */
    private static Object ensure(Object json, String pointer, Object empty) {
        return JsonValue.at(json, pointer) == null ? JsonValue.with(json, pointer, empty) : json;
    }

    private static Appended append(Object json, String arrayPointer, Object item) {
        Object ensured = ensure(json, arrayPointer, List.of());
        int index = array(ensured, arrayPointer).size();
        return new Appended(JsonValue.with(ensured, arrayPointer + "/-", item), index);
    }

    /** One of the array's items (chosen by {@code pick}), or a new one when it has none. */
    private static Appended pickOrAppend(Object json, String arrayPointer, int pick, Object item) {
        List<?> items = array(json, arrayPointer);
        return items.isEmpty() ? append(json, arrayPointer, item) : new Appended(json, pick % items.size());
    }

    private static Object ensureSeccomp(Object json) {
        return ensure(json, "/linux/seccomp", Map.of("defaultAction", "SCMP_ACT_ALLOW"));
    }

    private static Object withoutNamespace(Object json, String type) {
        List<Object> kept = new ArrayList<>();
        for (Object ns : array(json, "/linux/namespaces")) {
            if (!type.equals(((Map<?, ?>) ns).get("type"))) {
                kept.add(ns);
            }
        }
        return JsonValue.with(json, "/linux/namespaces", kept);
    }

    /** {@code json} with a new namespace of {@code type} (in place of any it had). */
    private static Object ensureNamespace(Object json, String type) {
        return append(withoutNamespace(json, type), "/linux/namespaces", Map.of("type", type)).json();
    }

    /** A new user namespace with these mappings, whatever the config had. */
    private static Object newUserNamespace(Object json, List<Object> uids, List<Object> gids) {
        Object without = withoutNamespace(json, "user");
        Object with = append(without, "/linux/namespaces", Map.of("type", "user")).json();
        return JsonValue.with(JsonValue.with(with, "/linux/uidMappings", uids), "/linux/gidMappings", gids);
    }

    private static Object mapping(long containerId, long hostId, long size) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("containerID", BigInteger.valueOf(containerId));
        m.put("hostID", BigInteger.valueOf(hostId));
        m.put("size", BigInteger.valueOf(size));
        return m;
    }

    private static Object rlimit(String type, long hard, long soft) {
        return Map.of("type", type, "hard", BigInteger.valueOf(hard), "soft", BigInteger.valueOf(soft));
    }
}
