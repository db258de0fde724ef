package io.hako.cli.escapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cli.sidebyside.BusyboxBundle;
import io.hako.cli.sidebyside.SideBySide;
import io.hako.cli.sidebyside.TestPrograms;
import io.hako.oci.config.Spec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rootfs whose own /dev is what the container gets (no tmpfs on /dev) and whose /dev/null or /dev/console is a
 * symlink to a procfs file: hako must not bind what the symlink leads to over a masked path, nor the container's
 * terminal over the procfs file (CVE-2025-31133 and CVE-2025-52565's class; runc 1.1.5 and crun 1.8.1 follow
 * them). The container is refused with the reason, nothing is left, and the host's procfs file is untouched.
 */
class HostileDevIT {
    private static final Path CORE_PATTERN = Path.of("/proc/sys/kernel/core_pattern");

    @TempDir
    Path dir;
    private SideBySide sides;

    @BeforeEach
    void check() {
        sides = SideBySide.in(dir);
    }

    /** A character device node {@code major:minor} at {@code path}, mode 666; skips where mknod is not allowed. */
    private static void mknod(Path path, int major, int minor) throws Exception {
        Process mknod = new ProcessBuilder("mknod", "-m", "666", path.toString(), "c", String.valueOf(major),
                String.valueOf(minor)).inheritIO().start();
        assumeTrue(mknod.waitFor() == 0, "mknod of a device node in the bundle");
    }

    /** The default config without its tmpfs on /dev: the image's /dev is the container's. */
    private static Spec imagesOwnDev(Spec spec) {
        return spec.withMounts(spec.mounts().stream().filter(mount -> !mount.destination().equals("/dev")).toList());
    }

    private Path bundle(String script, UnaryOperator<Spec> edit, String devEntry, String target) throws Exception {
        Path bundle = BusyboxBundle.make(dir, script, spec -> edit.apply(imagesOwnDev(spec)));
        Path dev = bundle.resolve("rootfs/dev");
        Files.createDirectories(dev.resolve("pts"));
        // What an image that brings its own /dev has for its terminals (hako links it only in a /dev of its own).
        Files.createSymbolicLink(dev.resolve("ptmx"), Path.of("pts/ptmx"));
        if (devEntry != null) {
            Files.createSymbolicLink(dev.resolve(devEntry), Path.of(target));
        }
        return bundle;
    }

    @Test
    void aDevNullThatIsASymlinkToProcfsIsNeverBoundOverAMaskedPath() throws Exception {
        String before = Files.readString(CORE_PATTERN);
        Path bundle = bundle("cat /proc/kcore | wc -c", spec -> spec, "null", "/proc/sys/kernel/core_pattern");
        SideBySide.Result run = sides.hako().call(bundle, "run", "--bundle", bundle.toString(), "hostile-dev-null");
        assertEquals(1, run.status(), run::toString);
        assertTrue(run.err().contains("/dev/null in the container is not the null device (character 1:3)"),
                run::toString);
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        SideBySide.assertNothingLeft(sides.hako(), bundle, "hostile-dev-null");
        assertEquals(before, Files.readString(CORE_PATTERN));
    }

    /**
     * The class of CVE-2025-31133 as a race: the image's {@code dev/null} (the null device) is exchanged again and
     * again with a symlink to the host's {@code core_pattern} while containers are run. Each run must either mask with
     * the null device (the masked file reads empty) or be refused because what it opened was not one; a run that
     * masked with what the symlink leads to would read the host's file there. The check is on the descriptor that is
     * then bound, so no swap comes in between. runc 1.1.5 on the same race masked with {@code core_pattern} in 5 of
     * 25 runs, and wrote a container's output into it.
     */
    @Test
    void aDevNullSwappedWithASymlinkWhileContainersAreMadeNeverMasks() throws Exception {
        Path bundle = bundle("cat /proc/timer_list | wc -c", spec -> spec, "swapped", CORE_PATTERN.toString());
        whileSwapped(bundle, "null", "hostile-dev-swap-null", result -> assertEquals("0", result.out().strip(),
                "masked with the null device: " + result), "is not the null device (character 1:3)");
    }

