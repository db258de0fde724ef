package io.hako.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * What each module writes where, against a directory laid out like a host with the module enabled or not. This
 * project's test host has neither enabled, so the labels cannot be applied for real here.
 */
class SecurityModulesTest {
    @TempDir
    Path root;

    private static Spec asking(String apparmor, String selinux, String mountLabel) {
        Spec spec = DefaultSpec.create();
        var p = spec.process();
        var process = new io.hako.oci.config.Process(p.terminal(), p.consoleSize(), p.user(), p.args(),
                p.commandLine(), p.env(), p.cwd(), p.capabilities(), p.rlimits(), p.noNewPrivileges(), apparmor,
                p.oomScoreAdj(), selinux, p.ioPriority(), p.scheduler(), p.execCPUAffinity(), p.unknown());
        var l = spec.linux();
        var linux = new io.hako.oci.config.Linux(l.namespaces(), l.uidMappings(), l.gidMappings(), l.timeOffsets(),
                l.devices(), l.netDevices(), l.cgroupsPath(), l.resources(), l.intelRdt(), l.sysctl(), l.seccomp(),
                l.rootfsPropagation(), l.maskedPaths(), l.readonlyPaths(), mountLabel, l.personality(),
                l.memoryPolicy(), l.unknown());
        return spec.withProcess(process).withLinux(linux);
    }

    private void enableAppArmor(boolean perModuleAttribute) throws Exception {
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
    void appArmorWritesTheExecCommandToItsOwnAttributeWhereTheKernelHasOne() throws Exception {
        enableAppArmor(true);
        var apparmor = new AppArmor(root);
        assertTrue(apparmor.isEnabled());
        assertEquals(Optional.of(new SecurityModule.ExecLabel("/proc/self/attr/apparmor/exec", "exec my-profile")),
                apparmor.execLabel(asking("my-profile", null, null)));
        assertEquals(Optional.empty(), apparmor.execLabel(asking(null, null, null)));
        assertEquals(Optional.empty(), apparmor.mountOption(asking(null, null, "system_u:object_r:x_t:s0")));
    }

    @Test
    void appArmorBefore58WritesTheSharedAttribute() throws Exception {
        enableAppArmor(false);
        assertEquals("/proc/self/attr/exec", new AppArmor(root).execLabel(asking("p", null, null)).orElseThrow()
                .attribute());
    }

    @Test
    void aModuleAskedForButNotEnabledIsAnErrorAndOneNotAskedForIsSilent() throws Exception {
        var apparmor = new AppArmor(root);
        var selinux = new SELinux(root);
        assertFalse(apparmor.isEnabled() || selinux.isEnabled());
        var e = assertThrows(SecurityModuleException.class, () -> apparmor.execLabel(asking("docker-default", null,
                null)));
        assertEquals("/process/apparmorProfile", e.pointer());
        assertTrue(e.getMessage().contains("AppArmor is not enabled on this system"), e.getMessage());
        var s = assertThrows(SecurityModuleException.class, () -> selinux.mountOption(asking(null, null,
                "system_u:object_r:container_file_t:s0")));
        assertEquals("/linux/mountLabel", s.pointer());
        assertEquals(Optional.empty(), selinux.execLabel(asking(null, null, null)));
    }

    @Test
    void selinuxLabelsTheExecAndTheMounts() throws Exception {
        Files.createDirectories(root.resolve("sys/fs/selinux"));
        Files.writeString(root.resolve("sys/fs/selinux/enforce"), "1");
        var selinux = new SELinux(root);
        String label = "system_u:system_r:container_t:s0:c1,c2";
        assertEquals(Optional.of(new SecurityModule.ExecLabel("/proc/self/attr/exec", label)),
                selinux.execLabel(asking(null, label, null)));
        assertEquals(Optional.of(label), selinux.keyringLabel(asking(null, label, null)));
        assertEquals(Optional.empty(), new AppArmor(root).keyringLabel(asking("p", null, null)));
        assertEquals(Optional.of("context=\"system_u:object_r:container_file_t:s0\""),
                selinux.mountOption(asking(null, null, "system_u:object_r:container_file_t:s0")));
        var bad = assertThrows(SecurityModuleException.class, () -> selinux.mountOption(asking(null, null,
                "a\"b:c:d")));
        assertEquals("/linux/mountLabel", bad.pointer());
    }

    @Test
    void bothModulesAreFoundAndTheHostIsAsked() {
        List<String> names = SecurityModules.all().stream().map(SecurityModule::name).toList();
        assertEquals(List.of("apparmor", "selinux"), names);
        SecurityModules.all().forEach(SecurityModule::isEnabled); // never throws, whatever the host
    }
}
