package io.hako.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and commit of this build, written into {@code build.properties} by the build (the commit is
 * {@code git describe --always --dirty}, "unknown" when built outside a git checkout).
 *
 * @param version the project version
 * @param commit the source commit
 */
public record BuildInfo(String version, String commit) {
    private static final String UNKNOWN = "unknown";

    /** This build's facts; "unknown" for any the build did not fill in. */
    public static BuildInfo current() {
        var properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // A jar we cannot read our own resource from is broken in ways a version line cannot help with.
        }
        return new BuildInfo(filled(properties.getProperty("version")), filled(properties.getProperty("commit")));
    }

    /** A value the build substituted, or "unknown" (absent, empty, or a placeholder left unfiltered). */
    private static String filled(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? UNKNOWN : value.strip();
    }
}
