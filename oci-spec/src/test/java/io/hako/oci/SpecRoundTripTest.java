package io.hako.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.oci.config.Linux;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Process;
import io.hako.oci.config.Spec;
import io.hako.oci.testing.JsonSchema;
import io.hako.oci.testing.JsonValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/** Arbitrary valid configurations survive JSON unchanged, and what hako writes is what the schema describes. */
class SpecRoundTripTest {
    /** Half jqwik's default: a generated spec is large, and the module's tests must stay quick. */
    private static final int TRIES = 500;

    @Provide
    Arbitrary<Spec> specs() {
        return SpecArbitraries.specs();
    }

    @Property(tries = TRIES)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF) // the coverage is checked, not printed
    void specSurvivesJsonUnchanged(@ForAll("specs") Spec spec) throws DocumentException {
        // Also the ground the mutation properties stand on: nothing to report before a rule is broken.
        assertEquals(List.of(), SpecValidator.validate(spec));
        byte[] compact = OciJson.write(spec);
        byte[] pretty = OciJson.write(spec, true);
        assertEquals(spec, OciJson.readSpec(compact));
        assertEquals(spec, OciJson.readSpec(pretty));
        assertArrayEquals(pretty, OciJson.write(OciJson.readSpec(pretty), true), "writing is not stable");
        coverage(spec);
    }

    @Property(tries = TRIES)
    @NeedsRuntimeSpec
    void writtenSpecMatchesTheSchema(@ForAll("specs") Spec spec) {
        var schema = JsonSchema.runtimeSpec("config-schema.json");
        assertEquals(List.of(), schema.validate(JsonValue.parse(OciJson.write(spec))));
    }

    /** Fails the property if the generator stops producing what these properties are about (in 1% of tries). */
    private static void coverage(Spec spec) {
        Optional<Linux> linux = Optional.ofNullable(spec.linux());
        Optional<Process> process = Optional.ofNullable(spec.process());
        Statistics.label("uint64 above 2^63-1").collect(process.map(Process::rlimits).orElse(List.of()).stream()
                .anyMatch(r -> r.hard() < 0 || r.soft() < 0));
        Statistics.label("nested unknown fields").collect(process.map(p -> !p.unknown().isEmpty()).orElse(false)
                || linux.map(l -> l.resources() != null && !l.resources().unknown().isEmpty()).orElse(false));
        Statistics.label("user namespace with mappings").collect(linux.map(Linux::uidMappings).isPresent());
        Statistics.label("seccomp rules").collect(linux.map(Linux::seccomp).map(s -> s.syscalls() != null
                && !s.syscalls().isEmpty()).orElse(false));
        Statistics.label("hooks").collect(spec.hooks() != null);
        Statistics.label("id-mapped mounts").collect(spec.mounts() != null
                && spec.mounts().stream().anyMatch(m -> m.uidMappings() != null));
        Statistics.label("time namespace").collect(linux.map(Linux::namespaces).orElse(List.of()).stream()
                .anyMatch(n -> n.type() == NamespaceType.TIME));
        Statistics.label("rlimits").collect(process.map(Process::rlimits).filter(Objects::nonNull)
                .map(List::size).orElse(0) > 1);
        for (String label : List.of("uint64 above 2^63-1", "nested unknown fields", "user namespace with mappings",
                "seccomp rules", "hooks", "id-mapped mounts", "time namespace", "rlimits")) {
            Statistics.label(label).coverage(c -> c.check(true).percentage(p -> p >= 1));
        }
    }
}
