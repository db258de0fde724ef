package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile configurations given to {@code create} (issue 17, bad input): each is refused with a non-zero status and
 * one line naming the field, and nothing is left — no container, no state directory, no bundle copy.
 */
class BadInputTest {
    private static final String HEAD = "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}, \"process\": "
            + "{\"cwd\": \"/\", \"args\": [\"true\"], \"user\": {\"uid\": 0, \"gid\": 0}";
    private static final String BIG = "x".repeat(20 << 20);

    @TempDir
    Path dir;
    Path bundle;
    String root;

    @BeforeEach
    void bundle() throws Exception {
        bundle = Hako.busyboxBundle(dir, "true");
        root = dir.resolve("state").toString();
    }

    @AfterEach
    void nothingLeft() throws IOException {
        assertEquals("", Hako.run(dir, "--root", root, "list", "-q").out());
        try (Stream<Path> left = Files.list(Path.of(root))) {
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().startsWith("@")).toList());
        } catch (NoSuchFileException e) {
            // nothing made at all
        }
    }

    private void refused(byte[] config, String pointer, String reason) throws IOException {
        Path file = bundle.resolve("config.json");
        Files.write(file, config);
        var create = Hako.run(bundle, "--root", root, "create", "bad");
        assertEquals(1, create.status(), create::toString);
        assertEquals(1, create.errLines().size(), () -> create.err().substring(0, Math.min(500, create.err().length())));
        String line = create.errLines().get(0);
        assertTrue(line.startsWith(file + ": " + pointer + ": " + reason), line);
        assertTrue(line.length() < 400, "one short line, not " + line.length() + " characters");
    }

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonNestedAHundredThousandDeep() throws IOException {
        refused(utf8(HEAD + "}, \"annotations\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}"),
                "/annotations", "not JSON: nested deeper than 500 arrays and objects at line 1, column ");
    }

    @Test
    void aByteThatIsNotUtf8() throws IOException {
        var json = new ByteArrayOutputStream();
        String[] around = HEAD.split("true", 2);
        json.writeBytes(utf8(around[0] + "tr"));
        json.write(0xfe);
        json.writeBytes(utf8("ue" + around[1] + "}}"));
        refused(json.toByteArray(), "/process/args/0", "not JSON: Invalid UTF-8 start byte 0xfe");
    }

    @Test
    void twentyMegabytesOfHostname() throws IOException {
        refused(utf8(HEAD + "}, \"hostname\": \"" + BIG + "\", \"linux\": {\"namespaces\": [{\"type\": \"uts\"}]}}"),
                "/hostname", "is 20971520 bytes, and the kernel takes at most 64");
    }

    @Test
    void twentyMegabytesOfEnvironment() throws IOException {
        refused(utf8(HEAD + ", \"env\": [\"BIG=" + BIG + "\"]}}"), "/process/env/0",
                "is 20971524 bytes, and the kernel takes at most 131071 in one argument or environment string");
    }

    @Test
    void aNumberOutOfRange() throws IOException {
        refused(utf8(HEAD.replace("\"uid\": 0", "\"uid\": 1e400") + "}}"), "/process/user/uid",
                "expected an unsigned 32-bit integer");
    }

    @Test
    void aNulInAPath() throws IOException {
        refused(utf8(HEAD.replace("\"cwd\": \"/\"", "\"cwd\": \"/tmp\\u0000/etc\"") + "}}"), "/process/cwd",
                "a string must not hold a NUL byte");
    }
}
