package io.hako.cli.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.config.Capabilities;
import io.hako.oci.config.IdMapping;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Namespace;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mounts as runc makes them: propagation, tmpcopyup, read-only /dev, rro, symlinked destinations, proc and sys. */
class MountsIT {
    @TempDir
    Path dir;
    SideBySide both;

    @BeforeEach
    void runtimes() {
        both = SideBySide.in(dir);
    }

    private static Spec withMount(Spec spec, Mount mount) {
        List<Mount> mounts = new ArrayList<>(spec.mounts());
        mounts.add(mount);
        return spec.withMounts(mounts);
    }

    /** The spec with CAP_SYS_ADMIN added to the process's bounding, effective and permitted sets. */
    private static Spec withSysAdmin(Spec spec) {
        var caps = spec.process().capabilities();
        List<String> bounding = new ArrayList<>(caps.bounding());
        bounding.add("CAP_SYS_ADMIN");
        return spec.withProcess(spec.process().withCapabilities(new Capabilities(bounding, bounding, null, bounding,
                null, null)));
    }

    /** The propagation of the container's "/" as mountinfo shows it, without the peer group numbers. */
    private static final String ROOT_PROPAGATION = "awk '$5 == \"/\" { for (i = 7; $i != \"-\"; i++) print $i }' "
            + "/proc/self/mountinfo | sed 's/:[0-9]*//'; echo done";

    @ParameterizedTest
    @ValueSource(strings = {"", "private", "rprivate", "slave", "rslave"})
    void rootfsPropagationRunsWithRuncsMeaning(String propagation) throws IOException {
        Path bundle = BusyboxBundle.make(dir, ROOT_PROPAGATION,
                spec -> spec.withLinux(spec.linux().withRootfsPropagation(propagation)));
        String out = both.run(bundle, "propagation").bothSucceedAlike();
        assertTrue(out.endsWith("done\n"), out);
    }

    /**
     * Where runc 1.1 is not the reference: it leaves the container's root private whatever was asked (runc 1.2 and
     * the spec make it shared), and it cannot start with unbindable at all (it makes "/" unbindable before binding
     * the rootfs). hako gives the new root what was asked, once everything is mounted.
     */
    @ParameterizedTest
    @ValueSource(strings = {"shared", "rshared", "unbindable", "runbindable"})
    void sharedAndUnbindableRootsAreWhatWasAsked(String propagation) throws IOException {
        Path bundle = BusyboxBundle.make(dir, ROOT_PROPAGATION,
                spec -> spec.withLinux(spec.linux().withRootfsPropagation(propagation)));
        var pair = both.run(bundle, "propagation");
        assertEquals(0, pair.hako().status(), pair.toString());
        assertEquals(propagation.replaceFirst("^r", "") + "\ndone\n", pair.hako().out());
    }

    @Test
    void aMountMadeInsideAnRsharedVolumeReachesTheHostAsWithRunc() throws Exception {
        // Docker's way with a volume of rshared propagation: the root rshared and the volume rbind,rshared.
        Path volume = Files.createDirectories(dir.resolve("volume"));
        host("mount", "-t", "tmpfs", "-o", "size=1m", "volume-" + dir.getFileName(), volume.toString());
        try {
            host("mount", "--make-shared", volume.toString());
            for (String runtime : List.of("runc", "hako")) {
                Files.createDirectories(volume.resolve(runtime));
            }
            for (String runtime : List.of("runc", "hako")) {
                Path bundle = BusyboxBundle.make(dir, "mount -t tmpfs -o size=16k made-inside /volume/" + runtime,
                        spec -> withMount(withSysAdmin(spec.withLinux(spec.linux().withRootfsPropagation("rshared"))),
                                new Mount("/volume", "bind", volume.toString(), List.of("rbind", "rshared"), null,
                                        null, null)));
                SideBySide.Runtime which = runtime.equals("runc") ? both.runc() : both.hako();
                var result = which.call(bundle, "run", "--bundle", bundle.toString(), "volume-" + runtime);
                assertEquals(0, result.status(), result.toString());
                SideBySide.assertNothingLeft(which, bundle, "volume-" + runtime);
                assertTrue(mountedOnHost(volume.resolve(runtime)), runtime + ": the container's mount did not reach "
                        + "the host's peer group");
                host("umount", volume.resolve(runtime).toString());
            }
        } finally {
            host("umount", "-l", volume.toString());
        }
    }

