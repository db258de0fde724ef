package io.hako.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The resident hako's protocol: both halves agree, and a request is decoded whole or refused. */
class DaemonProtocolTest {
    /** The C half's constants, read from its header. */
    private static Map<String, String> header() throws Exception {
        Path header = Path.of(System.getProperty("hako.repo", "..")).resolve("cli/src/main/c/daemon_protocol.h");
        Map<String, String> defines = new LinkedHashMap<>();
        Matcher m = Pattern.compile("#define (DAEMON_\\w+) (.+?)(?:\\s*/\\*.*)?$", Pattern.MULTILINE)
                .matcher(Files.readString(header));
        while (m.find()) {
            defines.put(m.group(1), m.group(2).strip());
        }
        return defines;
    }

    @Test
    void bothHalvesHaveTheSameConstants() throws Exception {
        Map<String, String> c = header();
        assertEquals("0x" + Integer.toHexString(DaemonProtocol.MAGIC) + "u", c.get("DAEMON_MAGIC"));
        assertEquals(String.valueOf(DaemonProtocol.VERSION), c.get("DAEMON_VERSION"));
        assertEquals("(" + DaemonProtocol.MAX_REQUEST / 1024 + "u * 1024u)", c.get("DAEMON_MAX_REQUEST"));
        assertEquals(String.valueOf(DaemonProtocol.REQUEST_FDS), c.get("DAEMON_REQUEST_FDS"));
        assertEquals(String.valueOf(DaemonProtocol.MAX_CALLER_FDS), c.get("DAEMON_MAX_CALLER_FDS"));
        assertEquals(String.valueOf(DaemonProtocol.REPLY_COLD), c.get("DAEMON_REPLY_COLD"));
        assertEquals(String.valueOf(DaemonProtocol.REPLY_EXIT), c.get("DAEMON_REPLY_EXIT"));
        assertEquals("\"" + DaemonProtocol.SOCKET_DIRECTORY + "\"", c.get("DAEMON_SOCKET_DIRECTORY"));
        assertEquals("\"" + DaemonProtocol.SOCKET_NAME + "\"", c.get("DAEMON_SOCKET_NAME"));
        assertEquals(String.valueOf(DaemonProtocol.SPAWN), c.get("DAEMON_SPAWN"));
        assertEquals(String.valueOf(DaemonProtocol.SPAWNED), c.get("DAEMON_SPAWNED"));
        assertEquals(String.valueOf(DaemonProtocol.WAIT), c.get("DAEMON_WAIT"));
        assertEquals(String.valueOf(DaemonProtocol.WAITED), c.get("DAEMON_WAITED"));
        assertEquals(String.valueOf(DaemonProtocol.HOLD_SIGNALS), c.get("DAEMON_HOLD_SIGNALS"));
        assertEquals(String.valueOf(DaemonProtocol.WAIT_FORWARD_SIGNALS), c.get("DAEMON_WAIT_FORWARD_SIGNALS"));
        assertEquals(String.valueOf(DaemonProtocol.WAIT_RELAY_TERMINAL), c.get("DAEMON_WAIT_RELAY_TERMINAL"));
        assertEquals(String.valueOf(DaemonProtocol.SPAWN_EXECUTABLE_ATTACHED),
                c.get("DAEMON_SPAWN_EXECUTABLE_ATTACHED"));
        assertEquals(String.valueOf(DaemonProtocol.SPAWN_MAX_FDS), c.get("DAEMON_SPAWN_MAX_FDS"));
        assertEquals(18, c.size(), "a constant the test does not compare: " + c.keySet());
    }

    @Provide
    Arbitrary<DaemonProtocol.Request> requests() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<String> name = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12);
        Arbitrary<List<Integer>> descriptors = Arbitraries.integers().between(3, 100_000).set()
                .ofMaxSize(DaemonProtocol.MAX_CALLER_FDS).map(set -> set.stream().sorted().toList());
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 65535), text,
                text.list().ofMaxSize(8), Arbitraries.maps(name, text).ofMaxSize(8), descriptors)
                .as((version, build, args, env, fds) -> new DaemonProtocol.Request(version, build, args,
                        new LinkedHashMap<>(env), fds));
    }

    @Property(tries = 300)
    void aRequestSurvivesTheWire(@ForAll("requests") DaemonProtocol.Request request) throws Exception {
        assertEquals(request, DaemonProtocol.decode(DaemonProtocol.encode(request)));
    }

    @Property(tries = 300)
    void aCutOrPaddedRequestIsRefused(@ForAll("requests") DaemonProtocol.Request request,
            @ForAll int cut) {
        byte[] bytes = DaemonProtocol.encode(request);
        int length = Math.floorMod(cut, bytes.length + 8);
        if (length == bytes.length) {
            return;
        }
        byte[] changed = java.util.Arrays.copyOf(bytes, length);
        assertThrows(DaemonProtocol.MalformedRequest.class, () -> DaemonProtocol.decode(changed));
    }

    @Test
    void theCallersDescriptorsAreAboveItsStandardStreamsInOrderAndFew() {
        for (List<Integer> descriptors : List.of(List.of(2), List.of(5, 4), List.of(4, 4),
                java.util.stream.IntStream.range(3, 4 + DaemonProtocol.MAX_CALLER_FDS).boxed().toList())) {
            byte[] bytes = DaemonProtocol.encode(new DaemonProtocol.Request(1, "b", List.of(), new LinkedHashMap<>(),
                    descriptors));
            assertThrows(DaemonProtocol.MalformedRequest.class, () -> DaemonProtocol.decode(bytes),
                    descriptors.toString());
        }
    }

    @Test
    void theEnvironmentIsReadAsAProcessReadsItsOwn() throws Exception {
        byte[] bytes = DaemonProtocol.encode(new DaemonProtocol.Request(1, "b", List.of("state"),
                new LinkedHashMap<>(Map.of("A", "1")), List.of()));
        var decoded = DaemonProtocol.decode(bytes);
        assertEquals(Map.of("A", "1"), decoded.environment());
        assertThrows(DaemonProtocol.MalformedRequest.class, () -> DaemonProtocol.decode(new byte[] {1, 2, 3, 4}));
    }
}
