package io.hako.cli.sidebyside;

import static io.hako.cli.sidebyside.CriuContainers.COUNTER;
import static io.hako.cli.sidebyside.CriuContainers.attached;
import static io.hako.cli.sidebyside.CriuContainers.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.checkpoint.CriuCheck;
import io.hako.cli.sidebyside.CriuContainers.Attached;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips beside runc with what engines add to a plain checkpoint: runc's options passed through to CRIU, a
 * pre-dump and the dump on it, an open file and a socket pair. Like
 * {@link CheckpointIT}, they need a host where CRIU's check passes and skip elsewhere with CRIU's reason; what is
 * refused before CRIU runs wherever CRIU is installed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CheckpointRoundTripsIT {
    /**
     * The options runc passes straight through to CRIU, as a checkpoint and its restore both give them. But
     * {@code --shell-job}: restoring one, CRIU keeps its own standard input for the job's terminal, and runc's
     * detached restore gives it none ("Can't send fd 0 into store", seen in the VM guest); its mapping is
     * CriuRequestsTest's.
     */
    private static final List<String> PASSED_THROUGH = List.of("--tcp-established", "--ext-unix-sk",
            "--file-locks", "--manage-cgroups-mode", "soft", "--empty-ns", "network", "--auto-dedup");

    @TempDir
    Path dir;
    SideBySide both;
    CriuCheck criu;

    @BeforeEach
    void runtimes() {
        both = SideBySide.in(dir);
        criu = CriuContainers.criuInstalled();
    }

    private static String[] line(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    @Test
    void runcsPassThroughOptionsRoundTrip() throws Exception {
        CriuContainers.assumeWorks(criu);
        Path bundle = BusyboxBundle.make(dir, COUNTER, spec -> spec);
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String id = "cr2-options-" + runtime.name();
            Path images = dir.resolve("images-" + runtime.name());
            Attached created = attached(runtime, "run", "-d", "--bundle", bundle.toString(), id);
            assertEquals("1", created.next());
            var checkpoint = runtime.call(bundle, line(List.of("checkpoint"), line(PASSED_THROUGH, "--image-path",
                    images.toString(), id)));
            assertEquals(0, checkpoint.status(), checkpoint + CriuContainers.criuErrors(images));
            assertNull(created.readLine(), runtime.name() + ": the dumped processes are gone");
            Attached restored = attached(runtime, images, line(List.of("restore", "-d"), line(PASSED_THROUGH,
                    "--image-path", images.toString(), "--bundle", bundle.toString(), id)));
            assertEquals("2", restored.next(), runtime.name() + ": the count restored from memory");
            assertEquals("running", status(runtime, bundle, id));
            assertEquals(0, runtime.call(bundle, "delete", "-f", id).status());
            SideBySide.assertNothingLeft(runtime, bundle, id);
        }
    }

    /**
     * A pre-dump leaves the container running; the final dump names it as its parent (CRIU links it from the
     * images as {@code parent}) and the restore reads memory through it.
     */
    @Test
    void aPreDumpThenAFinalDumpOnItsParent() throws Exception {
        CriuContainers.assumeWorks(criu);
        Path bundle = BusyboxBundle.make(dir, COUNTER, spec -> spec);
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String id = "cr2-predump-" + runtime.name();
            Path pre = dir.resolve("images-" + runtime.name()).resolve("pre");
            Path dump = pre.resolveSibling("dump");
            Attached created = attached(runtime, "run", "-d", "--bundle", bundle.toString(), id);
            assertEquals("1", created.next());
            var preDump = runtime.call(bundle, "checkpoint", "--pre-dump", "--image-path", pre.toString(), id);
            assertEquals(0, preDump.status(), preDump + CriuContainers.criuErrors(pre));
            assertEquals("running", status(runtime, bundle, id), runtime.name() + ": a pre-dump leaves it running");
            assertEquals("2", created.next(), runtime.name() + ": and counting");
            var final0 = runtime.call(bundle, "checkpoint", "--parent-path", "../pre", "--image-path",
                    dump.toString(), id);
            assertEquals(0, final0.status(), final0 + CriuContainers.criuErrors(dump));
            assertTrue(Files.isSymbolicLink(dump.resolve("parent")), runtime.name() + ": the dump has a parent");
            assertNull(created.readLine(), runtime.name() + ": the dumped processes are gone");
            assertEquals("absent", status(runtime, bundle, id));
            Attached restored = attached(runtime, dump, "restore", "-d", "--image-path", dump.toString(),
                    "--bundle", bundle.toString(), id);
            assertEquals("3", restored.next(), runtime.name() + ": the count restored from both dumps' memory");
            assertEquals(0, runtime.call(bundle, "delete", "-f", id).status());
            SideBySide.assertNothingLeft(runtime, bundle, id);
        }
    }

    /**
     * A file held open and locked, and a socket pair with a message in flight (cli/src/test/c/held_files.c): the
     * lock needs {@code --file-locks} (without it CRIU refuses the dump, and the container goes on); after the
     * restore the message is read and the file appended to and read through the same descriptor.
     */
    @Test
    void anOpenLockedFileAndASocketPairRoundTrip() throws Exception {
        CriuContainers.assumeWorks(criu);
        Path program = TestPrograms.build("held_files", true);
        Path bundle = BusyboxBundle.make(dir, "exec held_files /tmp/held",
                spec -> spec.withRoot(spec.root().withReadonly(false)));
        Files.copy(program, bundle.resolve("rootfs/bin/held_files"));
        Path held = bundle.resolve("rootfs/tmp/held");
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String id = "cr2-files-" + runtime.name();
            Path images = dir.resolve("images-" + runtime.name());
            Attached created = attached(runtime, "run", "-d", "--bundle", bundle.toString(), id);
            assertEquals("ready", created.readLine());
            var refused = runtime.call(bundle, "checkpoint", "--image-path", images.toString(), id);
            assertNotEquals(0, refused.status(), runtime.name() + ": a lock without --file-locks: " + refused);
            assertEquals("running", status(runtime, bundle, id), runtime.name() + ": the refused dump left it");
            var checkpoint = runtime.call(bundle, "checkpoint", "--file-locks", "--image-path", images.toString(),
                    id);
            assertEquals(0, checkpoint.status(), checkpoint + CriuContainers.criuErrors(images));
            assertNull(created.readLine(), runtime.name() + ": the dumped processes are gone");
            assertEquals("before\n", Files.readString(held));
            Attached restored = attached(runtime, images, "restore", "-d", "--file-locks", "--image-path",
                    images.toString(), "--bundle", bundle.toString(), id);
            assertEquals("in flight", restored.send("socket"), runtime.name() + ": the message in the pair");
            assertEquals("before|after|", restored.send("file"), runtime.name() + ": the same open file");
            assertEquals("held", restored.send("lock"), runtime.name() + ": the lock is taken again");
            assertEquals(0, runtime.call(bundle, "delete", "-f", id).status());
            SideBySide.assertNothingLeft(runtime, bundle, id);
        }
    }

    /**
     * {@code --no-pivot} on a restore is runc's check of the configuration (CRIU pivots into the root whatever is
     * asked): a private root is refused before CRIU runs, and nothing is left.
     */
    @Test
    void noPivotRefusesAPrivateRootAsRunc() throws IOException {
        Path bundle = BusyboxBundle.make(dir, COUNTER, spec -> spec.editLinux(l -> l.withRootfsPropagation(
                "rprivate")));
        Path images = Files.createDirectory(dir.resolve("not-images"));
        Files.writeString(images.resolve("descriptors.json"), "[]");
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String id = "cr2-nopivot-" + runtime.name();
            var restore = runtime.call(bundle, "restore", "-d", "--no-pivot", "--image-path", images.toString(),
                    "--bundle", bundle.toString(), id);
            assertNotEquals(0, restore.status(), restore.toString());
            assertTrue(restore.err().contains("rootfsPropagation of [r]private is not safe without pivot_root"),
                    restore.toString());
            SideBySide.assertNothingLeft(runtime, bundle, id);
        }
    }

    /** A value runc refuses is one line, with nothing done. */
    @Test
    void valuesRuncRefusesAreOneLine() throws IOException {
        Path bundle = BusyboxBundle.make(dir, COUNTER, spec -> spec);
        var mode = both.hako().call(bundle, "checkpoint", "--manage-cgroups-mode", "bogus", "cr2-bogus");
        assertEquals(1, mode.status());
        assertTrue(mode.err().contains("invalid manage-cgroups-mode value"), mode.toString());
        assertEquals(1, mode.err().strip().lines().count(), mode.toString());
        var namespace = both.hako().call(bundle, "restore", "-d", "--empty-ns", "pid", "cr2-bogus");
        assertEquals(1, namespace.status());
        assertTrue(namespace.err().contains("is not supported"), namespace.toString());
        assertEquals(1, namespace.err().strip().lines().count(), namespace.toString());
        SideBySide.assertNothingLeft(both.hako(), bundle, "cr2-bogus");
    }
}
