package io.hako.oci.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hako.oci.DefaultSpec;
import io.hako.oci.OciJson;
import io.hako.oci.SpecValidator;
import io.hako.oci.UnknownFields;
import io.hako.oci.testing.JsonValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The convenience editors of the config records: what they add, replace and keep, and that JSON sees it. */
class SpecEditingTest {
    private static final Process PROCESS = DefaultSpec.create().process().withEnv(List.of("A=1", "B=2", "C=3"));

    @Test
    void settingAVariableReplacesItInPlace() {
        assertEquals(List.of("A=1", "B=two", "C=3"), PROCESS.withEnv("B", "two").env());
        assertEquals(List.of("A=1", "B=", "C=3"), PROCESS.withEnv("B", "").env());
    }

    @Test
    void settingANewVariableAppendsIt() {
        assertEquals(List.of("A=1", "B=2", "C=3", "D=4"), PROCESS.withEnv("D", "4").env());
        assertEquals(List.of("A=1"), PROCESS.withEnv((List<String>) null).withEnv("A", "1").env());
    }

    @Test
    void settingAVariableListedTwiceLeavesOneEntryWhereTheFirstWas() {
        Process twice = PROCESS.withEnv(List.of("A=1", "PATH=/bin", "B=2", "PATH=/sbin"));
        assertEquals(List.of("A=1", "PATH=/usr/bin", "B=2"), twice.withEnv("PATH", "/usr/bin").env());
    }

    @Test
    void aVariableIsMatchedByItsWholeName() {
        assertEquals(List.of("A=1", "B=2", "C=3", "AB=x"), PROCESS.withEnv("AB", "x").env());
        assertEquals(List.of("AB=1", "A=x"), PROCESS.withEnv(List.of("AB=1")).withEnv("A", "x").env());
    }