    @Test
    void tmpcopyupStartsTheTmpfsWithTheImagesFilesOwnersAndModes() throws IOException {
        String script = "cd /data && find . | sort | xargs stat -c '%n %a %u %g %F'; cat sub/file; echo done";
        Path bundle = BusyboxBundle.make(dir, script, spec -> withMount(spec,
                new Mount("/data", "tmpfs", "tmpfs", List.of("tmpcopyup", "size=1m", "mode=1777"), null, null,
                        null)));
        Path data = Files.createDirectories(bundle.resolve("rootfs/data/sub"));
        Files.writeString(data.resolve("file"), "from the image\n");
        Files.setPosixFilePermissions(data.resolve("file"), PosixFilePermissions.fromString("rw-r--r--"));
        host("chown", "-R", "1:2", data.getParent().toString());
        Files.setPosixFilePermissions(data.getParent(), PosixFilePermissions.fromString("rwxr-x--x"));
        Files.createSymbolicLink(data.resolve("link"), Path.of("../nowhere"));
        String out = both.run(bundle, "copyup").bothSucceedAlike();
        // The tmpfs's own root keeps the covered directory's mode, not its owner (runc and crun alike).
        assertTrue(out.contains("from the image") && out.contains(". 751 0 0") && out.contains("./sub 755 1 2"), out);
    }

    @Test
    void aReadOnlyDevStillGetsItsDevicesPtsAndShm() throws IOException {
        String script = "ls /dev/null /dev/pts/ptmx /dev/shm >/dev/null && echo listed; touch /dev/x 2>/dev/null "
                + "|| echo read-only; echo done";
        Path bundle = BusyboxBundle.make(dir, script, spec -> {
            List<Mount> mounts = new ArrayList<>();
            for (Mount mount : spec.mounts()) {
                List<String> options = new ArrayList<>(mount.options() == null ? List.of() : mount.options());
                if (mount.destination().equals("/dev")) {
                    options.add("ro");
                }
                mounts.add(new Mount(mount.destination(), mount.type(), mount.source(), options, null, null, null));
            }
            return spec.withMounts(mounts);
        });
        assertEquals("listed\nread-only\ndone\n", both.run(bundle, "rodev").bothSucceedAlike());
    }

