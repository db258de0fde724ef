package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.DefaultSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hako --version}: runc's layout, which containerd's go-runc reads line by line. */
class VersionTest {
    @TempDir
    Path dir;

    /** go-runc's {@code parseVersion}, with hako's name on the first line. */
    private record Version(String version, String commit, String spec) {
        static Version parse(String output) {
            List<String> lines = output.strip().lines().toList();
            assertTrue(lines.getFirst().startsWith("hako version "), output);
            String commit = null;
            String spec = null;
            for (String line : lines.subList(1, lines.size())) {
                if (line.startsWith("commit: ")) {
                    commit = line.substring(8);
                } else if (line.startsWith("spec: ")) {
                    spec = line.substring(6);
                }
            }
            return new Version(lines.getFirst().substring(13), commit, spec);
        }
    }

    @Test
    void printsVersionCommitAndSpec() {
        Hako.Result result = Hako.run(dir, "--version");
        assertEquals(0, result.status());
        assertEquals("", result.err());
        Version version = Version.parse(result.out());
        assertTrue(version.version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), version.version());
        assertEquals(DefaultSpec.OCI_VERSION, version.spec());
        assertTrue(version.commit().matches("\\S+"), version.commit());
    }

    @Test
    void theCommitComesFromGitWhenBuiltInACheckout() {
        Path repo = Path.of(System.getProperty("hako.repo", "/nonexistent"));
        if (Files.isDirectory(repo.resolve(".git"))) {
            String commit = Version.parse(Hako.run(dir, "--version").out()).commit();
            assertNotEquals("unknown", commit);
            // git describe --always --dirty: an abbreviated hash, after a tag if there is one.
            assertTrue(commit.matches("(.+-g)?[0-9a-f]{7,40}(-dirty)?|[\\w.+-]+"), commit);
        }
    }

    @Test
    void shortFormAndAnyOtherArgumentsAreTheSame() {
        String expected = Hako.run(dir, "--version").out();
        assertEquals(expected, Hako.run(dir, "-v").out());
        assertEquals(expected, Hako.run(dir, "-version").out());
        assertEquals(expected, Hako.run(dir, "--root", "/r", "--version", "state", "x").out());
    }

    @Test
    void comesBeforeTheChecksOfOtherOptions() {
        // As in runc, --version prints even when an option that would stop a command is wrong.
        Hako.Result result = Hako.run(dir, "--log-format", "xml", "--version");
        assertEquals(0, result.status());
        assertTrue(result.out().startsWith("hako version "));
    }

    @Test
    void helpWinsOverVersion() {
        assertTrue(Hako.run(dir, "--version", "--help").out().startsWith("NAME:\n"));
    }
}