    /**
     * CVE-2025-52565's class as a race: the image's {@code dev/console} (a file) exchanged with a symlink to the host's
     * {@code core_pattern} while containers with a terminal are run: the terminal is bound over the file or the run
     * is refused, never over {@code core_pattern}. runc 1.1.5 on the same race bound the terminal over the
     * container's {@code core_pattern} in 25 of 25 runs.
     */
    @Test
    void aDevConsoleSwappedWithASymlinkWhileContainersAreMadeNeverGetsTheTerminal() throws Exception {
        Path bundle = bundle("grep core_pattern /proc/self/mountinfo | wc -l", spec -> spec.withProcess(spec.process()
                .withTerminal(true)), "swapped", CORE_PATTERN.toString());
        Files.createFile(bundle.resolve("rootfs/dev/console"));
        whileSwapped(bundle, "console", "hostile-dev-swap-console", result -> assertEquals("0", result.out().strip(),
                "nothing over core_pattern: " + result), "/dev/console in the rootfs is a symlink");
    }

    /**
     * CVE-2025-52881's class for the terminal as a race: the image's {@code dev/ptmx} (hako's {@code pts/ptmx} link)
     * exchanged with a symlink to the host's {@code core_pattern}: the pty multiplexer is opened only once known to
     * be one and the same after it is opened, or the run is refused.
     */
    @Test
    void aDevPtmxSwappedWithASymlinkWhileContainersAreMadeIsNeverOpened() throws Exception {
        Path bundle = bundle("tty", spec -> spec.withProcess(spec.process().withTerminal(true)), "swapped",
                CORE_PATTERN.toString());
        whileSwapped(bundle, "ptmx", "hostile-dev-swap-ptmx", result -> assertTrue(result.out().startsWith(
                "/dev/pts/"), "a terminal of the container's devpts: " + result),
                "console: /dev/ptmx in the container is not the pty multiplexer");
    }

