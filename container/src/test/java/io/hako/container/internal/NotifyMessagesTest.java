package io.hako.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.DefaultSpec;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** What of a container's sd_notify messages is forwarded, and what a container with the socket gets. Pure. */
class NotifyMessagesTest {
    private static String line(String message) {
        return NotifySocket.readyLine(message.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyAMessageThatBeginsWithReadyIsForwardedItsFirstLineAlone() {
        assertEquals("READY=1", line("READY=1"));
        assertEquals("READY=1", line("READY=1\nSTATUS=up\n"));
        assertNull(line("STATUS=up\nREADY=1"), "runc looks at the message's start only");
        assertNull(line("WATCHDOG=1"));
        assertNull(line(""));
    }

    @Property
    void theForwardedLineIsTheFirstOfAReadyMessage(@ForAll String message) {
        String forwarded = line(message);
        if (!message.startsWith("READY=")) {
            assertNull(forwarded);
        } else {
            assertEquals(message.split("\n", -1)[0], forwarded);
        }
    }

    @Test
    void theContainerGetsTheDirectoryReadOnlyAndTheVariable() {
        Spec spec = NotifySocket.withSocket(DefaultSpec.create(), Path.of("/run/hako/c1/notify"));
        Mount last = spec.mounts().getLast();
        assertEquals(new Mount("/run/notify", "bind", "/run/hako/c1/notify",
                List.of("bind", "nosuid", "noexec", "nodev", "ro"), null, null, null), last);
        assertEquals("NOTIFY_SOCKET=/run/notify/notify.sock", spec.process().env().getLast());
        assertTrue(DefaultSpec.create().mounts().size() + 1 == spec.mounts().size());
    }
}
