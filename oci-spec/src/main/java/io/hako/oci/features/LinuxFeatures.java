package io.hako.oci.features;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import java.util.List;

/**
 * The Linux features ({@code features-linux.md}); an absent component means "not reported".
 *
 * @param namespaces the namespace kinds supported, by JSON name
 * @param capabilities the capabilities known, by name
 * @param cgroup what of cgroups is supported
 * @param seccomp what of seccomp is supported
 * @param apparmor whether AppArmor is supported
 * @param selinux whether SELinux is supported
 * @param intelRdt whether Intel RDT is supported
 * @param mountExtensions the mount extensions supported
 * @param netDevices whether network devices can be moved into containers
 * @param unknown fields the model does not know, kept as they were read
 */
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
    /** Keeps unmodifiable copies of the lists; takes null unknown fields for none. */
    public LinuxFeatures {
        namespaces = Copies.list(namespaces);
        capabilities = Copies.list(capabilities);
        unknown = UnknownFields.orNone(unknown);
    }
}
