package io.hako.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.oci.config.NamespaceType;
import io.hako.oci.features.CgroupFeatures;
import io.hako.oci.features.Enabled;
import io.hako.oci.features.Features;
import io.hako.oci.features.LinuxFeatures;
import io.hako.oci.features.MountExtensions;
import io.hako.oci.features.SeccompFeatures;
import io.hako.oci.testing.JsonSchema;
import io.hako.oci.testing.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The features document (features.md, features-linux.md): arbitrary ones round-trip and match the schema. */
class FeaturesTest {

    @Provide
    Arbitrary<Features> features() {
        Arbitrary<Boolean> bool = Arbitraries.of(true, false).injectNull(0.3);
        Arbitrary<Enabled> enabled = Combinators.combine(bool, SpecArbitraries.unknown(Enabled.class))
                .as(Enabled::new).injectNull(0.3);
        Arbitrary<SeccompFeatures> seccomp = Combinators.combine(bool,
                        SpecArbitraries.subsetList(SpecValidator.SECCOMP_ACTIONS).injectNull(0.2),
                        SpecArbitraries.subsetList(SpecValidator.SECCOMP_OPERATORS).injectNull(0.2),
                        SpecArbitraries.subsetList(SpecValidator.SECCOMP_ARCHS).injectNull(0.2),
                        SpecArbitraries.subsetList(SpecValidator.SECCOMP_FLAGS).injectNull(0.2),
                        SpecArbitraries.subsetList(SpecValidator.SECCOMP_FLAGS).injectNull(0.2),
                        SpecArbitraries.unknown(SeccompFeatures.class))
                .as(SeccompFeatures::new);
        Arbitrary<LinuxFeatures> linux = SpecArbitraries.combine(p -> new LinuxFeatures(p.at(0), p.at(1), p.at(2),
                        p.at(3), p.at(4), p.at(5), p.at(6), p.at(7), p.at(8), p.at(9)),
                SpecArbitraries.subsetList(Arrays.stream(NamespaceType.values()).map(NamespaceType::toString)
                        .collect(Collectors.toSet())).injectNull(0.2),
                Arbitraries.subsetOf(SpecValidator.KNOWN_CAPABILITIES).map(List::copyOf).injectNull(0.2),
                Combinators.combine(bool, bool, bool, bool, bool, SpecArbitraries.unknown(CgroupFeatures.class))
                        .as(CgroupFeatures::new).injectNull(0.2),
                seccomp.injectNull(0.2), enabled, enabled, enabled,
                Combinators.combine(enabled, SpecArbitraries.unknown(MountExtensions.class)).as(MountExtensions::new)
                        .injectNull(0.3),
                enabled, SpecArbitraries.unknown(LinuxFeatures.class));
        return SpecArbitraries.combine(p -> new Features(p.at(0), p.at(1), p.at(2), p.at(3), p.at(4), p.at(5),
                        p.at(6), p.at(7)),
                SpecArbitraries.ociVersion(), SpecArbitraries.ociVersion(),
                Arbitraries.subsetOf("prestart", "createRuntime", "createContainer", "startContainer", "poststart",
                        "poststop").map(List::copyOf).injectNull(0.2),
                Arbitraries.of("ro", "rw", "rbind", "idmap", "rro", "nosymfollow").list().uniqueElements()
                        .injectNull(0.2),
                linux.injectNull(0.2),
                SpecArbitraries.annotations().injectNull(0.4),
                Arbitraries.of("org.example.", "io.kubernetes.cri.").list().uniqueElements().injectNull(0.5),
                SpecArbitraries.unknown(Features.class));
    }

    @Property(tries = 300)
    void featuresSurviveJson(@ForAll("features") Features features) throws DocumentException {
        assertEquals(features, OciJson.readFeatures(OciJson.write(features)));
    }

    @Property(tries = 300)
    @NeedsRuntimeSpec
    void writtenFeaturesMatchTheSchema(@ForAll("features") Features features) {
        var schema = JsonSchema.runtimeSpec("features-schema.json");
        assertEquals(List.of(), schema.validate(JsonValue.parse(OciJson.write(features))));
    }
}
