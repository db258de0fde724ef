package io.hako.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.config.IdMapping;
import io.hako.oci.config.Namespace;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Spec;
import io.hako.oci.testing.JsonSchema;
import io.hako.oci.testing.JsonValue;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** What {@code hako spec} writes: valid by the schema and by hako, and runc's starting point. */
class DefaultSpecTest {
    @Example
    void defaultSpecIsValid() throws DocumentException {
        assertValid(DefaultSpec.create());
    }

    @Property(tries = 200)
    void rootlessSpecIsValidForAnyUser(@ForAll @LongRange(max = 0xFFFF_FFFEL) long uid,
            @ForAll @LongRange(max = 0xFFFF_FFFEL) long gid) throws DocumentException {
        Spec spec = DefaultSpec.rootless(uid, gid);
        assertValid(spec);
        assertEquals(List.of(new IdMapping(0, uid, 1)), spec.linux().uidMappings());
        assertEquals(List.of(new IdMapping(0, gid, 1)), spec.linux().gidMappings());
    }

    @Example
    @NeedsRuntimeSpec
    void defaultSpecsMatchTheSchema() {
        var schema = JsonSchema.runtimeSpec("config-schema.json");
        for (Spec spec : List.of(DefaultSpec.create(), DefaultSpec.rootless(0, 0), DefaultSpec.rootless(1000, 1001),
                DefaultSpec.rootless(0xFFFF_FFFEL, 0xFFFF_FFFEL))) {
            assertEquals(List.of(), schema.validate(JsonValue.parse(OciJson.write(spec, true))));
        }
    }

    @Example
    void defaultSpecIsRuncsWithItsOwnNameVersionAndACgroupNamespace() throws Exception {
        // runc 1.2 also adds the cgroup namespace; runc 1.1.5 (the resource) predates it.
        Object runc = JsonValue.parse(ConfigsTest.resource("runc-spec.json"));
        runc = JsonValue.with(runc, "/ociVersion", DefaultSpec.OCI_VERSION);
        runc = JsonValue.with(runc, "/hostname", "hako");
        runc = JsonValue.with(runc, "/linux/namespaces/-", Map.of("type", "cgroup"));
        Object hako = JsonValue.parse(OciJson.write(DefaultSpec.create()));
        assertNull(JsonValue.diff(runc, hako));
    }

    @Example
    void rootlessSpecIsRuncsRootlessOne() throws Exception {
        // runc spec --rootless was run as root: it maps to uid and gid 0.
        Object runc = JsonValue.parse(ConfigsTest.resource("runc-spec-rootless.json"));
        runc = JsonValue.with(runc, "/ociVersion", DefaultSpec.OCI_VERSION);
        runc = JsonValue.with(runc, "/hostname", "hako");
        runc = JsonValue.with(runc, "/linux/uidMappings/0/hostID", BigInteger.valueOf(1000));
        runc = JsonValue.with(runc, "/linux/gidMappings/0/hostID", BigInteger.valueOf(1001));
        Object hako = JsonValue.parse(OciJson.write(DefaultSpec.rootless(1000, 1001)));
        List<?> namespaces = (List<?>) JsonValue.at(hako, "/linux/namespaces");
        assertEquals(Map.of("type", "cgroup"), namespaces.get(namespaces.size() - 2));
        hako = JsonValue.without(hako, "/linux/namespaces/" + (namespaces.size() - 2));
        assertNull(JsonValue.diff(runc, hako));
    }

    @Example
    void rootlessSharesTheHostNetworkAndHasItsOwnUsers() {
        List<NamespaceType> types = DefaultSpec.rootless(1000, 1000).linux().namespaces().stream()
                .map(Namespace::type).toList();
        assertTrue(types.contains(NamespaceType.USER));
        assertTrue(!types.contains(NamespaceType.NETWORK));
        assertNull(DefaultSpec.rootless(1000, 1000).linux().resources(), "an unprivileged user sets no device rules");
    }

    @Example
    void eachCallGivesAnEqualSpec() {
        assertEquals(DefaultSpec.create(), DefaultSpec.create());
        assertEquals(DefaultSpec.rootless(5, 6), DefaultSpec.rootless(5, 6));
    }

    private static void assertValid(Spec spec) throws DocumentException {
        byte[] json = OciJson.write(spec, true);
        assertEquals(List.of(), SpecValidator.validate(spec));
        assertEquals(spec, OciJson.readSpec(json));
    }
}