    @Test
    void rroMakesABindAndWhatIsMountedUnderItReadOnly() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source/sub"));
        host("mount", "-t", "tmpfs", "-o", "size=16k", "rro-" + dir.getFileName(), source.toString());
        try {
            String script = "touch /m/a 2>/dev/null || echo top-read-only; touch /m/sub/a 2>/dev/null "
                    + "|| echo sub-read-only; echo done";
            Path bundle = BusyboxBundle.make(dir, script, spec -> withMount(spec, new Mount("/m", "bind",
                    source.getParent().toString(), List.of("rbind", "rro"), null, null, null)));
            assertEquals("top-read-only\nsub-read-only\ndone\n", both.run(bundle, "rro").bothSucceedAlike());
        } finally {
            host("umount", "-l", source.toString());
        }
    }

    @Test
    void aDestinationThatIsADanglingSymlinkGetsItsTargetMadeInsideTheRootfs() throws IOException {
        Path conf = Files.writeString(dir.resolve("resolv.conf"), "nameserver 192.0.2.1\n");
        Path bundle = BusyboxBundle.make(dir, "cat /etc/resolv.conf; ls /run", spec -> withMount(spec,
                new Mount("/etc/resolv.conf", "bind", conf.toString(), List.of("rbind", "ro"), null, null, null)));
        Files.createDirectories(bundle.resolve("rootfs/run"));
        Files.createSymbolicLink(bundle.resolve("rootfs/etc/resolv.conf"), Path.of("../run/resolv.conf"));
        assertEquals("nameserver 192.0.2.1\nresolv.conf\n", both.run(bundle, "dangling").bothSucceedAlike());
        assertTrue(Files.isSymbolicLink(bundle.resolve("rootfs/etc/resolv.conf")), "the image's link is kept");
    }

    @ParameterizedTest
    @ValueSource(strings = {"proc", "sys"})
    void procAndSysOnASymlinkAreRefusedAndNothingIsLeft(String name) throws IOException {
        Path bundle = BusyboxBundle.make(dir, "echo ran", spec -> spec);
        Path mountPoint = bundle.resolve("rootfs").resolve(name);
        Files.delete(mountPoint);
        Files.createDirectories(bundle.resolve("rootfs/elsewhere"));
        Files.createSymbolicLink(mountPoint, Path.of("elsewhere"));
        var pair = both.run(bundle, "symlink-" + name);
        assertNotEquals(0, pair.runc().status(), pair.toString());
        assertNotEquals(0, pair.hako().status(), pair.toString());
        assertEquals("", pair.hako().out());
        assertTrue(pair.hako().err().contains("must be mounted on ordinary directory"), pair.hako().err());
        assertEquals(1, pair.hako().err().lines().filter(line -> !line.contains("level=warning")).count(),
                "one line: " + pair.hako().err());
    }

    @Test
    void withoutPivotRootTheHostsProcCannotBeReachedForANewProcMount() throws IOException {
        String script = "unshare -mrpf mount -t proc proc /tmp 2>/dev/null && echo mounted || echo refused";
        Path bundle = BusyboxBundle.make(dir, script, spec -> spec);
        Path config = bundle.resolve("config.json");
        var runc = both.runc().call(bundle, "run", "--no-pivot", "--bundle", bundle.toString(), "nopivot-runc");
        SideBySide.assertNothingLeft(both.runc(), bundle, "nopivot-runc");
        var hako = both.hako().call(bundle, "run", "--no-pivot", "--bundle", bundle.toString(), "nopivot-hako");
        SideBySide.assertNothingLeft(both.hako(), bundle, "nopivot-hako");
        new SideBySide.Pair(runc, hako).bothSucceedAlike();
        assertEquals("refused\n", hako.out(), Files.readString(config));
    }

    @Test
    void aUserNamespacesBindSourcesAreOpenedWithTheHostsRights() throws IOException {
        // The bundle is reachable for the user namespace's root; the volume is under a directory it cannot search.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path hidden = Files.createDirectories(dir.resolve("hidden/volume"));
        Files.setPosixFilePermissions(hidden.getParent(), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(hidden.resolve("file"), "reached\n");
        Path bundle = BusyboxBundle.make(dir, "cat /volume/file", spec -> {
            List<Namespace> namespaces = new ArrayList<>(spec.linux().namespaces());
            namespaces.add(new Namespace(NamespaceType.USER, null, null));
            List<IdMapping> mapping = List.of(new IdMapping(0, 200000, 65536));
            return withMount(spec.withLinux(spec.linux().withNamespaces(namespaces).withIdMappings(mapping, mapping)),
                    new Mount("/volume", "bind", hidden.toString(), List.of("rbind", "ro"), null, null, null));
        });
        Files.createDirectories(bundle.resolve("rootfs/volume")); // the user namespace's root cannot make it
        assertEquals("reached\n", both.run(bundle, "userns-source").bothSucceedAlike());
    }

    private static boolean mountedOnHost(Path path) throws IOException {
        String point = path.toRealPath().toString();
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .anyMatch(line -> line.split(" ")[4].equals(point));
    }

    static void host(String... command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + ": " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
