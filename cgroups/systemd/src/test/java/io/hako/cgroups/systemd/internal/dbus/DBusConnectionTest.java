package io.hako.cgroups.systemd.internal.dbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.sys.Sys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a real bus: a private dbus-daemon (the reference implementation) on a socket in a temporary
 * directory. systemd itself is tested in the VM (SystemdCgroupTest).
 */
class DBusConnectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Path DAEMON = Path.of("/usr/bin/dbus-daemon");
    @TempDir
    static Path directory;
    private static Process daemon;
    private static Path socket;

    @BeforeAll
    static void startBus() throws Exception {
        assumeTrue(Files.isExecutable(DAEMON), "no " + DAEMON + " (Debian's dbus-daemon package)");
        socket = directory.resolve("bus");
        daemon = new ProcessBuilder(DAEMON.toString(), "--session", "--nofork", "--nosyslog",
                "--address=unix:path=" + socket).redirectErrorStream(true)
                .redirectOutput(directory.resolve("daemon.log").toFile()).start();
        for (int i = 0; i < 200 && !Files.exists(socket); i++) {
            Thread.sleep(10);
        }
        assertTrue(Files.exists(socket), "dbus-daemon made no socket: " + Files.readString(
                directory.resolve("daemon.log")));
    }

    @AfterAll
    static void stopBus() throws InterruptedException {
        if (daemon != null) {
            daemon.destroy();
            daemon.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void helloGivesAUniqueNameAndCallsGetReplies() throws Exception {
        try (DBusConnection bus = DBusConnection.open(socket, Sys.geteuid(), TIMEOUT)) {
            assertTrue(bus.uniqueName().startsWith(":"), bus.uniqueName());
            List<Object> names = bus.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                    "ListNames", "", List.of(), TIMEOUT);
            assertTrue(((List<?>) names.getFirst()).contains(bus.uniqueName()), names.toString());
            List<Object> owner = bus.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                    "GetNameOwner", "s", List.of("org.freedesktop.DBus"), TIMEOUT);
            assertEquals(List.of("org.freedesktop.DBus"), owner);
        }
    }

    @Test
    void anErrorReplyCarriesItsName() throws Exception {
        try (DBusConnection bus = DBusConnection.open(socket, Sys.geteuid(), TIMEOUT)) {
            var e = assertThrows(DBusException.class, () -> bus.call("org.freedesktop.DBus",
                    "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetNameOwner", "s",
                    List.of("org.hako.Nobody"), TIMEOUT));
            assertEquals("org.freedesktop.DBus.Error.NameHasNoOwner", e.name());
            // The connection goes on after an error.
            bus.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.Peer", "Ping", "",
                    List.of(), TIMEOUT);
        }
    }

    @Test
    void aMessageLargerThanTheSocketsBufferGoesOutWhole() throws Exception {
        try (DBusConnection bus = DBusConnection.open(socket, Sys.geteuid(), TIMEOUT)) {
            String huge = "org.hako." + "x".repeat(4 << 20);
            // The bus reads all 4 MiB before it can answer that the name is no valid one.
            var e = assertThrows(DBusException.class, () -> bus.call("org.freedesktop.DBus",
                    "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetNameOwner", "s", List.of(huge), TIMEOUT));
            assertTrue(e.name() != null && e.name().startsWith("org.freedesktop.DBus.Error."), e.getMessage());
        }
    }

    @Test
    void aMatchedSignalArrives() throws Exception {
        try (DBusConnection watcher = DBusConnection.open(socket, Sys.geteuid(), TIMEOUT)) {
            watcher.addMatch("type='signal',interface='org.freedesktop.DBus',member='NameOwnerChanged'", TIMEOUT);
            String newcomer;
            try (DBusConnection other = DBusConnection.open(socket, Sys.geteuid(), TIMEOUT)) {
                newcomer = other.uniqueName();
            }
            Message signal = watcher.awaitSignal(m -> m.body().size() == 3 && newcomer.equals(m.body().get(0))
                    && newcomer.equals(m.body().get(2)), TIMEOUT);
            assertEquals("NameOwnerChanged", signal.member());
            assertEquals("", signal.body().get(1), "no old owner: the name is new");
        }
    }

    @Test
    void noSignalInTimeIsAnError() throws Exception {
        try (DBusConnection bus = DBusConnection.open(socket, Sys.geteuid(), TIMEOUT)) {
            var e = assertThrows(DBusException.class, () -> bus.awaitSignal(m -> false, Duration.ofMillis(100)));
            assertTrue(e.getMessage().contains("no answer to a signal in time"), e.getMessage());
        }
    }

    @Test
    void aMissingBusNamesItsSocket() {
        Path missing = directory.resolve("no-bus");
        var e = assertThrows(DBusException.class, () -> DBusConnection.open(missing, 0, TIMEOUT));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void addressesNameTheirSocket() throws DBusException {
        assertEquals(Path.of("/run/dbus/system_bus_socket"),
                DBusConnection.socketOf("unix:path=/run/dbus/system_bus_socket"));
        assertEquals(Path.of("/tmp/a b"), DBusConnection.socketOf("tcp:host=x;unix:guid=1,path=/tmp/a%20b"));
        assertThrows(DBusException.class, () -> DBusConnection.socketOf("unix:abstract=/tmp/x"));
    }
}
