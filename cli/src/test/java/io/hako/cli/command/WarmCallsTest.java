package io.hako.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cli.Invocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which calls a resident hako takes, decided from the command line and environment alone. */
class WarmCallsTest {
    private static Invocation invocation(Map<String, String> environment, String commandLine) {
        return new Invocation(List.of(commandLine.split(" ")), Path.of("/"), environment,
                new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), new ByteArrayOutputStream());
    }

    private static Optional<String> coldReason(Map<String, String> environment, String commandLine) {
        return WarmCalls.coldReason(invocation(environment, commandLine));
    }

    @ParameterizedTest
    @ValueSource(strings = {"state c", "list", "create --bundle /b c", "start c", "kill c 9", "delete --force c",
        "run --bundle /b c", "run -d --bundle /b c", "exec c true", "exec -t c sh", "exec -d c true",
        "ps --format json c", "ps c", "ps c -- -o pid", "--version", "features", "nosuch", "exec", "exec --preserve-fds 1 c true",
        "run --preserve-fds 2 --bundle /b c", "create --preserve-fds 1 --bundle /b c"})
    void theseAreTaken(String commandLine) {
        assertEquals(Optional.empty(), coldReason(Map.of(), commandLine));
        // The caller's descriptors come with the call; its pid is the client's, which systemd knows.
        assertEquals(Optional.empty(), coldReason(Map.of("LISTEN_FDS", "1", "NOTIFY_SOCKET", "/run/n"), commandLine));
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint c", "restore c", "daemon"})
    void theseRunCold(String commandLine) {
        assertTrue(coldReason(Map.of(), commandLine).isPresent(), commandLine);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run --bundle /b c", "exec c true", "exec -t c sh", "--root /r exec c true"})
    void aForegroundRunOrExecStaysWithItsProcess(String commandLine) {
        assertTrue(WarmCalls.staysWithItsProcess(invocation(Map.of(), commandLine)), commandLine);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run -d --bundle /b c", "exec -d c true", "create --bundle /b c", "state c", "exec",
        "--version", "nosuch"})
    void otherCallsDoNot(String commandLine) {
        assertTrue(!WarmCalls.staysWithItsProcess(invocation(Map.of(), commandLine)), commandLine);
    }
}
