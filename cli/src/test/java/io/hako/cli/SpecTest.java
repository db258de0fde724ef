package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.DefaultSpec;
import io.hako.oci.OciJson;
import io.hako.oci.SpecValidator;
import io.hako.oci.config.IdMapping;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hako spec}: a starting config.json that hako's own reader and validator accept, never overwriting. */
class SpecTest {
    @TempDir
    Path dir;

    @Test
    void writesTheDefaultSpecIntoTheWorkingDirectory() throws Exception {
        Hako.Result result = Hako.run(dir, "spec");
        assertEquals(0, result.status(), result::toString);
        assertEquals("", result.out());
        assertEquals("", result.err());

        byte[] json = Files.readAllBytes(dir.resolve("config.json"));
        Spec spec = OciJson.readSpec(json);
        assertEquals(List.of(), SpecValidator.validate(spec));
        assertEquals(DefaultSpec.create(), spec);
        assertEquals(DefaultSpec.OCI_VERSION, spec.ociVersion());
        assertEquals(List.of("sh"), spec.process().args());
        // Pretty-printed like runc's: tab-indented, one field a line.
        String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\n\t\"ociVersion\": \"" + DefaultSpec.OCI_VERSION + "\",\n"), text);
    }

    @Test
    void bundleFlagInBothForms() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        assertEquals(0, Hako.run(dir, "spec", "--bundle", "a").status());
        assertEquals(0, Hako.run(dir, "spec", "-b=" + b).status());
        assertTrue(Files.isRegularFile(a.resolve("config.json")));
        assertTrue(Files.isRegularFile(b.resolve("config.json")));
        assertFalse(Files.exists(dir.resolve("config.json")));
    }

    @Test
    void refusesToOverwriteWithRuncsWords() throws Exception {
        Files.writeString(dir.resolve("config.json"), "mine");
        Hako.Result result = Hako.run(dir, "spec");
        assertEquals(1, result.status());
        assertEquals("File config.json exists. Remove it first\n", result.err());
        assertEquals("mine", Files.readString(dir.resolve("config.json")));
    }

    @Test
    void refusesADanglingSymlinkInsteadOfWritingThroughIt() throws Exception {
        Path target = dir.resolve("elsewhere.json");
        Files.createSymbolicLink(dir.resolve("config.json"), target);
        assertEquals(1, Hako.run(dir, "spec").status());
        assertFalse(Files.exists(target));
    }

    @Test
    void aMissingBundleIsOneLineNamingThePath() {
        Hako.Result result = Hako.run(dir, "spec", "--bundle", "nowhere");
        assertEquals(1, result.status());
        assertEquals("write " + dir.resolve("nowhere/config.json") + ": no such file or directory\n", result.err());
    }

    @Test
    void rootlessMapsTheCallersEffectiveIds() throws Exception {
        assertEquals(0, Hako.run(dir, "spec", "--rootless").status());
        Spec spec = OciJson.readSpec(dir.resolve("config.json"));
        assertEquals(List.of(), SpecValidator.validate(spec));
        // The owner of a file this process creates is its effective uid and gid: an independent witness.
        Path probe = Files.createFile(dir.resolve("probe"));
        long uid = ((Number) Files.getAttribute(probe, "unix:uid")).longValue();
        long gid = ((Number) Files.getAttribute(probe, "unix:gid")).longValue();
        assertEquals(List.of(new IdMapping(0, uid, 1)), spec.linux().uidMappings());
        assertEquals(List.of(new IdMapping(0, gid, 1)), spec.linux().gidMappings());
        assertTrue(spec.linux().namespaces().stream().anyMatch(n -> n.type() == NamespaceType.USER));
        assertEquals(DefaultSpec.rootless(uid, gid), spec);
    }

    @Test
    void takesNoArguments() {
        Hako.Result result = Hako.run(dir, "spec", "extra");
        assertEquals(1, result.status());
        assertEquals("hako: \"spec\" requires exactly 0 argument(s)", result.errLines().getFirst());
        assertFalse(Files.exists(dir.resolve("config.json")));
    }
}
