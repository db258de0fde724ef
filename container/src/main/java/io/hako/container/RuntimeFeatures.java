package io.hako.container;

import io.hako.cgroups.CgroupDriver;
import io.hako.cgroups.Cgroups;
import io.hako.container.internal.plan.MountOptions;
import io.hako.oci.DefaultSpec;
import io.hako.oci.SpecValidator;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.features.CgroupFeatures;
import io.hako.oci.features.Enabled;
import io.hako.oci.features.Features;
import io.hako.oci.features.LinuxFeatures;
import io.hako.oci.features.MountExtensions;
import io.hako.oci.features.SeccompFeatures;
import io.hako.seccomp.SeccompCompilers;
import io.hako.seccomp.SeccompException;
import io.hako.seccomp.SeccompSupport;
import io.hako.security.SecurityModules;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this build of hako implements, as the runtime-spec's features document ({@code features.md}): the
 * answer of {@code hako features}.
 *
 * <p>The document is honest: it lists only what the runtime actually does, and grows with it. Engines act on
 * it: containerd enables Kubernetes user namespaces only when {@code linux.namespaces} has {@code user} and
 * {@code linux.mountExtensions.idmap.enabled} is true, and recursive read-only mounts only when
 * {@code mountOptions} has {@code rro}. So the namespaces, mount options and capabilities are those the
 * planner carries out (id-mapped mounts included); seccomp's lists come from libseccomp itself; all six hooks;
 * cgroups are reported as not enabled until the drivers report them, and AppArmor
 * and SELinux as enabled when this host has them.
 */
public final class RuntimeFeatures {
    /** The oldest runtime-spec version whose configurations hako runs. */
    public static final String OCI_VERSION_MIN = "1.0.0";
    /** Annotation with hako's version (like runc's {@code org.opencontainers.runc.version}). */
    public static final String VERSION_ANNOTATION = "io.hako.version";
    /** Annotation with the version of libseccomp that compiles filters (the name runc and crun use). */
    public static final String LIBSECCOMP_VERSION_ANNOTATION = "io.github.seccomp.libseccomp.version";
    /** Annotation with the source commit hako was built from. */
    public static final String COMMIT_ANNOTATION = "io.hako.commit";

    private RuntimeFeatures() {}

    /** The cgroup drivers of this build (what they can do, not what this host has). */
    private static CgroupFeatures cgroupFeatures() {
        List<String> drivers = Cgroups.drivers().stream().map(CgroupDriver::name).toList();
        boolean systemd = Cgroups.drivers().stream().anyMatch(CgroupDriver::isSystemd);
        return new CgroupFeatures(drivers.contains("cgroupfs-v1"), drivers.contains("cgroupfs-v2"), systemd, false,
                true, null);
    }

    /** Whether the security module {@code name} is in this build and enabled on this host. */
    private static boolean enabled(String name) {
        return SecurityModules.all().stream().anyMatch(module -> module.name().equals(name) && module.isEnabled());
    }

    /**
     * The features document of this build.
     *
     * @param version hako's version, reported as {@value #VERSION_ANNOTATION}
     * @param commit the commit hako was built from, reported as {@value #COMMIT_ANNOTATION}
     * @return the document, read from this build's drivers and this host's libseccomp and security modules
     */
    public static Features document(String version, String commit) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(VERSION_ANNOTATION, version);
        annotations.put(COMMIT_ANNOTATION, commit);
        var off = Enabled.of(false);
        SeccompFeatures seccomp;
        try {
            SeccompSupport support = SeccompCompilers.require().support();
            seccomp = support.toFeatures();
            annotations.put(LIBSECCOMP_VERSION_ANNOTATION, support.libseccompVersion());
        } catch (SeccompException e) {
            // No libseccomp on this host: configurations with linux.seccomp are refused, so say it is off.
            seccomp = new SeccompFeatures(false, null, null, null, null, null, null);
        }
        var linux = new LinuxFeatures(
                Arrays.stream(NamespaceType.values()).map(NamespaceType::toString).sorted().toList(),
                SpecValidator.KNOWN_CAPABILITIES,
                cgroupFeatures(),
                seccomp,
                Enabled.of(enabled("apparmor")), Enabled.of(enabled("selinux")), off,
                new MountExtensions(Enabled.of(true), null), off, null);
        List<String> hooks = List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart",
                "poststop");
        return new Features(OCI_VERSION_MIN, DefaultSpec.OCI_VERSION, hooks, MountOptions.supported(), linux,
                annotations, null, null);
    }
}