    @Test
    void aNameThatCannotBeAVariableIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PROCESS.withEnv("", "x"));
        assertThrows(IllegalArgumentException.class, () -> PROCESS.withEnv("A=B", "x"));
    }

    @Test
    void argumentsAsValuesOrAList() {
        assertEquals(PROCESS.withArgs(List.of("sh", "-c", "true")), PROCESS.withArgs("sh", "-c", "true"));
        assertEquals(List.of(), PROCESS.withArgs().args());
    }

    @Test
    void aMountIsAddedAfterTheOthers() {
        Spec spec = DefaultSpec.create();
        Mount data = new Mount("/data", "bind", "/srv", List.of("rbind"), null, null, null);
        List<Mount> expected = new ArrayList<>(spec.mounts());
        expected.add(data);
        assertEquals(expected, spec.plusMount(data).mounts());
        assertEquals(List.of(data), spec.withMounts(null).plusMount(data).mounts());
    }

    @Test
    void aNamespaceOfAKindPresentIsReplacedInPlace() {
        var unknown = new UnknownFields(Map.of("x-note", "kept"));
        Linux linux = Linux.EMPTY.withNamespaces(List.of(new Namespace(NamespaceType.PID),
                new Namespace(NamespaceType.NETWORK, null, unknown), new Namespace(NamespaceType.MOUNT)));
        assertEquals(List.of(new Namespace(NamespaceType.PID),
                        new Namespace(NamespaceType.NETWORK, "/proc/1/ns/net", unknown),
                        new Namespace(NamespaceType.MOUNT)),
                linux.withNamespace(NamespaceType.NETWORK, "/proc/1/ns/net").namespaces());
        Linux twice = linux.withNamespaces(List.of(new Namespace(NamespaceType.PID, "/a", null),
                new Namespace(NamespaceType.MOUNT), new Namespace(NamespaceType.PID, "/b", null)));
        assertEquals(List.of(new Namespace(NamespaceType.PID), new Namespace(NamespaceType.MOUNT)),
                twice.withNamespace(NamespaceType.PID, null).namespaces());
    }

    @Test
    void aNamespaceOfANewKindIsAppended() {
        Linux linux = Linux.EMPTY.withNamespaces(List.of(new Namespace(NamespaceType.PID)));
        assertEquals(List.of(new Namespace(NamespaceType.PID), new Namespace(NamespaceType.USER)),
                linux.withNamespace(NamespaceType.USER, null).namespaces());
        assertEquals(List.of(new Namespace(NamespaceType.NETWORK, "/run/netns/a", null)),
                Linux.EMPTY.withNamespace(NamespaceType.NETWORK, "/run/netns/a").namespaces());
    }

    @Test
    void withoutANamespaceEveryOneOfItsKindGoes() {
        Linux linux = Linux.EMPTY.withNamespaces(List.of(new Namespace(NamespaceType.PID),
                new Namespace(NamespaceType.NETWORK), new Namespace(NamespaceType.NETWORK, "/n", null)));
        assertEquals(List.of(new Namespace(NamespaceType.PID)),
                linux.withoutNamespace(NamespaceType.NETWORK).namespaces());
        assertSame(Linux.EMPTY, Linux.EMPTY.withoutNamespace(NamespaceType.NETWORK));
    }

    @Test
    void idMappingsAreSetTogether() {
        var uids = List.of(new IdMapping(0, 1000, 1));
        var gids = List.of(new IdMapping(0, 2000, 1));
        assertEquals(Linux.EMPTY.withUidMappings(uids).withGidMappings(gids), Linux.EMPTY.withIdMappings(uids, gids));
    }

    @Test
    void editingANestedRecordAppliesTheChangeToIt() {
        Spec spec = DefaultSpec.create();
        assertEquals(spec.withProcess(spec.process().withCwd("/tmp")), spec.editProcess(p -> p.withCwd("/tmp")));
        assertEquals(spec.withLinux(spec.linux().withCgroupsPath("/c")), spec.editLinux(l -> l.withCgroupsPath("/c")));
        Linux linux = spec.linux();
        assertEquals(linux.withResources(linux.resources().withPids(new Pids(10, null))),
                linux.editResources(r -> r.withPids(new Pids(10, null))));
    }

    @Test
    void editingAnAbsentNestedRecordStartsFromItsEmptyValue() {
        Spec bare = new Spec("1.2.0", null, null, null, null, null, null, null, null, null);
        Process process = bare.editProcess(p -> p.withArgs("true")).process();
        assertEquals(List.of("true"), process.args());
        assertEquals("/", process.cwd());
        assertSame(Linux.EMPTY, bare.editLinux(l -> l).linux());
        assertSame(Resources.EMPTY, Linux.EMPTY.editResources(r -> r).resources());
        assertNull(bare.editLinux(l -> null).linux());
    }

    @Test
    void anEditedSpecSurvivesJsonWithWhatItDidNotModel() throws Exception {
        // A config as a user reads it: with a section of another platform and a field of a newer spec.
        Spec read = OciJson.readSpec(JsonValue.write(JsonValue.with(JsonValue.with(
                JsonValue.parse(OciJson.write(DefaultSpec.create())),
                "/windows", Map.of("layerFolders", List.of("C:\\layers"))),
                "/process/x-newer", true)));
        Spec edited = read.withHostname("edited")
                .editProcess(p -> p.withEnv("TERM", "dumb").withArgs("sleep", "1"))
                .editLinux(l -> l.withNamespace(NamespaceType.NETWORK, "/run/netns/n")
                        .editResources(r -> r.withPids(new Pids(64, null))))
                .plusMount(new Mount("/data", "tmpfs", "tmpfs", List.of("size=1m"), null, null, null));
        byte[] json = OciJson.write(edited, true);
        assertEquals(edited, OciJson.readSpec(json));
        assertEquals(List.of(), SpecValidator.validate(edited));
        Object tree = JsonValue.parse(json);
        assertEquals("edited", JsonValue.at(tree, "/hostname"));
        assertEquals(List.of("sleep", "1"), JsonValue.at(tree, "/process/args"));
        assertEquals(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=dumb"),
                JsonValue.at(tree, "/process/env"));
        assertEquals(BigInteger.valueOf(64), JsonValue.at(tree, "/linux/resources/pids/limit"));
        assertEquals("/data", JsonValue.at(tree, "/mounts/" + read.mounts().size() + "/destination"));
        assertEquals(true, JsonValue.at(tree, "/process/x-newer"));
        assertEquals(List.of("C:\\layers"), JsonValue.at(tree, "/windows/layerFolders"));
    }
}
