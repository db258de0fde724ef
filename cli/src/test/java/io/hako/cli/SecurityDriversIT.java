package io.hako.cli;

import static io.hako.cli.PackagedHako.CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.oci.DefaultSpec;
import io.hako.oci.OciJson;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher's module path ({@code lib/}) has the LSM drivers, which no module requires: the JVM binds
 * them as providers of {@code io.hako.security}'s service. A configuration asking for AppArmor or SELinux reaches
 * its driver, which refuses it on a host that has the module disabled and labels the process on one that has it
 * enabled; without the driver it would be refused as a module this hako lacks. {@code hako plan} shows it without
 * running anything.
 */
class SecurityDriversIT {
    @TempDir
    Path bundle;

    @BeforeEach
    void packaged() throws IOException {
        assumeTrue(Files.isExecutable(CLIENT), "needs the packaged client at " + CLIENT);
        Files.createDirectories(bundle.resolve("rootfs"));
    }

    /** {@code hako plan} of the default spec with the two LSM fields set (null: absent), cold. */
    private Hako.Result plan(String apparmorProfile, String selinuxLabel) throws Exception {
        Spec spec = DefaultSpec.create();
        var p = spec.process();
        spec = spec.withProcess(new io.hako.oci.config.Process(p.terminal(), p.consoleSize(), p.user(), p.args(),
                p.commandLine(), p.env(), p.cwd(), p.capabilities(), p.rlimits(), p.noNewPrivileges(),
                apparmorProfile, p.oomScoreAdj(), selinuxLabel, p.ioPriority(), p.scheduler(), p.execCPUAffinity(),
                p.unknown()));
        Files.write(bundle.resolve("config.json"), OciJson.write(spec));
        var builder = new ProcessBuilder(CLIENT.toString(), "plan", "--bundle", bundle.toString());
        builder.environment().put("HAKO_DAEMON", "off");
        Path err = bundle.resolve("stderr");
        Process process = builder.redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Hako.Result(process.waitFor(), out, Files.readString(err));
    }

    @Test
    void anAppArmorProfileReachesTheAppArmorDriver() throws Exception {
        var result = plan("hako-test-profile", null);
        if (result.status() == 0) {
            assertTrue(result.out().contains("exec hako-test-profile"), result.toString());
        } else {
            assertEquals(1, result.status(), result.toString());
            assertTrue(result.err().contains("/process/apparmorProfile: apparmor profile \"hako-test-profile\" "
                    + "specified but AppArmor is not enabled on this system"), result.toString());
        }
    }

    @Test
    void anSELinuxLabelReachesTheSELinuxDriver() throws Exception {
        String label = "system_u:system_r:container_t:s0";
        var result = plan(null, label);
        if (result.status() == 0) {
            assertTrue(result.out().contains(label), result.toString());
        } else {
            assertEquals(1, result.status(), result.toString());
            assertTrue(result.err().contains("/process/selinuxLabel: SELinux label \"" + label
                    + "\" specified but SELinux is not enabled on this system"), result.toString());
        }
    }

    @Test
    void noLabelAskedIsNoLabelAndTheCapabilitiesAreNamed() throws Exception {
        var result = plan(null, null);
        assertEquals(0, result.status(), result.toString());
        assertFalse(result.out().contains("lsm-label"), result.toString());
        // The capability names come from io.hako.security.capabilities, which the launcher resolves too.
        assertTrue(result.out().contains("capabilities bounding [CAP_KILL CAP_NET_BIND_SERVICE CAP_AUDIT_WRITE]"),
                result.toString());
    }
}
