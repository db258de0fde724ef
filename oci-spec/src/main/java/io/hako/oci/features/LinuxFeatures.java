package io.hako.oci.features;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import java.util.List;

/** The Linux features ({@code features-linux.md}); an absent component means "not reported". */
public record LinuxFeatures(
        List<String> namespaces,
        List<String> capabilities,
        CgroupFeatures cgroup,
        SeccompFeatures seccomp,
        Enabled apparmor,
        Enabled selinux,
        Enabled intelRdt,
        MountExtensions mountExtensions,
        Enabled netDevices,
        UnknownFields unknown) {
    public LinuxFeatures {
        namespaces = Copies.list(namespaces);
        capabilities = Copies.list(capabilities);
        unknown = UnknownFields.orNone(unknown);
    }
}
