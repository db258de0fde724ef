package io.hako.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hako.oci.DefaultSpec;
import io.hako.oci.config.Spec;
import io.hako.security.SecurityModule;
import io.hako.security.SecurityModuleException;
import io.hako.security.SecurityModules;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The labels asked of this build's modules, in their order, and a field whose module is missing refused. */
class SecurityLabelsTest {
    /** A module that gives the same answers whatever the configuration. */
    record Fixed(String name, Optional<ExecLabel> exec, Optional<String> mount) implements SecurityModule {
        @Override
        public boolean isEnabled() {
            return true;
        }

        @Override
        public Optional<ExecLabel> execLabel(Spec spec) {
            return exec;
        }

        @Override
        public Optional<String> keyringLabel(Spec spec) {
            return mount.map(option -> name + " keys");
        }

        @Override
        public Optional<String> mountOption(Spec spec) {
            return mount;
        }
    }

    /** The default spec with the three LSM fields set (null: absent). */
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

    @Test
    void theContainerModuleGetsBothDriversByDefault() {
        // hako-apparmor and hako-selinux are the container module's runtime dependencies.
        assertEquals(List.of("apparmor", "selinux"), SecurityModules.all().stream().map(SecurityModule::name)
                .toList());
    }

    @Test
    void labelsInTheModulesOrderAndTheFirstMountOptionAndKeyringLabel() throws SecurityModuleException {
        var first = new Fixed("apparmor", Optional.of(new SecurityModule.ExecLabel("/a", "exec a")),
                Optional.of("context=\"first\""));
        var second = new Fixed("selinux", Optional.of(new SecurityModule.ExecLabel("/s", "s")),
                Optional.of("context=\"second\""));
        var labels = SecurityLabels.of(asking("p", "u:r:t:s0", "u:r:t:s0"), List.of(first, second));
        assertEquals(List.of(new SecurityModule.ExecLabel("/a", "exec a"), new SecurityModule.ExecLabel("/s", "s")),
                labels.exec());
        assertEquals("context=\"first\"", labels.mountOption());
        assertEquals("apparmor keys", labels.keyringLabel());
    }

    @Test
    void aFieldWhoseModuleThisBuildLacksIsRefusedNeverIgnored() {
        var selinuxOnly = List.<SecurityModule>of(new Fixed("selinux", Optional.empty(), Optional.empty()));
        var e = assertThrows(SecurityModuleException.class, () -> SecurityLabels.of(asking("docker-default", null,
                null), selinuxOnly));
        assertEquals("/process/apparmorProfile", e.pointer());
        assertEquals("/process/apparmorProfile: \"docker-default\" specified but this hako has no apparmor module "
                + "(io.hako.security.apparmor is not on its module path)", e.getMessage());
        var apparmorOnly = List.<SecurityModule>of(new Fixed("apparmor", Optional.empty(), Optional.empty()));
        assertEquals("/process/selinuxLabel", assertThrows(SecurityModuleException.class,
                () -> SecurityLabels.of(asking(null, "u:r:t:s0", null), apparmorOnly)).pointer());
        assertEquals("/linux/mountLabel", assertThrows(SecurityModuleException.class,
                () -> SecurityLabels.of(asking(null, null, "u:o:t:s0"), apparmorOnly)).pointer());
    }

    @Test
    void nothingAskedNeedsNoModule() throws SecurityModuleException {
        assertEquals(new SecurityLabels(List.of(), null, null), SecurityLabels.of(asking(null, "", null), List.of()));
    }
}
