package io.hako.checkpoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hako.cgroups.CgroupHierarchy;
import io.hako.oci.DefaultSpec;
import io.hako.oci.config.Namespace;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Spec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Namespaces joined by path, as runc declares them to CRIU; and the freezer cgroup a dump names. */
class ExternalNamespacesTest {
    private static Spec joining(Namespace... joined) {
        Spec spec = DefaultSpec.create();
        List<Namespace> namespaces = new java.util.ArrayList<>(spec.linux().namespaces().stream()
                .filter(ns -> List.of(joined).stream().noneMatch(j -> j.type() == ns.type())).toList());
        namespaces.addAll(List.of(joined));
        return spec.withLinux(spec.linux().withNamespaces(namespaces));
    }

    private static Namespace at(NamespaceType type, String path) {
        return new Namespace(type, path, null);
    }

    @Test
    void nothingJoinedNothingDeclared() {
        assertEquals(List.of(), ExternalNamespaces.forDump(DefaultSpec.create(), path -> 1));
        var restore = ExternalNamespaces.forRestore(DefaultSpec.create());
        assertEquals(List.of(), restore.inherited());
        assertEquals(List.of(), restore.joined());
    }

    @Test
    void networkAndPidAreExternalUnderRuncsKeys() {
        Spec spec = joining(at(NamespaceType.NETWORK, "/run/netns/pod"), at(NamespaceType.PID, "/proc/7/ns/pid"));
        Map<String, Long> inodes = Map.of("/run/netns/pod", 4026532008L, "/proc/7/ns/pid", 4026532010L);
        assertEquals(List.of("net[4026532008]:extRootNetNS", "pid[4026532010]:extRootPidNS"),
                ExternalNamespaces.forDump(spec, inodes::get));
        assertEquals(List.of(new ExternalNamespaces.Inherited("extRootNetNS", "/run/netns/pod"),
                new ExternalNamespaces.Inherited("extRootPidNS", "/proc/7/ns/pid")),
                ExternalNamespaces.forRestore(spec).inherited());
    }

    @Test
    void theOthersAreJoinedByCriuOnRestoreUnderTheKernelsNames() {
        Spec spec = joining(at(NamespaceType.IPC, "/proc/7/ns/ipc"), at(NamespaceType.UTS, "/proc/7/ns/uts"),
                at(NamespaceType.MOUNT, "/proc/7/ns/mnt"));
        assertEquals(List.of(), ExternalNamespaces.forDump(spec, path -> 1));
        assertEquals(List.of("ipc=/proc/7/ns/ipc", "uts=/proc/7/ns/uts", "mnt=/proc/7/ns/mnt"),
                ExternalNamespaces.forRestore(spec).joined().stream().map(j -> j.name() + "=" + j.path()).toList());
    }

    @Test
    void aJoinedCgroupNamespaceIsRefusedNamingIt() {
        var refused = assertThrows(IllegalArgumentException.class,
                () -> ExternalNamespaces.forRestore(joining(at(NamespaceType.CGROUP, "/proc/7/ns/cgroup"))));
        assertEquals("the cgroup namespace at /proc/7/ns/cgroup: CRIU cannot restore into a cgroup namespace that"
                + " is joined", refused.getMessage());
    }

    @Test
    void theFreezerIsV1sFreezerHierarchyElseCgroup2s() {
        var freezer = new CgroupHierarchy("freezer", "cgroup", "freezer", Path.of("/sys/fs/cgroup/freezer"),
                List.of());
        var memory = new CgroupHierarchy("memory", "cgroup", "memory", Path.of("/sys/fs/cgroup/memory"), List.of());
        var unified = new CgroupHierarchy("unified", "cgroup2", "", Path.of("/sys/fs/cgroup/unified"), List.of());
        var pure = new CgroupHierarchy("", "cgroup2", "", Path.of("/sys/fs/cgroup"), List.of());
        Map<String, String> hybrid = Map.of("freezer", "/hako/c", "memory", "/hako/c", "", "/hako/c");
        assertEquals("/sys/fs/cgroup/freezer/hako/c", CriuDump.freezer(List.of(memory, unified, freezer), hybrid));
        assertEquals("/sys/fs/cgroup/hako/c", CriuDump.freezer(List.of(pure), Map.of("", "/hako/c")));
        assertNull(CriuDump.freezer(List.of(memory), Map.of("memory", "/hako/c")), "no freezer: none");
    }
}
