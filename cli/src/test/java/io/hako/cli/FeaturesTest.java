package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hako.oci.DefaultSpec;
import io.hako.oci.OciJson;
import io.hako.oci.features.Features;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hako features}: a features document that claims only what hako does. Engines act on it (containerd
 * turns on Kubernetes user namespaces and recursive read-only mounts from it), so a claim here is a promise.
 */
class FeaturesTest {
    @TempDir
    Path dir;

    private Features features() throws Exception {
        Hako.Result result = Hako.run(dir, "features");
        assertEquals(0, result.status(), result::toString);
        assertEquals("", result.err());
        return OciJson.readFeatures(result.out().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void versionsAreTheSpecRangeHakoReads() throws Exception {
        Features features = features();
        assertEquals("1.0.0", features.ociVersionMin());
        assertEquals(DefaultSpec.OCI_VERSION, features.ociVersionMax());
    }

    @Test
    void annotationsNameThisBuild() throws Exception {
        Map<String, String> annotations = features().annotations();
        assertEquals(List.of("io.hako.version", "io.hako.commit", "io.github.seccomp.libseccomp.version",
                "io.hako.checkpoint.enabled", "io.hako.checkpoint.criu"), List.copyOf(annotations.keySet()));
        assertTrue(annotations.get("io.github.seccomp.libseccomp.version").matches("2\\.\\d+\\.\\d+"));
        // CRIU's own check, as --version says it; its reason when it fails (on the development machines: vdso).
        var criu = io.hako.checkpoint.Checkpoints.check("criu");
        assertEquals(String.valueOf(criu.works()), annotations.get("io.hako.checkpoint.enabled"));
        assertEquals(criu.summary(), annotations.get("io.hako.checkpoint.criu"));
        assertTrue(Hako.run(dir, "--version").out().contains("\ncriu: " + criu.summary() + "\n"));
        String version = Hako.run(dir, "--version").out().lines().findFirst().orElseThrow();
        assertEquals("hako version " + annotations.get("io.hako.version"), version);
    }

    @Test
    void claimsOnlyWhatTheLifecycleDoes() throws Exception {
        Features features = features();
        assertEquals(List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart",
                "poststop"), features.hooks());
        assertTrue(features.mountOptions().containsAll(List.of("ro", "nosuid", "rbind", "rprivate")));
        // containerd asks for recursive read-only mounts (Kubernetes) only when rro is listed: hako makes them.
        assertTrue(features.mountOptions().containsAll(List.of("rro", "rrw", "rnosuid", "tmpcopyup")));
        assertTrue(features.mountOptions().containsAll(List.of("idmap", "ridmap")));
        var linux = features.linux();
        assertEquals(List.of("cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"), linux.namespaces());
        // With user listed, containerd enables Kubernetes user namespaces only if id-mapped mounts work: they do.
        assertEquals(true, linux.mountExtensions().idmap().enabled());
        // Seccomp as this host's libseccomp supports it.
        assertEquals(true, linux.seccomp().enabled());
        assertTrue(linux.seccomp().actions().containsAll(List.of("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO",
                "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_NOTIFY")), linux.seccomp().actions().toString());
        assertEquals(7, linux.seccomp().operators().size(), linux.seccomp().operators().toString());
        assertTrue(linux.seccomp().archs().contains("SCMP_ARCH_X86_64") || linux.seccomp().archs()
                .contains("SCMP_ARCH_AARCH64"));
        assertEquals(true, linux.cgroup().v1());
        assertEquals(true, linux.cgroup().v2());
        assertEquals(true, linux.cgroup().systemd(), "the driver is built in, as runc reports it");
        assertEquals(false, linux.apparmor().enabled());
        assertEquals(false, linux.selinux().enabled());
        assertTrue(linux.capabilities().contains("CAP_SYS_ADMIN"));
        assertNull(features.potentiallyUnsafeConfigAnnotations());
    }

    @Test
    void takesNoArguments() {
        assertEquals(1, Hako.run(dir, "features", "x").status());
    }
}
