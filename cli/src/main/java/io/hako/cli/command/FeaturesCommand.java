package io.hako.cli.command;

import io.hako.container.RuntimeFeatures;
import io.hako.oci.OciJson;
import java.io.PrintStream;

/** {@code hako features}: the features document of this build, as JSON. */
final class FeaturesCommand {
    private FeaturesCommand() {}

    static void run(PrintStream out, BuildInfo build) {
        byte[] json = OciJson.write(RuntimeFeatures.document(build.version(), build.commit()), true);
        out.write(json, 0, json.length);
    }
}
