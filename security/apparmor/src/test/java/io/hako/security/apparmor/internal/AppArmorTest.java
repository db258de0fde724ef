package io.hako.security.apparmor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.DefaultSpec;
import io.hako.oci.config.Spec;
import io.hako.security.SecurityModule;
import io.hako.security.SecurityModuleException;
import io.hako.security.SecurityModules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What AppArmor writes where, against a directory laid out like a host with the module enabled or not. This
 * project's test host does not have it enabled, so the profile cannot be applied for real here.
 */
class AppArmorTest {
    @TempDir
    Path root;

    /** The default spec with {@code process.apparmorProfile} and {@code linux.mountLabel} set (null: absent). */
    private static Spec asking(String profile, String mountLabel) {
        Spec spec = DefaultSpec.create();
        var p = spec.process();
        var process = new io.hako.oci.config.Process(p.terminal(), p.consoleSize(), p.user(), p.args(),
                p.commandLine(), p.env(), p.cwd(), p.capabilities(), p.rlimits(), p.noNewPrivileges(), profile,
                p.oomScoreAdj(), p.selinuxLabel(), p.ioPriority(), p.scheduler(), p.execCPUAffinity(), p.unknown());
        var l = spec.linux();
        var linux = new io.hako.oci.config.Linux(l.namespaces(), l.uidMappings(), l.gidMappings(), l.timeOffsets(),
                l.devices(), l.netDevices(), l.cgroupsPath(), l.resources(), l.intelRdt(), l.sysctl(), l.seccomp(),
                l.rootfsPropagation(), l.maskedPaths(), l.readonlyPaths(), mountLabel, l.personality(),
                l.memoryPolicy(), l.unknown());
        return spec.withProcess(process).withLinux(linux);
    }

    private void enable(boolean perModuleAttribute) throws Exception {
        Files.createDirectories(root.resolve("sys/module/apparmor/parameters"));
        Files.writeString(root.resolve("sys/module/apparmor/parameters/enabled"), "Y\n");
        Files.createDirectories(root.resolve("sys/kernel/security/apparmor"));
        Files.createDirectories(root.resolve("proc/self/attr"));
        if (perModuleAttribute) {
            Files.createDirectories(root.resolve("proc/self/attr/apparmor"));
            Files.writeString(root.resolve("proc/self/attr/apparmor/exec"), "");
        }
    }

    @Test
    void writesTheExecCommandToItsOwnAttributeWhereTheKernelHasOne() throws Exception {
        enable(true);
        var apparmor = new AppArmor(root);
        assertTrue(apparmor.isEnabled());
        assertEquals(Optional.of(new SecurityModule.ExecLabel("/proc/self/attr/apparmor/exec", "exec my-profile")),
                apparmor.execLabel(asking("my-profile", null)));
        assertEquals(Optional.empty(), apparmor.execLabel(asking(null, null)));
        assertEquals(Optional.empty(), apparmor.mountOption(asking(null, "system_u:object_r:x_t:s0")));
        assertEquals(Optional.empty(), apparmor.keyringLabel(asking("p", null)));
    }

    @Test
    void before58WritesTheSharedAttribute() throws Exception {
        enable(false);
        assertEquals("/proc/self/attr/exec", new AppArmor(root).execLabel(asking("p", null)).orElseThrow()
                .attribute());
    }

    @Test
    void aProfileAskedForButNotEnabledIsAnErrorAndNoneAskedForIsSilent() throws Exception {
        var apparmor = new AppArmor(root);
        assertFalse(apparmor.isEnabled());
        var e = assertThrows(SecurityModuleException.class, () -> apparmor.execLabel(asking("docker-default",
                null)));
        assertEquals("/process/apparmorProfile", e.pointer());
        assertTrue(e.getMessage().contains("AppArmor is not enabled on this system"), e.getMessage());
        assertEquals(Optional.empty(), apparmor.execLabel(asking(null, null)));
    }

    @Test
    void aProfileNameThatWouldBreakTheAttributeIsRefused() throws Exception {
        enable(true);
        var e = assertThrows(SecurityModuleException.class, () -> new AppArmor(root).execLabel(asking("a\nb",
                null)));
        assertEquals("/process/apparmorProfile: not a profile name: a\\nb", e.getMessage());
    }

    @Test
    void theServiceLoaderFindsItByItsNameAndTheHostIsAsked() throws SecurityModuleException {
        assertEquals(List.of("apparmor"), SecurityModules.all().stream().map(SecurityModule::name).toList());
        SecurityModule found = SecurityModules.named("apparmor");
        assertInstanceOf(AppArmor.class, found);
        assertEquals(100, found.priority());
        found.isEnabled(); // never throws, whatever the host
    }
}
