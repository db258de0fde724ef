package io.hako.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hako.oci.state.State;
import io.hako.oci.testing.JsonSchema;
import io.hako.oci.testing.JsonValue;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The state document (state.md): arbitrary states round-trip and match state-schema.json. */
class StateTest {

    @Provide
    Arbitrary<State> states() {
        return Combinators.combine(SpecArbitraries.ociVersion(),
                        Arbitraries.strings().alpha().numeric().withChars("_.-").ofMinLength(1).ofMaxLength(64),
                        Arbitraries.of("creating", "created", "running", "stopped"),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE).injectNull(0.3),
                        SpecArbitraries.absolutePath(), SpecArbitraries.annotations().injectNull(0.5),
                        SpecArbitraries.unknown(State.class))
                .as(State::new);
    }

    @Property(tries = 300)
    void stateSurvivesJson(@ForAll("states") State state) throws DocumentException {
        assertEquals(state, OciJson.readState(OciJson.write(state)));
    }

    @Property(tries = 300)
    @NeedsRuntimeSpec
    void writtenStateMatchesTheSchema(@ForAll("states") State state) {
        var schema = JsonSchema.runtimeSpec("state-schema.json");
        assertEquals(List.of(), schema.validate(JsonValue.parse(OciJson.write(state))));
    }

    @Example
    void runcsExtraFieldsAreKept() throws DocumentException {
        // runc's state adds rootfs, created and owner; containerd reads them back.
        String json = "{\"ociVersion\":\"1.0.2-dev\",\"id\":\"c1\",\"pid\":42,\"status\":\"running\","
                + "\"bundle\":\"/b\",\"rootfs\":\"/b/rootfs\",\"created\":\"2024-01-01T00:00:00.000000001Z\","
                + "\"owner\":\"\"}";
        State state = OciJson.readState(json.getBytes());
        assertEquals(List.of("rootfs", "created", "owner"), List.copyOf(state.unknown().values().keySet()));
        assertEquals(null, JsonValue.diff(JsonValue.parse(json), JsonValue.parse(OciJson.write(state))));
    }

    @Example
    void requiredFieldsAreRequired() {
        for (String field : List.of("ociVersion", "id", "status", "bundle")) {
            Object json = JsonValue.without(JsonValue.parse("{\"ociVersion\":\"1\",\"id\":\"c\",\"status\":\"created\","
                    + "\"bundle\":\"/b\"}"), "/" + field);
            var e = assertThrows(DocumentException.class, () -> OciJson.readState(JsonValue.write(json)));
            assertEquals("/" + field, e.pointer());
        }
    }
}
