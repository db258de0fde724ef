package io.hako.container;

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
 * planner carries out; hooks are absent (hako refuses them for now), id-mapped mounts, cgroups, seccomp, AppArmor
 * and SELinux are reported as not enabled until they are.
 */
public final class RuntimeFeatures {
    /** The oldest runtime-spec version whose configurations hako runs. */
    public static final String OCI_VERSION_MIN = "1.0.0";
    /** Annotation with hako's version (like runc's {@code org.opencontainers.runc.version}). */
    public static final String VERSION_ANNOTATION = "io.hako.version";
    /** Annotation with the source commit hako was built from. */
    public static final String COMMIT_ANNOTATION = "io.hako.commit";

    private RuntimeFeatures() {}

    /**
     * The features document of this build.
     *
     * @param version hako's version, reported as {@value #VERSION_ANNOTATION}
     * @param commit the commit hako was built from, reported as {@value #COMMIT_ANNOTATION}
     */
    public static Features document(String version, String commit) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(VERSION_ANNOTATION, version);
        annotations.put(COMMIT_ANNOTATION, commit);
        var off = Enabled.of(false);
        var linux = new LinuxFeatures(
                Arrays.stream(NamespaceType.values()).map(NamespaceType::toString).sorted().toList(),
                SpecValidator.KNOWN_CAPABILITIES,
                new CgroupFeatures(false, false, false, false, false, null),
                new SeccompFeatures(false, null, null, null, null, null, null),
                off, off, off, new MountExtensions(off, null), off, null);
        return new Features(OCI_VERSION_MIN, DefaultSpec.OCI_VERSION, List.of(), MountOptions.supported(), linux,
                annotations, null, null);
    }
}
