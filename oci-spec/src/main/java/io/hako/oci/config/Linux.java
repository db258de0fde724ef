package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

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
 * @param unknown fields the model does not know, kept as they were read
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
    /** A Linux section with nothing set: what {@link Spec#editLinux} starts from when a spec has none. */
    public static final Linux EMPTY = new Linux(null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    /** Keeps unmodifiable copies of the lists and maps; takes null unknown fields for none. */
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

    /**
     * {@return a copy with {@code namespaces} replaced}
     *
     * @param namespaces the new value, {@code null} for absent
     */
    public Linux withNamespaces(List<Namespace> namespaces) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code uidMappings} replaced}
     *
     * @param uidMappings the new value, {@code null} for absent
     */
    public Linux withUidMappings(List<IdMapping> uidMappings) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code gidMappings} replaced}
     *
     * @param gidMappings the new value, {@code null} for absent
     */
    public Linux withGidMappings(List<IdMapping> gidMappings) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code timeOffsets} replaced}
     *
     * @param timeOffsets the new value, {@code null} for absent
     */
    public Linux withTimeOffsets(TimeOffsets timeOffsets) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code devices} replaced}
     *
     * @param devices the new value, {@code null} for absent
     */
    public Linux withDevices(List<Device> devices) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code netDevices} replaced}
     *
     * @param netDevices the new value, {@code null} for absent
     */
    public Linux withNetDevices(Map<String, NetDevice> netDevices) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code cgroupsPath} replaced}
     *
     * @param cgroupsPath the new value, {@code null} for absent
     */
    public Linux withCgroupsPath(String cgroupsPath) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code resources} replaced}
     *
     * @param resources the new value, {@code null} for absent
     */
    public Linux withResources(Resources resources) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code intelRdt} replaced}
     *
     * @param intelRdt the new value, {@code null} for absent
     */
    public Linux withIntelRdt(IntelRdt intelRdt) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code sysctl} replaced}
     *
     * @param sysctl the new value, {@code null} for absent
     */
    public Linux withSysctl(Map<String, String> sysctl) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code seccomp} replaced}
     *
     * @param seccomp the new value, {@code null} for absent
     */
    public Linux withSeccomp(Seccomp seccomp) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code rootfsPropagation} replaced}
     *
     * @param rootfsPropagation the new value, {@code null} for absent
     */
    public Linux withRootfsPropagation(String rootfsPropagation) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code maskedPaths} replaced}
     *
     * @param maskedPaths the new value, {@code null} for absent
     */
    public Linux withMaskedPaths(List<String> maskedPaths) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code readonlyPaths} replaced}
     *
     * @param readonlyPaths the new value, {@code null} for absent
     */
    public Linux withReadonlyPaths(List<String> readonlyPaths) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code mountLabel} replaced}
     *
     * @param mountLabel the new value, {@code null} for absent
     */
    public Linux withMountLabel(String mountLabel) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code personality} replaced}
     *
     * @param personality the new value, {@code null} for absent
     */
    public Linux withPersonality(Personality personality) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code memoryPolicy} replaced}
     *
     * @param memoryPolicy the new value, {@code null} for absent
     */
    public Linux withMemoryPolicy(MemoryPolicy memoryPolicy) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Linux withUnknown(UnknownFields unknown) {
        return new Linux(namespaces, uidMappings, gidMappings, timeOffsets, devices, netDevices, cgroupsPath, resources,
                intelRdt, sysctl, seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality,
                memoryPolicy, unknown);
    }

    /**
     * {@return a copy with both {@code uidMappings} and {@code gidMappings} replaced}
     *
     * @param uidMappings the new uid mappings, {@code null} for absent
     * @param gidMappings the new gid mappings, {@code null} for absent
     */
    public Linux withIdMappings(List<IdMapping> uidMappings, List<IdMapping> gidMappings) {
        return withUidMappings(uidMappings).withGidMappings(gidMappings);
    }

    /**
     * {@return a copy with a namespace of {@code type}} The first of that type keeps its place with this path (a
     * later one of the same type is dropped); otherwise the namespace is appended.
     *
     * @param type the kind
     * @param path a namespace file to join, such as {@code /proc/1234/ns/net}; {@code null} to create one
     */
    public Linux withNamespace(NamespaceType type, String path) {
        List<Namespace> edited = new ArrayList<>();
        boolean set = false;
        for (Namespace namespace : namespaces == null ? List.<Namespace>of() : namespaces) {
            if (namespace.type() != type) {
                edited.add(namespace);
            } else if (!set) {
                edited.add(namespace.withPath(path));
                set = true;
            }
        }
        if (!set) {
            edited.add(new Namespace(type, path, null));
        }
        return withNamespaces(edited);
    }

    /**
     * {@return a copy without a namespace of {@code type}} The container then shares the runtime's.
     *
     * @param type the kind
     */
    public Linux withoutNamespace(NamespaceType type) {
        return namespaces == null ? this
                : withNamespaces(namespaces.stream().filter(namespace -> namespace.type() != type).toList());
    }

    /**
     * {@return a copy whose resources are {@code edit} applied to these} {@link Resources#EMPTY} stands in for
     * absent resources.
     *
     * @param edit the change, given the current resources
     */
    public Linux editResources(UnaryOperator<Resources> edit) {
        return withResources(edit.apply(resources == null ? Resources.EMPTY : resources));
    }
}
