package io.hako.security.selinux.internal;

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
 * What SELinux writes where, against a directory laid out like a host with the module enabled or not. This
 * project's test host does not have it enabled, so the labels cannot be applied for real here.
 */
class SELinuxTest {
    @TempDir
    Path root;

    /** The default spec with {@code process.selinuxLabel} and {@code linux.mountLabel} set (null: absent). */
    private static Spec asking(String selinux, String mountLabel) {
        Spec spec = DefaultSpec.create();
        var p = spec.process();
        var process = new io.hako.oci.config.Process(p.terminal(), p.consoleSize(), p.user(), p.args(),
                p.commandLine(), p.env(), p.cwd(), p.capabilities(), p.rlimits(), p.noNewPrivileges(),
                p.apparmorProfile(), p.oomScoreAdj(), selinux, p.ioPriority(), p.scheduler(), p.execCPUAffinity(),
                p.unknown());
        var l = spec.linux();
        var linux = new io.hako.oci.config.Linux(l.namespaces(), l.uidMappings(), l.gidMappings(), l.timeOffsets(),
                l.devices(), l.netDevices(), l.cgroupsPath(), l.resources(), l.intelRdt(), l.sysctl(), l.seccomp(),
                l.rootfsPropagation(), l.maskedPaths(), l.readonlyPaths(), mountLabel, l.personality(),
                l.memoryPolicy(), l.unknown());
        return spec.withProcess(process).withLinux(linux);
    }

    @Test
    void labelsTheExecTheKeysAndTheMounts() throws Exception {
        Files.createDirectories(root.resolve("sys/fs/selinux"));
        Files.writeString(root.resolve("sys/fs/selinux/enforce"), "1");
        var selinux = new SELinux(root);
        assertTrue(selinux.isEnabled());
        String label = "system_u:system_r:container_t:s0:c1,c2";
        assertEquals(Optional.of(new SecurityModule.ExecLabel("/proc/self/attr/exec", label)),
                selinux.execLabel(asking(label, null)));
        assertEquals(Optional.of(label), selinux.keyringLabel(asking(label, null)));
        assertEquals(Optional.of("context=\"system_u:object_r:container_file_t:s0\""),
                selinux.mountOption(asking(null, "system_u:object_r:container_file_t:s0")));
        var bad = assertThrows(SecurityModuleException.class, () -> selinux.mountOption(asking(null, "a\"b:c:d")));
        assertEquals("/linux/mountLabel", bad.pointer());
    }

    @Test
    void aLabelAskedForButNotEnabledIsAnErrorAndNoneAskedForIsSilent() throws Exception {
        var selinux = new SELinux(root);
        assertFalse(selinux.isEnabled());
        var e = assertThrows(SecurityModuleException.class, () -> selinux.mountOption(asking(null,
                "system_u:object_r:container_file_t:s0")));
        assertEquals("/linux/mountLabel", e.pointer());
        assertTrue(e.getMessage().contains("SELinux is not enabled on this system"), e.getMessage());
        var exec = assertThrows(SecurityModuleException.class, () -> selinux.execLabel(asking(
                "system_u:system_r:container_t:s0", null)));
        assertEquals("/process/selinuxLabel", exec.pointer());
        assertEquals(Optional.empty(), selinux.execLabel(asking(null, null)));
        assertEquals(Optional.empty(), selinux.keyringLabel(asking(null, null)));
        assertEquals(Optional.empty(), selinux.mountOption(asking(null, null)));
    }

    @Test
    void theServiceLoaderFindsItByItsNameAndTheHostIsAsked() throws SecurityModuleException {
        assertEquals(List.of("selinux"), SecurityModules.all().stream().map(SecurityModule::name).toList());
        SecurityModule found = SecurityModules.named("selinux");
        assertInstanceOf(SELinux.class, found);
        assertEquals(100, found.priority());
        found.isEnabled(); // never throws, whatever the host
    }
}