    /**
     * Makes the image's null device, then runs the bundle 25 times while {@code dev/ENTRY} and {@code dev/swapped} are
     * exchanged without pause: each run
     * either passes {@code check} or is refused with {@code refusal}; some must be refused (else the symlink was
     * never in place when hako looked, and nothing was tested). The host's {@code core_pattern} stays as it was.
     */
    private void whileSwapped(Path bundle, String entry, String id, Consumer<SideBySide.Result> check,
            String refusal) throws Exception {
        String before = Files.readString(CORE_PATTERN);
        Path dev = bundle.resolve("rootfs/dev").toRealPath();
        mknod(dev.resolve("null"), 1, 3);
        Process swapper = new ProcessBuilder(TestPrograms.build("swap_paths", false).toString(),
                dev.resolve(entry).toString(), dev.resolve("swapped").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int refused = 0;
        try {
            var started = new BufferedReader(new InputStreamReader(swapper.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("swapping", started.readLine(), "the swapper started");
            for (int run = 0; run < 25; run++) {
                SideBySide.Result result = sides.hako().call(bundle, "run", "--bundle", bundle.toString(), id + run);
                if (result.status() == 0) {
                    check.accept(result);
                } else {
                    assertTrue(result.err().contains(refusal), result::toString);
                    refused++;
                }
                SideBySide.assertNothingLeft(sides.hako(), bundle, id + run);
            }
            assertTrue(swapper.isAlive(), "the swapper swapped throughout");
        } finally {
            swapper.destroyForcibly().waitFor();
        }
        assertTrue(refused > 0, "the symlink was never in place when hako looked: nothing was tested");
        assertEquals(before, Files.readString(CORE_PATTERN));
    }

    @Test
    void theImagesOwnNullDeviceStillMasks() throws Exception {
        Path bundle = bundle("cat /proc/kcore | wc -c", spec -> spec, null, null);
        mknod(bundle.resolve("rootfs/dev/null"), 1, 3);
        SideBySide.Result run = sides.hako().call(bundle, "run", "--bundle", bundle.toString(), "hostile-dev-ownnull");
        assertEquals(0, run.status(), run::toString);
        assertEquals("0", run.out().strip(), "/proc/kcore is masked by the null device");
        SideBySide.assertNothingLeft(sides.hako(), bundle, "hostile-dev-ownnull");
    }

    @Test
    void aDevConsoleThatIsASymlinkToProcfsNeverGetsTheTerminal() throws Exception {
        String before = Files.readString(CORE_PATTERN);
        Path bundle = bundle("tty", spec -> spec.withProcess(spec.process().withTerminal(true)), "console",
                "/proc/sys/kernel/core_pattern");
        mknod(bundle.resolve("rootfs/dev/null"), 1, 3);
        SideBySide.Result run = sides.hako().call(bundle, "run", "--bundle", bundle.toString(), "hostile-dev-console");
        assertEquals(1, run.status(), run::toString);
        assertTrue(run.err().contains("/dev/console in the rootfs is a symlink, not a file or a device: refused"),
                run::toString);
        SideBySide.assertNothingLeft(sides.hako(), bundle, "hostile-dev-console");
        assertEquals(before, Files.readString(CORE_PATTERN));
        assertTrue(Files.isSymbolicLink(bundle.resolve("rootfs/dev/console")), "left as the image had it");
    }

    @Test
    void aDevPtmxThatIsASymlinkToProcfsIsNeverOpenedForATerminal() throws Exception {
        String before = Files.readString(CORE_PATTERN);
        Path bundle = bundle("tty", spec -> spec.withProcess(spec.process().withTerminal(true)), null, null);
        Path ptmx = bundle.resolve("rootfs/dev/ptmx");
        Files.delete(ptmx);
        Files.createSymbolicLink(ptmx, CORE_PATTERN);
        mknod(bundle.resolve("rootfs/dev/null"), 1, 3);
        SideBySide.Result run = sides.hako().call(bundle, "run", "--bundle", bundle.toString(), "hostile-dev-ptmx");
        assertEquals(1, run.status(), run::toString);
        assertTrue(run.err().contains("/dev/ptmx in the container is not the pty multiplexer (character 5:2): refused"),
                run::toString);
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        SideBySide.assertNothingLeft(sides.hako(), bundle, "hostile-dev-ptmx");
        assertEquals(before, Files.readString(CORE_PATTERN));
    }

    /**
     * An image's /dev/ptmx that is a device node (5:2), not hako's link: the kernel opens the devpts mounted beside it
     * at {@code pts} (the container's own), never the host's, so it is used as runc uses it.
     */
    @Test
    void anImagesPtmxDeviceNodeOpensTheContainersOwnDevpts() throws Exception {
        Path bundle = bundle("[ \"$(stat -L -c %d /proc/self/fd/0)\" = \"$(stat -c %d /dev/pts)\" ] && echo own-devpts",
                spec -> spec.withProcess(spec.process().withTerminal(true)), null, null);
        Path ptmx = bundle.resolve("rootfs/dev/ptmx");
        Files.delete(ptmx);
        mknod(ptmx, 5, 2);
        mknod(bundle.resolve("rootfs/dev/null"), 1, 3);
        SideBySide.Result run = sides.hako().call(bundle, "run", "--bundle", bundle.toString(), "hostile-dev-ptmxnode");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("own-devpts"), "the terminal is of the container's devpts: " + run);
        SideBySide.assertNothingLeft(sides.hako(), bundle, "hostile-dev-ptmxnode");
    }

    @Test
    void withoutASymlinkTheTerminalIsTheContainersConsole() throws Exception {
        Path bundle = bundle("tty", spec -> spec.withProcess(spec.process().withTerminal(true)), null, null);
        mknod(bundle.resolve("rootfs/dev/null"), 1, 3);
        SideBySide.Result run = sides.hako().call(bundle, "run", "--bundle", bundle.toString(), "hostile-dev-tty");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().startsWith("/dev/pts/"), run::toString);
        SideBySide.assertNothingLeft(sides.hako(), bundle, "hostile-dev-tty");
    }
}
