package io.hako.cli.command;

import io.hako.checkpoint.CriuCheck;
import io.hako.container.RuntimeFeatures;
import io.hako.oci.OciJson;
import io.hako.oci.features.Features;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code hako features}: the features document of this build, as JSON. */
final class FeaturesCommand {
    /** Whether checkpoint and restore work on this host (runc's {@code org.opencontainers.runc.checkpoint.enabled}). */
    static final String CHECKPOINT_ANNOTATION = "io.hako.checkpoint.enabled";
    /** CRIU's version and check, with its reason when it fails. */
    static final String CRIU_ANNOTATION = "io.hako.checkpoint.criu";

    private FeaturesCommand() {}

    static void run(PrintStream out, BuildInfo build, CriuCheck criu) {
        Features features = withCheckpoint(RuntimeFeatures.document(build.version(), build.commit()), criu);
        byte[] json = OciJson.write(features, true);
        out.write(json, 0, json.length);
    }

    /** The document with what CRIU said. Pure. */
    static Features withCheckpoint(Features features, CriuCheck check) {
        Map<String, String> annotations = new LinkedHashMap<>(features.annotations() == null ? Map.of()
                : features.annotations());
        annotations.put(CHECKPOINT_ANNOTATION, String.valueOf(check.works()));
        annotations.put(CRIU_ANNOTATION, check.summary());
        return new Features(features.ociVersionMin(), features.ociVersionMax(), features.hooks(),
                features.mountOptions(), features.linux(), annotations, features.potentiallyUnsafeConfigAnnotations(),
                features.unknown());
    }
}
