package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import java.util.List;
import java.util.Map;

/**
 * The Linux section of a configuration ({@code config-linux.md}).
 *
 * @param namespaces the namespaces to create or join
 * @param uidMappings the user namespace's uid mappings
 * @param gidMappings the user namespace's gid mappings
 * @param timeOffsets the time namespace's clock offsets
 * @param devices device nodes to create in the container
 * @param netDevices host network devices to move into the container, by host name
 * @param cgroupsPath the cgroup's path
 * @param resources the cgroup's limits
 * @param intelRdt Intel RDT settings
 * @param sysctl kernel parameters to set
 * @param seccomp the seccomp filter
 * @param rootfsPropagation the root mount's propagation
 * @param maskedPaths paths made inaccessible
 * @param readonlyPaths paths made read-only
 * @param mountLabel the SELinux context of mounts
 * @param personality the execution domain
 * @param memoryPolicy the NUMA memory policy
 */
public record Linux(
        List<Namespace> namespaces,
        List<IdMapping> uidMappings,
        List<IdMapping> gidMappings,
        TimeOffsets timeOffsets,
        List<Device> devices,
        Map<String, NetDevice> netDevices,
        String cgroupsPath,
        Resources resources,
        IntelRdt intelRdt,
        Map<String, String> sysctl,
        Seccomp seccomp,
        String rootfsPropagation,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        String mountLabel,
        Personality personality,
        MemoryPolicy memoryPolicy,
        UnknownFields unknown) {
    public Linux {
        namespaces = Copies.list(namespaces);
        uidMappings = Copies.list(uidMappings);
        gidMappings = Copies.list(gidMappings);
        devices = Copies.list(devices);
        netDevices = Copies.map(netDevices);
        sysctl = Copies.map(sysctl);
        maskedPaths = Copies.list(maskedPaths);
        readonlyPaths = Copies.list(readonlyPaths);
        unknown = UnknownFields.orNone(unknown);
    }

    /** A copy with other namespaces. */
    public Linux withNamespaces(List<Namespace> namespaces) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath,
                resources, intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel,
                personality, memoryPolicy, unknown);
    }

    /** A copy with other id mappings. */
    public Linux withIdMappings(List<IdMapping> uidMappings, List<IdMapping> gidMappings) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath,
                resources, intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel,
                personality, memoryPolicy, unknown);
    }

    /** A copy with another seccomp filter. */
    public Linux withSeccomp(Seccomp seccomp) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath,
                resources, intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel,
                personality, memoryPolicy, unknown);
    }

    /** A copy with other resources. */
    public Linux withResources(Resources resources) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath,
                resources, intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel,
                personality, memoryPolicy, unknown);
    }

    /** A copy with another cgroup path. */
    public Linux withCgroupsPath(String cgroupsPath) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath,
                resources, intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel,
                personality, memoryPolicy, unknown);
    }

    /** A copy with other devices. */
    public Linux withDevices(List<Device> devices) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath,
                resources, intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel,
                personality, memoryPolicy, unknown);
    }

    /** A copy with other sysctls. */
    public Linux withSysctl(Map<String, String> sysctl) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath,
                resources, intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel,
                personality, memoryPolicy, unknown);
    }

    /** A copy with other masked and read-only paths. */
    public Linux withPaths(List<String> maskedPaths, List<String> readonlyPaths) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath,
                resources, intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel,
                personality, memoryPolicy, unknown);
    }

    /** A copy with another root propagation ({@code rshared}, ...). */
    public Linux withRootfsPropagation(String rootfsPropagation) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath,
                resources, intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel,
                personality, memoryPolicy, unknown);
    }
}
