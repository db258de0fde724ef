package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --log} and {@code --log-format}: where errors go and in what shape. containerd reads the {@code msg}
 * of the last {@code "level":"error"} record of the log; podman parses the whole log as one JSON object, so a
 * failed call writes exactly one error record.
 */
class LogTest {
    private static final Pattern JSON_RECORD = Pattern.compile(
            "\\{\"level\":\"(error|debug)\",\"msg\":\"((?:[^\"\\\\]|\\\\.)*)\",\"time\":\"([^\"]+)\"}");
    private static final Pattern TEXT_RECORD = Pattern.compile(
            "time=\"([^\"]+)\" level=(error|debug) msg=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");

    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve("log.json");
    }

    @Test
    void aFailureAppendsOneJsonRecordAndPrintsTheMessageOnStderr() throws Exception {
        Instant before = Instant.now();
        Hako.Result result = Hako.run(dir, "--log", log().toString(), "--log-format", "json", "state", "x");
        assertEquals(1, result.status());
        assertEquals("", result.out());
        assertEquals("container does not exist\n", result.err());

        List<String> records = Files.readAllLines(log());
        assertEquals(1, records.size());
        Matcher m = JSON_RECORD.matcher(records.getFirst());
        assertTrue(m.matches(), records.getFirst());
        assertEquals("error", m.group(1));
        assertEquals("container does not exist", m.group(2));
        // RFC 3339 in UTC, as Go's time.Time reads it; written during the call.
        Instant time = Instant.parse(m.group(3));
        assertFalse(time.isBefore(before.minus(Duration.ofSeconds(1))));
        assertFalse(time.isAfter(Instant.now().plus(Duration.ofSeconds(1))));
        // Created 0644 like runc's (less what the umask takes): readable, never writable by others.
        var permissions = Files.getPosixFilePermissions(log());
        assertTrue(permissions.containsAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        assertTrue(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ).containsAll(permissions),
                permissions::toString);
    }

    @Test
    void recordsAreAppendedOnePerFailure() throws Exception {
        Files.writeString(log(), "{\"level\":\"info\",\"msg\":\"earlier\",\"time\":\"2026-01-01T00:00:00Z\"}\n");
        Hako.run(dir, "--log", log().toString(), "--log-format", "json", "kill", "x", "KILL");
        Hako.run(dir, "--log", log().toString(), "--log-format", "json", "kill");
        List<String> records = Files.readAllLines(log());
        assertEquals(3, records.size(), records::toString);
        assertTrue(records.get(1).contains("\"msg\":\"container does not exist\""), records.get(1));
        assertTrue(records.get(2).contains("\"msg\":\"hako: \\\"kill\\\" requires a minimum of 1 argument(s)\""),
                records.get(2));
    }

    @Test
    void successWritesNoLogAtAll() {
        assertEquals(0, Hako.run(dir, "--log", log().toString(), "--log-format", "json", "features").status());
        assertFalse(Files.exists(log()));
    }

    @Test
    void textFormatIsLogrusStyle() throws Exception {
        Hako.run(dir, "--log", log().toString(), "delete", "x");
        String record = Files.readString(log());
        Matcher m = TEXT_RECORD.matcher(record.strip());
        assertTrue(m.matches(), record);
        assertEquals("error", m.group(2));
        assertEquals("\"container does not exist\"", m.group(3));
        Instant.parse(m.group(1));
    }

    @Test
    void withoutALogFileJsonGoesToStderrAndTextIsPlain() {
        Hako.Result json = Hako.run(dir, "--log-format", "json", "start", "x");
        assertTrue(JSON_RECORD.matcher(json.err().strip()).matches(), json.err());
        assertEquals(1, json.errLines().size());

        Hako.Result text = Hako.run(dir, "start", "x");
        assertEquals("container does not exist\n", text.err());
    }

    @Test
    void messagesAreEscapedInBothFormats() throws Exception {
        // A flag value with a quote, a backslash and a newline comes back in the error message.
        String nasty = "a\"b\\c\nd";
        Hako.run(dir, "--log", log().toString(), "--log-format", "json", "kill", "x", nasty);
        String record = Files.readString(log());
        assertEquals(1, record.lines().count(), record);
        Matcher m = JSON_RECORD.matcher(record.strip());
        assertTrue(m.matches(), record);
        assertEquals("unknown signal \\\"a\\\\\\\"b\\\\\\\\c\\\\nd\\\"", m.group(2));

        Path text = dir.resolve("log.txt");
        Hako.run(dir, "--log", text.toString(), "kill", "x", nasty);
        assertEquals(1, Files.readString(text).lines().count());
        assertTrue(TEXT_RECORD.matcher(Files.readString(text).strip()).matches(), Files.readString(text));
    }

    @Test
    void aRelativeLogPathIsTheCallersNotTheJvms() throws Exception {
        Hako.run(dir, "--log", "relative.log", "--log-format", "json", "state", "x");
        assertEquals(1, Files.readAllLines(dir.resolve("relative.log")).size());
    }

    @Test
    void debugAddsDebugRecords() throws Exception {
        Hako.run(dir, "--debug", "--log", log().toString(), "--log-format", "json", "state", "x");
        List<String> records = Files.readAllLines(log());
        assertTrue(records.size() >= 2, records::toString);
        assertTrue(records.getFirst().startsWith("{\"level\":\"debug\""), records::toString);
        assertEquals(1, records.stream().filter(r -> r.startsWith("{\"level\":\"error\"")).count());
        assertTrue(records.getLast().startsWith("{\"level\":\"error\""), "the error is the last record");
    }

    @Test
    void anUnknownFormatIsRuncsErrorOnStderr() {
        Hako.Result result = Hako.run(dir, "--log", log().toString(), "--log-format", "xml", "state", "x");
        assertEquals(1, result.status());
        assertEquals("invalid log-format: xml", result.errLines().getFirst());
        assertFalse(Files.exists(log()), "the format is checked before anything is logged");
    }

    @Test
    void aLogThatCannotBeWrittenDoesNotLoseTheError() {
        Hako.Result result = Hako.run(dir, "--log", dir.resolve("no/such/dir/log").toString(), "--log-format",
                "json", "state", "x");
        assertEquals(1, result.status());
        assertTrue(result.err().contains("cannot write to log"), result.err());
        assertTrue(result.err().contains("\"msg\":\"container does not exist\""), result.err());
    }
}
