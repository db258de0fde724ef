package io.hako.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.sys.Sys;
import io.hako.sys.UnixSocket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sd_notify through a container ({@code NOTIFY_SOCKET}), as runc proxies it: a tiny static notifier in the
 * container speaks to hako's socket, and the test listens where a caller's {@code NOTIFY_SOCKET} would be.
 */
class NotifySocketTest {
    /** sendto(2) of its arguments, joined by newlines, to $NOTIFY_SOCKET: what sd_notify(3) does. */
    private static final String NOTIFIER = """
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/socket.h>
            #include <sys/un.h>
            int main(int argc, char **argv) {
                const char *path = getenv("NOTIFY_SOCKET");
                if (path == NULL) { fputs("no NOTIFY_SOCKET\\n", stderr); return 2; }
                char message[4096] = "";
                for (int i = 1; i < argc; i++) {
                    if (i > 1) strcat(message, "\\n");
                    strncat(message, argv[i], sizeof message - strlen(message) - 2);
                }
                struct sockaddr_un address = {.sun_family = AF_UNIX};
                strncpy(address.sun_path, path, sizeof address.sun_path - 1);
                int s = socket(AF_UNIX, SOCK_DGRAM, 0);
                if (sendto(s, message, strlen(message), 0, (struct sockaddr *) &address, sizeof address) < 0) {
                    perror("sendto");
                    return 1;
                }
                return 0;
            }
            """;

    @TempDir
    Path dir;
    private Containers containers;
    private Path notifier;
    private UnixSocket host;
    private String hostPath;

    @BeforeEach
    void setUp() throws Exception {
        Bundles.assumeContainersCanRun();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "needs gcc to build the notifier");
        Path source = dir.resolve("notify.c");
        Files.writeString(source, NOTIFIER);
        notifier = dir.resolve("notify");
        Process gcc = new ProcessBuilder("/usr/bin/gcc", "-static", "-O2", "-o", notifier.toString(),
                source.toString()).redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(gcc.waitFor() == 0, "cannot build a static notifier (static libc?): " + output);
        containers = Containers.open(dir.resolve("state"));
        hostPath = dir.resolve("host.sock").toString();
        host = UnixSocket.bindDatagram(hostPath);
    }

    @AfterEach
    void tearDown() throws Exception {
        Bundles.deleteAll(containers);
        if (host != null) {
            host.close();
        }
    }

    private Path bundle(String script) throws IOException {
        return bundle(script, spec -> spec);
    }

    private Path bundle(String script, UnaryOperator<io.hako.oci.config.Spec> edit) throws IOException {
        Path bundle = Bundles.busybox(dir, script, edit);
        Files.copy(notifier, bundle.resolve("rootfs/bin/notify"));
        return bundle;
    }

    private static CreateOptions notifying(String socket) {
        return new CreateOptions(null, false, 0, null, 0, false, false, false, socket);
    }

    /** What the caller's socket has received, without waiting: each message as text. */
    private List<String> received() throws Exception {
        List<String> messages = new ArrayList<>();
        while (Sys.pollIn(0, host.fd())[0] != 0) {
            messages.add(new String(host.receive(4096).data(), StandardCharsets.UTF_8));
        }
        return messages;
    }

    @Test
    void readinessReachesTheCallerOnlyAfterStartWithTheInitsPid() throws Exception {
        Path bundle = bundle("echo $NOTIFY_SOCKET > /out/env; grep ' /run/notify ' /proc/self/mounts > /out/mount; "
                + "notify STATUS=starting; notify READY=1 STATUS=up; notify READY=1; sleep 30");
        ContainerInfo created = containers.create("n1", bundle, notifying(hostPath));
        Path socket = dir.resolve("state/n1/notify/notify.sock");
        assertFalse(Files.exists(socket), "bound at start, as runc binds it");
        assertEquals(List.of(), received());

        containers.start("n1", hostPath);
        assertEquals(List.of("READY=1\n", "MAINPID=" + created.pid() + "\n"), received(),
                "the first READY line, then the pid to watch; STATUS and later messages are dropped");
        assertEquals("/run/notify/notify.sock\n", Files.readString(dir.resolve("out/env")));
        String mount = Files.readString(dir.resolve("out/mount"));
        assertTrue(mount.contains(" /run/notify "), mount);
        assertTrue(mount.contains(" ro,") && mount.contains("nosuid") && mount.contains("nodev")
                && mount.contains("noexec"), mount);
        assertEquals(0777, (int) Files.getAttribute(socket, "unix:mode") & 0777);

        containers.delete("n1", true);
        assertFalse(Files.exists(dir.resolve("state/n1")), "the socket and its directory go with the container");
    }

    @Test
    void aContainerThatExitsBeforeReadyEndsTheWaitWithoutAMessage() throws Exception {
        containers.create("n2", bundle("notify STATUS=no-ready-here"), notifying(hostPath));
        containers.start("n2", hostPath);
        assertEquals(0, containers.waitForExit("n2"));
        assertEquals(List.of(), received());
    }

    @Test
    void aCallerSocketThatIsGoneIsAnErrorOnceStarted() throws Exception {
        String gone = dir.resolve("gone.sock").toString();
        containers.create("n3", bundle("sleep 30"), notifying(gone));
        ContainerException e = assertThrows(ContainerException.class, () -> containers.start("n3", gone));
        assertEquals("start: notify socket: connect \"" + gone + "\": no such file or directory", e.getMessage());
        assertEquals(Status.RUNNING, containers.state("n3").status(), "started before the caller was sought, as runc");
    }

    @Test
    void aCallerSocketPathTooLongForUnixSocketsIsAnErrorNotATrace() throws Exception {
        String tooLong = "/" + "x".repeat(120);
        containers.create("n7", bundle("sleep 30"), notifying(tooLong));
        ContainerException e = assertThrows(ContainerException.class, () -> containers.start("n7", tooLong));
        assertTrue(e.getMessage().startsWith("start: NOTIFY_SOCKET: not a unix socket path (at most 107 bytes"),
                e.getMessage());
    }

    @Test
    void aStartWithNotifySocketForAContainerMadeWithoutOneFailsBeforeStarting() throws Exception {
        containers.create("n4", bundle("sleep 30"), CreateOptions.DEFAULTS);
        ContainerException e = assertThrows(ContainerException.class, () -> containers.start("n4", hostPath));
        assertTrue(e.getMessage().startsWith("start: notify socket: bind \"" + dir.resolve("state/n4/notify")),
                e.getMessage());
        assertEquals(Status.CREATED, containers.state("n4").status());
    }

    @Test
    void aFailedCreateLeavesNoSocketDirectory() throws Exception {
        Path bundle = bundle("true", spec -> spec.withProcess(spec.process().withArgs(List.of("/no/such/binary"))));
        assertThrows(ContainerException.class, () -> containers.create("n5", bundle, notifying(hostPath)));
        assertFalse(Files.exists(dir.resolve("state/n5")));
    }

    @Test
    void inTheForegroundHakoItselfIsTheMainPid() throws Exception {
        Path bundle = bundle("notify READY=1");
        int status = containers.runAttached("n6", bundle, notifying(hostPath), false,
                new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream());
        assertEquals(0, status);
        assertEquals(List.of("READY=1\n", "MAINPID=" + ProcessHandle.current().pid() + "\n"), received());
        assertFalse(Files.exists(dir.resolve("state/n6")));
    }
}
