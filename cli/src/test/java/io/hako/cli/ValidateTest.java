package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.DefaultSpec;
import io.hako.oci.OciJson;
import io.hako.oci.config.HugepageLimit;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code hako validate}: a bundle checked against the runtime spec, every problem a line naming its field. */
class ValidateTest {
    @TempDir
    Path dir;

    private Path bundle() throws IOException {
        assertEquals(0, Hako.run(dir, "spec").status());
        return Files.createDirectory(dir.resolve("rootfs"));
    }

    private void config(String json) throws IOException {
        Files.writeString(dir.resolve("config.json"), json);
    }

    @Test
    void aBundleFromSpecWithItsRootfsIsValid() throws IOException {
        bundle();
        Hako.Result result = Hako.run(dir, "validate");
        assertEquals(0, result.status(), result::toString);
        assertEquals(dir.resolve("config.json") + ": valid\n", result.out());
        assertEquals("", result.err());
        assertEquals(0, Hako.run(Path.of("/"), "validate", "--bundle", dir.toString()).status());
        assertEquals(0, Hako.run(Path.of("/"), "validate", "-b", dir.toString()).status());
    }

    @Test
    void aMissingRootfsIsAProblemOfRootPath() throws IOException {
        assertEquals(0, Hako.run(dir, "spec").status());
        Hako.Result result = Hako.run(dir, "validate");
        assertEquals(1, result.status());
        assertEquals(List.of("config.json: /root/path: " + dir.resolve("rootfs") + " does not exist"),
                result.errLines());

        Files.writeString(dir.resolve("rootfs"), "a file");
        assertEquals(List.of("config.json: /root/path: " + dir.resolve("rootfs") + " is not a directory"),
                Hako.run(dir, "validate").errLines());
    }

    @Test
    void eachProblemIsALineThenOneErrorForTheLog() throws IOException {
        bundle();
        String config = Files.readString(dir.resolve("config.json"))
                .replace("\"cwd\": \"/\"", "\"cwd\": \"relative\"")
                .replace("\"type\": \"uts\"", "\"type\": \"ipc\"");
        config(config);
        Path log = dir.resolve("log.json");
        Hako.Result result = Hako.run(dir, "--log", log.toString(), "--log-format", "json", "validate");
        assertEquals(1, result.status());
        List<String> lines = result.errLines();
        // a relative cwd, "ipc" twice, and a hostname without a UTS namespace; then the summary.
        assertEquals(4, lines.size(), result::toString);
        assertTrue(lines.contains("config.json: /process/cwd: must be an absolute path, got \"relative\""),
                result::toString);
        for (String line : lines) {
            assertTrue(line.startsWith("config.json: /") || line.matches("config\\.json: \\d+ problems.*"), line);
        }
        assertEquals(1, Files.readAllLines(log).size());
        assertTrue(Files.readString(log).contains("problems"));
    }

    static Stream<String> unreadable() {
        return Stream.of("", "not json", "{\"ociVersion\": ", "[1, 2]", "{\"ociVersion\": 1}",
                "{\"ociVersion\": \"1.0.0\"} {}");
    }

    @ParameterizedTest
    @MethodSource("unreadable")
    void aConfigThatCannotBeReadIsOneLineAndNoStackTrace(String json) throws IOException {
        config(json);
        Hako.Result result = Hako.run(dir, "validate");
        assertEquals(1, result.status());
        assertEquals(1, result.errLines().size(), result::toString);
        assertTrue(result.err().startsWith("config.json: "), result.err());
        assertFalse(result.err().contains("Exception"), result.err());
        assertFalse(result.err().contains("\tat "), result.err());
    }

    @Test
    void noConfigIsRuncsMessage() {
        Hako.Result result = Hako.run(dir, "validate");
        assertEquals(1, result.status());
        assertEquals(List.of("JSON specification file config.json not found in " + dir), result.errLines());
    }

    @Test
    void aHugepageSizeThatIsNotOneIsAProblemOfItsField() throws IOException {
        bundle();
        Spec spec = DefaultSpec.create().editLinux(linux -> linux.editResources(
                resources -> resources.withHugepageLimits(List.of(new HugepageLimit("64kB", 0, null)))));
        Files.write(dir.resolve("config.json"), OciJson.write(spec, true));
        Hako.Result result = Hako.run(dir, "validate");
        assertEquals(1, result.status());
        assertEquals("config.json: /linux/resources/hugepageLimits/0/pageSize: \"64kB\" is not a page size like 2MB "
                + "or 1GB", result.errLines().getFirst(), result::toString);
    }
}
