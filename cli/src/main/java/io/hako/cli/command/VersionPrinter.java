package io.hako.cli.command;

import io.hako.checkpoint.CriuCheck;
import io.hako.oci.DefaultSpec;
import java.io.PrintStream;

/**
 * {@code hako --version}, in runc's layout, which containerd's go-runc reads line by line
 * ({@code ... version X}, {@code commit: C}, {@code spec: S}).
 */
final class VersionPrinter {
    private VersionPrinter() {}

    static void print(PrintStream out, BuildInfo build, CriuCheck criu) {
        out.print("hako version ");
        printVersionBody(out, build);
        // Whether checkpoint and restore work here: CRIU's own check, its reason when it fails.
        out.println("criu: " + criu.summary());
    }

    /** The version and the lines under it, as runc prints them after "runc version" and in its help. */
    static void printVersionBody(PrintStream out, BuildInfo build) {
        out.println(build.version());
        out.println("commit: " + build.commit());
        // A compile-time constant: reading it loads nothing of the spec library.
        out.println("spec: " + DefaultSpec.OCI_VERSION);
        out.println("java: " + System.getProperty("java.runtime.version", "unknown"));
    }
}
