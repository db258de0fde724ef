package io.hako.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.oci.config.IdMapping;
import io.hako.oci.config.Mount;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.TimeOffset;
import io.hako.oci.config.TimeOffsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** create, start, state, kill, delete on real containers; bad bundles leave nothing behind. */
class LifecycleTest {
    @TempDir
    Path dir;
    Containers containers;

    @BeforeEach
    void open() {
        Bundles.assumeContainersCanRun();
        containers = Containers.open(dir.resolve("state"));
    }

    @AfterEach
    void deleteEverything() throws Exception {
        Bundles.deleteAll(containers);
        if (containers != null) {
            assertEquals(List.of(), containers.list());
        }
    }

    private Path bundle(String script) throws Exception {
        return Bundles.busybox(dir, script, UnaryOperator.identity());
    }

    @Test
    void createStartStateDelete() throws Exception {
        // /proc/keys unmasked (the default spec masks it), to see the init's own session keyring.
        Path bundle = Bundles.busybox(dir, "echo $$ $(hostname) > /out/result; ls /dev > /out/dev; "
                + "grep -c ' _ses.c1: ' /proc/keys > /out/keyring; true", spec -> spec.editLinux(linux -> linux
                        .withMaskedPaths(linux.maskedPaths().stream().filter(p -> !p.equals("/proc/keys")).toList())));
        Path pidFile = dir.resolve("init.pid");
        ContainerInfo created = containers.create("c1", bundle, new CreateOptions(pidFile, false, 0));
        assertEquals(Status.CREATED, created.status());
        assertEquals(String.valueOf(created.pid()), Files.readString(pidFile));
        assertEquals(Status.CREATED, containers.state("c1").status());
        assertFalse(Files.exists(dir.resolve("out/result")), "nothing runs before start");

        containers.start("c1");
        assertEquals(0, containers.waitForExit("c1"));
        assertEquals("1 hako\n", Files.readString(dir.resolve("out/result")));
        if (Files.exists(Path.of("/proc/keys"))) {
            assertEquals("1\n", Files.readString(dir.resolve("out/keyring")), "a session keyring of its own");
        }
        List<String> dev = Files.readAllLines(dir.resolve("out/dev"));
        assertTrue(dev.containsAll(List.of("null", "zero", "full", "random", "urandom", "tty", "pts", "shm",
                "mqueue", "fd", "stdin", "stdout", "stderr", "ptmx")), dev.toString());
        ContainerInfo stopped = containers.state("c1");
        assertEquals(Status.STOPPED, stopped.status());
        assertEquals(0, stopped.pid());
        containers.delete("c1", false);
        var e = assertThrows(ContainerException.class, () -> containers.state("c1"));
        assertEquals(ContainerException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    void deleteReapsAnInitThatExitedAsThisJvmsChild() throws Exception {
        // In-process use: the JVM is the init's subreaper, and nobody called waitForExit.
        ContainerInfo created = containers.create("z", bundle("true"), CreateOptions.DEFAULTS);
        containers.start("z");
        Path stat = Path.of("/proc/" + created.pid() + "/stat");
        for (int i = 0; i < 500 && containers.state("z").status() != Status.STOPPED; i++) {
            Thread.sleep(10);
        }
        assertEquals(Status.STOPPED, containers.state("z").status());
        assertTrue(Files.exists(stat), "a zombie until reaped");
        containers.delete("z", false);
        assertFalse(Files.exists(stat), "delete reaped it: no zombie left in a long-lived JVM");
    }

    @Test
    void aRunningContainerIsKilledAndOnlyDeletedByForce() throws Exception {
        containers.create("sleeper", bundle("exec sleep 60"), CreateOptions.DEFAULTS);
        containers.start("sleeper");
        assertEquals(Status.RUNNING, containers.state("sleeper").status());
        var refused = assertThrows(ContainerException.class, () -> containers.delete("sleeper", false));
        assertEquals("cannot delete container sleeper that is not stopped: running", refused.getMessage());
        // The init of a pid namespace ignores signals it has no handler for, except SIGKILL and SIGSTOP.
        containers.kill("sleeper", 9, false);
        assertEquals(128 + 9, containers.waitForExit("sleeper"));
        var notRunning = assertThrows(ContainerException.class, () -> containers.kill("sleeper", 15, false));
        assertEquals("container not running", notRunning.getMessage());
        containers.delete("sleeper", false);

        containers.create("forced", bundle("exec sleep 60"), CreateOptions.DEFAULTS);
        containers.start("forced");
        containers.delete("forced", true);
        assertEquals(List.of(), containers.list());
    }

    @Test
    void idMappedMountsShowFilesAsTheirOwnersMappedIntoTheContainer() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("by-root"), "x");
        Files.writeString(data.resolve("by-1000"), "x");
        Files.setOwner(data.resolve("by-1000"), data.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("1000"));
        String script = "for m in plain container own; do stat -c \"$m %u %g\" /$m/by-root /$m/by-1000; done "
                + "> /out/owners";
        List<IdMapping> range = List.of(new IdMapping(0, 100000, 65536));
        // Mappings of its own: on-disk 1000 is host 100000, root inside.
        List<IdMapping> own = List.of(new IdMapping(1000, 100000, 1));
        Path bundle = Bundles.busybox(dir, script, spec -> spec
                .plusMount(new Mount("/plain", "bind", data.toString(), List.of("bind", "ro"), null, null, null))
                // The container's own mappings: on-disk root is root inside.
                .plusMount(new Mount("/container", "bind", data.toString(), List.of("bind", "idmap"), null, null,
                        null))
                .plusMount(new Mount("/own", "bind", data.toString(), List.of("bind", "idmap", "ro"), own, own, null))
                .editLinux(linux -> linux.withNamespace(NamespaceType.USER, null).withIdMappings(range, range)));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String point : List.of("plain", "container", "own")) {
            Files.createDirectories(bundle.resolve("rootfs").resolve(point));
        }
        containers.create("idmapped", bundle, CreateOptions.DEFAULTS);
        containers.start("idmapped");
        assertEquals(0, containers.waitForExit("idmapped"), () -> read(dir.resolve("out/owners")));
        assertEquals(List.of(
                "plain 65534 65534", "plain 65534 65534",   // no mapping: ids outside the namespace's range
                "container 0 0", "container 1000 0",        // root's file is root's; 1000 is 1000 (100000+1000 is mapped)
                "own 65534 65534", "own 0 65534"),          // only on-disk 1000 is mapped (to host 100000: root)
                Files.readAllLines(dir.resolve("out/owners")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "(none: " + e + ")";
        }
    }

