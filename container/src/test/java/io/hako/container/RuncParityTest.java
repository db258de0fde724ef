package io.hako.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.oci.OciJson;
import io.hako.oci.config.Capabilities;
import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same bundle under runc and under hako: Docker's default seccomp profile and capabilities, and what the
 * process then finds (its capability sets, seccomp mode, no_new_privs) and is refused (unshare, mount, chroot
 * to another root, nice below zero) must be the same.
 */
class RuncParityTest {
    /** Docker's default capabilities. */
    private static final List<String> DOCKER_CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID",
            "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
    /** The seccomp module's test data: moby's default profile, for amd64 (see its profiles/README.md). */
    private static final Path DOCKER_PROFILE = Path.of("../seccomp/src/test/resources/profiles/docker-default-amd64.json");

    @TempDir
    Path dir;
    Containers containers;

    @BeforeEach
    void open() {
        Bundles.assumeContainersCanRun();
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")), "needs runc to compare with (apt-get install runc)");
        assumeTrue("amd64".equals(System.getProperty("os.arch")), "the profile is Docker's for amd64");
        containers = Containers.open(dir.resolve("hako-state"));
    }

    @AfterEach
    void deleteEverything() throws Exception {
        Bundles.deleteAll(containers);
    }

    @Test
    void dockersDefaultsConfineTheSameUnderBothRuntimes() throws Exception {
        Seccomp profile = OciJson.read(Files.readAllBytes(DOCKER_PROFILE), Seccomp.class);
        String script = String.join("\n",
                "grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|Seccomp|NoNewPrivs):' /proc/self/status",
                "unshare -U true 2>/dev/null; echo unshare=$?",
                "mount -t tmpfs none /tmp 2>/dev/null; echo mount=$?",
                "nice -n -5 true 2>/dev/null; echo nice=$?",
                "echo done");
        Path bundle = Bundles.busybox(dir, script, spec -> {
            var caps = new Capabilities(DOCKER_CAPABILITIES, DOCKER_CAPABILITIES, null, DOCKER_CAPABILITIES, null,
                    null);
            return spec.withProcess(spec.process().withCapabilities(caps))
                    .withLinux(spec.linux().withSeccomp(profile));
        });
        for (String applet : List.of("unshare", "mount", "nice")) {
            Files.createSymbolicLink(bundle.resolve("rootfs/bin").resolve(applet), Path.of("busybox"));
        }
        // Under runc the script's output comes on runc's stdout; hako's test JVM cannot catch its children's, so
        // there the same script writes to the bound /out.
        String underRunc = runWithRunc(bundle);
        Spec spec = OciJson.readSpec(bundle.resolve("config.json"));
        Files.write(bundle.resolve("config.json"), OciJson.write(spec.withProcess(spec.process().withArgs(List.of(
                "sh", "-c", "{ " + script + "\n} > /out/hako")))));
        containers.create("parity", bundle, CreateOptions.DEFAULTS);
        containers.start("parity");
        assertEquals(0, containers.waitForExit("parity"));
        String underHako = Files.readString(dir.resolve("out/hako"));
        assertEquals(underRunc, underHako);
        assertEquals(true, underHako.contains("Seccomp:\t2"), underHako);
        assertEquals(true, underHako.contains("unshare=1") && underHako.contains("mount=1")
                && underHako.contains("nice=1"), underHako);
    }

    private String runWithRunc(Path bundle) throws Exception {
        Process runc = new ProcessBuilder("/usr/sbin/runc", "--root", dir.resolve("runc-state").toString(), "run",
                "--bundle", bundle.toString(), "parity-runc").redirectErrorStream(false).start();
        runc.getOutputStream().close();
        String output = new String(runc.getInputStream().readAllBytes());
        String errors = new String(runc.getErrorStream().readAllBytes());
        assumeTrue(runc.waitFor(30, TimeUnit.SECONDS), "runc hung");
        assumeTrue(runc.exitValue() == 0, "runc could not run the bundle here: " + errors);
        return output;
    }
}
