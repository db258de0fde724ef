package io.hako.examples.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.seccomp.SeccompCompilers;
import io.hako.seccomp.SeccompException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileProfileTest {
    private static final Path SMALL = Path.of("src/test/resources/small-profile.json");
    // podman's default profile (Debian's golang-github-containers-common), Docker's with a few more syscalls.
    private static final Path PODMAN = Path.of("/usr/share/containers/seccomp.json");

    record Output(int status, List<String> out, String err) {}

    @BeforeAll
    static void libseccomp() {
        try {
            SeccompCompilers.require();
        } catch (SeccompException e) {
            assumeTrue(false, "no seccomp compiler here: " + e.getMessage());
        }
    }

    private static Output run(String... args) throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
                var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = CompileProfile.run(args, o, e);
        }
        return new Output(status, out.toString(StandardCharsets.UTF_8).lines().toList(),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void compilesASmallProfileForDockersCapabilities() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the expected output is x86-64's");

        Output output = run(SMALL.toString(), "3");

        assertEquals(0, output.status(), output.err());
        assertEquals("profile: " + SMALL + " (default action SCMP_ACT_ERRNO, 6 rules)", output.out().get(0));
        // Not reboot (no CAP_SYS_BOOT); chown (CAP_CHOWN), arch_prctl (amd64) and clone (no CAP_SYS_ADMIN) are in.
        assertEquals("for amd64 with Docker's 14 capabilities: 5 rules naming 10 syscalls, architectures"
                + " SCMP_ARCH_X86_64 SCMP_ARCH_X86 SCMP_ARCH_X32", output.out().get(1));
        assertTrue(output.out().get(2).matches("compiled by libseccomp: \\d+ instructions \\(\\d+ bytes\\)"),
                output.out().get(2));
        // Every libseccomp filter starts by checking the architecture.
        assertEquals("   0: ld [4]  ; arch", output.out().get(3));
        assertTrue(output.out().get(4).startsWith("   1: jeq #0x"), output.out().get(4));
        assertEquals(6, output.out().size(), String.join("\n", output.out()));
    }

    @Test
    void compilesPodmansDefaultProfile() throws Exception {
        assumeTrue(Files.isReadable(PODMAN), "no " + PODMAN + " (Debian's golang-github-containers-common)");

        Output output = run(PODMAN.toString());

        assertEquals(0, output.status(), output.err());
        assertTrue(output.out().get(0).startsWith("profile: " + PODMAN + " (default action SCMP_ACT_ERRNO, "));
        String size = output.out().get(2);
        int instructions = Integer.parseInt(size.replaceAll("compiled by libseccomp: (\\d+) instructions.*", "$1"));
        assertTrue(instructions > 100 && instructions <= 4096, size);
        assertEquals(2 + 1 + 8, output.out().size());
        assertEquals("   0: ld [4]  ; arch", output.out().get(3));
    }

    @Test
    void aProfileThatDoesNotBindIsOneLineNamingItsField(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("bad.json");
        Files.writeString(profile, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": 7}]}");

        Output output = run(profile.toString());

        assertEquals(1, output.status());
        assertEquals(List.of(), output.out());
        assertEquals(1, output.err().lines().count(), output.err());
        assertTrue(output.err().startsWith(profile + ": /syscalls/0/names"), output.err());
    }

    @Test
    void anActionLibseccompDoesNotKnowIsRefusedNamingTheField(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("bad.json");
        Files.writeString(profile, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"],"
                + " \"action\": \"SCMP_ACT_EXPLODE\"}]}");

        Output output = run(profile.toString());

        assertEquals(1, output.status());
        assertEquals(1, output.err().lines().count(), output.err());
        assertTrue(output.err().contains("/syscalls/0/action"), output.err());
    }

    @Test
    void aProfileThatIsNotThereIsOneLine(@TempDir Path dir) throws Exception {
        Output output = run(dir.resolve("missing.json").toString());

        assertEquals(1, output.status());
        assertEquals(1, output.err().lines().count(), output.err());
        assertTrue(output.err().startsWith(dir.resolve("missing.json") + ": cannot read it: "), output.err());
    }

    @Test
    void kernelVersionsCompareByTheirLeadingNumbers() {
        assertTrue(DockerProfile.compareVersions("6.1.0-13-amd64", "4.8") > 0);
        assertTrue(DockerProfile.compareVersions("4.8.0", "4.8") == 0);
        assertTrue(DockerProfile.compareVersions("4.4.1", "4.8") < 0);
    }
}