    @Test
    void withoutNamespacesTheContainerSharesTheHostsAndDeleteTakesItsMountsAway() throws Exception {
        Path bundle = Bundles.busybox(dir, "for n in mnt pid net; do readlink /proc/self/ns/$n; done > /out/ns",
                spec -> spec.withHostname(null).editLinux(linux -> linux.withNamespaces(List.of())));
        Path rootfs = bundle.resolve("rootfs").toRealPath();
        containers.create("shared", bundle, CreateOptions.DEFAULTS);
        assertTrue(mountsUnder(rootfs) > 0, "its mounts are in the host's namespace");
        containers.start("shared");
        assertEquals(0, containers.waitForExit("shared"));
        String host = String.join("\n", Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString(),
                Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(),
                Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString()) + "\n";
        assertEquals(host, Files.readString(dir.resolve("out/ns")));
        containers.delete("shared", false);
        assertEquals(0, mountsUnder(rootfs), "delete unmounted what create mounted");
    }

    private static long mountsUnder(Path rootfs) throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(line -> line.split(" ")[4].startsWith(rootfs + "/")).count();
    }

    @Test
    void runInTheForegroundRelaysATerminalWithoutAConsoleSocketAndDeletesAfter() throws Exception {
        Path bundle = Bundles.busybox(dir, "readlink /proc/self/fd/0; echo relayed; exit 3",
                spec -> spec.withProcess(spec.process().withTerminal(true)));
        var out = new java.io.ByteArrayOutputStream();
        int status = containers.runAttached("attached", bundle, CreateOptions.DEFAULTS, false,
                new java.io.ByteArrayInputStream(new byte[0]), out);
        assertEquals(3, status);
        assertTrue(out.toString().contains("/dev/pts/") && out.toString().contains("relayed"), out.toString());
        assertEquals(List.of(), containers.list(), "deleted after, as runc run does without --keep");
    }

    @Test
    void withNoPivotTheRootIsEnteredByChroot() throws Exception {
        Path bundle = bundle("ls / > /out/root; hostname >> /out/root");
        containers.create("chrooted", bundle, new CreateOptions(null, true, 0));
        containers.start("chrooted");
        assertEquals(0, containers.waitForExit("chrooted"));
        List<String> root = Files.readAllLines(dir.resolve("out/root"));
        assertTrue(root.containsAll(List.of("bin", "dev", "proc", "sys", "out", "hako")), root.toString());
        assertFalse(root.contains("junit"), "nothing of the host's root");
    }

    @Test
    void socketActivationHandsTheListenersFirstWithTheirVariables() throws Exception {
        // The test JVM's descriptors 3 and 4 stand for the listener and a preserved descriptor.
        Path bundle = bundle("echo $LISTEN_FDS $LISTEN_PID > /out/env; "
                + "[ -e /proc/self/fd/3 ] && [ -e /proc/self/fd/4 ] && [ ! -e /proc/self/fd/5 ] && echo fds >> /out/env");
        assumeTrue(Files.exists(Path.of("/proc/self/fd/3")) && Files.exists(Path.of("/proc/self/fd/4")),
                "the test JVM has descriptors 3 and 4 to pass");
        containers.create("activated", bundle, new CreateOptions(null, false, 1, null, 1));
        containers.start("activated");
        assertEquals(0, containers.waitForExit("activated"));
        assertEquals(List.of("1 1", "fds"), Files.readAllLines(dir.resolve("out/env")));
    }

    @Test
    void aCreatedContainerIsDeletedWithoutForceAsRuncDoes() throws Exception {
        ContainerInfo info = containers.create("created", bundle("true"), CreateOptions.DEFAULTS);
        containers.delete("created", false);
        assertFalse(Files.exists(Path.of("/proc/" + info.pid() + "/stat"))
                && Files.readString(Path.of("/proc/" + info.pid() + "/stat")).contains("(busybox)"));
    }

    @Test
    void ofTwoConcurrentCreatesOfOneIdExactlyOneWins() throws Exception {
        Path bundle = bundle("true");
        Callable<Boolean> create = () -> {
            try {
                containers.create("twin", bundle, CreateOptions.DEFAULTS);
                return true;
            } catch (ContainerException e) {
                assertEquals(ContainerException.Kind.EXISTS, e.kind(), e.getMessage());
                return false;
            }
        };
        var pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> a = pool.submit(create);
            Future<Boolean> b = pool.submit(create);
            assertTrue(a.get() ^ b.get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aMissingRootfsLeavesNothing() throws Exception {
        Path bundle = bundle("true");
        Files.move(bundle.resolve("rootfs"), dir.resolve("elsewhere"));
        var e = assertThrows(ContainerException.class, () -> containers.create("bad", bundle, CreateOptions.DEFAULTS));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aRelativeMountDestinationIsRefusedByItsPointer() throws Exception {
        Path bundle = Bundles.busybox(dir, "true",
                spec -> spec.plusMount(new Mount("relative/dir", "tmpfs", "tmpfs", null, null, null, null)));
        var e = assertThrows(ContainerException.class, () -> containers.create("bad", bundle, CreateOptions.DEFAULTS));
        assertTrue(e.getMessage().endsWith("/mounts/8/destination: must be an absolute path, got \"relative/dir\""),
                e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aMissingExecutableIsNamedAndLeavesNothing() throws Exception {
        Path bundle = Bundles.busybox(dir, "true",
                spec -> spec.editProcess(p -> p.withArgs("no-such-binary", "x")));
        var e = assertThrows(ContainerException.class, () -> containers.create("bad", bundle, CreateOptions.DEFAULTS));
        assertEquals("exec: \"no-such-binary\": executable file not found in $PATH", e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aMountOnASymlinkToTheHostLandsInsideTheRootfs() throws Exception {
        Path bundle = Bundles.busybox(dir, "ls /evil > /out/evil",
                spec -> spec.plusMount(new Mount("/evil", "tmpfs", "tmpfs", List.of("size=64k"), null, null, null)));
        Files.createSymbolicLink(bundle.resolve("rootfs/evil"), Path.of("/etc"));
        containers.create("evil", bundle, CreateOptions.DEFAULTS);
        containers.start("evil");
        assertEquals(0, containers.waitForExit("evil"));
        assertTrue(Files.isDirectory(bundle.resolve("rootfs/etc")), "/evil -> /etc resolved inside the rootfs");
        assertEquals("", Files.readString(dir.resolve("out/evil")), "the tmpfs is there, empty");
        assertTrue(Files.exists(Path.of("/etc/passwd")), "the host's /etc is untouched");
    }

    @Test
    void userAndTimeNamespacesWithMapsAndOffsets() throws Exception {
        List<IdMapping> range = List.of(new IdMapping(0, 100000, 65536));
        Path bundle = Bundles.busybox(dir, "id -u > /out/uid; cat /proc/self/uid_map > /out/map; "
                + "cat /proc/uptime > /out/uptime; ls /dev > /out/dev", spec -> spec.editLinux(linux -> linux
                        .withNamespace(NamespaceType.USER, null).withNamespace(NamespaceType.TIME, null)
                        .withIdMappings(range, range)
                        .withTimeOffsets(new TimeOffsets(new TimeOffset(86400L * 365, 0L, null), null, null))));
        // The namespace's root is host uid 100000: like any user, it needs to reach the rootfs.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        containers.create("userns", bundle, CreateOptions.DEFAULTS);
        containers.start("userns");
        assertEquals(0, containers.waitForExit("userns"));
        assertEquals("0", Files.readString(dir.resolve("out/uid")).strip(), "root inside");
        assertEquals(List.of("0", "100000", "65536"),
                List.of(Files.readString(dir.resolve("out/map")).strip().split("\\s+")));
        double uptime = Double.parseDouble(Files.readString(dir.resolve("out/uptime")).split(" ")[0]);
        assertTrue(uptime > 86400 * 365, "the boot time offset shows in /proc/uptime: " + uptime);
        assertTrue(Files.readAllLines(dir.resolve("out/dev")).containsAll(List.of("null", "zero", "tty")),
                "devices are bound from the host where mknod is refused");
    }

    @Test
    void aTerminalGoesToTheConsoleSocketAsRuncSendsIt() throws Exception {
        Path bundle = Bundles.busybox(dir, "readlink /proc/self/fd/0; ls -l /dev/console | cut -c1; stty size",
                spec -> spec.withProcess(spec.process().withTerminal(true)
                        .withConsoleSize(new io.hako.oci.config.ConsoleSize(30, 100, null))));
        Path socketPath = dir.resolve("console.sock");
        try (var server = io.hako.sys.UnixSocket.listen(socketPath.toString())) {
            var missing = assertThrows(ContainerException.class,
                    () -> containers.create("tty", bundle, CreateOptions.DEFAULTS));
            assertTrue(missing.getMessage().contains("console socket"), missing.getMessage());

            var pool = Executors.newSingleThreadExecutor();
            try {
                Future<io.hako.sys.UnixSocket.Message> received = pool.submit(() -> {
                    try (var connection = server.accept()) {
                        return connection.receive(4096);
                    }
                });
                containers.create("tty", bundle, new CreateOptions(null, false, 0, socketPath, 0));
                var message = received.get();
                assertEquals("/dev/pts/0", new String(message.data()));
                try (io.hako.sys.Fd master = message.fds().getFirst()) {
                    containers.start("tty");
                    assertEquals(0, containers.waitForExit("tty"));
                    // A read returns what the pty has at that moment: read until it has no writer left (EIO).
                    var output = new StringBuilder();
                    byte[] buffer = new byte[4096];
                    try {
                        int n;
                        while ((n = io.hako.sys.Sys.read(master, buffer)) > 0) {
                            output.append(new String(buffer, 0, n));
                        }
                    } catch (io.hako.sys.SysException e) {
                        assertEquals("EIO", e.errnoName(), e.getMessage());
                    }
                    assertEquals("/dev/pts/0\nc\n30 100\n", output.toString().replace("\r", ""));
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    private void assertNothingLeft() throws Exception {
        assertEquals(List.of(), containers.list());
        Path state = dir.resolve("state");
        assertTrue(!Files.exists(state) || Files.list(state).findAny().isEmpty(), "no state directory left");
        assertEquals(List.of(), ProcessHandle.current().children().map(ProcessHandle::info).toList());
    }
}
