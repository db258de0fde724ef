package io.hako.cli.escapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cli.sidebyside.BusyboxBundle;
import io.hako.cli.sidebyside.SideBySide;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration mount that binds a host file over a procfs file hako writes once the container's mounts are made:
 * a sysctl's, the init's {@code oom_score_adj}, the LSM label's attribute; or a rootfs whose /proc leads to a host
 * directory (CVE-2025-52881's class). A plain {@code open()} of the path would write the host file. hako writes
 * procfs files through a procfs of its own, looked up without crossing a mount or following a symlink, and refuses
 * a container whose own /proc has something over the file: one line naming it, nothing left, the host file as it
 * was. Two layers: a mount whose destination is inside /proc is refused (runc's rule: nothing there but a few
 * files lxcfs emulates), by the planner when the configuration says so, by the stage when a symlink of the rootfs
 * leads there; and the writes themselves go through a procfs of the stage's own, so that a /proc the container
 * made another file (a symlinked /proc here; a mount StageTest makes) is never written. runc 1.1.5 refuses the
 * mounts too (it checks the resolved destination), but writes the host file through a symlinked /proc.
 */
class HostileProcIT {
    private static final String HOST_CONTENT = "the host's own file\n";

    @TempDir
    Path dir;
    private SideBySide sides;
    private Path hostFile;

    @BeforeEach
    void check() throws IOException {
        sides = SideBySide.in(dir);
        hostFile = dir.resolve("host-file");
        Files.writeString(hostFile, HOST_CONTENT);
    }

    private Mount hostFileOver(String destination) {
        return new Mount(destination, "bind", hostFile.toString(), List.of("bind"), null, null, null);
    }

    /** Runs the bundle under hako, expects it refused with {@code message} in one line, and nothing changed. */
    private void refused(String id, UnaryOperator<Spec> edit, String message) throws Exception {
        Path bundle = BusyboxBundle.make(dir, "echo started", edit);
        // The way in: a destination under /proc itself is refused before anything is made (runc's rule, see
        // aMountInsideProcIsRefusedBeforeAnythingIsMade), one through a symlink of the rootfs is the stage's to catch.
        Files.createDirectories(bundle.resolve("rootfs/mnt"));
        Files.createSymbolicLink(bundle.resolve("rootfs/mnt/procfs"), Path.of("/proc"));
        SideBySide.Result run = sides.hako().call(bundle, "run", "--bundle", bundle.toString(), id);
        assertNotEquals(0, run.status(), run::toString);
        assertTrue(run.err().contains(message), run::toString);
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertEquals("", run.out(), "the container's process never ran");
        SideBySide.assertNothingLeft(sides.hako(), bundle, id);
        assertEquals(HOST_CONTENT, Files.readString(hostFile), "the host file is untouched");
    }

    @Test
    void aHostFileBoundOverASysctlIsNeverWritten() throws Exception {
        refused("hostile-proc-sysctl", spec -> spec.plusMount(hostFileOver("/mnt/procfs/sys/kernel/domainname"))
                        .editLinux(linux -> linux.withSysctl(Map.of("kernel.domainname", "hostile"))),
                "on \"/mnt/procfs/sys/kernel/domainname\": the destination leads inside /proc");
    }

    @Test
    void aMountInsideProcIsRefusedBeforeAnythingIsMade() throws Exception {
        Path bundle = BusyboxBundle.make(dir, "echo started", spec -> spec
                .plusMount(hostFileOver("/proc/sys/kernel/domainname"))
                .editLinux(linux -> linux.withSysctl(Map.of("kernel.domainname", "hostile"))));
        SideBySide.Result run = sides.hako().call(bundle, "run", "--bundle", bundle.toString(), "hostile-proc-direct");
        assertNotEquals(0, run.status(), run::toString);
        assertTrue(run.err().contains("/destination: \"/proc/sys/kernel/domainname\" cannot be mounted because it is "
                + "inside /proc"), run::toString);
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        SideBySide.assertNothingLeft(sides.hako(), bundle, "hostile-proc-direct");
        assertEquals(HOST_CONTENT, Files.readString(hostFile), "the host file is untouched");
    }

    @Test
    void aHostFileBoundOverTheInitsOomScoreAdjIsNeverWritten() throws Exception {
        // The destination is resolved in the container when it is mounted: /proc/self is then the init.
        refused("hostile-proc-oom", spec -> spec.plusMount(hostFileOver("/mnt/procfs/self/oom_score_adj"))
                        .editProcess(process -> process.withOomScoreAdj(500)),
                "on \"/mnt/procfs/self/oom_score_adj\": the destination leads inside /proc");
    }

    @Test
    void aRootfsWhoseProcIsASymlinkToAHostDirectoryNeverHasItsFileWritten() throws Exception {
        // No procfs on /proc: the rootfs's /proc leads to a host directory bound in the container, which has a
        // sys/kernel/domainname of its own. runc 1.1.5 writes the sysctl into that file (then fails: it needs a
        // procfs at /proc), as a plain open would. hako writes the kernel's file, then fails for the same reason.
        Path hostDirectory = dir.resolve("host-directory");
        Path file = Files.createDirectories(hostDirectory.resolve("sys/kernel")).resolve("domainname");
        Files.writeString(file, HOST_CONTENT);
        Path bundle = BusyboxBundle.make(dir, "echo started", spec -> spec
                .withMounts(spec.mounts().stream().filter(mount -> !mount.destination().equals("/proc")).toList())
                .plusMount(new Mount("/host-directory", "bind", hostDirectory.toString(), List.of("rbind"), null,
                        null, null))
                .editLinux(linux -> linux.withSysctl(Map.of("kernel.domainname", "hostile"))));
        Path proc = bundle.resolve("rootfs/proc");
        Files.delete(proc);
        Files.createSymbolicLink(proc, Path.of("/host-directory"));
        SideBySide.Result run = sides.hako().call(bundle, "run", "--bundle", bundle.toString(), "hostile-proc-link");
        assertNotEquals(0, run.status(), "a container needs a procfs at /proc: " + run);
        assertEquals("", run.out(), "the container's process never ran");
        SideBySide.assertNothingLeft(sides.hako(), bundle, "hostile-proc-link");
        assertEquals(HOST_CONTENT, Files.readString(file), "the host file is untouched");
    }

    @Test
    void aHostFileBoundOverTheLsmLabelsAttributeIsNeverWritten() throws Exception {
        boolean apparmor = read("/sys/module/apparmor/parameters/enabled").startsWith("Y")
                && Files.isDirectory(Path.of("/sys/kernel/security/apparmor"));
        boolean selinux = Files.exists(Path.of("/sys/fs/selinux/enforce"));
        assumeTrue(apparmor || selinux, "neither AppArmor nor SELinux is enabled on this host: no label is written");
        // The attribute hako's drivers choose: AppArmor's own file where the kernel has it (5.8), else the shared one.
        String attribute = apparmor && Files.exists(Path.of("/proc/self/attr/apparmor/exec"))
                ? "/proc/self/attr/apparmor/exec" : "/proc/self/attr/exec";
        refused("hostile-proc-lsm", spec -> spec.plusMount(hostFileOver("/mnt/procfs" + attribute.substring("/proc".length()))).editProcess(process -> apparmor
                        ? process.withApparmorProfile("unconfined")
                        : process.withSelinuxLabel("system_u:system_r:container_t:s0")),
                "the destination leads inside /proc");
    }

    @Test
    void withoutAMountOverThemTheSameSettingsReachTheKernel() throws Exception {
        Path bundle = BusyboxBundle.make(dir, "cat /proc/sys/kernel/domainname /proc/self/oom_score_adj",
                spec -> spec.editLinux(linux -> linux.withSysctl(Map.of("kernel.domainname", "hostile")))
                        .editProcess(process -> process.withOomScoreAdj(500)));
        SideBySide.Result run = sides.hako().call(bundle, "run", "--bundle", bundle.toString(), "hostile-proc-none");
        assertEquals(0, run.status(), run::toString);
        assertEquals("hostile\n500\n", run.out());
        SideBySide.assertNothingLeft(sides.hako(), bundle, "hostile-proc-none");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
